import type { Metadata } from "next";
import Link from "next/link";
import { Section, TBody, TD, TH, THead, Table, buttonClasses } from "@/components/ui";
import { PageHeader } from "@/components/app-shell";
import { PracticeTrendChart } from "@/components/practice-trend-chart";
import { EmptyState } from "@/components/ui/empty-state";
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
          <Link href="/learn/practice" className={buttonClasses({ variant: "secondary" })}>
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
          <Section headingId="chart-h" title="Accuracy per domain" className="mb-6">
            <p className="mt-1 text-sm text-slate-600">
              Practice percentages, not score-report bars: a point is missing where a set had no question of that domain.
              The table below has the same numbers.
            </p>
            <PracticeTrendChart points={points.map(({ label, when, values }) => ({ label, when, values }))} />
          </Section>
          <Table caption="Practice accuracy per domain in each submitted set, oldest first">
            <THead>
              <tr>
                <TH>Set</TH>
                {AZ104.domains.map((d) => (
                  <TH key={d.key}>
                    {DOMAIN_SHORT_NAMES[d.key]}
                  </TH>
                ))}
              </tr>
            </THead>
            <TBody>
              {points.map((p) => (
                <tr key={p.id}>
                  <TH scope="row" className="whitespace-nowrap text-left font-normal">
                    <Link href={`/learn/practice/${p.id}/results`} className={buttonClasses({ variant: "link" })}>
                      {p.label}
                    </Link>
                    <span className="block text-xs text-slate-500">{p.when}</span>
                  </TH>
                  {AZ104.domains.map((d) => {
                    const v = p.values[d.key];
                    return (
                      <TD key={d.key} className="tabular-nums">
                        {v === null ? <span className="text-slate-400">—</span> : `${v} %`}
                      </TD>
                    );
                  })}
                </tr>
              ))}
            </TBody>
          </Table>
        </>
      )}
    </>
  );
}
