import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell";
import { HeatStrip } from "@/components/heat-strip";
import { RecommendedDate, readinessHeadline } from "@/components/retake-readiness";
import { EmptyState } from "@/components/ui/empty-state";
import { buttonClass, inputClass } from "@/components/ui/styles";
import { coachDashboardPage, dashboardSearch, parseDashboardQuery, type DashboardPage, type DashboardPageRow } from "@/lib/dal/coach-dashboard";
import { currentExam } from "@/lib/dal/attempts";
import { requireCoach } from "@/lib/dal/guard";
import { AZ104, DOMAIN_SHORT_NAMES } from "@/lib/exam/az104";
import { formatDate } from "@/lib/format";

export const metadata: Metadata = { title: "Learners" };

export default async function CoachHome({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const coach = await requireCoach("/coach");
  const query = parseDashboardQuery(await searchParams);
  const result = await coachDashboardPage(coach, query);
  const { passingScore } = await currentExam();
  const filtered = Boolean(query.q || query.weak || query.within !== null || query.plan);

  return (
    <>
      <PageHeader title="Your learners" description="Who needs attention and why: latest score, score-report bars (weakest first), eligibility and practice." />
      {result.assigned === 0 ? (
        <EmptyState title="No learners assigned yet">
          An admin assigns learners to coaches. Once someone is assigned to you, they appear here with their latest score and eligibility.
        </EmptyState>
      ) : (
        <>
          <form className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3 lg:grid-cols-6" aria-label="Filter learners">
            <div>
              <label htmlFor="q" className="block text-xs font-medium text-slate-600">Name or email</label>
              <input id="q" name="q" type="search" defaultValue={query.q} className={inputClass} />
            </div>
            <div>
              <label htmlFor="weak" className="block text-xs font-medium text-slate-600">Weak domain</label>
              <select id="weak" name="weak" defaultValue={query.weak ?? ""} className={inputClass}>
                <option value="">Any</option>
                {AZ104.domains.map((d) => (
                  <option key={d.key} value={d.key}>{DOMAIN_SHORT_NAMES[d.key]}</option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="within" className="block text-xs font-medium text-slate-600">Eligible within (days)</label>
              <input id="within" name="within" inputMode="numeric" defaultValue={query.within ?? ""} placeholder="any" className={inputClass} />
            </div>
            <div>
              <label htmlFor="plan" className="block text-xs font-medium text-slate-600">Repair plan</label>
              <select id="plan" name="plan" defaultValue={query.plan ?? ""} className={inputClass}>
                <option value="">Any</option>
                <option value="none">No plan</option>
                <option value="waiting">Evidence waiting</option>
              </select>
            </div>
            <div>
              <label htmlFor="sort" className="block text-xs font-medium text-slate-600">Sort by</label>
              <select id="sort" name="sort" defaultValue={query.sort} className={inputClass}>
                <option value="name">Name</option>
                <option value="eligible">Eligible soonest</option>
                <option value="score">Lowest latest score</option>
              </select>
            </div>
            <div className="flex items-end gap-2">
              <button type="submit" className={`${buttonClass.secondary} flex-1`}>Apply</button>
              <Link href="/coach" className={`${buttonClass.link} text-sm`}>Clear</Link>
            </div>
          </form>
          {result.total === 0 ? (
            <EmptyState title="No learner matches these filters">Clear a filter to see more learners.</EmptyState>
          ) : (
            <>
              <p className="mb-2 text-sm text-slate-600" data-testid="dashboard-range">
                Showing {result.from}–{result.to} of {result.total}
                {filtered ? ` matching (${result.assigned} assigned)` : ""}
              </p>
              <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
                <table className="min-w-full divide-y divide-slate-200 text-sm [&_td]:px-4 [&_td]:py-2 [&_td]:align-top [&_th]:px-4 [&_th]:py-3 [&_small]:block [&_small]:text-xs [&_small]:text-slate-500">
                  <caption className="sr-only">Learners assigned to you, {result.from} to {result.to} of {result.total}</caption>
                  <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
                    <tr>
                      <th scope="col">Learner</th>
                      <th scope="col">Latest score</th>
                      <th scope="col">Bars (weakest first)</th>
                      <th scope="col">Eligible</th>
                      <th scope="col">Readiness</th>
                      <th scope="col">Recommended</th>
                      <th scope="col">Last practice</th>
                      <th scope="col">Repair plan</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {result.rows.map((r) => (
                      <LearnerRow key={r.id} r={r} timeZone={coach.timeZone} passingScore={passingScore} />
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager result={result} />
            </>
          )}
        </>
      )}
    </>
  );
}

/** One learner: plain cells, secondary lines as <small> styled from the table. */
function LearnerRow({ r, timeZone, passingScore }: { r: DashboardPageRow; timeZone: string; passingScore: number }) {
  const latest = r.overview.latest;
  const d = r.overview.decision;
  const passed = latest?.score != null && latest.score >= passingScore;
  return (
    <tr>
      <td>
        <Link href={`/coach/learners/${r.id}`} className="font-semibold text-brand-700 hover:underline">{r.name}</Link>
        <small>{r.cohort ?? "no cohort"}</small>
      </td>
      <td className={`tabular-nums ${passed ? "text-emerald-700" : ""}`}>
        {latest ? (
          <>
            {latest.score ?? (latest.outcome === "no-show" ? "no-show" : "—")}
            {latest.score !== null && <small>pass {passingScore}</small>}
          </>
        ) : (
          <small>no attempts</small>
        )}
      </td>
      <td><HeatStrip readings={r.bars} weak={r.weak} /></td>
      <td>
        {d.allowed ? (
          <strong className="text-emerald-700">now</strong>
        ) : d.earliestAt ? (
          <>
            {formatDate(d.earliestAt, timeZone)}
            <small>{r.overview.reason}</small>
          </>
        ) : (
          "passed"
        )}
      </td>
      <td data-testid={`readiness-${r.id}`} className={r.readiness.ready ? "font-semibold text-emerald-700" : r.readiness.state === "core-gaps" ? "text-amber-800" : ""}>
        {readinessHeadline(r.readiness)}
        {!r.readiness.ready && r.readiness.streak > 0 && <small>{r.readiness.streak} qualifying set in a row at mostly edge</small>}
      </td>
      <td className="max-w-xs">
        <RecommendedDate recommended={r.recommended} compact testId={`recommended-${r.id}`} />
      </td>
      <td className="tabular-nums">
        {r.lastPractice ? (
          <>
            {r.lastPractice.correct}/{r.lastPractice.size}
            <small>misses: {r.lastPractice.coreMisses} core · {r.lastPractice.edgeMisses} edge</small>
          </>
        ) : (
          <small>none yet</small>
        )}
      </td>
      <td>
        {r.plan ? (
          <Link href={`/coach/learners/${r.id}/plan`} className="hover:underline">
            {r.plan.status === "draft" ? <strong className="text-amber-800">draft</strong> : <span className="tabular-nums">{r.plan.pct} % ({r.plan.done}/{r.plan.total})</span>}
            {r.plan.waiting > 0 && <small className="font-semibold text-amber-800!">{r.plan.waiting} evidence waiting</small>}
            {r.plan.hasDraft && <small>new draft</small>}
          </Link>
        ) : (
          <small>no plan</small>
        )}
      </td>
    </tr>
  );
}

/** Page numbers around the current one, with the first and last; null marks a gap. */
function pageList(page: number, count: number): (number | null)[] {
  const out: (number | null)[] = [];
  for (let p = 1; p <= count; p++) {
    if (p === 1 || p === count || Math.abs(p - page) <= 2) out.push(p);
    else if (out.at(-1) !== null) out.push(null);
  }
  return out;
}

function Pager({ result }: { result: DashboardPage }) {
  if (result.pageCount <= 1) return null;
  const { page, pageCount, query } = result;
  const link = "inline-flex min-w-9 items-center justify-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600";
  return (
    <nav aria-label="Pages of learners" className="mt-4">
      <ul className="flex flex-wrap items-center gap-1">
        <li>
          {page > 1 ? (
            <Link href={`/coach${dashboardSearch(query, page - 1)}`} className={link} rel="prev">Previous<span className="sr-only"> page</span></Link>
          ) : (
            <span className={`${link} text-slate-400`} aria-disabled="true">Previous<span className="sr-only"> page</span></span>
          )}
        </li>
        {pageList(page, pageCount).map((p, i) =>
          p === null ? (
            <li key={`gap-${i}`} aria-hidden className="px-1 text-slate-500">…</li>
          ) : (
            <li key={p}>
              <Link
                href={`/coach${dashboardSearch(query, p)}`}
                aria-current={p === page ? "page" : undefined}
                className={`${link} ${p === page ? "border-brand-700 bg-brand-700 font-semibold text-white hover:bg-brand-700" : ""}`}
              >
                <span className="sr-only">Page </span>{p}
              </Link>
            </li>
          ),
        )}
        <li>
          {page < pageCount ? (
            <Link href={`/coach${dashboardSearch(query, page + 1)}`} className={link} rel="next">Next<span className="sr-only"> page</span></Link>
          ) : (
            <span className={`${link} text-slate-400`} aria-disabled="true">Next<span className="sr-only"> page</span></span>
          )}
        </li>
      </ul>
    </nav>
  );
}
