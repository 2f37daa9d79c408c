/**
 * The cohort page's figures, two ways: from the rollups (what the page uses: a bounded number of
 * week rows per cohort, however much raw data exists) and directly from the raw rows (the
 * reference that the agreement test and the scale benchmark compare against). Both return the
 * same CohortFigures for the same cohort, range and instant.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ALL_LEARNERS_COHORT_ID } from "@/db/schema";
import { examPolicy } from "@/lib/exam/server/exams";
import { evaluateRetake, type AttemptOutcome } from "@/lib/policy/retake";
import type { QuestionTier } from "@/lib/enums";
import { compareAttempts } from "../derive";
import type { CohortFigures, Outcome } from "../report";
import { knownDomainsSql, weakBarSql } from "./rollups";
import { queryRowsPrepared as queryRows, weekOf } from "./sql";
import { addDays, rangeEndInstant, rangeStartInstant, utcDay, type WeekRange } from "../weeks";

export interface FigureQuery {
  examId: string;
  /** A cohort id, or ALL_LEARNERS_COHORT_ID. */
  cohortId: string;
  range: WeekRange;
  /** "Now" for waiting vs eligible. */
  now: Date;
  /** Run the queries one after the other (inside a transaction, or to time them separately). */
  sequential?: boolean;
}

interface ReportRow {
  week: string | null;
  domain: string;
  gw: number;
  range_learners: number | null;
  range_bar_sum: number | null;
  range_weak: number | null;
  learners: number;
  bar_sum: number;
  weak: number;
}
interface PracticeRow {
  domain: string;
  category: string | null;
  tier: QuestionTier | null;
  week: string | null;
  total: number;
  correct: number;
  gw: number;
}
interface AttemptRow {
  week: string | null;
  attempt_no: number | null;
  outcome: Outcome;
  n: number;
  gw: number;
}
interface CountsRow {
  members: number;
  active: number;
  attempted: number;
  passed: number;
  non_pass: number;
  waiting: number;
}

const num = (v: unknown) => Number(v ?? 0);

async function runAll<T extends readonly (() => Promise<unknown>)[]>(tasks: T, sequential: boolean | undefined): Promise<{ [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  if (!sequential) return (await Promise.all(tasks.map((t) => t()))) as never;
  const out: unknown[] = [];
  for (const t of tasks) out.push(await t());
  return out as never;
}

function assemble(
  reports: ReportRow[],
  practice: PracticeRow[],
  attempts: AttemptRow[],
  categories: { category: string; n: number }[],
  counts: Omit<CountsRow, "waiting"> & { waiting: number },
): CohortFigures {
  return {
    members: num(counts.members),
    active: num(counts.active),
    attempted: num(counts.attempted),
    passed: num(counts.passed),
    nonPass: num(counts.non_pass),
    waiting: num(counts.waiting),
    domains: reports
      .filter((r) => num(r.gw) === 1)
      .map((r) => ({ domain: r.domain, learners: num(r.range_learners), barSum: num(r.range_bar_sum), weak: num(r.range_weak) })),
    practice: practice
      .filter((p) => num(p.gw) === 1)
      .map((p) => ({ domain: p.domain, category: p.category!, tier: p.tier!, total: num(p.total), correct: num(p.correct) })),
    examCategories: categories.map((c) => ({ category: c.category, n: num(c.n) })),
    attempts: attempts.filter((a) => num(a.gw) === 1).map((a) => ({ attemptNo: num(a.attempt_no), outcome: a.outcome, n: num(a.n) })),
    trendAttempts: attempts.filter((a) => num(a.gw) === 0).map((a) => ({ week: a.week!, outcome: a.outcome, n: num(a.n) })),
    trendPractice: practice.filter((p) => num(p.gw) === 0).map((p) => ({ week: p.week!, domain: p.domain, total: num(p.total), correct: num(p.correct) })),
    trendReports: reports
      .filter((r) => num(r.gw) === 0)
      .map((r) => ({ week: r.week!, domain: r.domain, learners: num(r.learners), barSum: num(r.bar_sum), weak: num(r.weak) })),
  };
}

// --- From the rollups ------------------------------------------------------------------------

export async function cohortFiguresFromRollups(db: Db, q: FigureQuery): Promise<CohortFigures> {
  const { examId, cohortId, range } = q;
  const inRange = (alias: string) => {
    const a = sql.raw(alias);
    return sql`${a}.cohort_id = ${cohortId}::uuid and ${a}.exam_id = ${examId}::uuid and ${a}.week_start between ${range.from}::date and ${range.to}::date`;
  };
  const today = utcDay(q.now);
  const tomorrow = addDays(today, 1);
  const memberOf = cohortId === ALL_LEARNERS_COHORT_ID ? sql`true` : sql`exists (select 1 from cohort_members m where m.cohort_id = ${cohortId}::uuid and m.learner_id = s.learner_id)`;

  const [reports, practice, attempts, categories, counts] = await runAll(
    [
      () =>
        queryRows<ReportRow>(
          db,
          sql`select r.week_start::text as week, r.domain, grouping(r.week_start)::int as gw,
                     (sum(r.learners) filter (where r.next_week > ${range.to}::date))::int as range_learners,
                     (sum(r.bar_sum) filter (where r.next_week > ${range.to}::date))::int as range_bar_sum,
                     (sum(r.weak) filter (where r.next_week > ${range.to}::date))::int as range_weak,
                     sum(r.learners)::int as learners, sum(r.bar_sum)::int as bar_sum, sum(r.weak)::int as weak
              from cohort_report_weeks r
              where ${inRange("r")}
              group by grouping sets ((r.domain), (r.week_start, r.domain))`,
        ),
      () =>
        queryRows<PracticeRow>(
          db,
          sql`select q.domain, q.category, q.tier::text as tier, p.week_start::text as week, sum(p.total)::int as total,
                     sum(p.correct)::float8 as correct, grouping(p.week_start)::int as gw
              from cohort_practice_weeks p join questions q on q.id = p.question_id
              where ${inRange("p")}
              group by grouping sets ((q.domain, q.category, q.tier), (p.week_start, q.domain))`,
        ),
      () =>
        queryRows<AttemptRow>(
          db,
          sql`select a.week_start::text as week, a.attempt_no, a.outcome::text as outcome, sum(a.n)::int as n, grouping(a.week_start)::int as gw
              from cohort_attempt_weeks a
              where ${inRange("a")}
              group by grouping sets ((a.attempt_no, a.outcome), (a.week_start, a.outcome))`,
        ),
      () =>
        queryRows<{ category: string; n: number }>(
          db,
          sql`select c.category, sum(c.n)::int as n from cohort_category_weeks c where ${inRange("c")} group by c.category`,
        ),
      () =>
        queryRows<CountsRow>(
          db,
          sql`select coalesce(c.members, 0) as members, coalesce(c.active, 0) as active, coalesce(c.attempted, 0) as attempted,
                     coalesce(c.passed, 0) as passed, coalesce(c.non_pass, 0) as non_pass,
                     (select coalesce(sum(d.n), 0)::int from cohort_eligible_days d
                       where d.cohort_id = ${cohortId}::uuid and d.exam_id = ${examId}::uuid and d.day > ${today}::date)
                     + (select count(*)::int from learner_exam_stats s
                       where s.exam_id = ${examId}::uuid and s.eligible_at > ${q.now.toISOString()}::timestamptz
                         and s.eligible_at < ${tomorrow}::timestamptz and s.latest_outcome in ('fail', 'no-show') and ${memberOf}) as waiting
              from (select 1) one
              left join cohort_learner_counts c on c.cohort_id = ${cohortId}::uuid and c.exam_id = ${examId}::uuid`,
        ),
    ] as const,
    q.sequential,
  );
  return assemble(reports, practice, attempts, categories, counts[0]!);
}

// --- Directly from the raw rows --------------------------------------------------------------

function memberFilter(cohortId: string, column: SQL): SQL {
  if (cohortId === ALL_LEARNERS_COHORT_ID) return sql`true`;
  return sql`${column} in (select learner_id from cohort_members where cohort_id = ${cohortId}::uuid)`;
}

/** The same figures straight from attempts, readings, categories and practice answers. */
export async function cohortFiguresDirect(db: Db, q: FigureQuery): Promise<CohortFigures> {
  const { examId, cohortId } = q;
  const start = rangeStartInstant(q.range).toISOString();
  const end = rangeEndInstant(q.range).toISOString();
  const isAll = cohortId === ALL_LEARNERS_COHORT_ID;

  const [reports, practice, attempts, categories, heads, history] = await runAll(
    [
      () =>
        queryRows<ReportRow>(
          db,
          sql`with bars as (
                select a.id, a.learner_id, a.taken_at, ${weekOf(sql`a.taken_at`)} as w, r.domain, r.bar,
                       count(*) over (partition by a.id) as n, sum(r.bar) over (partition by a.id) as s
                from exam_attempts a join attempt_domain_readings r on r.attempt_id = a.id
                where a.exam_id = ${examId}::uuid and a.taken_at >= ${start}::timestamptz and a.taken_at < ${end}::timestamptz
                  and r.domain in (${knownDomainsSql()}) and ${memberFilter(cohortId, sql`a.learner_id`)}
              ), ranked as (
                select w, domain, bar, ${weakBarSql(sql`bar`, sql`n`, sql`s`)} as weak,
                       dense_rank() over (partition by learner_id order by taken_at desc, id desc) as rk_range,
                       dense_rank() over (partition by learner_id, w order by taken_at desc, id desc) as rk_week
                from bars
              )
              select null::text as week, domain, 1 as gw, count(*)::int as range_learners, sum(bar)::int as range_bar_sum,
                     (count(*) filter (where weak))::int as range_weak, 0 as learners, 0 as bar_sum, 0 as weak
              from ranked where rk_range = 1 group by domain
              union all
              select w::text, domain, 0, null, null, null, count(*)::int, sum(bar)::int, (count(*) filter (where weak))::int
              from ranked where rk_week = 1 group by w, domain`,
        ),
      () =>
        queryRows<PracticeRow>(
          db,
          sql`select q.domain, q.category, q.tier::text as tier, x.w::text as week, count(*)::int as total,
                     sum(coalesce(x.score, case when x.correct then 1 else 0 end))::float8 as correct, grouping(x.w)::int as gw
              from (select ${weekOf(sql`s.submitted_at`)} as w, i.question_id, i.correct, i.score
                    from practice_sessions s join practice_items i on i.session_id = s.id
                    where s.exam_id = ${examId}::uuid and s.status = 'submitted'
                      and s.submitted_at >= ${start}::timestamptz and s.submitted_at < ${end}::timestamptz
                      and ${memberFilter(cohortId, sql`s.learner_id`)}) x
              join questions q on q.id = x.question_id
              group by grouping sets ((q.domain, q.category, q.tier), (x.w, q.domain))`,
        ),
      () =>
        queryRows<AttemptRow>(
          db,
          sql`with numbered as (
                select a.taken_at, a.outcome, ${weekOf(sql`a.taken_at`)} as w,
                       row_number() over (partition by a.learner_id order by a.taken_at, a.id) as no
                from exam_attempts a
                where a.exam_id = ${examId}::uuid and ${memberFilter(cohortId, sql`a.learner_id`)}
              )
              select w::text as week, no::int as attempt_no, outcome::text as outcome, count(*)::int as n, grouping(w)::int as gw
              from numbered where taken_at >= ${start}::timestamptz and taken_at < ${end}::timestamptz
              group by grouping sets ((no, outcome), (w, outcome))`,
        ),
      () =>
        queryRows<{ category: string; n: number }>(
          db,
          sql`select c.category, count(*)::int as n
              from exam_attempts a join attempt_miss_categories c on c.attempt_id = a.id
              where a.exam_id = ${examId}::uuid and a.taken_at >= ${start}::timestamptz and a.taken_at < ${end}::timestamptz
                and ${memberFilter(cohortId, sql`a.learner_id`)}
              group by c.category`,
        ),
      () =>
        queryRows<{ members: number; active: number; attempted: number }>(
          db,
          sql`select ${isAll ? sql`0` : sql`(select count(*)::int from cohort_members where cohort_id = ${cohortId}::uuid)`} as members,
                     (select count(*)::int from (
                        select learner_id from exam_attempts where exam_id = ${examId}::uuid and ${memberFilter(cohortId, sql`learner_id`)}
                        union
                        select learner_id from practice_sessions where exam_id = ${examId}::uuid and status = 'submitted' and ${memberFilter(cohortId, sql`learner_id`)}
                     ) x) as active,
                     (select count(distinct learner_id)::int from exam_attempts where exam_id = ${examId}::uuid and ${memberFilter(cohortId, sql`learner_id`)}) as attempted`,
        ),
      () =>
        queryRows<{ learner_id: string; id: string; taken_ms: number; outcome: AttemptOutcome; cert_ms: number | null; policy: unknown }>(
          db,
          sql`select a.learner_id, a.id, (extract(epoch from a.taken_at) * 1000)::float8 as taken_ms, a.outcome,
                     (extract(epoch from a.cert_expires_at) * 1000)::float8 as cert_ms, null as policy
              from exam_attempts a
              where a.exam_id = ${examId}::uuid and ${memberFilter(cohortId, sql`a.learner_id`)}
              union all
              select null, null, null, null, null, e.policy from exams e where e.id = ${examId}::uuid`,
        ),
    ] as const,
    q.sequential,
  );

  // Retake status now: replay each learner's history with the policy module.
  const policyRow = history.find((h) => h.learner_id === null);
  const policy = examPolicy({ policy: typeof policyRow?.policy === "string" ? JSON.parse(policyRow.policy) : policyRow?.policy });
  const byLearner = new Map<string, { id: string; takenAt: Date; outcome: AttemptOutcome; cert: number | null }[]>();
  for (const h of history) {
    if (h.learner_id === null) continue;
    const list = byLearner.get(h.learner_id) ?? [];
    list.push({ id: h.id, takenAt: new Date(Number(h.taken_ms)), outcome: h.outcome, cert: h.cert_ms === null ? null : Number(h.cert_ms) });
    byLearner.set(h.learner_id, list);
  }
  let passed = 0;
  let nonPass = 0;
  let waiting = 0;
  for (const list of byLearner.values()) {
    list.sort(compareAttempts);
    const latest = list.at(-1)!;
    if (latest.outcome === "pass") {
      passed++;
      continue;
    }
    nonPass++;
    const decision = evaluateRetake({ attempts: list, now: q.now, policy });
    if (decision.earliestAt && decision.earliestAt.getTime() > q.now.getTime()) waiting++;
  }
  const h = heads[0]!;
  return assemble(reports, practice, attempts, categories, { members: h.members, active: h.active, attempted: h.attempted, passed, non_pass: nonPass, waiting });
}
