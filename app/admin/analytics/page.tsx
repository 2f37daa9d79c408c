import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell";
import {
  CountsChart,
  DomainBarLengthChart,
  DomainShareChart,
  MissedCategoriesChart,
  TrendAttemptsChart,
  TrendShareChart,
} from "@/components/cohort-charts";
import { EmptyState } from "@/components/ui/empty-state";
import { formatBar, formatShare } from "@/lib/analytics/report";
import { addDays } from "@/lib/analytics/weeks";
import { ALL_LEARNERS_COHORT_ID, cohortAnalytics } from "@/lib/dal/analytics";
import { requireAdmin } from "@/lib/dal/guard";
import { QUESTION_TIERS } from "@/lib/enums";
import { DataTable } from "@/components/ui";
import { FilterForm, LinkButton, ReportSection, StatList, barNumber, pctNumber } from "./parts";

export const metadata: Metadata = { title: "Cohort weak domains" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function CohortAnalyticsPage({ searchParams }: { searchParams: SearchParams }) {
  const admin = await requireAdmin("/admin/analytics");
  const sp = await searchParams;
  const { options, range, view } = await cohortAnalytics(admin, { cohort: one(sp.cohort), from: one(sp.from), to: one(sp.to) });
  const { report: r, cohort } = view;
  const query = new URLSearchParams({ cohort: cohort.id, from: range.from, to: addDays(range.to, 6) }).toString();
  const other = options.find((o) => o.id !== cohort.id && o.id !== ALL_LEARNERS_COHORT_ID) ?? options.find((o) => o.id !== cohort.id);
  const compareHref = `/admin/analytics/compare?${new URLSearchParams({ a: cohort.id, b: other?.id ?? cohort.id, from: range.from, to: addDays(range.to, 6) })}`;
  const l = r.learners;
  const domainPoints = r.domains.map((d) => ({ label: d.label, averageBar: barNumber(d.averageBar), weakPct: pctNumber(d.weakShare), accuracyPct: pctNumber(d.accuracy) }));
  const topCategories = r.categories.slice(0, 10);
  const trendPoints = r.trend.map((t) => ({
    week: t.week.slice(5),
    accuracyPct: pctNumber(t.accuracy),
    weakPct: pctNumber(t.weakShare),
    averageBar: barNumber(t.averageBar),
    attempts: t.attempts,
    passes: t.passes,
  }));

  return (
    <>
      <PageHeader
        title="Cohort weak domains"
        description={
          <>
            Where a cohort&apos;s learners are weak, how practice goes and how retakes turn out. Bars are the score
            report&apos;s bar lengths (0–100): a relative strength, never a percentage of questions.
          </>
        }
        actions={
          <>
            <LinkButton href={`/admin/analytics/export.csv?${query}`} download>
              Download CSV
            </LinkButton>
            <LinkButton href={compareHref}>Compare two cohorts</LinkButton>
          </>
        }
      />
      <FilterForm action="/admin/analytics" cohorts={[{ name: "cohort", label: "Cohort", value: cohort.id }]} options={options} range={range} />

      <h2 className="sr-only">Summary for {cohort.name}</h2>
      <StatList
        stats={[
          { label: cohort.id === ALL_LEARNERS_COHORT_ID ? "Learners with activity" : "Learners", value: l.members },
          { label: "Attempts in range", value: r.attempts.total },
          { label: "Pass rate in range", value: formatShare(r.attempts.passRate), hint: "passes ÷ attempts" },
          { label: "Mean attempts to pass", value: r.attempts.meanAttemptsToPass === null ? "—" : r.attempts.meanAttemptsToPass.toFixed(2) },
          { label: "Waiting on the retake policy", value: l.waiting, hint: "now" },
          { label: "Eligible to retake", value: l.eligible, hint: "now" },
        ]}
      />

      {l.members === 0 ? (
        <EmptyState title="No learners to analyse">
          {cohort.id === ALL_LEARNERS_COHORT_ID
            ? "No learner has recorded an attempt or submitted a practice set yet."
            : "This cohort has no members yet: add learners on the cohort's page."}
        </EmptyState>
      ) : (
        <>
          <ReportSection
            id="domains-h"
            title="Domains"
            description="For each learner, the latest score report in the range. Weak follows the advice rule: a bar under 60, or 15 or more under the learner's own average bar. Practice: every question of the sets submitted in the range (unanswered counts as a miss)."
          >
            <div className="grid gap-4 lg:grid-cols-2">
              <div>
                <h3 className="text-sm font-medium text-slate-700">Average bar length (0–100)</h3>
                <DomainBarLengthChart points={domainPoints} />
              </div>
              <div>
                <h3 className="text-sm font-medium text-slate-700">Weak for (share of learners) and practice accuracy</h3>
                <DomainShareChart points={domainPoints} />
              </div>
            </div>
            <DataTable
              caption={`Domains of ${cohort.name}`}
              head={["Domain", "Learners with a report", "Average bar (0–100)", "Weak for", "Weak share", "Practice questions", "Practice accuracy"]}
              numeric={[1, 2, 3, 4, 5, 6]}
              rows={r.domains.map((d) => [
                d.label,
                d.learnersWithReport,
                formatBar(d.averageBar),
                d.weakLearners,
                formatShare(d.weakShare),
                d.practiceTotal,
                formatShare(d.accuracy),
              ])}
            />
          </ReportSection>

          <ReportSection id="categories-h" title="Most missed categories" description="Practice misses by the question's category, and how often learners recorded the category after an attempt in the range.">
            {topCategories.length === 0 ? (
              <p className="text-sm text-slate-600">No misses in this range.</p>
            ) : (
              <>
                <MissedCategoriesChart points={topCategories.map((c) => ({ label: c.label, misses: c.practiceMisses, reports: c.examReports }))} />
                <DataTable
                  caption={`Most missed categories of ${cohort.name}`}
                  head={["Category", "Practice misses", "Practice questions", "Miss rate", "Recorded after attempts"]}
                  numeric={[1, 2, 3, 4]}
                  rows={r.categories.map((c) => [c.label, c.practiceMisses, c.practiceTotal, formatShare(c.missRate), c.examReports])}
                />
              </>
            )}
          </ReportSection>

          <div className="grid gap-6 lg:grid-cols-2">
            <ReportSection id="tiers-h" title="Core vs edge misses" description="Repeat until misses are mostly edge cases rather than core workflows.">
              <CountsChart name="Practice misses" points={[{ label: "Core", n: r.tiers.core.misses }, { label: "Edge", n: r.tiers.edge.misses }]} />
              <DataTable
                caption="Practice misses by tier"
                head={["Tier", "Misses", "Questions", "Share of misses"]}
                numeric={[1, 2, 3]}
                rows={QUESTION_TIERS.map((t) => {
                  const all = r.tiers.core.misses + r.tiers.edge.misses;
                  return [t === "core" ? "Core" : "Edge", r.tiers[t].misses, r.tiers[t].total, formatShare(all ? r.tiers[t].misses / all : null)];
                })}
              />
            </ReportSection>
            <ReportSection id="status-h" title="Retake status now" description="Waiting: the latest attempt did not pass and the retake policy's wait has not ended. Eligible: it has.">
              <CountsChart
                name="Learners"
                color="violet"
                points={[
                  { label: "Passed", n: l.passed },
                  { label: "Waiting", n: l.waiting },
                  { label: "Eligible", n: l.eligible },
                  { label: "No attempts", n: l.noAttempts },
                ]}
              />
              <DataTable
                caption="Retake status of the learners now"
                head={["Status", "Learners"]}
                numeric={[1]}
                rows={[
                  ["Passed", l.passed],
                  ["Waiting on the retake policy", l.waiting],
                  ["Eligible to retake", l.eligible],
                  ["No attempts yet", l.noAttempts],
                ]}
              />
            </ReportSection>
          </div>

          <ReportSection
            id="attempts-h"
            title="Passes and attempts to pass"
            description={`${r.attempts.total} attempts in the range: ${r.attempts.passes} passed, ${r.attempts.fails} failed, ${r.attempts.noShows} no-shows (a no-show counts as an attempt). Attempts to pass: each pass's number in the learner's history.`}
          >
            <CountsChart name="Passes" color="green" points={r.attempts.attemptsToPass.map((b) => ({ label: `Attempt ${b.label}`, n: b.n }))} />
            <DataTable
              caption="Passes by attempt number"
              head={["Passed on attempt", "Passes"]}
              numeric={[1]}
              rows={r.attempts.attemptsToPass.map((b) => [b.label, b.n])}
            />
          </ReportSection>

          <ReportSection id="trend-h" title="Trend by week" description="Weeks run Monday to Sunday (UTC). Average bar and weak share use each learner's latest report of that week.">
            <div className="grid gap-4 lg:grid-cols-2">
              <div>
                <h3 className="text-sm font-medium text-slate-700">Practice accuracy and weak share</h3>
                <TrendShareChart points={trendPoints} />
              </div>
              <div>
                <h3 className="text-sm font-medium text-slate-700">Attempts and passes</h3>
                <TrendAttemptsChart points={trendPoints} />
              </div>
            </div>
            <DataTable
              caption={`Weekly trend of ${cohort.name}`}
              head={["Week of", "Attempts", "Passes", "Practice questions", "Practice accuracy", "Average bar (0–100)", "Weak share"]}
              numeric={[1, 2, 3, 4, 5, 6]}
              rows={r.trend.map((t) => [t.week, t.attempts, t.passes, t.practiceTotal, formatShare(t.accuracy), formatBar(t.averageBar), formatShare(t.weakShare)])}
            />
          </ReportSection>
        </>
      )}
    </>
  );
}
