import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell";
import { OutcomeBadge } from "@/components/outcome-badge";
import { EmptyState, HeadRow, Section, TBody, TD, Table, buttonClasses } from "@/components/ui";
import { AnnouncerProvider } from "@/app/plans/announcer";
import { formatPlanDate, planStatusLabel, templateInfo } from "@/app/plans/plan-parts";
import { coachLearnerDetail } from "@/lib/dal/coach";
import { coachPlanView } from "@/lib/dal/plans";
import { requireCoach } from "@/lib/dal/guard";
import { formatDate, formatDateTime, isoDateInZone } from "@/lib/format";
import { addDays } from "@/lib/plans/dates";
import { BackToLearner } from "../back-link";
import { GeneratePlanForm } from "./plan-editor";
import { PlanWorkspace } from "./plan-workspace";

export const metadata: Metadata = { title: "Repair plan" };

/** The history table is denser than the default. */
const cell = "px-3 py-2";

export default async function CoachPlanPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const coach = await requireCoach(`/coach/learners/${id}/plan`);
  // Both refuse (404) a learner who is not assigned to this coach.
  const { learner, current, history } = await coachPlanView(coach, id);
  const { overview, recommended } = await coachLearnerDetail(coach, id);
  const tz = coach.timeZone;
  const learnerToday = isoDateInZone(new Date(), learner.timeZone);
  const latestNonPass = overview.latest && overview.latest.outcome !== "pass" ? overview.latest : null;
  const pattern = overview.advice?.pattern ?? null;
  const policyFrom = overview.decision.allowed ? null : overview.decision.earliestAt;

  return (
    <AnnouncerProvider>
      <BackToLearner learner={learner} />
      <PageHeader
        title={`Repair plan: ${learner.name}`}
        description={`Diagnose → rebuild → prove → retest. Plan days are dates in the learner's time zone (${learner.timeZone.replaceAll("_", " ")}).`}
        actions={
          current ? (
            <>
              <Link href={`/plans/${current.plan.id}/print`} className={buttonClasses({ variant: "secondary" })}>
                Printable plan
              </Link>
              <a href={`/plans/${current.plan.id}/calendar.ics`} className={buttonClasses({ variant: "secondary" })} download>
                Calendar (.ics)
              </a>
            </>
          ) : undefined
        }
      />

      {latestNonPass && (
        <p className="mb-4 flex flex-wrap items-center gap-2 text-sm text-slate-700">
          <span>Latest attempt {formatDateTime(latestNonPass.takenAt, tz)}</span>
          <OutcomeBadge outcome={latestNonPass.outcome} />
          <span className="tabular-nums">{latestNonPass.score ?? "no score"}</span>
          {pattern && (
            <span>
              · looks like a <strong>{templateInfo(pattern).title.toLowerCase()}</strong>
            </span>
          )}
        </p>
      )}

      {!current ? (
        latestNonPass ? (
          <Section
            headingId="generate-h"
            title="Generate repair plan"
            className="mb-8"
            descriptionClassName="max-w-prose"
            description={
              <>
                The plan is built from the latest non-pass: weak domains from the score-report bars, the domains the learner felt hardest and
                recent practice misses.{" "}
                {pattern
                  ? `The template follows the failure pattern: ${templateInfo(pattern).title.toLowerCase()} (${templateInfo(pattern).days}).`
                  : "The template follows the failure pattern: near pass or pacing (3 days), or broad miss (10–14 days)."}{" "}
                It starts as a draft: review and edit it, then assign it.
              </>
            }
          >
            <div className="mt-4">
              <GeneratePlanForm learnerId={learner.id} pattern={pattern} defaultStart={learnerToday} />
            </div>
          </Section>
        ) : (
          <div className="mb-8">
            <EmptyState title="No repair plan to generate">
              {overview.latest
                ? "The latest attempt is a pass. A repair plan starts from a non-pass."
                : "No attempts are recorded yet. Once the learner records a non-pass, you can generate a repair plan here."}
            </EmptyState>
          </div>
        )
      ) : (
        <PlanWorkspace
          audience="coach"
          current={current}
          learnerToday={learnerToday}
          tz={tz}
          policyFrom={policyFrom ? formatDateTime(policyFrom, learner.timeZone) : null}
          regenerate={latestNonPass ? { learnerId: learner.id, pattern } : null}
          recommended={recommended}
        />
      )}

      <section aria-labelledby="history-h" className="mt-10">
        <h2 id="history-h" className="mb-3 text-lg font-semibold text-slate-900">
          Plan history
        </h2>
        {history.length === 0 ? (
          <p className="text-sm text-slate-600">No plans yet.</p>
        ) : (
          <Table caption="Every repair plan of this learner, newest first" frameClassName="shadow-none">
            <HeadRow labels={["Created", "Template", "Status", "Days", "Plan ends", <span key="links" className="sr-only">Links</span>]} cellClassName={cell} />
            <TBody>
              {history.map((p) => (
                <tr key={p.id}>
                  <TD className={cell}>{formatDate(p.createdAt, tz)}</TD>
                  <TD className={cell}>{templateInfo(p.template).title}</TD>
                  <TD className={cell}>
                    {planStatusLabel(p.status)}
                    {p.status === "completed" && p.completedReason && (
                      <span className="text-xs text-slate-500"> · {p.completedReason === "passed" ? "pass recorded" : "readiness held"}</span>
                    )}
                    {p.controlledBy === "learner" && <span className="text-xs text-slate-500"> · made by the learner</span>}
                    {current?.plan.id === p.id && <span className="text-xs text-slate-500"> (shown above)</span>}
                  </TD>
                  <TD className={`${cell} whitespace-nowrap`}>
                    {formatPlanDate(p.startDate, { weekday: false })} – {formatPlanDate(addDays(p.startDate, p.lengthDays - 1), { weekday: false })}
                  </TD>
                  <TD className={`${cell} whitespace-nowrap`}>{formatPlanDate(p.targetDate, { weekday: false })}</TD>
                  <TD className={cell}>
                    <Link href={`/plans/${p.id}/print`} className={buttonClasses({ variant: "link" })}>
                      Print<span className="sr-only"> the plan created {formatDate(p.createdAt, tz)}</span>
                    </Link>
                  </TD>
                </tr>
              ))}
            </TBody>
          </Table>
        )}
      </section>
    </AnnouncerProvider>
  );
}
