import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { AttemptOutcome } from "@/lib/policy/retake";

const STYLE: Record<AttemptOutcome, [string, BadgeTone]> = {
  pass: ["Passed", "success"],
  fail: ["Did not pass", "warning"],
  "no-show": ["No-show", "neutral"],
};

export function OutcomeBadge({ outcome }: { outcome: AttemptOutcome }) {
  const [label, tone] = STYLE[outcome];
  return (
    <Badge tone={tone} className="inline-block px-2.5">
      {label}
    </Badge>
  );
}
