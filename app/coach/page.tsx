import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell";
import { HeatStrip } from "@/components/heat-strip";
import { RecommendedDate, readinessHeadline } from "@/components/retake-readiness";
import { EmptyState } from "@/components/ui/empty-state";
import { buttonClass, inputClass } from "@/components/ui/styles";
import { coachDashboard, type DashboardRow } from "@/lib/dal/coach";
import { planSummariesForCoach } from "@/lib/dal/plans";
import { requireCoach } from "@/lib/dal/guard";
import { AZ104, DOMAIN_SHORT_NAMES, DOMAIN_KEYS, type DomainKey } from "@/lib/exam/az104";
import { formatDate } from "@/lib/format";
import { weakDomains } from "@/lib/policy/advice";

export const metadata: Metadata = { title: "Learners" };

type Search = { weak?: string; within?: string; sort?: string; plan?: string };
const DAY = 86_400_000;

function latestBars(r: DashboardRow) {
  const withBars = [...r.overview.history].reverse().find((a) => a.readings.length);
  return withBars?.readings ?? [];
}

export default async function CoachHome({ searchParams }: { searchParams: Promise<Search> }) {
  const coach = await requireCoach("/coach");
  const sp = await searchParams;
  const now = new Date();
  const [rows, plans] = await Promise.all([coachDashboard(coach, now), planSummariesForCoach(coach)]);
  const weakFilter = DOMAIN_KEYS.includes(sp.weak as DomainKey) ? (sp.weak as DomainKey) : null;
  const within = sp.within && /^\d{1,3}$/.test(sp.within) ? Number(sp.within) : null;
  const sort = sp.sort === "eligible" || sp.sort === "score" ? sp.sort : "name";
  const planFilter = sp.plan === "none" || sp.plan === "waiting" ? sp.plan : null;

  const enriched = rows.map((r) => {
    const bars = latestBars(r);
    const weak = r.overview.advice?.weakDomains ?? weakDomains(bars);
    const eligibleAt = r.overview.decision.allowed ? now : r.overview.decision.earliestAt;
    return { ...r, bars, weak, eligibleAt, plan: plans.get(r.id) ?? null };
  });
  const filtered = enriched.filter(
    (r) =>
      (!weakFilter || r.weak.includes(weakFilter)) &&
      (within === null || (r.eligibleAt !== null && r.eligibleAt.getTime() <= now.getTime() + within * DAY)) &&
      (planFilter === null || (planFilter === "none" ? r.plan === null : (r.plan?.waiting ?? 0) > 0)),
  );
  filtered.sort((a, b) =>
    sort === "eligible"
      ? (a.eligibleAt?.getTime() ?? Infinity) - (b.eligibleAt?.getTime() ?? Infinity)
      : sort === "score"
        ? (a.overview.latest?.score ?? 9999) - (b.overview.latest?.score ?? 9999)
        : a.name.localeCompare(b.name),
  );

  return (
    <>
      <PageHeader title="Your learners" description="Who needs attention and why: latest score, score-report bars (weakest first), eligibility and practice." />
      {rows.length === 0 ? (
        <EmptyState title="No learners assigned yet">
          An admin assigns learners to coaches. Once someone is assigned to you, they appear here with their latest score and eligibility.
        </EmptyState>
      ) : (
        <>
          <form className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-5" aria-label="Filter learners">
            <div>
              <label htmlFor="weak" className="block text-xs font-medium text-slate-600">Weak domain</label>
              <select id="weak" name="weak" defaultValue={weakFilter ?? ""} className={inputClass}>
                <option value="">Any</option>
                {AZ104.domains.map((d) => (
                  <option key={d.key} value={d.key}>{DOMAIN_SHORT_NAMES[d.key]}</option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="within" className="block text-xs font-medium text-slate-600">Eligible within (days)</label>
              <input id="within" name="within" inputMode="numeric" defaultValue={within ?? ""} placeholder="any" className={inputClass} />
            </div>
            <div>
              <label htmlFor="plan" className="block text-xs font-medium text-slate-600">Repair plan</label>
              <select id="plan" name="plan" defaultValue={planFilter ?? ""} className={inputClass}>
                <option value="">Any</option>
                <option value="none">No plan</option>
                <option value="waiting">Evidence waiting</option>
              </select>
            </div>
            <div>
              <label htmlFor="sort" className="block text-xs font-medium text-slate-600">Sort by</label>
              <select id="sort" name="sort" defaultValue={sort} className={inputClass}>
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
          {filtered.length === 0 ? (
            <EmptyState title="No learner matches these filters">Clear a filter to see more learners.</EmptyState>
          ) : (
            <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
              <table className="min-w-full divide-y divide-slate-200 text-sm">
                <caption className="sr-only">Learners assigned to you</caption>
                <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
                  <tr>
                    <th scope="col" className="px-4 py-3">Learner</th>
                    <th scope="col" className="px-4 py-3">Latest score</th>
                    <th scope="col" className="px-4 py-3">Bars (weakest first)</th>
                    <th scope="col" className="px-4 py-3">Eligible</th>
                    <th scope="col" className="px-4 py-3">Readiness</th>
                    <th scope="col" className="px-4 py-3">Recommended</th>
                    <th scope="col" className="px-4 py-3">Last practice</th>
                    <th scope="col" className="px-4 py-3">Repair plan</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {filtered.map((r) => {
                    const latest = r.overview.latest;
                    const d = r.overview.decision;
                    return (
                      <tr key={r.id}>
                        <td className="px-4 py-3">
                          <Link href={`/coach/learners/${r.id}`} className="font-semibold text-brand-700 hover:underline">{r.name}</Link>
                          <div className="text-xs text-slate-500">{r.cohort ?? "no cohort"}</div>
                        </td>
                        <td className="px-4 py-3 tabular-nums">
                          {latest ? (
                            <span className={latest.score !== null && latest.score >= AZ104.passingScore ? "text-emerald-700" : "text-slate-900"}>
                              {latest.score ?? (latest.outcome === "no-show" ? "no-show" : "—")}
                              {latest.score !== null && <span className="text-xs text-slate-500"> / pass {AZ104.passingScore}</span>}
                            </span>
                          ) : (
                            <span className="text-slate-500">no attempts</span>
                          )}
                        </td>
                        <td className="px-4 py-3"><HeatStrip readings={r.bars} weak={r.weak} /></td>
                        <td className="px-4 py-3">
                          {d.allowed ? (
                            <span className="font-semibold text-emerald-700">now</span>
                          ) : d.earliestAt ? (
                            <span>
                              {formatDate(d.earliestAt, coach.timeZone)}
                              <span className="block text-xs text-slate-500">{r.overview.reason}</span>
                            </span>
                          ) : (
                            <span className="text-slate-600">passed</span>
                          )}
                        </td>
                        <td className="px-4 py-3" data-testid={`readiness-${r.id}`}>
                          <span className={r.readiness.ready ? "font-semibold text-emerald-700" : r.readiness.state === "core-gaps" ? "text-amber-800" : "text-slate-700"}>
                            {readinessHeadline(r.readiness)}
                          </span>
                          {!r.readiness.ready && r.readiness.streak > 0 && (
                            <span className="block text-xs text-slate-500">{r.readiness.streak} qualifying set in a row at mostly edge</span>
                          )}
                        </td>
                        <td className="max-w-xs px-4 py-3">
                          <RecommendedDate recommended={r.recommended} compact testId={`recommended-${r.id}`} />
                        </td>
                        <td className="px-4 py-3">
                          {r.lastPractice ? (
                            <span className="tabular-nums">
                              {r.lastPractice.correct}/{r.lastPractice.size}
                              <span className="block text-xs text-slate-500">
                                misses: {r.lastPractice.coreMisses} core · {r.lastPractice.edgeMisses} edge
                              </span>
                            </span>
                          ) : (
                            <span className="text-slate-500">none yet</span>
                          )}
                        </td>
                        <td className="px-4 py-3">
                          {r.plan ? (
                            <Link href={`/coach/learners/${r.id}/plan`} className="hover:underline">
                              {r.plan.status === "draft" ? (
                                <span className="font-medium text-amber-800">draft</span>
                              ) : (
                                <span className="tabular-nums">{r.plan.pct} % ({r.plan.done}/{r.plan.total})</span>
                              )}
                              {r.plan.waiting > 0 && (
                                <span className="block text-xs font-semibold text-amber-800">{r.plan.waiting} evidence waiting</span>
                              )}
                              {r.plan.hasDraft && <span className="block text-xs text-slate-500">new draft</span>}
                            </Link>
                          ) : (
                            <span className="text-slate-500">no plan</span>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </>
  );
}
