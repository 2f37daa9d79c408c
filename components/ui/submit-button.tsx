"use client";

import { useFormStatus } from "react-dom";
import { buttonClasses, type ButtonSize, type ButtonVariant } from "./button";

/** A form's submit button that disables itself and says so while the action runs. */
export function SubmitButton({
  children,
  pendingText,
  variant = "primary",
  size,
  className,
}: {
  children: React.ReactNode;
  pendingText?: string;
  variant?: ButtonVariant;
  size?: ButtonSize;
  className?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} aria-disabled={pending} className={buttonClasses({ variant, size, className })}>
      {pending ? (pendingText ?? "Working…") : children}
    </button>
  );
}
