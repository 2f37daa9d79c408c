import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell";
import { OutcomeBadge } from "@/components/outcome-badge";
import { EmptyState } from "@/components/ui/empty-state";
import { buttonClass, cardClass } from "@/components/ui/styles";
import { AnnouncerProvider } from "@/app/plans/announcer";
import {
  DiagnosisList,
  LoopExplainer,
  LoopStateView,
  ProgressSummary,
  formatPlanDate,
  planStatusLabel,
  readDiagnosis,
  templateInfo,
} from "@/app/plans/plan-parts";
import { coachLearnerDetail } from "@/lib/dal/coach";
import { coachPlanView } from "@/lib/dal/plans";
import { requireRole } from "@/lib/dal/session";
import { AZ104, DOMAIN_SHORT_NAMES } from "@/lib/exam/az104";
import { formatDate, formatDateTime, isoDateInZone } from "@/lib/format";
import { addDays } from "@/lib/plans/dates";
import { AddTaskForm, AssignPlanForm, GeneratePlanForm, TargetDateForm, type DayOption } from "./plan-editor";
import { TaskRow, type CoachTask } from "./task-row";

export const metadata: Metadata = { title: "Repair plan" };

const DOMAIN_OPTIONS = AZ104.domains.map((d) => ({ value: d.key, label: DOMAIN_SHORT_NAMES[d.key] }));

export default async function CoachPlanPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const coach = await requireRole(["coach"], `/coach/learners/${id}/plan`);
  // Both refuse (404) a learner who is not assigned to this coach.
  const { learner, current, history } = await coachPlanView(coach, id);
  const { overview } = await coachLearnerDetail(coach, id);
  const tz = coach.timeZone;
  const learnerToday = isoDateInZone(new Date(), learner.timeZone);
  const latestNonPass = overview.latest && overview.latest.outcome !== "pass" ? overview.latest : null;
  const pattern = overview.advice?.pattern ?? null;
  const policyFrom = overview.decision.allowed ? null : overview.decision.earliestAt;

  return (
    <AnnouncerProvider>
      <p className="mb-2 text-sm">
        <Link href={`/coach/learners/${learner.id}`} className="text-brand-700 hover:underline">
          ← {learner.name}
        </Link>
      </p>
      <PageHeader
        title={`Repair plan: ${learner.name}`}
        description={`Diagnose → rebuild → prove → retest. Plan days are dates in the learner's time zone (${learner.timeZone.replaceAll("_", " ")}).`}
        actions={
          current ? (
            <>
              <Link href={`/plans/${current.plan.id}/print`} className={buttonClass.secondary}>
                Printable plan
              </Link>
              <a href={`/plans/${current.plan.id}/calendar.ics`} className={buttonClass.secondary} download>
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
              · looks like a <strong>{pattern === "near-pass" ? "near pass" : "broad miss"}</strong>
            </span>
          )}
        </p>
      )}

      {!current ? (
        latestNonPass ? (
          <section aria-labelledby="generate-h" className={`${cardClass} mb-8`}>
            <h2 id="generate-h" className="text-lg font-semibold text-slate-900">
              Generate repair plan
            </h2>
            <p className="mt-1 max-w-prose text-sm text-slate-600">
              The plan is built from the latest non-pass: weak domains from the score-report bars, the domains the learner felt
              hardest and recent practice misses.{" "}
              {pattern
                ? `The template follows the failure pattern: ${templateInfo(pattern).title.toLowerCase()} (${templateInfo(pattern).days}).`
                : "The template follows the failure pattern: near pass (3 days) or broad miss (10–14 days)."}{" "}
              It starts as a draft: review and edit it, then assign it.
            </p>
            <div className="mt-4">
              <GeneratePlanForm learnerId={learner.id} pattern={pattern} defaultStart={learnerToday} />
            </div>
          </section>
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
        <CurrentPlan
          current={current}
          learnerToday={learnerToday}
          tz={tz}
          policyFrom={policyFrom ? formatDateTime(policyFrom, learner.timeZone) : null}
          regenerate={latestNonPass ? { learnerId: learner.id, pattern } : null}
        />
      )}

      <section aria-labelledby="history-h" className="mt-10">
        <h2 id="history-h" className="mb-3 text-lg font-semibold text-slate-900">
          Plan history
        </h2>
        {history.length === 0 ? (
          <p className="text-sm text-slate-600">No plans yet.</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="min-w-full text-sm">
              <caption className="sr-only">Every repair plan of this learner, newest first</caption>
              <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
                <tr>
                  <th scope="col" className="px-3 py-2">Created</th>
                  <th scope="col" className="px-3 py-2">Template</th>
                  <th scope="col" className="px-3 py-2">Status</th>
                  <th scope="col" className="px-3 py-2">Days</th>
                  <th scope="col" className="px-3 py-2">Target retake</th>
                  <th scope="col" className="px-3 py-2">
                    <span className="sr-only">Links</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {history.map((p) => (
                  <tr key={p.id} className="border-t border-slate-100">
                    <td className="px-3 py-2">{formatDate(p.createdAt, tz)}</td>
                    <td className="px-3 py-2">{templateInfo(p.template).title}</td>
                    <td className="px-3 py-2">
                      {planStatusLabel(p.status)}
                      {current?.plan.id === p.id && <span className="text-xs text-slate-500"> (shown above)</span>}
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap">
                      {formatPlanDate(p.startDate, { weekday: false })} – {formatPlanDate(addDays(p.startDate, p.lengthDays - 1), { weekday: false })}
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap">{formatPlanDate(p.targetDate, { weekday: false })}</td>
                    <td className="px-3 py-2">
                      <Link href={`/plans/${p.id}/print`} className={buttonClass.link}>
                        Print<span className="sr-only"> the plan created {formatDate(p.createdAt, tz)}</span>
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </AnnouncerProvider>
  );
}

type Current = NonNullable<Awaited<ReturnType<typeof coachPlanView>>["current"]>;

function CurrentPlan({
  current,
  learnerToday,
  tz,
  policyFrom,
  regenerate,
}: {
  current: Current;
  learnerToday: string;
  tz: string;
  policyFrom: string | null;
  regenerate: { learnerId: string; pattern: "near-pass" | "broad-miss" | null } | null;
}) {
  const { plan, tasks, progress, loop } = current;
  const template = templateInfo(plan.template);
  const endDate = addDays(plan.startDate, plan.lengthDays - 1);
  const recommended = addDays(plan.startDate, plan.lengthDays);
  const days: DayOption[] = Array.from({ length: plan.lengthDays }, (_, i) => {
    const date = addDays(plan.startDate, i);
    return { value: String(i + 1), label: `Day ${i + 1} · ${formatPlanDate(date)}` };
  });
  const toRow = (t: Current["tasks"][number]): CoachTask => ({
    id: t.id,
    day: t.day,
    phase: t.phase,
    domain: t.domain,
    title: t.title,
    instructions: t.instructions,
    evidenceRequired: t.evidenceRequired,
    status: t.status,
    evidenceText: t.evidenceText,
    evidenceLink: t.evidenceLink,
    submittedAtText: t.submittedAt ? formatDateTime(t.submittedAt, tz) : null,
    reviewComment: t.reviewComment,
    reviewedAtText: t.reviewedAt ? formatDateTime(t.reviewedAt, tz) : null,
    practice: t.practice,
  });

  return (
    <>
      <section
        aria-labelledby="plan-status-h"
        className={`${cardClass} mb-6 ${plan.status === "draft" ? "border-amber-300 bg-amber-50/60" : "border-emerald-200 bg-emerald-50/40"}`}
      >
        <h2 id="plan-status-h" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
          Plan status
        </h2>
        <p className="mt-1 text-lg font-semibold text-slate-900" data-testid="plan-status">
          {planStatusLabel(plan.status)}
        </p>
        {plan.status === "draft" ? (
          <div className="mt-2 space-y-3">
            <p className="text-sm text-slate-700">
              The learner does not see this plan until you assign it. Assigning it replaces the learner&apos;s current plan, which
              stays readable in the history.
            </p>
            <AssignPlanForm planId={plan.id} />
          </div>
        ) : (
          <p className="mt-1 text-sm text-slate-700">
            {plan.assignedAt ? `Assigned ${formatDateTime(plan.assignedAt, tz)}. ` : ""}The learner sees this plan and hands in evidence
            for each task.
          </p>
        )}
      </section>

      <div className="mb-6 grid gap-4 lg:grid-cols-3">
        <section aria-labelledby="template-h" className={cardClass}>
          <h2 id="template-h" className="text-sm text-slate-500">
            Template
          </h2>
          <p className="text-lg font-semibold" data-testid="plan-template">
            {template.title} ({template.days})
          </p>
          <p className="text-sm text-slate-700">
            This plan: {plan.lengthDays} days, {formatPlanDate(plan.startDate)} – {formatPlanDate(endDate)}
          </p>
          <p className="mt-2 text-xs text-slate-600">{template.summary}</p>
        </section>
        <section aria-labelledby="target-h" className={cardClass}>
          <h2 id="target-h" className="text-sm text-slate-500">
            Target retake date
          </h2>
          <p className="text-lg font-semibold" data-testid="plan-target">
            {formatPlanDate(plan.targetDate)}
          </p>
          <p className="mb-3 text-xs text-slate-600">
            {policyFrom ? `The retake policy allows the next attempt from ${policyFrom} (learner's time). ` : "The retake policy allows a retake now. "}
            Recommended: {formatPlanDate(recommended)} or later.
          </p>
          <TargetDateForm planId={plan.id} targetDate={plan.targetDate} recommendedLabel={formatPlanDate(recommended)} />
        </section>
        <section aria-label="Progress and loop state" className={`${cardClass} space-y-5`}>
          <ProgressSummary progress={progress} idPrefix="coach-plan" />
          <LoopStateView loop={loop} audience="coach" />
        </section>
      </div>

      <section aria-labelledby="diagnosis-h" className={`${cardClass} mb-6`}>
        <h2 id="diagnosis-h" className="text-lg font-semibold text-slate-900">
          Diagnosis: weak domains and why
        </h2>
        <div className="mt-3 grid gap-6 md:grid-cols-2">
          <DiagnosisList weakDomains={plan.weakDomains} diagnosis={readDiagnosis(plan.diagnosis)} />
          <div>
            <p className="text-sm font-medium text-slate-800">The repair loop</p>
            <LoopExplainer />
          </div>
        </div>
      </section>

      <section aria-labelledby="days-h" className="mb-6">
        <h2 id="days-h" className="mb-3 text-lg font-semibold text-slate-900">
          Day by day
        </h2>
        <ol className="space-y-6">
          {days.map((d) => {
            const day = Number(d.value);
            const date = addDays(plan.startDate, day - 1);
            const dayTasks = tasks.filter((t) => t.day === day);
            return (
              <li key={d.value}>
                <h3 id={`day-${day}-h`} className="mb-2 flex flex-wrap items-center gap-2 font-semibold text-slate-900">
                  Day {day} · {formatPlanDate(date)}
                  {date === learnerToday && <span className="rounded-full bg-brand-600 px-2 py-0.5 text-xs text-white">Today</span>}
                </h3>
                {dayTasks.length === 0 ? (
                  <p className="text-sm text-slate-600">No tasks on this day.</p>
                ) : (
                  <ul className="space-y-3">
                    {dayTasks.map((t, i) => (
                      <TaskRow key={t.id} planId={plan.id} task={toRow(t)} days={days} isFirst={i === 0} isLast={i === dayTasks.length - 1} />
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ol>
      </section>

      <section className={`${cardClass} mb-6`} aria-label="Add a custom task">
        <AddTaskForm planId={plan.id} days={days} domains={DOMAIN_OPTIONS} />
      </section>

      {regenerate && (
        <details className={`${cardClass} mb-6`}>
          <summary className="cursor-pointer font-semibold text-slate-900">
            {plan.status === "draft" ? "Start over: generate a new draft" : "Generate a new draft"}
          </summary>
          <p className="mt-2 max-w-prose text-sm text-slate-600">
            {plan.status === "draft"
              ? "The new draft replaces this draft and every edit made to it."
              : "The active plan stays with the learner until you assign the new draft; then it moves to the history."}
          </p>
          <div className="mt-3">
            <GeneratePlanForm
              learnerId={regenerate.learnerId}
              pattern={regenerate.pattern}
              defaultStart={learnerToday}
              submitLabel={plan.status === "draft" ? "Generate a new draft" : "Generate a new draft plan"}
            />
          </div>
        </details>
      )}
    </>
  );
}
