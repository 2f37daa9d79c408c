import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { exams, learnerExams, type ExamRow } from "@/db/schema";
import { ActionError } from "@/lib/action-error";
import { retakePolicySchema, type RetakePolicy } from "@/lib/policy/retake";

// The exam row's server side, in one place: reading an exam, its retake policy, and the lock that
// serialises every write to one learner's history at one exam. The attempts service (recording,
// editing, deleting attempts) and the analytics rollups both take this one lock, so a learner's
// attempts and their rollups are never changed by two transactions at once. The pure exam data
// (outline, domains, categories) stays in lib/exam/az104.ts; pages read the row through the
// cached copy in lib/dal/exam.ts.

/** The exam's retake policy, as stored on its row (validated; a malformed row throws). */
export function examPolicy(exam: Pick<ExamRow, "policy">): RetakePolicy {
  return retakePolicySchema.parse(exam.policy);
}

/** The exam row by code, read now (writes and transactions use this; pages the cached copy). */
export async function getExamByCode(db: Db, code: string): Promise<ExamRow> {
  const [exam] = await db.select().from(exams).where(eq(exams.code, code)).limit(1);
  if (!exam) throw new ActionError("not-found", `The exam ${code} is not set up.`);
  return exam;
}

/**
 * Creates (if needed) and locks the learners' enrolment rows (learner_exams) for the exam, FOR
 * UPDATE until the transaction ends, in id order so two writers locking several learners cannot
 * deadlock. Every change to a learner's attempts or rollups takes it first: two concurrent
 * recordings cannot both pass the policy check, and rollups are never updated twice at once.
 */
export async function lockLearnerExams(tx: Db, learnerIds: readonly string[], examId: string): Promise<void> {
  const ids = [...new Set(learnerIds)].sort();
  if (!ids.length) return;
  for (let i = 0; i < ids.length; i += 2000) {
    const chunk = ids.slice(i, i + 2000);
    await tx.insert(learnerExams).values(chunk.map((learnerId) => ({ learnerId, examId }))).onConflictDoNothing();
    await tx
      .select({ id: learnerExams.learnerId })
      .from(learnerExams)
      .where(and(eq(learnerExams.examId, examId), inArray(learnerExams.learnerId, chunk)))
      .orderBy(asc(learnerExams.learnerId))
      .for("update");
  }
}

/** The lock of one learner's history at one exam (lockLearnerExams for one learner). */
export function lockLearnerExam(tx: Db, learnerId: string, examId: string): Promise<void> {
  return lockLearnerExams(tx, [learnerId], examId);
}
