import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell";
import { EmptyState } from "@/components/ui";
import { VariationCard } from "@/app/learn/variations/variation-card";
import { coachPlanView } from "@/lib/dal/plans";
import { getLearnerVariations } from "@/lib/dal/variations";
import { requireCoach } from "@/lib/dal/guard";
import { BackToLearner } from "../back-link";
import { VariationReview } from "./variation-review";

export const metadata: Metadata = { title: "Learner's variations" };

export default async function CoachVariationsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const coach = await requireCoach(`/coach/learners/${id}/variations`);
  // Both refuse (404) a learner who is not assigned to this coach.
  const { learner } = await coachPlanView(coach, id);
  const variations = await getLearnerVariations(coach, id);
  return (
    <>
      <BackToLearner learner={learner} />
      <PageHeader
        title={`Variations: ${learner.name}`}
        description="Questions the learner rewrote from their misses, one constraint changed, with their reason. Private to the learner; served in their retests; never counted for readiness."
      />
      {variations.length === 0 ? (
        <EmptyState title="No variations yet">The learner writes a variation from a missed question in a practice result.</EmptyState>
      ) : (
        <ul className="space-y-4">
          {variations.map((v) => (
            <VariationCard key={v.id} v={v} tz={coach.timeZone} audience="coach">
              <VariationReview questionId={v.id} />
            </VariationCard>
          ))}
        </ul>
      )}
    </>
  );
}
