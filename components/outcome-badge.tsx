import { Badge, type BadgeTone } from "@/components/ui/badge";
import { ATTEMPT_OUTCOME_LABELS, type AttemptOutcome } from "@/lib/enums";

const TONE: Record<AttemptOutcome, BadgeTone> = { pass: "success", fail: "warning", "no-show": "neutral" };

export function OutcomeBadge({ outcome }: { outcome: AttemptOutcome }) {
  return (
    <Badge tone={TONE[outcome]} className="inline-block px-2.5">
      {ATTEMPT_OUTCOME_LABELS[outcome]}
    </Badge>
  );
}
