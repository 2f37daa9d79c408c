import type { Metadata } from "next";
import Link from "next/link";
import { Section, buttonClasses, cn } from "@/components/ui";
import { PageHeader } from "@/components/app-shell";
import { EmptyState } from "@/components/ui/empty-state";
import { cardClass } from "@/components/ui/styles";
import { AnnouncerProvider } from "@/app/plans/announcer";
import {
  CycleOfferNote,
  DiagnosisList,
  EvidenceBox,
  NotesToTasks,
  completionText,
  LoopExplainer,
  LoopStateView,
  PhaseAndDomain,
  TaskBrief,
  ProgressSummary,
  TaskStatusBadge,
  formatPlanDate,
  readDiagnosis,
  templateInfo,
} from "@/app/plans/plan-parts";
import { AcceptCycleForm, GeneratePlanForm } from "@/app/coach/learners/[id]/plan/plan-editor";
import { RecommendedDate } from "@/components/retake-readiness";
import { getMyRetakePicture } from "@/lib/dal/readiness";
import { taskPracticeSet } from "@/lib/plans/library";
import { getMyRetakeOverview } from "@/lib/dal/attempts";
import { myPlan, mySelfCoaching, readablePlan, type PlanTaskView } from "@/lib/dal/plans";
import { requireLearner } from "@/lib/dal/guard";
import { formatDateTime } from "@/lib/format";
import { addDays } from "@/lib/plans/dates";
import { isUnfinished } from "@/lib/plans/progress";
import { EvidencePanel, StartRetestButton } from "./evidence-form";

export const metadata: Metadata = { title: "Your plan" };

export default async function LearnerPlanPage() {
  const user = await requireLearner("/learn/plan");
  const data = await myPlan(user);

  if (!data) return <NoActivePlan />;

  const { plan, tasks, progress, loop, today, groups, cycleOffer } = data;
  const { recommended } = await getMyRetakePicture(user);
  const selfMade = plan.controlledBy === "learner";
  const template = templateInfo(plan.template);
  const endDate = addDays(plan.startDate, plan.lengthDays - 1);
  const grouped = new Set([...groups.today, ...groups.overdue, ...groups.upcoming].map((t) => t.id));
  const finishedElsewhere = tasks.filter((t) => !grouped.has(t.id));
  const tz = user.timeZone;

  return (
    <AnnouncerProvider>
      <PageHeader
        title="Your repair plan"
        description={`${template.title} plan, ${plan.lengthDays} days: ${formatPlanDate(plan.startDate)} – ${formatPlanDate(endDate)}.`}
        actions={
          <>
            {selfMade && (
              <Link href="/learn/plan/edit" className={buttonClasses({ variant: "secondary" })}>
                Edit your plan
              </Link>
            )}
            <Link href={`/plans/${plan.id}/print`} className={buttonClasses({ variant: "secondary" })}>
              Printable plan
            </Link>
            <a href={`/plans/${plan.id}/calendar.ics`} className={buttonClasses({ variant: "secondary" })} download>
              Add to calendar (.ics)
            </a>
          </>
        }
      />

      <div className="mb-6 grid gap-4 md:grid-cols-3">
        <Section headingId="target-h" title="Recommended retake date" headingClassName="text-sm font-normal text-slate-500">
          <RecommendedDate recommended={recommended} testId="plan-recommended" compact />
          <p className="mt-2 text-xs text-slate-600">
            Plan ends (target date, {selfMade ? "set by you" : "set by your coach"}):{" "}
            <span className="font-semibold" data-testid="plan-target">
              {formatPlanDate(plan.targetDate)}
            </span>
          </p>
        </Section>
        <section aria-label="Progress" className={cardClass}>
          <ProgressSummary progress={progress} idPrefix="learner-plan" selfCoached={selfMade} />
        </section>
        <section aria-label="Where you are in the repair loop" className={cardClass}>
          <LoopStateView loop={loop} audience="learner" />
        </section>
      </div>

      {cycleOffer && (
        <Section headingId="cycle-h" title="Next cycle: your retest still shows core gaps" className="mb-6 border-amber-300 bg-amber-50/60" data-testid="cycle-offer">
          <CycleOfferNote offer={cycleOffer} />
          <div className="mt-3">
            {selfMade ? (
              <AcceptCycleForm planId={plan.id} basisSessionId={cycleOffer.basisSessionId} />
            ) : (
              <p className="text-sm text-slate-600">Your coach decides whether to add it; it appears here once accepted.</p>
            )}
          </div>
        </Section>
      )}

      {selfMade && (
        <p className="mb-6 max-w-prose text-sm text-slate-700" data-testid="self-made-note">
          You made this plan yourself: a task is done as soon as you submit its evidence. If a coach is assigned to you later,
          they see this plan and may take it over.
        </p>
      )}

      <TaskSection id="today" title={`Today · ${formatPlanDate(today)}`} tasks={groups.today} tz={tz} empty="Nothing is planned for today." />
      {groups.overdue.length > 0 && (
        <TaskSection
          id="overdue"
          title="Overdue"
          description="From earlier days and not finished yet, oldest first."
          tasks={groups.overdue}
          tz={tz}
        />
      )}
      <TaskSection id="upcoming" title="Coming up" tasks={groups.upcoming} tz={tz} empty="Nothing else is left to do after today." showDates />

      {finishedElsewhere.length > 0 && (
        <details className={cn(cardClass, "mb-6")}>
          <summary className="cursor-pointer font-semibold text-slate-900">Submitted or accepted on other days ({finishedElsewhere.length})</summary>
          <ul className="mt-4 space-y-3">
            {finishedElsewhere.map((t) => (
              <TaskCard key={t.id} task={t} tz={tz} showDate />
            ))}
          </ul>
        </details>
      )}

      <details className={cn(cardClass, "mb-6")}>
        <summary className="cursor-pointer font-semibold text-slate-900">How this plan was built</summary>
        <div className="mt-3 grid gap-6 md:grid-cols-2">
          <div>
            <p className="text-sm font-medium text-slate-800">Weak domains and why</p>
            <div className="mt-2">
              <DiagnosisList weakDomains={plan.weakDomains} diagnosis={readDiagnosis(plan.diagnosis)} />
            </div>
          </div>
          <div>
            <p className="text-sm font-medium text-slate-800">The repair loop</p>
            <LoopExplainer />
            <p className="mt-2 text-xs text-slate-600">{template.summary}</p>
          </div>
        </div>
        <NotesToTasks tasks={tasks} />
      </details>
    </AnnouncerProvider>
  );
}

function TaskSection({
  id,
  title,
  description,
  tasks,
  tz,
  empty,
  showDates = false,
}: {
  id: string;
  title: string;
  description?: string;
  tasks: PlanTaskView[];
  tz: string;
  empty?: string;
  showDates?: boolean;
}) {
  return (
    <section aria-labelledby={`${id}-h`} className="mb-8" data-testid={`plan-group-${id}`}>
      <h2 id={`${id}-h`} className="text-lg font-semibold text-slate-900">
        {title}
      </h2>
      {description && <p className="text-sm text-slate-600">{description}</p>}
      {tasks.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">{empty}</p>
      ) : (
        <ul className="mt-3 space-y-3">
          {tasks.map((t) => (
            <TaskCard key={t.id} task={t} tz={tz} showDate={showDates || id === "overdue"} />
          ))}
        </ul>
      )}
    </section>
  );
}

function TaskCard({ task, tz, showDate }: { task: PlanTaskView; tz: string; showDate: boolean }) {
  const returned = task.status === "returned";
  return (
    <li className={cn(cardClass, returned && "border-red-200")} data-testid="plan-task">
      <div className="flex flex-wrap items-center gap-2">
        <PhaseAndDomain phase={task.phase} domain={task.domain} />
        <span className="text-xs text-slate-500">
          Day {task.day}
          {showDate && ` · ${formatPlanDate(task.date)}`}
        </span>
        <TaskStatusBadge status={task.status} selfChecked={task.status === "accepted" && task.reviewedBy === null} />
      </div>
      <h3 className="mt-2 font-semibold text-slate-900">{task.title}</h3>
      <TaskBrief instructions={task.instructions} evidenceRequired={task.evidenceRequired} />

      {task.reviewComment && (
        <div className={`mt-3 rounded-md border px-3 py-2 text-sm ${returned ? "border-red-200 bg-red-50 text-red-900" : "border-slate-200 bg-slate-50 text-slate-800"}`}>
          <p className="font-medium">{returned ? "Your coach sent this back:" : "Your coach's comment:"}</p>
          <p className="whitespace-pre-wrap">{task.reviewComment}</p>
        </div>
      )}

      {task.cause && (
        <p className="mt-2 text-xs text-slate-600">
          <span className="font-medium">Why this task: </span>
          {task.cause}
        </p>
      )}

      {/* Only tasks that are practice sets offer one, each with its own size. */}
      {taskPracticeSet(task.libraryKey) && (
        <div className="mt-3 text-sm">
          {!task.practice ? (
            isUnfinished(task.status) && <StartRetestButton taskId={task.id} taskTitle={task.title} />
          ) : task.practice.status === "submitted" ? (
            <p>
              <span className="font-medium text-slate-900">Practice set result: </span>
              <span className="tabular-nums" data-testid="retest-result">
                {task.practice.correct ?? 0} of {task.practice.size} correct
              </span>{" "}
              {task.practiceSessionId && (
                <Link href={`/learn/practice/${task.practiceSessionId}/results`} className={buttonClasses({ variant: "link" })}>
                  See the results
                </Link>
              )}
            </p>
          ) : (
            task.practiceSessionId && (
              <Link href={`/learn/practice/${task.practiceSessionId}`} className={buttonClasses({ variant: "secondary" })}>
                Continue the practice set<span className="sr-only"> for {task.title}</span>
              </Link>
            )
          )}
        </div>
      )}

      {task.evidenceText && (
        <EvidenceBox heading="Your evidence" when={task.submittedAt ? formatDateTime(task.submittedAt, tz) : null} text={task.evidenceText} link={task.evidenceLink} />
      )}

      <div className="mt-3">
        <EvidencePanel
          taskId={task.id}
          taskTitle={task.title}
          status={task.status === "accepted" && task.reviewedBy === null ? "submitted" : task.status}
          current={task.evidenceText ? { text: task.evidenceText, link: task.evidenceLink ?? "" } : null}
        />
      </div>
    </li>
  );
}

/**
 * No active plan: a learner with a coach waits for the coach's plan; a self-coached learner makes
 * their own from the latest non-pass (or goes on with the draft they already made).
 */
async function NoActivePlan() {
  const user = await requireLearner("/learn/plan");
  const picture = await getMyRetakePicture(user);
  if (picture.plan?.status === "completed") {
    // Done: readiness held on this attempt's plan (or a pass was recorded). It stays readable.
    const done = await readablePlan(user, picture.plan.id);
    return (
      <>
        <PageHeader title="Your repair plan" />
        <section aria-labelledby="done-h" className={cn(cardClass, "mb-6 border-emerald-200 bg-emerald-50/40")}>
          <h2 id="done-h" className="text-lg font-semibold text-slate-900" data-testid="plan-completed">
            Your plan is complete
          </h2>
          <p className="mt-1 text-sm text-slate-700">{completionText(done.plan)}</p>
          <p className="mt-3 text-sm text-slate-500">Recommended retake date</p>
          <RecommendedDate recommended={picture.recommended} testId="plan-recommended" />
          <p className="mt-3">
            <Link href={`/plans/${done.plan.id}/print`} className={buttonClasses({ variant: "secondary" })}>
              Read the completed plan
            </Link>
          </p>
        </section>
      </>
    );
  }
  const { selfCoached, own, today } = await mySelfCoaching(user);
  if (!selfCoached) {
    return (
      <>
        <PageHeader title="Your repair plan" />
        <EmptyState title="Your coach has not assigned a plan yet" action={{ href: "/learn/status", label: "See your retake status" }}>
          After a non-pass your coach builds a day-by-day repair plan from your score report: diagnose what went wrong, rebuild
          it by hand, prove the fix with evidence, then retest. It appears here once it is assigned to you.
        </EmptyState>
      </>
    );
  }
  if (own) {
    return (
      <>
        <PageHeader title="Your repair plan" />
        <EmptyState title="Your draft plan is waiting" action={{ href: "/learn/plan/edit", label: "Review and start your plan" }}>
          You generated a draft plan ({templateInfo(own.plan.template).title.toLowerCase()}, {own.plan.lengthDays} days). Edit it if you
          like, then start it: its tasks then appear here day by day.
        </EmptyState>
      </>
    );
  }
  const { overview } = await getMyRetakeOverview(user);
  const latestNonPass = overview.latest && overview.latest.outcome !== "pass" ? overview.latest : null;
  if (!latestNonPass) {
    return (
      <>
        <PageHeader title="Your repair plan" />
        <EmptyState
          title={overview.latest ? "Your latest attempt is a pass" : "Record your attempt first"}
          action={overview.latest ? { href: "/learn/status", label: "See your retake status" } : { href: "/learn/attempts/new", label: "Record an attempt" }}
        >
          {overview.latest
            ? "A repair plan starts from a non-pass. Nothing to repair: congratulations."
            : "A repair plan is built from your latest non-pass: the score-report bars, the domains that felt hardest and what you misread. Record the attempt while it is fresh, then come back here."}
        </EmptyState>
      </>
    );
  }
  const pattern = overview.advice?.pattern ?? null;
  return (
    <AnnouncerProvider>
      <PageHeader
        title="Your repair plan"
        description="You study without a coach: make your own plan with the same generator and rules a coach uses, edit it, then follow it."
      />
      <Section headingId="generate-h" title="Make your repair plan" className="mb-8">
        <p className="mt-1 max-w-prose text-sm text-slate-600">
          The plan is built from your latest non-pass: weak domains from your score-report bars, the domains you felt hardest and
          your practice misses since.{" "}
          {pattern ? `Your result looks like a ${templateInfo(pattern).title.toLowerCase()} (${templateInfo(pattern).days}).` : ""} It starts as
          a draft: review and edit it, then start it. Each task is done when you submit its evidence.
        </p>
        <div className="mt-4">
          <GeneratePlanForm learnerId={user.id} pattern={pattern} defaultStart={today} zone="your" submitLabel="Generate my plan" />
        </div>
      </Section>
    </AnnouncerProvider>
  );
}
