import type { Metadata } from "next";
import { Alert } from "@/components/ui";
import { PageHeader } from "@/components/app-shell";
import { getMyRetakeOverview } from "@/lib/dal/attempts";
import { requireLearner } from "@/lib/dal/guard";
import { formatInstantWithUtc } from "@/lib/format";
import { recordAttemptAction } from "../actions";
import { AttemptForm } from "../attempt-form";

export const metadata: Metadata = { title: "Record an attempt" };

export default async function NewAttemptPage() {
  const user = await requireLearner("/learn/attempts/new");
  const { exam, overview } = await getMyRetakeOverview(user);
  const { decision } = overview;
  return (
    <>
      <PageHeader title="Record an attempt" description={`${exam.code} · ${exam.title}`} />
      {!decision.allowed && (
        <Alert tone="warning" role={false} className="mb-6 border-amber-200">
          The retake policy allows your next attempt from{" "}
          <strong>{decision.earliestAt ? formatInstantWithUtc(decision.earliestAt, user.timeZone) : "the certification's expiry"}</strong>{" "}
          ({overview.reason}). An attempt dated earlier will be refused.
        </Alert>
      )}
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <AttemptForm action={recordAttemptAction} timeZone={user.timeZone} submitLabel="Save attempt" passingScore={exam.passingScore} />
      </div>
    </>
  );
}
