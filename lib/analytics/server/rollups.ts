/**
 * Cohort analytics rollups, kept current in the same transaction as the writes that change them.
 *
 * Per learner and exam (rebuilt from the learner's raw rows on every change, a bounded amount of
 * work: one learner's history):
 *   learner_exam_stats       attempts, passes, first pass's number, latest attempt, eligible_at
 *                            (the retake policy's earliest next attempt), practice totals
 *   learner_report_weeks     the weekly chain of score reports (see the schema) with weak flags
 *   learner_attempt_numbers  each attempt's number in the learner's history
 *   learner_category_weeks   miss categories recorded after attempts, per week
 * Per cohort (and the all-learners pseudo-cohort ALL_LEARNERS_COHORT_ID) and exam, the sums of
 * their members' learner rows, per UTC week: cohort_report_weeks, cohort_attempt_weeks,
 * cohort_category_weeks, cohort_practice_weeks, cohort_learner_counts, cohort_eligible_days.
 *
 * Who updates what, always inside the caller's transaction:
 * - recordAttempt / updateAttempt / deleteAttempt → refreshLearnerRollups: the learner's facts are
 *   derived again (lib/analytics/derive.ts), the difference to the stored ones is added to each of
 *   the learner's cohorts and to all learners, and the learner rows are replaced.
 * - submitPractice → recordPracticeSubmission: the set's answers are added per question to
 *   cohort_practice_weeks (submitted sets never change again), then refreshLearnerRollups.
 * - addMembersByEmail / removeMember → applyMembershipChange: the learners' rows are added to
 *   (or subtracted from) the cohort's, practice straight from their raw answers.
 * - deleting a learner's account → removeLearnerFromRollups: the same subtraction for every cohort
 *   they are in and for all learners, then their own rows go (before their raw rows are deleted).
 * Every path first locks the learner's learner_exams row (lockLearnerExams of
 * lib/exam/server/exams.ts, the lock the attempts service takes too), so one learner's rollups are never updated by two transactions at once, and cohort rows are
 * upserted in one global order (table, cohort, key) so concurrent writers cannot deadlock.
 * rebuildAnalyticsRollups recomputes everything from raw rows with set-based SQL; the integration
 * test compares it with the incrementally maintained rows after random writes.
 */
import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  ALL_LEARNERS_COHORT_ID,
  attemptDomainReadings,
  attemptMissCategories,
  cohortAttemptWeeks,
  cohortCategoryWeeks,
  cohortEligibleDays,
  cohortLearnerCounts,
  cohortMembers,
  cohortReportWeeks,
  examAttempts,
  exams,
  learnerAttemptNumbers,
  learnerCategoryWeeks,
  learnerExamStats,
  learnerReportWeeks,
} from "@/db/schema";
import { DOMAIN_KEYS } from "@/lib/exam/az104";
import { ADVICE_THRESHOLDS } from "@/lib/policy/advice";
import { examPolicy, lockLearnerExams } from "@/lib/exam/server/exams";
import { evaluateRetake, type AttemptOutcome, type RetakePolicy } from "@/lib/policy/retake";
import {
  compareAttempts,
  contributionOf,
  deriveLearnerFacts,
  diffContribution,
  isEmptyContribution,
  type Contribution,
  type HistoryAttempt,
  type LearnerFacts,
  type PracticeTotals,
} from "../derive";
import { arrayParam, queryRows, weekOf } from "./sql";

export { ALL_LEARNERS_COHORT_ID };

/** Every rollup table, per learner and per cohort. */
export const ROLLUP_TABLES = [
  "learner_exam_stats",
  "learner_report_weeks",
  "learner_attempt_numbers",
  "learner_category_weeks",
  "cohort_report_weeks",
  "cohort_attempt_weeks",
  "cohort_category_weeks",
  "cohort_practice_weeks",
  "cohort_learner_counts",
  "cohort_eligible_days",
] as const;


async function loadHistory(tx: Db, learnerId: string, examId: string): Promise<HistoryAttempt[]> {
  const attempts = await tx
    .select({ id: examAttempts.id, takenAt: examAttempts.takenAt, outcome: examAttempts.outcome, score: examAttempts.score, certExpiresAt: examAttempts.certExpiresAt })
    .from(examAttempts)
    .where(and(eq(examAttempts.learnerId, learnerId), eq(examAttempts.examId, examId)));
  if (!attempts.length) return [];
  const ids = attempts.map((a) => a.id);
  const bars = await tx.select().from(attemptDomainReadings).where(inArray(attemptDomainReadings.attemptId, ids));
  const categories = await tx.select().from(attemptMissCategories).where(inArray(attemptMissCategories.attemptId, ids));
  return attempts.map((a) => ({
    ...a,
    bars: bars.filter((b) => b.attemptId === a.id).map((b) => ({ domain: b.domain, bar: b.bar })),
    categories: categories.filter((c) => c.attemptId === a.id).map((c) => c.category),
  }));
}

/**
 * The practice credit of the answers in a group (alias i = practice_items): each item's score,
 * 0–1 with partial credit per part (lib/practice/item-scoring.ts); an item scored before scores
 * were stored counts 1 when correct. Exact: scores have 4 decimal places and sum as numerics.
 */
export const PRACTICE_CREDIT = sql.raw(`coalesce(sum(coalesce(i.score, case when i.correct then 1 else 0 end)), 0)`);

async function loadPracticeTotals(tx: Db, learnerId: string, examId: string): Promise<PracticeTotals> {
  const [row] = await queryRows<PracticeTotals>(
    tx,
    sql`select count(distinct s.id)::int as sets, count(i.session_id)::int as total, ${PRACTICE_CREDIT}::float8 as correct
        from practice_sessions s left join practice_items i on i.session_id = s.id
        where s.learner_id = ${learnerId} and s.exam_id = ${examId} and s.status = 'submitted'`,
  );
  return row ?? { sets: 0, total: 0, correct: 0 };
}

async function loadStoredFacts(tx: Db, learnerId: string, examId: string): Promise<LearnerFacts> {
  const own = <T extends typeof learnerExamStats | typeof learnerReportWeeks | typeof learnerAttemptNumbers | typeof learnerCategoryWeeks>(t: T) =>
    and(eq(t.learnerId, learnerId), eq(t.examId, examId));
  const [stats] = await tx.select().from(learnerExamStats).where(own(learnerExamStats));
  if (!stats) return { stats: null, reports: [], attempts: [], categories: [] };
  return {
    stats,
    reports: await tx.select().from(learnerReportWeeks).where(own(learnerReportWeeks)),
    attempts: await tx.select().from(learnerAttemptNumbers).where(own(learnerAttemptNumbers)),
    categories: await tx.select().from(learnerCategoryWeeks).where(own(learnerCategoryWeeks)),
  };
}

async function writeLearnerFacts(tx: Db, learnerId: string, examId: string, facts: LearnerFacts): Promise<void> {
  const own = <T extends typeof learnerExamStats | typeof learnerReportWeeks | typeof learnerAttemptNumbers | typeof learnerCategoryWeeks>(t: T) =>
    and(eq(t.learnerId, learnerId), eq(t.examId, examId));
  await tx.delete(learnerReportWeeks).where(own(learnerReportWeeks));
  await tx.delete(learnerAttemptNumbers).where(own(learnerAttemptNumbers));
  await tx.delete(learnerCategoryWeeks).where(own(learnerCategoryWeeks));
  if (!facts.stats) {
    await tx.delete(learnerExamStats).where(own(learnerExamStats));
    return;
  }
  const stats = { ...facts.stats, updatedAt: new Date() };
  await tx
    .insert(learnerExamStats)
    .values({ learnerId, examId, ...stats })
    .onConflictDoUpdate({ target: [learnerExamStats.learnerId, learnerExamStats.examId], set: stats });
  if (facts.reports.length) await tx.insert(learnerReportWeeks).values(facts.reports.map((r) => ({ learnerId, examId, ...r })));
  if (facts.attempts.length) await tx.insert(learnerAttemptNumbers).values(facts.attempts.map((a) => ({ learnerId, examId, ...a })));
  if (facts.categories.length) await tx.insert(learnerCategoryWeeks).values(facts.categories.map((c) => ({ learnerId, examId, ...c })));
}

/** The learner's cohorts plus the all-learners pseudo-cohort, in id order (the pseudo-cohort sorts first). */
async function cohortsOf(tx: Db, learnerId: string): Promise<string[]> {
  const rows = await tx.select({ id: cohortMembers.cohortId }).from(cohortMembers).where(eq(cohortMembers.learnerId, learnerId));
  return [ALL_LEARNERS_COHORT_ID, ...rows.map((r) => r.id)].sort();
}

/** Sort ids of the same shape the SQL paths order by, so every writer locks rows in one order. */
const sortKey = (parts: (string | number)[]) => parts.map((p) => (typeof p === "number" ? String(p).padStart(6, "0") : p)).join("|");

function sortedRows<K, R>(bag: Map<string, { key: K; values: number[] }>, cohortIds: string[], idOf: (k: K) => (string | number)[], row: (cohortId: string, k: K, v: number[]) => R): R[] {
  const entries = [...bag.values()].map((e) => ({ ...e, sort: sortKey(idOf(e.key)) })).sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0));
  return cohortIds.flatMap((c) => entries.map((e) => row(c, e.key, e.values)));
}

/** Adds a contribution (positive or negative) to the cohorts' rows, table by table in a fixed order. */
async function applyContribution(tx: Db, examId: string, cohortIds: string[], delta: Contribution): Promise<void> {
  if (isEmptyContribution(delta) || !cohortIds.length) return;
  const plus = (table: string, column: string) => sql.raw(`"${table}"."${column}" + excluded."${column}"`);

  const reports = sortedRows(delta.reports, cohortIds, (k) => [k.weekStart, k.nextWeek, k.domain], (cohortId, k, v) => ({
    cohortId, examId, weekStart: k.weekStart, nextWeek: k.nextWeek, domain: k.domain, learners: v[0]!, barSum: v[1]!, weak: v[2]!,
  }));
  if (reports.length)
    await tx.insert(cohortReportWeeks).values(reports).onConflictDoUpdate({
      target: [cohortReportWeeks.cohortId, cohortReportWeeks.examId, cohortReportWeeks.weekStart, cohortReportWeeks.nextWeek, cohortReportWeeks.domain],
      set: { learners: plus("cohort_report_weeks", "learners"), barSum: plus("cohort_report_weeks", "bar_sum"), weak: plus("cohort_report_weeks", "weak") },
    });

  const attempts = sortedRows(delta.attempts, cohortIds, (k) => [k.weekStart, k.attemptNo, k.outcome], (cohortId, k, v) => ({
    cohortId, examId, weekStart: k.weekStart, attemptNo: k.attemptNo, outcome: k.outcome, n: v[0]!,
  }));
  if (attempts.length)
    await tx.insert(cohortAttemptWeeks).values(attempts).onConflictDoUpdate({
      target: [cohortAttemptWeeks.cohortId, cohortAttemptWeeks.examId, cohortAttemptWeeks.weekStart, cohortAttemptWeeks.attemptNo, cohortAttemptWeeks.outcome],
      set: { n: plus("cohort_attempt_weeks", "n") },
    });

  const categories = sortedRows(delta.categories, cohortIds, (k) => [k.weekStart, k.category], (cohortId, k, v) => ({
    cohortId, examId, weekStart: k.weekStart, category: k.category, n: v[0]!,
  }));
  if (categories.length)
    await tx.insert(cohortCategoryWeeks).values(categories).onConflictDoUpdate({
      target: [cohortCategoryWeeks.cohortId, cohortCategoryWeeks.examId, cohortCategoryWeeks.weekStart, cohortCategoryWeeks.category],
      set: { n: plus("cohort_category_weeks", "n") },
    });

  const counts = sortedRows(delta.counts, cohortIds, () => ["counts"], (cohortId, _k, v) => ({
    cohortId, examId, members: v[0]!, active: v[1]!, attempted: v[2]!, passed: v[3]!, nonPass: v[4]!,
  }));
  if (counts.length)
    await tx.insert(cohortLearnerCounts).values(counts).onConflictDoUpdate({
      target: [cohortLearnerCounts.cohortId, cohortLearnerCounts.examId],
      set: {
        members: plus("cohort_learner_counts", "members"),
        active: plus("cohort_learner_counts", "active"),
        attempted: plus("cohort_learner_counts", "attempted"),
        passed: plus("cohort_learner_counts", "passed"),
        nonPass: plus("cohort_learner_counts", "non_pass"),
      },
    });

  const days = sortedRows(delta.eligibleDays, cohortIds, (k) => [k.day], (cohortId, k, v) => ({ cohortId, examId, day: k.day, n: v[0]! }));
  if (days.length)
    await tx.insert(cohortEligibleDays).values(days).onConflictDoUpdate({
      target: [cohortEligibleDays.cohortId, cohortEligibleDays.examId, cohortEligibleDays.day],
      set: { n: plus("cohort_eligible_days", "n") },
    });
}

/**
 * Brings one learner's rollups (and their share of every cohort's) up to date with their raw
 * rows. Call inside the transaction that changed those rows, after the change.
 */
export async function refreshLearnerRollups(tx: Db, learnerId: string, examId: string): Promise<void> {
  await lockLearnerExams(tx, [learnerId], examId);
  const [exam] = await tx.select({ policy: exams.policy }).from(exams).where(eq(exams.id, examId));
  if (!exam) return;
  const fresh = deriveLearnerFacts(await loadHistory(tx, learnerId, examId), await loadPracticeTotals(tx, learnerId, examId), examPolicy(exam));
  const stored = await loadStoredFacts(tx, learnerId, examId);
  const delta = diffContribution(contributionOf(fresh), contributionOf(stored));
  await applyContribution(tx, examId, await cohortsOf(tx, learnerId), delta);
  await writeLearnerFacts(tx, learnerId, examId, fresh);
}

/**
 * Adds a just-submitted practice set's answers to the learner's cohorts (per week of submission
 * and question), then refreshes the learner's own rollups. Call inside the submitting
 * transaction, after the set was marked submitted.
 */
export async function recordPracticeSubmission(tx: Db, learnerId: string, examId: string, sessionId: string): Promise<void> {
  await lockLearnerExams(tx, [learnerId], examId);
  const cohortIds = await cohortsOf(tx, learnerId);
  await tx.execute(sql`
    insert into cohort_practice_weeks (cohort_id, exam_id, week_start, question_id, total, correct)
    select c.cohort_id, s.exam_id, ${weekOf(sql`s.submitted_at`)}, i.question_id, count(*)::int, ${PRACTICE_CREDIT}
    from practice_sessions s
    join practice_items i on i.session_id = s.id
    cross join (select unnest(${arrayParam(cohortIds)}::uuid[]) as cohort_id) c
    where s.id = ${sessionId} and s.learner_id = ${learnerId} and s.status = 'submitted'
    group by c.cohort_id, s.exam_id, 3, i.question_id
    order by c.cohort_id, 3, i.question_id collate "C"
    on conflict (cohort_id, exam_id, week_start, question_id)
    do update set total = cohort_practice_weeks.total + excluded.total, correct = cohort_practice_weeks.correct + excluded.correct`);
  await refreshLearnerRollups(tx, learnerId, examId);
}

// --- Set-based paths: membership changes and the full rebuild --------------------------------

/**
 * Adds `sign` × the contribution of (cohort, learner) pairs to the cohort rows of one exam.
 * `pairs` is a query yielding (cohort_id uuid, learner_id uuid, member boolean); `member` says
 * whether the pair counts in `members` (real cohorts) or not (the all-learners pseudo-cohort).
 * Reads the learner rollup rows, and raw practice answers for cohort_practice_weeks.
 */
async function applyPairs(tx: Db, examId: string, pairs: SQL, sign: 1 | -1): Promise<void> {
  const s = sql`${sign}::int`;
  await tx.execute(sql`
    insert into cohort_practice_weeks (cohort_id, exam_id, week_start, question_id, total, correct)
    select m.cohort_id, s.exam_id, ${weekOf(sql`s.submitted_at`)}, i.question_id, ${s} * count(*)::int, ${s} * ${PRACTICE_CREDIT}
    from (${pairs}) m
    join practice_sessions s on s.learner_id = m.learner_id and s.exam_id = ${examId} and s.status = 'submitted'
    join practice_items i on i.session_id = s.id
    group by m.cohort_id, s.exam_id, 3, i.question_id
    order by m.cohort_id, 3, i.question_id collate "C"
    on conflict (cohort_id, exam_id, week_start, question_id)
    do update set total = cohort_practice_weeks.total + excluded.total, correct = cohort_practice_weeks.correct + excluded.correct`);
  await tx.execute(sql`
    insert into cohort_report_weeks (cohort_id, exam_id, week_start, next_week, domain, learners, bar_sum, weak)
    select m.cohort_id, x.exam_id, x.week_start, x.next_week, x.domain, ${s} * count(*)::int, ${s} * sum(x.bar)::int, ${s} * (count(*) filter (where x.weak))::int
    from (${pairs}) m join learner_report_weeks x on x.learner_id = m.learner_id and x.exam_id = ${examId}
    group by m.cohort_id, x.exam_id, x.week_start, x.next_week, x.domain
    order by m.cohort_id, x.week_start, x.next_week, x.domain collate "C"
    on conflict (cohort_id, exam_id, week_start, next_week, domain)
    do update set learners = cohort_report_weeks.learners + excluded.learners, bar_sum = cohort_report_weeks.bar_sum + excluded.bar_sum, weak = cohort_report_weeks.weak + excluded.weak`);
  await tx.execute(sql`
    insert into cohort_attempt_weeks (cohort_id, exam_id, week_start, attempt_no, outcome, n)
    select m.cohort_id, x.exam_id, x.week_start, x.attempt_no, x.outcome, ${s} * count(*)::int
    from (${pairs}) m join learner_attempt_numbers x on x.learner_id = m.learner_id and x.exam_id = ${examId}
    group by m.cohort_id, x.exam_id, x.week_start, x.attempt_no, x.outcome
    order by m.cohort_id, x.week_start, x.attempt_no, x.outcome::text collate "C"
    on conflict (cohort_id, exam_id, week_start, attempt_no, outcome) do update set n = cohort_attempt_weeks.n + excluded.n`);
  await tx.execute(sql`
    insert into cohort_category_weeks (cohort_id, exam_id, week_start, category, n)
    select m.cohort_id, x.exam_id, x.week_start, x.category, ${s} * sum(x.n)::int
    from (${pairs}) m join learner_category_weeks x on x.learner_id = m.learner_id and x.exam_id = ${examId}
    group by m.cohort_id, x.exam_id, x.week_start, x.category
    order by m.cohort_id, x.week_start, x.category collate "C"
    on conflict (cohort_id, exam_id, week_start, category) do update set n = cohort_category_weeks.n + excluded.n`);
  await tx.execute(sql`
    insert into cohort_learner_counts (cohort_id, exam_id, members, active, attempted, passed, non_pass)
    select m.cohort_id, ${examId}, ${s} * (count(*) filter (where m.member))::int, ${s} * count(x.learner_id)::int,
           ${s} * (count(*) filter (where x.attempts > 0))::int, ${s} * (count(*) filter (where x.latest_outcome = 'pass'))::int,
           ${s} * (count(*) filter (where x.latest_outcome in ('fail', 'no-show')))::int
    from (${pairs}) m left join learner_exam_stats x on x.learner_id = m.learner_id and x.exam_id = ${examId}
    group by m.cohort_id
    order by m.cohort_id
    on conflict (cohort_id, exam_id) do update set members = cohort_learner_counts.members + excluded.members,
      active = cohort_learner_counts.active + excluded.active, attempted = cohort_learner_counts.attempted + excluded.attempted,
      passed = cohort_learner_counts.passed + excluded.passed, non_pass = cohort_learner_counts.non_pass + excluded.non_pass`);
  await tx.execute(sql`
    insert into cohort_eligible_days (cohort_id, exam_id, day, n)
    select m.cohort_id, ${examId}, (x.eligible_at at time zone 'UTC')::date, ${s} * count(*)::int
    from (${pairs}) m join learner_exam_stats x on x.learner_id = m.learner_id and x.exam_id = ${examId}
    where x.latest_outcome in ('fail', 'no-show') and x.eligible_at is not null
    group by m.cohort_id, 3
    order by m.cohort_id, 3
    on conflict (cohort_id, exam_id, day) do update set n = cohort_eligible_days.n + excluded.n`);
}

/**
 * Follows a membership change: `sign` 1 after the learners were added to the cohort, -1 after
 * they were removed. Pass only the learners whose membership actually changed. Locks them first.
 */
export async function applyMembershipChange(tx: Db, cohortId: string, learnerIds: readonly string[], sign: 1 | -1): Promise<void> {
  const ids = [...new Set(learnerIds)].sort();
  if (!ids.length) return;
  const examRows = await tx.select({ id: exams.id }).from(exams).orderBy(asc(exams.id));
  for (const exam of examRows) {
    await lockLearnerExams(tx, ids, exam.id);
    for (let i = 0; i < ids.length; i += 2000) {
      const chunk = ids.slice(i, i + 2000);
      const pairs = sql`select ${cohortId}::uuid as cohort_id, unnest(${arrayParam(chunk)}::uuid[]) as learner_id, true as member`;
      await applyPairs(tx, exam.id, pairs, sign);
    }
  }
}

/**
 * Takes a learner out of every rollup, for the deletion of their account: their rows are
 * subtracted from each cohort they belong to (as a membership removal does) and from the
 * all-learners pseudo-cohort, in one set of statements per exam so cohort rows are locked in the
 * usual order; then their memberships and their own learner rows go. Call inside the deleting
 * transaction, before the learner's raw rows (attempts, practice) are deleted: the subtraction
 * reads them. Locks the learner's learner_exams rows first, as every writer does.
 */
export async function removeLearnerFromRollups(tx: Db, learnerId: string): Promise<void> {
  const examRows = await tx.select({ id: exams.id }).from(exams).orderBy(asc(exams.id));
  for (const exam of examRows) await lockLearnerExams(tx, [learnerId], exam.id);
  for (const exam of examRows) {
    const pairs = sql`select cohort_id, learner_id, true as member from cohort_members where learner_id = ${learnerId}
                      union all
                      select ${ALL_LEARNERS_COHORT_ID}::uuid, learner_id, false from learner_exam_stats where learner_id = ${learnerId} and exam_id = ${exam.id}`;
    await applyPairs(tx, exam.id, pairs, -1);
    await writeLearnerFacts(tx, learnerId, exam.id, { stats: null, reports: [], attempts: [], categories: [] });
  }
  await tx.delete(cohortMembers).where(eq(cohortMembers.learnerId, learnerId));
}

/** The weak test of lib/policy/advice.ts in SQL, exact in integers: bar < 60, or (3+ bars and bar <= mean - 15). */
export function weakBarSql(bar: SQL, n: SQL, sum: SQL): SQL {
  const t = ADVICE_THRESHOLDS;
  return sql`(${bar} < ${sql.raw(String(t.weakBarBelow))} or (${n} >= ${sql.raw(String(t.relativeMinBars))} and ${bar} * ${n} <= ${sum} - ${sql.raw(String(t.relativeGap))} * ${n}))`;
}

/** The study-guide domains as a SQL list, for `domain in (...)`: other readings are ignored, as weakDomains() does. */
export function knownDomainsSql(): SQL {
  return sql.raw(DOMAIN_KEYS.map((d) => `'${d}'`).join(", "));
}

/**
 * Recomputes every rollup from raw rows with set-based SQL (the eligibility instants with the
 * policy module, learner by learner in batches). One transaction; it takes a SHARE lock on
 * learner_exams, so writers (which all insert into it first) wait until it commits. Used at
 * start-up when rollups are missing, by the demo seed, the bench generator and the agreement test.
 */
export async function rebuildAnalyticsRollups(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`lock table learner_exams in share mode`);
    await tx.execute(sql.raw(`truncate ${ROLLUP_TABLES.join(", ")}`));

    await tx.execute(sql`
      insert into learner_attempt_numbers (learner_id, exam_id, attempt_no, attempt_id, week_start, outcome)
      select learner_id, exam_id, row_number() over (partition by learner_id, exam_id order by taken_at, id), id, ${weekOf(sql`taken_at`)}, outcome
      from exam_attempts`);
    await tx.execute(sql`
      insert into learner_category_weeks (learner_id, exam_id, week_start, category, n)
      select a.learner_id, a.exam_id, ${weekOf(sql`a.taken_at`)}, c.category, count(*)::int
      from exam_attempts a join attempt_miss_categories c on c.attempt_id = a.id
      group by 1, 2, 3, 4`);
    await tx.execute(sql`
      with bars as (
        select a.id as attempt_id, a.learner_id, a.exam_id, a.taken_at, ${weekOf(sql`a.taken_at`)} as w, r.domain, r.bar,
               count(*) over (partition by a.id) as n, sum(r.bar) over (partition by a.id) as s
        from exam_attempts a join attempt_domain_readings r on r.attempt_id = a.id
        where r.domain in (${knownDomainsSql()})
      ), last_of_week as (
        select distinct on (learner_id, exam_id, w) attempt_id, learner_id, exam_id, w
        from bars order by learner_id, exam_id, w, taken_at desc, attempt_id desc
      ), chained as (
        select *, coalesce(lead(w) over (partition by learner_id, exam_id order by w), 'infinity'::date) as next_w from last_of_week
      )
      insert into learner_report_weeks (learner_id, exam_id, week_start, domain, next_week, attempt_id, bar, weak)
      select c.learner_id, c.exam_id, c.w, b.domain, c.next_w, c.attempt_id, b.bar, ${weakBarSql(sql`b.bar`, sql`b.n`, sql`b.s`)}
      from chained c join bars b on b.attempt_id = c.attempt_id`);
    await tx.execute(sql`
      with att as (
        select learner_id, exam_id, count(*)::int as attempts, (count(*) filter (where outcome = 'pass'))::int as passes,
               min(attempt_no) filter (where outcome = 'pass') as first_pass
        from learner_attempt_numbers group by learner_id, exam_id
      ), latest as (
        select distinct on (learner_id, exam_id) learner_id, exam_id, taken_at, outcome, score
        from exam_attempts order by learner_id, exam_id, taken_at desc, id desc
      ), prac as (
        select s.learner_id, s.exam_id, count(distinct s.id)::int as sets, count(i.session_id)::int as total,
               ${PRACTICE_CREDIT} as correct
        from practice_sessions s left join practice_items i on i.session_id = s.id
        where s.status = 'submitted' group by s.learner_id, s.exam_id
      )
      insert into learner_exam_stats (learner_id, exam_id, attempts, passes, first_pass_attempt_no, latest_taken_at, latest_outcome, latest_score,
                                      practice_sets, practice_total, practice_correct)
      select coalesce(att.learner_id, prac.learner_id), coalesce(att.exam_id, prac.exam_id), coalesce(att.attempts, 0), coalesce(att.passes, 0),
             att.first_pass, latest.taken_at, latest.outcome, latest.score, coalesce(prac.sets, 0), coalesce(prac.total, 0), coalesce(prac.correct, 0)
      from att full join prac on prac.learner_id = att.learner_id and prac.exam_id = att.exam_id
      left join latest on latest.learner_id = att.learner_id and latest.exam_id = att.exam_id`);

    const examRows = await tx.select({ id: exams.id, policy: exams.policy }).from(exams).orderBy(asc(exams.id));
    for (const exam of examRows) {
      await backfillEligibility(tx, exam.id, examPolicy(exam));
      const pairs = sql`select cohort_id, learner_id, true as member from cohort_members
                        union all
                        select ${ALL_LEARNERS_COHORT_ID}::uuid, learner_id, false from learner_exam_stats where exam_id = ${exam.id}`;
      await applyPairs(tx, exam.id, pairs, 1);
    }
  });
}

/** eligible_at needs the policy's window replay: computed by lib/policy/retake.ts, 5 000 learners at a time. */
async function backfillEligibility(tx: Db, examId: string, policy: RetakePolicy): Promise<void> {
  const learners = await queryRows<{ id: string }>(tx, sql`select learner_id as id from learner_exam_stats where exam_id = ${examId} and attempts > 0 order by 1`);
  for (let i = 0; i < learners.length; i += 5000) {
    const chunk = learners.slice(i, i + 5000).map((l) => l.id);
    const rows = await queryRows<{ learner_id: string; id: string; taken_ms: number; outcome: AttemptOutcome; cert_ms: number | null }>(
      tx,
      sql`select learner_id, id, (extract(epoch from taken_at) * 1000)::float8 as taken_ms, outcome,
                 (extract(epoch from cert_expires_at) * 1000)::float8 as cert_ms
          from exam_attempts where exam_id = ${examId} and learner_id = any(${arrayParam(chunk)}::uuid[])`,
    );
    const byLearner = new Map<string, { id: string; takenAt: Date; outcome: AttemptOutcome; cert: number | null }[]>();
    for (const r of rows) {
      const list = byLearner.get(r.learner_id) ?? [];
      list.push({ id: r.id, takenAt: new Date(Number(r.taken_ms)), outcome: r.outcome, cert: r.cert_ms === null ? null : Number(r.cert_ms) });
      byLearner.set(r.learner_id, list);
    }
    const ids: string[] = [];
    const instants: string[] = [];
    for (const [learnerId, list] of byLearner) {
      list.sort(compareAttempts);
      const latest = list.at(-1)!;
      const decision = evaluateRetake({
        attempts: list,
        now: latest.takenAt,
        certificationExpiresAt: latest.outcome === "pass" && latest.cert !== null ? new Date(latest.cert) : null,
        policy,
      });
      if (!decision.earliestAt) continue;
      ids.push(learnerId);
      instants.push(decision.earliestAt.toISOString());
    }
    if (ids.length)
      await tx.execute(sql`
        update learner_exam_stats s set eligible_at = v.at
        from (select unnest(${arrayParam(ids)}::uuid[]) as learner_id, unnest(${arrayParam(instants)}::timestamptz[]) as at) v
        where s.learner_id = v.learner_id and s.exam_id = ${examId}`);
  }
}

/**
 * Start-up / migration-time backfill: rebuilds the rollups when they are empty although there is
 * data to roll up (a database that existed before the rollups did, or rows written around them).
 * Returns whether it rebuilt.
 */
export async function ensureAnalyticsRollups(db: Db): Promise<boolean> {
  const [row] = await queryRows<{ missing: boolean }>(
    db,
    sql`select (not exists (select 1 from learner_exam_stats))
               and (exists (select 1 from exam_attempts) or exists (select 1 from practice_sessions where status = 'submitted')) as missing`,
  );
  if (!row?.missing) return false;
  await rebuildAnalyticsRollups(db);
  return true;
}
