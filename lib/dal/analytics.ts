import "server-only";
import { asc, sql } from "drizzle-orm";
import { getDb, type Db } from "@/db/client";
import { ALL_LEARNERS_COHORT_ID, cohorts } from "@/db/schema";
import { cohortFiguresFromRollups } from "@/lib/analytics/server/queries";
import { buildCohortReport, type CohortReport } from "@/lib/analytics/report";
import { resolveWeekRange, type WeekRange } from "@/lib/analytics/weeks";
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

// Admins only: each function takes an Admin (requireAdmin, or hasRole in the CSV route).

export const ALL_LEARNERS_OPTION: CohortOption = { id: ALL_LEARNERS_COHORT_ID, name: "All learners", archived: false };

async function cohortOptions(db: Db): Promise<CohortOption[]> {
  const rows = await db
    .select({ id: cohorts.id, name: cohorts.name, archived: cohorts.archived })
    .from(cohorts)
    .orderBy(asc(cohorts.archived), asc(sql`lower(${cohorts.name})`));
  return [ALL_LEARNERS_OPTION, ...rows];
}

/** A cohort id from the query string: a known cohort, or all learners. */
function choose(options: CohortOption[], requested: string | undefined): CohortOption {
  if (isUuid(requested)) {
    const found = options.find((o) => o.id === requested.toLowerCase());
    if (found) return found;
  }
  return ALL_LEARNERS_OPTION;
}

async function reportFor(db: Db, examId: string, cohort: CohortOption, range: WeekRange, now: Date): Promise<CohortReport> {
  const figures = await cohortFiguresFromRollups(db, { examId, cohortId: cohort.id, range, now });
  return buildCohortReport(figures, range, cohort.id === ALL_LEARNERS_COHORT_ID);
}

export interface AnalyticsParams {
  cohort?: string;
  from?: string;
  to?: string;
}

/** The weak-domain report of one cohort (or all learners) over whole UTC weeks, from the rollups. */
export async function cohortAnalytics(_admin: Admin, params: AnalyticsParams, now = new Date()) {
  const db = await getDb();
  const [exam, options] = await Promise.all([cachedExam(db), cohortOptions(db)]);
  const cohort = choose(options, params.cohort);
  const range = resolveWeekRange(params, now);
  return { options, range, view: { cohort, report: await reportFor(db, exam.id, cohort, range, now) } satisfies CohortReportView };
}

/** Two cohorts over the same weeks, side by side. */
export async function cohortComparison(_admin: Admin, params: { a?: string; b?: string; from?: string; to?: string }, now = new Date()) {
  const db = await getDb();
  const [exam, options] = await Promise.all([cachedExam(db), cohortOptions(db)]);
  const a = choose(options, params.a);
  const b = params.b ? choose(options, params.b) : (options.find((o) => o.id !== a.id) ?? a);
  const range = resolveWeekRange(params, now);
  const [ra, rb] = await Promise.all([reportFor(db, exam.id, a, range, now), reportFor(db, exam.id, b, range, now)]);
  return { options, range, a: { cohort: a, report: ra } satisfies CohortReportView, b: { cohort: b, report: rb } satisfies CohortReportView };
}
