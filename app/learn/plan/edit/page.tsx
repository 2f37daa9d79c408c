import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/ui";
import { PageHeader } from "@/components/app-shell";
import { EmptyState } from "@/components/ui/empty-state";
import { AnnouncerProvider } from "@/app/plans/announcer";
import { PlanWorkspace } from "@/app/coach/learners/[id]/plan/plan-workspace";
import { getMyRetakePicture } from "@/lib/dal/readiness";
import { mySelfCoaching } from "@/lib/dal/plans";
import { requireLearner } from "@/lib/dal/guard";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "Edit your plan" };

/**
 * A self-coached learner's editor for the plan they control: the coach's editor, aimed at their own
 * plan (a draft to start, or the active plan they follow). A plan a coach controls is not here.
 */
export default async function EditOwnPlanPage() {
  const user = await requireLearner("/learn/plan/edit");
  const { own, today } = await mySelfCoaching(user);
  if (!own) {
    return (
      <>
        <PageHeader title="Edit your plan" />
        <EmptyState title="No plan of your own to edit" action={{ href: "/learn/plan", label: "Go to your plan" }}>
          Only a plan you made yourself can be edited here. A plan your coach assigns is edited by your coach.
        </EmptyState>
      </>
    );
  }
  const { overview, recommended } = await getMyRetakePicture(user);
  const latestNonPass = overview.latest && overview.latest.outcome !== "pass" ? overview.latest : null;
  const policyFrom = overview.decision.allowed ? null : overview.decision.earliestAt;
  return (
    <AnnouncerProvider>
      <p className="mb-2 text-sm">
        <Link href="/learn/plan" className="text-brand-700 hover:underline">
          ← Your plan
        </Link>
      </p>
      <PageHeader
        title="Edit your plan"
        description={`Diagnose → rebuild → prove → retest. Plan days are dates in your time zone (${user.timeZone.replaceAll("_", " ")}).`}
        actions={
          <Link href={`/plans/${own.plan.id}/print`} className={buttonClasses({ variant: "secondary" })}>
            Printable plan
          </Link>
        }
      />
      <PlanWorkspace
        audience="learner"
        current={own}
        learnerToday={today}
        tz={user.timeZone}
        policyFrom={policyFrom ? formatDateTime(policyFrom, user.timeZone) : null}
        regenerate={latestNonPass ? { learnerId: user.id, pattern: overview.advice?.pattern ?? null } : null}
        recommended={recommended}
      />
    </AnnouncerProvider>
  );
}
