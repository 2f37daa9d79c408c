import { cn } from "./cn";

export type BadgeTone = "neutral" | "muted" | "info" | "success" | "warning" | "danger" | "violet" | "indigo" | "brand";

export const BADGE_TONE: Record<BadgeTone, string> = {
  neutral: "bg-slate-200 text-slate-800",
  muted: "bg-slate-100 text-slate-700",
  info: "bg-sky-100 text-sky-900",
  success: "bg-emerald-100 text-emerald-800",
  warning: "bg-amber-100 text-amber-900",
  danger: "bg-red-100 text-red-800",
  violet: "bg-violet-100 text-violet-900",
  indigo: "bg-indigo-100 text-indigo-800",
  brand: "bg-brand-600 text-white",
};

/** The classes of a badge, for a link or another element that should look like one. */
export function badgeClasses({ tone = "muted", className }: { tone?: BadgeTone; className?: string } = {}): string {
  return cn("rounded-full px-2 py-0.5 text-xs font-semibold", BADGE_TONE[tone], className);
}

export interface BadgeProps extends React.HTMLAttributes<HTMLSpanElement> {
  tone?: BadgeTone;
}

/** A small rounded label (status, outcome, domain). */
export function Badge({ tone, className, ...rest }: BadgeProps) {
  return <span className={badgeClasses({ tone, className })} {...rest} />;
}
