import { cn } from "./cn";
import { buttonClass } from "./styles";

export type ButtonVariant = keyof typeof buttonClass;
export type ButtonSize = "sm" | "md";

/** Size overrides on top of a variant (md is the variant as written). The link variant has no box. */
const SIZE: Record<ButtonSize, string> = {
  sm: "px-3 py-1",
  md: "",
};

/** The classes of a button, for a `<Link>` or `<a>` that should look like one. */
export function buttonClasses({
  variant = "primary",
  size = "md",
  className,
}: { variant?: ButtonVariant; size?: ButtonSize; className?: string } = {}): string {
  return cn(buttonClass[variant], variant === "link" ? "" : SIZE[size], className);
}

export interface ButtonProps extends React.ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: ButtonSize;
  ref?: React.Ref<HTMLButtonElement>;
}

/** A button in the house style. `type` defaults to "button" (a form's submit says so). */
export function Button({ variant, size, className, type = "button", ...rest }: ButtonProps) {
  return <button type={type} className={buttonClasses({ variant, size, className })} {...rest} />;
}
