import { cn } from "./cn";

export type AlertTone = "info" | "warning" | "danger" | "success";

export const ALERT_TONE: Record<AlertTone, string> = {
  info: "border-sky-200 bg-sky-50 text-sky-900",
  warning: "border-amber-300 bg-amber-50 text-amber-900",
  danger: "border-red-200 bg-red-50 text-red-800",
  success: "border-emerald-200 bg-emerald-50 text-emerald-800",
};

export interface AlertProps extends Omit<React.HTMLAttributes<HTMLDivElement>, "role" | "title"> {
  tone?: AlertTone;
  /** Bold first line. */
  title?: React.ReactNode;
  /**
   * The live-region role: "alert" for danger, "status" otherwise. Give `false` for a notice that
   * is part of the page as it loads (not news), so screen readers do not announce it as a change.
   */
  role?: "alert" | "status" | "note" | false;
  ref?: React.Ref<HTMLDivElement>;
}

/** A coloured notice box. */
export function Alert({ tone = "info", title, role, className, children, ...rest }: AlertProps) {
  const resolved = role === false ? undefined : (role ?? (tone === "danger" ? "alert" : "status"));
  return (
    <div role={resolved} className={cn("rounded-md border px-3 py-2 text-sm", ALERT_TONE[tone], className)} {...rest}>
      {title && <p className="font-semibold">{title}</p>}
      {children}
    </div>
  );
}
