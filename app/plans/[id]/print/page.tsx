import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/ui";
import { DiagnosisList, LoopExplainer, TaskBrief, domainName, formatPlanDate, phaseLabel, planStatusLabel, readDiagnosis, templateInfo } from "@/app/plans/plan-parts";
import { readablePlan } from "@/lib/dal/plans";
import { retakePictureOfPlanLearner } from "@/lib/dal/readiness";
import { requireUser } from "@/lib/dal/session";
import { AZ104 } from "@/lib/exam/az104";
import { addDays } from "@/lib/plans/dates";
import { PrintButton } from "./print-button";

export const metadata: Metadata = { title: "Printable plan" };

export default async function PrintPlanPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/plans/${id}/print`);
  const { plan, tasks, progress, learner } = await readablePlan(user, id);
  // The one recommended date belongs to the learner's current plan; an older plan shows only its end.
  const picture = await retakePictureOfPlanLearner(plan.learnerId, learner.timeZone);
  const recommended = picture.plan?.id === plan.id ? picture.recommended : null;
  const template = templateInfo(plan.template);
  const endDate = addDays(plan.startDate, plan.lengthDays - 1);
  const back = user.role === "coach" ? `/coach/learners/${plan.learnerId}/plan` : "/learn/plan";
  const days = Array.from({ length: plan.lengthDays }, (_, i) => ({ day: i + 1, date: addDays(plan.startDate, i) }));

  return (
    <article className="rounded-lg bg-white p-6 shadow-sm print:rounded-none print:p-0 print:text-black print:shadow-none">
      <div className="mb-6 flex flex-wrap items-center justify-between gap-3 print:hidden">
        <Link href={back} className="text-sm text-brand-700 hover:underline">
          ← Back to the plan
        </Link>
        <div className="flex gap-2">
          <a href={`/plans/${plan.id}/calendar.ics`} className={buttonClasses({ variant: "secondary" })} download>
            Calendar (.ics)
          </a>
          <PrintButton />
        </div>
      </div>

      <header className="border-b border-slate-300 pb-4">
        <p className="text-sm text-slate-600">
          {AZ104.code} · {AZ104.title} · repair plan
        </p>
        <h1 className="text-2xl font-bold text-slate-900 print:text-black">{learner.name}</h1>
        <dl className="mt-3 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2 print:grid-cols-2">
          <div>
            <dt className="inline font-medium">Template: </dt>
            <dd className="inline">
              {template.title} ({template.days})
            </dd>
          </div>
          <div>
            <dt className="inline font-medium">Plan days: </dt>
            <dd className="inline">
              {plan.lengthDays} days, {formatPlanDate(plan.startDate)} – {formatPlanDate(endDate)}
            </dd>
          </div>
          {recommended && (
            <div className="sm:col-span-2">
              <dt className="inline font-medium">Recommended retake date: </dt>
              <dd className="inline" data-testid="plan-recommended">
                {recommended.status === "recommended" ? formatPlanDate(recommended.date) : "not yet"} — {recommended.reason}
              </dd>
            </div>
          )}
          <div>
            <dt className="inline font-medium">Plan ends (target date): </dt>
            <dd className="inline" data-testid="plan-target">
              {formatPlanDate(plan.targetDate)}
            </dd>
          </div>
          <div>
            <dt className="inline font-medium">Status: </dt>
            <dd className="inline">
              {planStatusLabel(plan.status)} · {progress.done} of {progress.total} tasks accepted
            </dd>
          </div>
        </dl>
      </header>

      <section aria-labelledby="why-h" className="mt-4 grid gap-6 border-b border-slate-300 pb-4 sm:grid-cols-2 print:grid-cols-2">
        <div>
          <h2 id="why-h" className="text-sm font-semibold uppercase tracking-wide text-slate-600">
            Weak domains
          </h2>
          <div className="mt-2">
            <DiagnosisList weakDomains={plan.weakDomains} diagnosis={readDiagnosis(plan.diagnosis)} />
          </div>
        </div>
        <div>
          <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-600">The repair loop</h2>
          <div className="mt-2">
            <LoopExplainer />
          </div>
        </div>
      </section>

      <div className="mt-4 space-y-6">
        {days.map(({ day, date }) => {
          const dayTasks = tasks.filter((t) => t.day === day);
          return (
            <section key={day} aria-labelledby={`print-day-${day}`}>
              <h2 id={`print-day-${day}`} className="break-after-avoid border-b border-slate-200 pb-1 text-lg font-semibold text-slate-900 print:text-black">
                Day {day} · {formatPlanDate(date)}
              </h2>
              {dayTasks.length === 0 ? (
                <p className="mt-2 text-sm text-slate-600">No tasks on this day.</p>
              ) : (
                <ul className="mt-2 space-y-3">
                  {dayTasks.map((t) => (
                    <li key={t.id} className="flex gap-3 break-inside-avoid">
                      <input
                        type="checkbox"
                        id={`print-task-${t.id}`}
                        defaultChecked={t.status === "accepted"}
                        className="mt-1 h-4 w-4 shrink-0"
                        aria-describedby={`print-task-${t.id}-details`}
                      />
                      <div className="min-w-0">
                        <label htmlFor={`print-task-${t.id}`} className="font-semibold text-slate-900 print:text-black">
                          {t.title}
                        </label>
                        <div id={`print-task-${t.id}-details`} className="text-sm text-slate-700 print:text-black">
                          <p className="text-xs text-slate-600">
                            {phaseLabel(t.phase)} · {domainName(t.domain)}
                            {t.status !== "todo" && ` · ${t.status === "accepted" ? "accepted" : t.status === "submitted" ? "evidence submitted" : "sent back"}`}
                          </p>
                          <TaskBrief instructions={t.instructions} evidenceRequired={t.evidenceRequired} inherit />
                        </div>
                      </div>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          );
        })}
      </div>
      <p className="mt-8 border-t border-slate-200 pt-2 text-xs text-slate-500">
        Retake Coach · plan days are dates in {learner.name}&apos;s time zone ({learner.timeZone.replaceAll("_", " ")}).
      </p>
    </article>
  );
}
