import "server-only";
import { asc, sql } from "drizzle-orm";
import { getDb, type Db } from "@/db/client";
import { ALL_LEARNERS_COHORT_ID, cohorts } from "@/db/schema";
import { cohortFiguresFromRollups } from "@/lib/analytics/server/queries";
import { queryRowsPrepared } from "@/lib/analytics/server/sql";
import { buildCohortReport, type CohortFigures, type CohortReport } from "@/lib/analytics/report";
import { addDays, resolveWeekRange, utcDay, type WeekRange } from "@/lib/analytics/weeks";
import { cached, cacheTags } from "@/lib/cache/server/read-cache";
import { isUuid } from "@/lib/validation/ids";
import { cachedExam } from "./exam";
import type { Admin } from "./guard";

export { ALL_LEARNERS_COHORT_ID };

export interface CohortOption {
  id: string;
  name: string;
  archived: boolean;
}

export interface CohortReportView {
  cohort: CohortOption;
  report: CohortReport;
}

// Admins only: each function takes an Admin (requireAdmin, or hasRole in the CSV route), so the
// role is checked per request before anything here runs, cached or not: the cached values are
// the same for every admin, and nobody else reaches them.

export const ALL_LEARNERS_OPTION: CohortOption = { id: ALL_LEARNERS_COHORT_ID, name: "All learners", archived: false };

/** The cohorts to choose from, "all learners" first (a copy: cached values are frozen). */
async function cohortOptions(db: Db): Promise<CohortOption[]> {
  const rows = await db
    .select({ id: cohorts.id, name: cohorts.name, archived: cohorts.archived })
    .from(cohorts)
    .orderBy(asc(cohorts.archived), asc(sql`lower(${cohorts.name})`));
  return [{ ...ALL_LEARNERS_OPTION }, ...rows];
}

/** A cohort id from the query string: a known cohort, or all learners. */
function choose(options: readonly CohortOption[], requested: string | undefined): CohortOption {
  if (isUuid(requested)) {
    const found = options.find((o) => o.id === requested.toLowerCase());
    if (found) return found;
  }
  return options.find((o) => o.id === ALL_LEARNERS_COHORT_ID) ?? ALL_LEARNERS_OPTION;
}

/** How a requested cohort id goes into a cache key: what choose() can tell apart. */
const keyOf = (requested: string | undefined) => (isUuid(requested) ? requested.toLowerCase() : "all");

/**
 * One cohort's figures as cached. The figures depend on "now" only through `waiting` (latest
 * attempt failed and the retake policy's earliest next attempt still ahead), which the rollup
 * query counts as: learners whose eligible day is after today (cohort_eligible_days, by UTC day)
 * plus learners whose eligible_at falls later today, after the instant. So the entry is computed
 * for the start of the UTC day (`dayStart`, part of the key) and keeps, as data, the eligible_at
 * instants of the learners counted in the second part (eligible later today); each request then
 * subtracts those already reached: waiting(now) = waiting(dayStart) − #{dayStart < t ≤ now}.
 * Nothing derived from the request's clock is stored; the next UTC day is another key.
 */
interface CohortSlice {
  cohort: CohortOption;
  figures: CohortFigures;
  /** Epoch ms of the eligible_at instants counted as waiting at dayStart that fall before tomorrow. */
  eligibleLaterToday: number[];
}

/**
 * The instants behind the second part of the rollup query's `waiting` (lib/analytics/server/
 * queries.ts, cohortFiguresFromRollups: learner_exam_stats, latest outcome fail or no-show,
 * eligible_at in (now, tomorrow), member of the cohort), for now = dayStart. The test
 * (lib/dal/cache-figures-bank.int.test.ts) checks the result against that query at several instants.
 */
async function eligibleLaterToday(db: Db, examId: string, cohortId: string, dayStart: Date, tomorrow: string): Promise<number[]> {
  const memberOf =
    cohortId === ALL_LEARNERS_COHORT_ID
      ? sql`true`
      : sql`exists (select 1 from cohort_members m where m.cohort_id = ${cohortId}::uuid and m.learner_id = s.learner_id)`;
  const rows = await queryRowsPrepared<{ ms: number | string }>(
    db,
    sql`select (extract(epoch from s.eligible_at) * 1000)::float8 as ms from learner_exam_stats s
        where s.exam_id = ${examId}::uuid and s.eligible_at > ${dayStart.toISOString()}::timestamptz
          and s.eligible_at < ${tomorrow}::timestamptz and s.latest_outcome in ('fail', 'no-show') and ${memberOf}`,
  );
  return rows.map((r) => Number(r.ms));
}

/**
 * The options and the chosen cohorts' figures over a resolved range, cached. The key holds all
 * they depend on: the exam, the requested cohort ids (`keyParts`, as choose() tells them apart), the range (already
 * resolved from "now" per request, outside) and the UTC day (see CohortSlice).
 * Tags: "cohort-figures" covers every table read here: the rollup tables (learner_exam_stats,
 * cohort_*), cohorts (the options, and cohort names) and cohort_members (membership in the
 * "waiting" query); "bank" covers questions, whose current domain, category and tier the practice
 * figures are grouped by (an edit in the bank moves a question's practice to another category).
 */
async function figures(db: Db, examId: string, keyParts: readonly string[], pick: (options: readonly CohortOption[]) => CohortOption[], range: WeekRange, now: Date) {
  const day = utcDay(now);
  const dayStart = new Date(`${day}T00:00:00.000Z`);
  const tomorrow = addDays(day, 1);
  const key = `cohort-figures:${examId}:${keyParts.join(",")}:${range.from}:${range.to}:${day}`;
  const value = await cached(db, key, [cacheTags.cohortFigures, cacheTags.bank], async () => {
    const options = await cohortOptions(db);
    const slices: CohortSlice[] = [];
    for (const cohort of pick(options)) {
      const [f, later] = await Promise.all([
        cohortFiguresFromRollups(db, { examId, cohortId: cohort.id, range, now: dayStart }),
        eligibleLaterToday(db, examId, cohort.id, dayStart, tomorrow),
      ]);
      slices.push({ cohort, figures: f, eligibleLaterToday: later });
    }
    return { options, slices };
  });
  // Per request: the waiting count at this instant, and the report built from it (pure).
  const at = now.getTime();
  const views = value.slices.map((s): CohortReportView => {
    const reached = s.eligibleLaterToday.filter((t) => t <= at).length;
    const f = { ...s.figures, waiting: s.figures.waiting - reached };
    return { cohort: s.cohort, report: buildCohortReport(f, range, s.cohort.id === ALL_LEARNERS_COHORT_ID) };
  });
  return { options: value.options, views };
}

export interface AnalyticsParams {
  cohort?: string;
  from?: string;
  to?: string;
}

/** The weak-domain report of one cohort (or all learners) over whole UTC weeks, from the rollups. */
export async function cohortAnalytics(_admin: Admin, params: AnalyticsParams, now = new Date()) {
  const db = await getDb();
  const exam = await cachedExam(db);
  const range = resolveWeekRange(params, now);
  const { options, views } = await figures(db, exam.id, [keyOf(params.cohort)], (o) => [choose(o, params.cohort)], range, now);
  return { options, range, view: views[0]! satisfies CohortReportView };
}

/** Two cohorts over the same weeks, side by side. */
export async function cohortComparison(_admin: Admin, params: { a?: string; b?: string; from?: string; to?: string }, now = new Date()) {
  const db = await getDb();
  const exam = await cachedExam(db);
  const range = resolveWeekRange(params, now);
  // No b: the first other option, which depends on the options, so the key says "default".
  const { options, views } = await figures(
    db,
    exam.id,
    [keyOf(params.a), params.b ? keyOf(params.b) : "default"],
    (o) => {
      const a = choose(o, params.a);
      const b = params.b ? choose(o, params.b) : (o.find((x) => x.id !== a.id) ?? a);
      return [a, b];
    },
    range,
    now,
  );
  return { options, range, a: views[0]! satisfies CohortReportView, b: views[1]! satisfies CohortReportView };
}
