// When a repair plan is done: readiness holds (two qualifying sets in a row at mostly edge cases,
// on questions met for the first time) or a pass is recorded. Called inside the transactions that
// can make it so — recording or editing an attempt, submitting a practice set — so the plan's
// status never lags behind the facts. A completed plan stays readable in the history.

import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog, examAttempts, repairPlans } from "@/db/schema";
import { learnerReadiness } from "@/lib/readiness/server/readiness";

export type CompletionReason = "passed" | "ready";

export async function completePlansIfDone(tx: Db, learnerId: string, examId: string): Promise<CompletionReason | null> {
  const [plan] = await tx
    .select({ id: repairPlans.id })
    .from(repairPlans)
    .where(and(eq(repairPlans.learnerId, learnerId), eq(repairPlans.examId, examId), eq(repairPlans.status, "active")))
    .for("update");
  if (!plan) return null;
  const [latest] = await tx
    .select({ outcome: examAttempts.outcome })
    .from(examAttempts)
    .where(and(eq(examAttempts.learnerId, learnerId), eq(examAttempts.examId, examId)))
    .orderBy(desc(examAttempts.takenAt))
    .limit(1);
  let reason: CompletionReason | null = null;
  if (latest?.outcome === "pass") reason = "passed";
  else if ((await learnerReadiness(tx, learnerId, examId)).ready) reason = "ready";
  if (!reason) return null;
  const now = new Date();
  await tx
    .update(repairPlans)
    .set({ status: "completed", completedAt: now, completedReason: reason, updatedAt: now })
    .where(and(eq(repairPlans.id, plan.id), eq(repairPlans.status, "active")));
  // The learner's own write (a result recorded, a set submitted) completed it.
  await tx.insert(auditLog).values({ actorId: learnerId, action: "plan.complete", entity: "repair_plan", entityId: plan.id, after: { reason } });
  return reason;
}
