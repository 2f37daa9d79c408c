"use client";

import { useFormStatus } from "react-dom";
import { buttonClass } from "./styles";

export function SubmitButton({
  children,
  pendingText,
  variant = "primary",
  className = "",
}: {
  children: React.ReactNode;
  pendingText?: string;
  variant?: keyof typeof buttonClass;
  className?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} aria-disabled={pending} className={`${buttonClass[variant]} ${className}`}>
      {pending ? (pendingText ?? "Working…") : children}
    </button>
  );
}
