import type { Metadata } from "next";
import { formatPoints } from "./[id]/results/item-review";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell";
import { EmptyState } from "@/components/ui/empty-state";
import { buttonClass, cardClass } from "@/components/ui/styles";
import { listMyPracticeSets } from "@/lib/dal/practice";
import { requireLearner } from "@/lib/dal/guard";
import { formatDateTime } from "@/lib/format";
import { PRACTICE_PRESETS } from "@/lib/practice-sessions/service";
import { MODE_LABEL } from "./[id]/labels";
import { startPracticeAction } from "./actions";
import { StartPracticeForm } from "./start-form";

export const metadata: Metadata = { title: "Practice" };

export default async function PracticePage() {
  const user = await requireLearner("/learn/practice");
  const sets = await listMyPracticeSets(user);
  const now = new Date().getTime();
  const presets = PRACTICE_PRESETS.map((p) => ({ value: `${p.size}-${p.minutes}`, label: p.label }));

  return (
    <>
      <PageHeader
        title="Practice"
        description="Timed sets in the exam's style. Every answer is saved as you go; the review after each set shows what you missed and why."
        actions={
          <Link href="/learn/practice/history" className={buttonClass.secondary}>
            Trend per domain
          </Link>
        }
      />

      <section aria-labelledby="start-h" className={`${cardClass} mb-6`}>
        <h2 id="start-h" className="mb-4 text-lg font-semibold text-slate-900">
          Start a set
        </h2>
        <StartPracticeForm action={startPracticeAction} presets={presets} />
      </section>

      <section aria-labelledby="sets-h">
        <h2 id="sets-h" className="mb-3 text-lg font-semibold text-slate-900">
          Your sets
        </h2>
        {sets.length === 0 ? (
          <EmptyState title="No practice sets yet">
            Start a short set above to see how the runner works; your results and the trend per domain appear here
            afterwards.
          </EmptyState>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <caption className="sr-only">Your practice sets, newest first</caption>
              <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className="px-4 py-3">Started</th>
                  <th scope="col" className="px-4 py-3">Kind</th>
                  <th scope="col" className="px-4 py-3">Length</th>
                  <th scope="col" className="px-4 py-3">Status</th>
                  <th scope="col" className="px-4 py-3">Score</th>
                  <th scope="col" className="px-4 py-3"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {sets.map((s) => {
                  const label = formatDateTime(s.startedAt, user.timeZone);
                  const active = s.status === "active";
                  const minutesLeft = Math.max(0, Math.ceil((s.deadlineAt.getTime() - now) / 60_000));
                  return (
                    <tr key={s.id} data-testid="practice-set-row">
                      <td className="whitespace-nowrap px-4 py-3 text-slate-900">{label}</td>
                      <td className="px-4 py-3">{MODE_LABEL[s.mode]}</td>
                      <td className="whitespace-nowrap px-4 py-3 tabular-nums text-slate-600">
                        {s.size} questions · {s.durationMinutes} min
                      </td>
                      <td className="px-4 py-3">
                        {active ? (
                          <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900">
                            In progress · {minutesLeft} min left
                          </span>
                        ) : (
                          <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-semibold text-slate-700">Submitted</span>
                        )}
                      </td>
                      <td className="whitespace-nowrap px-4 py-3 tabular-nums">
                        {active || s.correct === null ? (
                          "—"
                        ) : (
                          <>
                            {/* The score counts partial credit (hotspot blanks, matching pairs, ordering places). */}
                            {formatPoints(s.score ?? s.correct)}/{s.size}{" "}
                            <span className="text-slate-500">({Math.round((1000 * (s.score ?? s.correct)) / Math.max(1, s.size)) / 10} %)</span>
                          </>
                        )}
                      </td>
                      <td className="whitespace-nowrap px-4 py-3 text-right">
                        {active ? (
                          <Link href={`/learn/practice/${s.id}`} className={buttonClass.link}>
                            Resume<span className="sr-only"> the set started {label}</span>
                          </Link>
                        ) : (
                          <Link href={`/learn/practice/${s.id}/results`} className={buttonClass.link}>
                            Results<span className="sr-only"> of the set started {label}</span>
                          </Link>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
