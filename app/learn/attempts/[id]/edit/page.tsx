import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell";
import { currentExam, getMyAttempt } from "@/lib/dal/attempts";
import { requireLearner } from "@/lib/dal/guard";
import { isoDateInZone } from "@/lib/format";
import { instantToLocalInput } from "@/lib/validation/attempt";
import { updateAttemptAction } from "../../actions";
import { AttemptForm } from "../../attempt-form";

export const metadata: Metadata = { title: "Edit an attempt" };

export default async function EditAttemptPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireLearner(`/learn/attempts/${id}/edit`);
  const a = await getMyAttempt(user, id);
  const { passingScore } = await currentExam();
  return (
    <>
      <PageHeader title="Edit an attempt" description="Saving re-checks your whole history against the retake policy." />
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <AttemptForm
          action={updateAttemptAction}
          timeZone={user.timeZone}
          submitLabel="Save changes"
          passingScore={passingScore}
          defaults={{
            id: a.id,
            takenAt: instantToLocalInput(a.takenAt, user.timeZone),
            outcome: a.outcome,
            score: a.score?.toString() ?? "",
            bars: Object.fromEntries(a.readings.map((r) => [r.domain, String(r.bar)])),
            hardestDomains: a.hardestDomains,
            slowItemTypes: a.slowItemTypes,
            misreadCategories: a.misreadCategories,
            misreadNotes: a.misreadNotes,
            notes: a.notes,
            certExpiresOn: a.certExpiresAt ? isoDateInZone(a.certExpiresAt, user.timeZone) : "",
            ranOutOfTime: a.pacing?.ranOutOfTime === true ? "yes" : a.pacing?.ranOutOfTime === false ? "no" : "",
            unansweredOrGuessed: a.pacing?.unansweredOrGuessed?.toString() ?? "",
            halfwayMinutesLeft: a.pacing?.halfwayMinutesLeft?.toString() ?? "",
          }}
        />
      </div>
    </>
  );
}
