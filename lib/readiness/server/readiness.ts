// Readiness on the server: recording which reviews a learner was shown, counting first exposure
// when a set is submitted, and reading a learner's readiness and their one recommended retake
// date. The rules themselves are pure: lib/practice/readiness.ts and lib/policy/recommended-date.ts.

import { and, asc, desc, eq, inArray, lt, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { examAttempts, practiceItems, practiceSessions, questionReviews, questions, repairPlans } from "@/db/schema";
import type { PlanForDate } from "@/lib/attempts/overview";
import type { PracticeMode } from "@/lib/enums";
import { assessReadiness, countFresh, firstExposureItems, type FreshCount, type ReadinessReport, type ReadinessSet } from "@/lib/practice/readiness";

/**
 * Records that the learner was shown the review (answers and explanations) of every question of
 * one of their submitted sets. Called when the results page renders for them; the first showing
 * of each question is kept. A set that is not theirs or not submitted records nothing.
 */
export async function recordReviewsShown(db: Db, learnerId: string, sessionId: string): Promise<number> {
  const rows = await db.execute<{ question_id: string }>(sql`
    insert into ${questionReviews} (learner_id, question_id, session_id, first_seen_at)
    select ${learnerId}::uuid, pi.question_id, ${sessionId}::uuid, now()
    from ${practiceItems} pi
    join ${practiceSessions} s on s.id = pi.session_id
    where pi.session_id = ${sessionId}::uuid and s.learner_id = ${learnerId}::uuid and s.status = 'submitted'
    on conflict (learner_id, question_id) do nothing
    returning question_id`);
  return (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows).length;
}

/**
 * Counts first exposure in a set being submitted (inside its transaction, after scoring): its items
 * the learner had not met in an earlier set, nor seen reviewed (or given away by a reviewed
 * sibling) before now. The learner's own variations never count.
 */
export async function countFirstExposure(tx: Db, learnerId: string, sessionId: string, startedAt: Date, submittedAt: Date): Promise<FreshCount> {
  const items = await tx
    .select({ questionId: practiceItems.questionId, tier: questions.tier, correct: practiceItems.correct, score: practiceItems.score, response: practiceItems.response, origin: questions.origin })
    .from(practiceItems)
    .innerJoin(questions, eq(questions.id, practiceItems.questionId))
    .where(eq(practiceItems.sessionId, sessionId));
  const earlier = await tx
    .selectDistinct({ questionId: practiceItems.questionId })
    .from(practiceItems)
    .innerJoin(practiceSessions, eq(practiceSessions.id, practiceItems.sessionId))
    .where(and(eq(practiceSessions.learnerId, learnerId), ne(practiceSessions.id, sessionId), lt(practiceSessions.startedAt, startedAt)));
  const reviews = await tx
    .select({ questionId: questionReviews.questionId, seenAt: questionReviews.firstSeenAt, givesAway: questions.givesAway })
    .from(questionReviews)
    .innerJoin(questions, eq(questions.id, questionReviews.questionId))
    .where(eq(questionReviews.learnerId, learnerId));
  const fresh = firstExposureItems(
    items.map((i) => ({
      questionId: i.questionId,
      tier: i.tier,
      correct: i.response && i.response.length ? i.correct : null,
      score: i.score ?? undefined,
      private: i.origin === "learner",
    })),
    submittedAt,
    {
      metBefore: new Set(earlier.map((e) => e.questionId)),
      reviews: reviews.map((r) => ({ questionId: r.questionId, seenAt: r.seenAt })),
      givesAway: new Map(reviews.map((r) => [r.questionId, r.givesAway])),
    },
  );
  return countFresh(fresh);
}

interface SetRow {
  id: string;
  learnerId: string;
  mode: PracticeMode;
  size: number;
  durationMinutes: number;
  startedAt: Date;
  submittedAt: Date | null;
  deadlineAt: Date;
  freshItems: number | null;
  freshCoreMisses: number | null;
  freshEdgeMisses: number | null;
}

function toReadinessSet(r: SetRow): ReadinessSet {
  return {
    id: r.id,
    mode: r.mode,
    size: r.size,
    durationMinutes: r.durationMinutes,
    startedAt: r.startedAt,
    submittedAt: r.submittedAt ?? r.deadlineAt,
    fresh: r.freshItems === null ? null : { fresh: r.freshItems, coreMisses: r.freshCoreMisses ?? 0, edgeMisses: r.freshEdgeMisses ?? 0 },
  };
}

/**
 * Readiness of several learners in two statements (their submitted sets, their latest attempts), or
 * one when the caller already knows each learner's latest attempt (`latestAttemptAt`; a learner
 * missing from it has none).
 */
export async function readinessByLearner(
  db: Db,
  learnerIds: readonly string[],
  examId: string,
  latestAttemptAt?: ReadonlyMap<string, Date>,
): Promise<Map<string, ReadinessReport>> {
  const out = new Map<string, ReadinessReport>();
  if (learnerIds.length === 0) return out;
  const ids = [...learnerIds];
  const [sets, latest] = await Promise.all([
    db
      .select({
        id: practiceSessions.id,
        learnerId: practiceSessions.learnerId,
        mode: practiceSessions.mode,
        size: practiceSessions.size,
        durationMinutes: practiceSessions.durationMinutes,
        startedAt: practiceSessions.startedAt,
        submittedAt: practiceSessions.submittedAt,
        deadlineAt: practiceSessions.deadlineAt,
        freshItems: practiceSessions.freshItems,
        freshCoreMisses: practiceSessions.freshCoreMisses,
        freshEdgeMisses: practiceSessions.freshEdgeMisses,
      })
      .from(practiceSessions)
      .where(and(ids.length === 1 ? eq(practiceSessions.learnerId, ids[0]!) : inArray(practiceSessions.learnerId, ids), eq(practiceSessions.examId, examId), eq(practiceSessions.status, "submitted")))
      .orderBy(asc(practiceSessions.startedAt)),
    latestAttemptAt
      ? Promise.resolve([...latestAttemptAt].map(([learnerId, takenAt]) => ({ learnerId, takenAt })))
      : db
          .selectDistinctOn([examAttempts.learnerId], { learnerId: examAttempts.learnerId, takenAt: examAttempts.takenAt })
          .from(examAttempts)
          .where(and(ids.length === 1 ? eq(examAttempts.learnerId, ids[0]!) : inArray(examAttempts.learnerId, ids), eq(examAttempts.examId, examId)))
          .orderBy(examAttempts.learnerId, desc(examAttempts.takenAt)),
  ]);
  const since = new Map(latest.map((l) => [l.learnerId, l.takenAt]));
  const byLearner = new Map<string, ReadinessSet[]>(ids.map((id) => [id, []]));
  for (const s of sets) byLearner.get(s.learnerId)?.push(toReadinessSet(s));
  for (const id of ids) out.set(id, assessReadiness(byLearner.get(id) ?? [], { since: since.get(id) ?? null }));
  return out;
}

export async function learnerReadiness(db: Db, learnerId: string, examId: string): Promise<ReadinessReport> {
  return (await readinessByLearner(db, [learnerId], examId)).get(learnerId)!;
}

/**
 * The plan whose end counts toward the recommended date, per learner: the active one, else a plan
 * completed (by readiness) that was built on the learner's latest attempt.
 */
export async function plansForDate(db: Db, learnerIds: readonly string[]): Promise<Map<string, PlanForDate>> {
  const out = new Map<string, PlanForDate>();
  if (learnerIds.length === 0) return out;
  const ids = [...learnerIds];
  const rows = await db
    .select({
      id: repairPlans.id,
      learnerId: repairPlans.learnerId,
      status: repairPlans.status,
      targetDate: repairPlans.targetDate,
      basisAttemptId: repairPlans.basisAttemptId,
      latestAttemptId: sql<string | null>`(select a.id from ${examAttempts} a where a.learner_id = ${repairPlans.learnerId} and a.exam_id = ${repairPlans.examId} order by a.taken_at desc limit 1)`,
    })
    .from(repairPlans)
    .where(and(ids.length === 1 ? eq(repairPlans.learnerId, ids[0]!) : inArray(repairPlans.learnerId, ids), inArray(repairPlans.status, ["active", "completed"])))
    .orderBy(desc(repairPlans.createdAt));
  for (const r of rows) {
    if (r.status === "active") out.set(r.learnerId, { id: r.id, status: "active", targetDate: r.targetDate });
  }
  for (const r of rows) {
    if (!out.has(r.learnerId) && r.status === "completed" && r.basisAttemptId && r.basisAttemptId === r.latestAttemptId) {
      out.set(r.learnerId, { id: r.id, status: "completed", targetDate: r.targetDate });
    }
  }
  return out;
}
