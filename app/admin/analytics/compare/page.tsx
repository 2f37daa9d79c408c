import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell";
import { CompareChart } from "@/components/cohort-charts";
import { formatBar, formatShare, type CohortReport } from "@/lib/analytics/report";
import { addDays } from "@/lib/analytics/weeks";
import { cohortComparison } from "@/lib/dal/analytics";
import { requireAdmin } from "@/lib/dal/guard";
import { DataTable } from "@/components/ui";
import { FilterForm, LinkButton, ReportSection, barNumber, pctNumber } from "../parts";

export const metadata: Metadata = { title: "Compare cohorts" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

function practiceAccuracy(r: CohortReport): number | null {
  const total = r.domains.reduce((s, d) => s + d.practiceTotal, 0);
  return total ? r.domains.reduce((s, d) => s + d.practiceCorrect, 0) / total : null;
}

export default async function CompareCohortsPage({ searchParams }: { searchParams: SearchParams }) {
  const admin = await requireAdmin("/admin/analytics/compare");
  const sp = await searchParams;
  const { options, range, a, b } = await cohortComparison(admin, { a: one(sp.a), b: one(sp.b), from: one(sp.from), to: one(sp.to) });
  const A = a.report;
  const B = b.report;
  const an = a.cohort.name;
  const bn = b.cohort.name === an ? `${an} (2)` : b.cohort.name;
  const csv = (id: string) => `/admin/analytics/export.csv?${new URLSearchParams({ cohort: id, from: range.from, to: addDays(range.to, 6) })}`;
  type DomainRow = CohortReport["domains"][number];
  const empty = (d: DomainRow): DomainRow => ({ ...d, learnersWithReport: 0, averageBar: null, weakLearners: 0, weakShare: null, practiceTotal: 0, practiceCorrect: 0, accuracy: null });
  const inB = (d: DomainRow) => B.domains.find((x) => x.domain === d.domain) ?? empty(d);
  const domainPoints = (pick: (d: DomainRow) => number | null) => A.domains.map((d) => ({ label: d.label, a: pick(d), b: pick(inB(d)) }));
  const categories = [...new Set([...A.categories.slice(0, 10), ...B.categories.slice(0, 10)].map((c) => c.category))];
  const catOf = (r: CohortReport, key: string) => r.categories.find((c) => c.category === key);

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/analytics" className="text-brand-700 hover:underline">
          ← Cohort weak domains
        </Link>
      </p>
      <PageHeader
        title="Compare two cohorts"
        description="The same weeks for both cohorts, side by side. Bars are score-report bar lengths (0–100), not percentages."
        actions={
          <>
            <LinkButton href={csv(a.cohort.id)} download>
              CSV: {an}
            </LinkButton>
            <LinkButton href={csv(b.cohort.id)} download>
              CSV: {bn}
            </LinkButton>
          </>
        }
      />
      <FilterForm
        action="/admin/analytics/compare"
        cohorts={[
          { name: "a", label: "Cohort A", value: a.cohort.id },
          { name: "b", label: "Cohort B", value: b.cohort.id },
        ]}
        options={options}
        range={range}
      />

      <ReportSection id="summary-h" title="Summary">
        <DataTable
          caption={`${an} and ${bn} side by side`}
          head={["Measure", an, bn]}
          numeric={[1, 2]}
          rows={[
            ["Learners", A.learners.members, B.learners.members],
            ["Attempts in range", A.attempts.total, B.attempts.total],
            ["Pass rate in range (passes ÷ attempts)", formatShare(A.attempts.passRate), formatShare(B.attempts.passRate)],
            ["Mean attempts to pass", A.attempts.meanAttemptsToPass?.toFixed(2) ?? "—", B.attempts.meanAttemptsToPass?.toFixed(2) ?? "—"],
            ["Practice accuracy", formatShare(practiceAccuracy(A)), formatShare(practiceAccuracy(B))],
            ["Edge share of practice misses", formatShare(A.tiers.edgeShareOfMisses), formatShare(B.tiers.edgeShareOfMisses)],
            ["Passed (now)", A.learners.passed, B.learners.passed],
            ["Waiting on the retake policy (now)", A.learners.waiting, B.learners.waiting],
            ["Eligible to retake (now)", A.learners.eligible, B.learners.eligible],
            ["No attempts yet", A.learners.noAttempts, B.learners.noAttempts],
          ]}
        />
      </ReportSection>

      <ReportSection id="domains-h" title="Domains" description="Each learner's latest score report in the range; practice of the sets submitted in the range.">
        <div className="grid gap-4 lg:grid-cols-3">
          <div>
            <h3 className="text-sm font-medium text-slate-700">Average bar length (0–100)</h3>
            <CompareChart unit="bar" aName={an} bName={bn} points={domainPoints((d) => barNumber(d.averageBar))} />
          </div>
          <div>
            <h3 className="text-sm font-medium text-slate-700">Weak for (share of learners)</h3>
            <CompareChart unit="%" aName={an} bName={bn} points={domainPoints((d) => pctNumber(d.weakShare))} />
          </div>
          <div>
            <h3 className="text-sm font-medium text-slate-700">Practice accuracy</h3>
            <CompareChart unit="%" aName={an} bName={bn} points={domainPoints((d) => pctNumber(d.accuracy))} />
          </div>
        </div>
        <DataTable
          caption="Domains of both cohorts"
          head={["Domain", `Average bar · ${an}`, `Average bar · ${bn}`, `Weak share · ${an}`, `Weak share · ${bn}`, `Accuracy · ${an}`, `Accuracy · ${bn}`]}
          numeric={[1, 2, 3, 4, 5, 6]}
          rows={A.domains.map((d) => {
            const e = inB(d);
            return [d.label, formatBar(d.averageBar), formatBar(e.averageBar), formatShare(d.weakShare), formatShare(e.weakShare), formatShare(d.accuracy), formatShare(e.accuracy)];
          })}
        />
      </ReportSection>

      <ReportSection id="categories-h" title="Most missed categories" description="The ten most missed of either cohort: practice misses first, then how often learners recorded the category after an attempt.">
        <DataTable
          caption="Most missed categories of both cohorts"
          head={["Category", `Practice misses · ${an}`, `Miss rate · ${an}`, `Recorded after attempts · ${an}`, `Practice misses · ${bn}`, `Miss rate · ${bn}`, `Recorded after attempts · ${bn}`]}
          numeric={[1, 2, 3, 4, 5, 6]}
          rows={categories.map((key) => {
            const x = catOf(A, key);
            const y = catOf(B, key);
            return [
              x?.label ?? y?.label ?? key,
              x?.practiceMisses ?? 0,
              formatShare(x?.missRate ?? null),
              x?.examReports ?? 0,
              y?.practiceMisses ?? 0,
              formatShare(y?.missRate ?? null),
              y?.examReports ?? 0,
            ];
          })}
        />
      </ReportSection>

      <div className="grid gap-6 lg:grid-cols-2">
        <ReportSection id="pass-h" title="Attempts to pass" description="Each pass in the range by its number in the learner's history; the chart shows each cohort's share of its passes.">
          <CompareChart unit="%" aName={an} bName={bn} points={A.attempts.attemptsToPass.map((x, i) => ({ label: x.label, a: pctNumber(A.attempts.passes ? x.n / A.attempts.passes : null), b: pctNumber(B.attempts.passes ? B.attempts.attemptsToPass[i]!.n / B.attempts.passes : null) }))} />
          <DataTable
            caption="Passes by attempt number in both cohorts"
            head={["Passed on attempt", an, bn]}
            numeric={[1, 2]}
            rows={A.attempts.attemptsToPass.map((x, i) => [x.label, x.n, B.attempts.attemptsToPass[i]!.n])}
          />
        </ReportSection>
        <ReportSection id="trend-h" title="Practice accuracy by week" description="Weeks run Monday to Sunday (UTC).">
          <CompareChart unit="%" aName={an} bName={bn} points={A.trend.map((t, i) => ({ label: t.week.slice(5), a: pctNumber(t.accuracy), b: pctNumber(B.trend[i]!.accuracy) }))} />
          <DataTable
            caption="Weekly practice accuracy and attempts of both cohorts"
            head={["Week of", `Accuracy · ${an}`, `Accuracy · ${bn}`, `Attempts · ${an}`, `Attempts · ${bn}`]}
            numeric={[1, 2, 3, 4]}
            rows={A.trend.map((t, i) => [t.week, formatShare(t.accuracy), formatShare(B.trend[i]!.accuracy), t.attempts, B.trend[i]!.attempts])}
          />
        </ReportSection>
      </div>
    </>
  );
}
