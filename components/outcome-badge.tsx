import type { AttemptOutcome } from "@/lib/policy/retake";

const STYLE: Record<AttemptOutcome, [string, string]> = {
  pass: ["Passed", "bg-emerald-100 text-emerald-800"],
  fail: ["Did not pass", "bg-amber-100 text-amber-900"],
  "no-show": ["No-show", "bg-slate-200 text-slate-800"],
};

export function OutcomeBadge({ outcome }: { outcome: AttemptOutcome }) {
  const [label, cls] = STYLE[outcome];
  return <span className={`inline-block rounded-full px-2.5 py-0.5 text-xs font-semibold ${cls}`}>{label}</span>;
}
