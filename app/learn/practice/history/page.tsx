import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell";
import { PracticeTrendChart } from "@/components/practice-trend-chart";
import { EmptyState } from "@/components/ui/empty-state";
import { buttonClass, cardClass } from "@/components/ui/styles";
import { getMyDomainTrend } from "@/lib/dal/practice";
import { requireLearner } from "@/lib/dal/guard";
import { AZ104, DOMAIN_SHORT_NAMES } from "@/lib/exam/az104";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "Practice trend" };

export default async function PracticeHistoryPage() {
  const user = await requireLearner("/learn/practice/history");
  const trend = await getMyDomainTrend(user);
  const points = trend.map((t, i) => ({
    id: t.sessionId,
    label: `Set ${i + 1}`,
    when: formatDateTime(t.startedAt, user.timeZone),
    values: t.perDomain,
  }));

  return (
    <>
      <PageHeader
        title="Practice trend per domain"
        description="Accuracy per domain in each submitted set, oldest first: the share of that domain's questions answered correctly (unanswered counts as wrong)."
        actions={
          <Link href="/learn/practice" className={buttonClass.secondary}>
            Back to practice
          </Link>
        }
      />
      {points.length === 0 ? (
        <EmptyState title="No submitted sets yet" action={{ href: "/learn/practice", label: "Start a practice set" }}>
          Submit a practice set and its accuracy per domain appears here; over several sets this shows which domains are
          improving.
        </EmptyState>
      ) : (
        <>
          <section aria-labelledby="chart-h" className={`${cardClass} mb-6`}>
            <h2 id="chart-h" className="text-lg font-semibold text-slate-900">
              Accuracy per domain
            </h2>
            <p className="mt-1 text-sm text-slate-600">
              Practice percentages, not score-report bars: a point is missing where a set had no question of that domain.
              The table below has the same numbers.
            </p>
            <PracticeTrendChart points={points.map(({ label, when, values }) => ({ label, when, values }))} />
          </section>
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <caption className="sr-only">Practice accuracy per domain in each submitted set, oldest first</caption>
              <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className="px-4 py-3">Set</th>
                  {AZ104.domains.map((d) => (
                    <th key={d.key} scope="col" className="px-4 py-3">
                      {DOMAIN_SHORT_NAMES[d.key]}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {points.map((p) => (
                  <tr key={p.id}>
                    <th scope="row" className="whitespace-nowrap px-4 py-3 text-left font-normal">
                      <Link href={`/learn/practice/${p.id}/results`} className={buttonClass.link}>
                        {p.label}
                      </Link>
                      <span className="block text-xs text-slate-500">{p.when}</span>
                    </th>
                    {AZ104.domains.map((d) => {
                      const v = p.values[d.key];
                      return (
                        <td key={d.key} className="px-4 py-3 tabular-nums">
                          {v === null ? <span className="text-slate-400">—</span> : `${v} %`}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
