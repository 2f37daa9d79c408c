import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  attemptDomainReadings,
  attemptMissCategories,
  auditLog,
  examAttempts,
  exams,
  type ExamRow,
} from "@/db/schema";
import { ActionError } from "@/lib/action-error";
import { examPolicy, lockLearnerExam } from "@/lib/exam/server/exams";
import { checkAttemptHistory, type PastAttempt, type RetakePolicy } from "@/lib/policy/retake";
import type { AttemptInput } from "@/lib/validation/attempt";
import { formatInstantWithUtc } from "@/lib/format";
import { refreshLearnerRollups } from "@/lib/analytics/server/rollups";
import { completePlansIfDone } from "@/lib/plans/server/completion";
import { scheduleRetakeReminder } from "@/lib/notifications/server/reminders";

interface HistoryAttempt extends PastAttempt {
  id: string;
  certExpiresAt: Date | null;
}

const RULE_TEXT = {
  wait: "the waiting period after a failed attempt",
  "attempt-limit": "the limit of attempts in 12 months",
  passed: "the rule that a passed exam cannot be retaken before the certification expires",
} as const;


/**
 * The whole history after a change is re-checked; a change is refused when it adds a
 * violation (on the changed attempt itself, or on a later attempt it would invalidate).
 */
function assertHistoryAllowed(
  before: HistoryAttempt[],
  after: HistoryAttempt[],
  changedId: string | null,
  policy: RetakePolicy,
  timeZone: string,
): void {
  const violationsOf = (list: HistoryAttempt[]) =>
    checkAttemptHistory(list, { policy, certificationExpiresAt: (_p, i) => list[i]!.certExpiresAt }).map((v) => ({
      ...v,
      id: list[v.index]!.id,
    }));
  const existing = new Set(violationsOf(before).map((v) => `${v.id}:${v.rule}`));
  const added = violationsOf(after).filter((v) => !existing.has(`${v.id}:${v.rule}`));
  if (added.length === 0) return;
  const own = added.find((v) => v.id === changedId);
  const v = own ?? added[0]!;
  const when = v.allowedFrom
    ? `The earliest allowed time was ${formatInstantWithUtc(v.allowedFrom, timeZone)}.`
    : "No retake is allowed until the certification expiry is known and reached.";
  const message = own
    ? `This attempt breaks ${RULE_TEXT[v.rule]}. ${when}`
    : `This change would make your attempt of ${formatInstantWithUtc(v.takenAt, timeZone)} break ${RULE_TEXT[v.rule]}. ${when}`;
  throw new ActionError("conflict", message, own ? { takenAt: [message] } : undefined);
}

async function loadHistory(tx: Db, learnerId: string, examId: string): Promise<HistoryAttempt[]> {
  return tx
    .select({
      id: examAttempts.id,
      takenAt: examAttempts.takenAt,
      outcome: examAttempts.outcome,
      certExpiresAt: examAttempts.certExpiresAt,
    })
    .from(examAttempts)
    .where(and(eq(examAttempts.learnerId, learnerId), eq(examAttempts.examId, examId)))
    .orderBy(asc(examAttempts.takenAt));
}

async function writeDetails(tx: Db, attemptId: string, input: AttemptInput): Promise<void> {
  await tx.delete(attemptDomainReadings).where(eq(attemptDomainReadings.attemptId, attemptId));
  await tx.delete(attemptMissCategories).where(eq(attemptMissCategories.attemptId, attemptId));
  if (input.readings.length) {
    await tx.insert(attemptDomainReadings).values(input.readings.map((r) => ({ attemptId, domain: r.domain, bar: r.bar })));
  }
  if (input.misreadCategories.length) {
    await tx.insert(attemptMissCategories).values(input.misreadCategories.map((category) => ({ attemptId, category })));
  }
}

function columns(input: AttemptInput) {
  return {
    takenAt: input.takenAt,
    outcome: input.outcome,
    score: input.score,
    certExpiresAt: input.certExpiresAt,
    hardestDomains: input.hardestDomains,
    slowItemTypes: input.slowItemTypes,
    misreadNotes: input.misreadNotes,
    notes: input.notes,
    ranOutOfTime: input.pacing?.ranOutOfTime ?? null,
    unansweredOrGuessed: input.pacing?.unansweredOrGuessed ?? null,
    halfwayMinutesLeft: input.pacing?.halfwayMinutesLeft ?? null,
  };
}

export interface AttemptActor {
  id: string;
  timeZone: string;
}

export async function recordAttempt(db: Db, learner: AttemptActor, exam: ExamRow, input: AttemptInput): Promise<string> {
  const policy = examPolicy(exam);
  return db.transaction(async (tx) => {
    await lockLearnerExam(tx, learner.id, exam.id);
    const before = await loadHistory(tx, learner.id, exam.id);
    const candidate: HistoryAttempt = { id: "new", takenAt: input.takenAt, outcome: input.outcome, certExpiresAt: input.certExpiresAt };
    assertHistoryAllowed(before, [...before, candidate], "new", policy, learner.timeZone);
    const [row] = await tx
      .insert(examAttempts)
      .values({ learnerId: learner.id, examId: exam.id, ...columns(input) })
      .returning({ id: examAttempts.id });
    await writeDetails(tx, row!.id, input);
    await refreshLearnerRollups(tx, learner.id, exam.id);
    // A recorded pass completes the active repair plan.
    await completePlansIfDone(tx, learner.id, exam.id);
    await scheduleRetakeReminder(tx, learner.id, exam.id);
    await tx.insert(auditLog).values({
      actorId: learner.id,
      action: "attempt.create",
      entity: "exam_attempt",
      entityId: row!.id,
      after: { ...columns(input), readings: input.readings, misreadCategories: input.misreadCategories },
    });
    return row!.id;
  });
}

/** Loads an attempt only when it belongs to this learner: someone else's id is "not found". */
async function ownedAttempt(tx: Db, learnerId: string, attemptId: string) {
  const [row] = await tx
    .select()
    .from(examAttempts)
    .where(and(eq(examAttempts.id, attemptId), eq(examAttempts.learnerId, learnerId)))
    .limit(1);
  if (!row) throw new ActionError("not-found", "That attempt does not exist or is not yours.");
  return row;
}

export async function updateAttempt(db: Db, learner: AttemptActor, exam: ExamRow, attemptId: string, input: AttemptInput): Promise<void> {
  const policy = examPolicy(exam);
  await db.transaction(async (tx) => {
    await lockLearnerExam(tx, learner.id, exam.id);
    const existing = await ownedAttempt(tx, learner.id, attemptId);
    if (existing.examId !== exam.id) throw new ActionError("not-found", "That attempt does not exist or is not yours.");
    const before = await loadHistory(tx, learner.id, exam.id);
    const after = before.map((a) =>
      a.id === attemptId ? { ...a, takenAt: input.takenAt, outcome: input.outcome, certExpiresAt: input.certExpiresAt } : a,
    );
    assertHistoryAllowed(before, after, attemptId, policy, learner.timeZone);
    await tx
      .update(examAttempts)
      .set({ ...columns(input), updatedAt: new Date() })
      .where(and(eq(examAttempts.id, attemptId), eq(examAttempts.learnerId, learner.id)));
    await writeDetails(tx, attemptId, input);
    await refreshLearnerRollups(tx, learner.id, exam.id);
    await completePlansIfDone(tx, learner.id, exam.id);
    // A moved attempt moves the "you may sit again" instant: the pending reminder is replaced.
    await scheduleRetakeReminder(tx, learner.id, exam.id);
    await tx.insert(auditLog).values({
      actorId: learner.id,
      action: "attempt.update",
      entity: "exam_attempt",
      entityId: attemptId,
      before: { takenAt: existing.takenAt, outcome: existing.outcome, score: existing.score },
      after: { ...columns(input), readings: input.readings, misreadCategories: input.misreadCategories },
    });
  });
}

export async function deleteAttempt(db: Db, learner: AttemptActor, attemptId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const probe = await ownedAttempt(tx, learner.id, attemptId);
    await lockLearnerExam(tx, learner.id, probe.examId);
    const [exam] = await tx.select().from(exams).where(eq(exams.id, probe.examId));
    const policy = examPolicy(exam!);
    const before = await loadHistory(tx, learner.id, probe.examId);
    const after = before.filter((a) => a.id !== attemptId);
    assertHistoryAllowed(before, after, null, policy, learner.timeZone);
    await tx.delete(examAttempts).where(and(eq(examAttempts.id, attemptId), eq(examAttempts.learnerId, learner.id)));
    await refreshLearnerRollups(tx, learner.id, probe.examId);
    await scheduleRetakeReminder(tx, learner.id, probe.examId);
    await tx.insert(auditLog).values({
      actorId: learner.id,
      action: "attempt.delete",
      entity: "exam_attempt",
      entityId: attemptId,
      before: { takenAt: probe.takenAt, outcome: probe.outcome, score: probe.score, notes: probe.notes },
    });
  });
}

