// The plan editor's page body, shared by the coach's plan page and a self-coached learner's own
// editor (/learn/plan/edit): one editor, two audiences. The actions behind it authorize each call
// (a learner may change only a plan they control; a coach only a plan that is not the learner's own).

import { RecommendedDate } from "@/components/retake-readiness";
import { Badge, Section, cardClass, cn } from "@/components/ui";
import { CycleOfferNote, DiagnosisList, LoopExplainer, LoopStateView, NotesToTasks, ProgressSummary, completionText, formatPlanDate, planStatusLabel, readDiagnosis, templateInfo } from "@/app/plans/plan-parts";
import type { RecommendedDay } from "@/lib/policy/recommended-date";
import type { coachPlanView } from "@/lib/dal/plans";
import { AZ104, DOMAIN_SHORT_NAMES } from "@/lib/exam/az104";
import { formatDateTime } from "@/lib/format";
import { addDays } from "@/lib/plans/dates";
import { AcceptCycleForm, AddTaskForm, AssignPlanForm, GeneratePlanForm, TakeOverPlanForm, TargetDateForm, type DayOption } from "./plan-editor";
import { TaskRow, type CoachTask } from "./task-row";

const DOMAIN_OPTIONS = AZ104.domains.map((d) => ({ value: d.key, label: DOMAIN_SHORT_NAMES[d.key] }));

export type WorkspacePlan = NonNullable<Awaited<ReturnType<typeof coachPlanView>>["current"]>;

/** "coach": the learner's coach. "learner": a self-coached learner editing their own plan. */
export type WorkspaceAudience = "coach" | "learner";

export function PlanWorkspace({
  current,
  learnerToday,
  tz,
  policyFrom,
  regenerate,
  audience,
  recommended,
}: {
  current: WorkspacePlan;
  learnerToday: string;
  tz: string;
  policyFrom: string | null;
  regenerate: { learnerId: string; pattern: Parameters<typeof GeneratePlanForm>[0]["pattern"] } | null;
  audience: WorkspaceAudience;
  /** The one recommended retake date (the same on the status page, the dashboard and both calendars). */
  recommended?: RecommendedDay;
}) {
  const { plan, tasks, progress, loop } = current;
  // A coach only reads a plan the learner still controls, until taking it over.
  const readOnly = audience === "coach" && plan.controlledBy === "learner";
  const learner = audience === "learner";
  const template = templateInfo(plan.template);
  const endDate = addDays(plan.startDate, plan.lengthDays - 1);
  const templateEnd = addDays(plan.startDate, plan.lengthDays);
  const days: DayOption[] = Array.from({ length: plan.lengthDays }, (_, i) => {
    const date = addDays(plan.startDate, i);
    return { value: String(i + 1), label: `Day ${i + 1} · ${formatPlanDate(date)}` };
  });
  const toRow = (t: WorkspacePlan["tasks"][number]): CoachTask => ({
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
    selfChecked: t.status === "accepted" && t.reviewedBy === null,
  });

  return (
    <>
      <section
        aria-labelledby="plan-status-h"
        className={cn(cardClass, "mb-6", plan.status === "draft" || readOnly ? "border-amber-300 bg-amber-50/60" : "border-emerald-200 bg-emerald-50/40")}
      >
        <h2 id="plan-status-h" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
          Plan status
        </h2>
        <p className="mt-1 text-lg font-semibold text-slate-900" data-testid="plan-status">
          {learner && plan.status === "draft" ? "Draft (not started yet)" : planStatusLabel(plan.status)}
          {plan.controlledBy === "learner" && <span className="ml-2 text-sm font-normal text-slate-600">· made by {learner ? "you" : "the learner"}</span>}
        </p>
        {readOnly ? (
          <div className="mt-2 space-y-3">
            <p className="max-w-prose text-sm text-slate-700">
              The learner made this plan for themselves (self-coached) and still controls it: they edit it, and each task is done
              when they submit its evidence. Take it over to edit it and to review the evidence handed in from now on; tasks
              already done stay done.
            </p>
            <TakeOverPlanForm planId={plan.id} />
          </div>
        ) : plan.status === "draft" ? (
          <div className="mt-2 space-y-3">
            <p className="text-sm text-slate-700">
              {learner
                ? "Review and edit your draft, then start it. Starting it replaces your current plan, which stays readable in the history."
                : "The learner does not see this plan until you assign it. Assigning it replaces the learner's current plan, which stays readable in the history."}
            </p>
            <AssignPlanForm planId={plan.id} label={learner ? "Start this plan" : undefined} />
          </div>
        ) : plan.status === "completed" ? (
          <p className="mt-1 text-sm text-slate-700" data-testid="plan-completed">
            {completionText(plan)}
          </p>
        ) : (
          <p className="mt-1 text-sm text-slate-700">
            {learner
              ? `${plan.assignedAt ? `Started ${formatDateTime(plan.assignedAt, tz)}. ` : ""}Follow it on your plan page: a task is done when you submit its evidence.`
              : `${plan.assignedAt ? `Assigned ${formatDateTime(plan.assignedAt, tz)}. ` : ""}The learner sees this plan and hands in evidence for each task.`}
          </p>
        )}
      </section>

      {current.cycleOffer && (
        <Section headingId="cycle-h" title="Next cycle: the retest still shows core gaps" className="mb-6 border-amber-300 bg-amber-50/60" data-testid="cycle-offer">
          <CycleOfferNote offer={current.cycleOffer} />
          {readOnly ? (
            <p className="mt-2 text-sm text-slate-600">The learner controls this plan and accepts the cycle themselves, unless you take the plan over.</p>
          ) : (
            <div className="mt-3">
              <AcceptCycleForm planId={plan.id} basisSessionId={current.cycleOffer.basisSessionId} />
            </div>
          )}
        </Section>
      )}

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
          {recommended && (
            <div className="mb-3">
              <h2 id="target-h" className="text-sm text-slate-500">
                Recommended retake date
              </h2>
              <RecommendedDate recommended={recommended} testId="plan-recommended" compact />
            </div>
          )}
          <h2 id={recommended ? "plan-end-h" : "target-h"} className="text-sm text-slate-500">
            Plan ends (target date)
          </h2>
          <p className="text-lg font-semibold" data-testid="plan-target">
            {formatPlanDate(plan.targetDate)}
          </p>
          <p className="mb-3 text-xs text-slate-600">
            {policyFrom
              ? `The retake policy allows the next attempt from ${policyFrom} (${learner ? "your" : "learner's"} time). `
              : "The retake policy allows a retake now. "}
            The template&apos;s days end on {formatPlanDate(templateEnd)}. The target date counts toward the recommended date, with the
            policy and readiness.
          </p>
          {!readOnly && plan.status !== "completed" && <TargetDateForm planId={plan.id} targetDate={plan.targetDate} recommendedLabel={formatPlanDate(templateEnd)} />}
        </section>
        <section aria-label="Progress and loop state" className={cn(cardClass, "space-y-5")}>
          <ProgressSummary progress={progress} idPrefix="coach-plan" selfCoached={plan.controlledBy === "learner"} />
          <LoopStateView loop={loop} audience={learner ? "learner" : "coach"} />
        </section>
      </div>

      <Section headingId="diagnosis-h" title="Diagnosis: weak domains and why" className="mb-6">
        <div className="mt-3 grid gap-6 md:grid-cols-2">
          <DiagnosisList weakDomains={plan.weakDomains} diagnosis={readDiagnosis(plan.diagnosis)} />
          <div>
            <p className="text-sm font-medium text-slate-800">The repair loop</p>
            <LoopExplainer />
          </div>
        </div>
        <NotesToTasks tasks={tasks} />
      </Section>

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
                  {date === learnerToday && <Badge tone="brand">Today</Badge>}
                </h3>
                {dayTasks.length === 0 ? (
                  <p className="text-sm text-slate-600">No tasks on this day.</p>
                ) : (
                  <ul className="space-y-3">
                    {dayTasks.map((t, i) => (
                      <TaskRow
                        key={t.id}
                        planId={plan.id}
                        task={toRow(t)}
                        days={days}
                        isFirst={i === 0}
                        isLast={i === dayTasks.length - 1}
                        audience={audience}
                        readOnly={readOnly}
                      />
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ol>
      </section>

      {!readOnly && (
        <section className={cn(cardClass, "mb-6")} aria-label="Add a custom task">
          <AddTaskForm planId={plan.id} days={days} domains={DOMAIN_OPTIONS} />
        </section>
      )}

      {regenerate && !readOnly && (
        <details className={cn(cardClass, "mb-6")}>
          <summary className="cursor-pointer font-semibold text-slate-900">
            {plan.status === "draft" ? "Start over: generate a new draft" : "Generate a new draft"}
          </summary>
          <p className="mt-2 max-w-prose text-sm text-slate-600">
            {plan.status === "draft"
              ? "The new draft replaces this draft and every edit made to it."
              : learner
                ? "Your current plan stays as it is until you start the new draft; then it moves to the history."
                : "The active plan stays with the learner until you assign the new draft; then it moves to the history."}
          </p>
          <div className="mt-3">
            <GeneratePlanForm
              learnerId={regenerate.learnerId}
              pattern={regenerate.pattern}
              defaultStart={learnerToday}
              zone={learner ? "your" : "the learner's"}
              submitLabel={plan.status === "draft" ? "Generate a new draft" : "Generate a new draft plan"}
            />
          </div>
        </details>
      )}
    </>
  );
}
