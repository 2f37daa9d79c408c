// Cycles on the server: reading a plan's next-cycle offer and accepting it. The rule and the
// block's tasks are pure (lib/plans/cycles.ts). A coach accepts for a plan they control; a learner
// for a plan of their own (controlled_by = 'learner'). Accepting appends the block after the plan's
// last day (or from today, when the plan's days are behind the learner), moves the plan's end and
// its target date with it, and records which retest the cycle answers so it is offered once.

import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog, planTasks, practiceItems, practiceSessions, questions, repairPlans, users, type RepairPlanRow } from "@/db/schema";
import { ActionError } from "@/lib/action-error";
import { coachOwnsLearner } from "@/lib/auth/server/ownership";
import type { DomainKey } from "@/lib/exam/az104";
import type { Role } from "@/lib/enums";
import { isoDateInZone } from "@/lib/format";
import { CYCLE_DAYS, cycleTasks, nextCycleOffer, type CycleOffer } from "@/lib/plans/cycles";
import { addDays, daysBetween } from "@/lib/plans/dates";
import { taskPracticeSet } from "@/lib/plans/library";
import { TAKE_OVER_FIRST } from "./repair-plans";

export interface CycleActor {
  id: string;
  role: Role;
}

const notYours = () => new ActionError("not-found", "That plan does not exist, or it is not yours.");

/** The offer of a plan, read in the given connection or transaction. */
async function offerOf(db: Db, plan: Pick<RepairPlanRow, "id" | "status" | "cycleBasisSessionId">): Promise<CycleOffer | null> {
  if (plan.status !== "active") return null;
  const tasks = await db
    .select({ libraryKey: planTasks.libraryKey, practiceSessionId: planTasks.practiceSessionId })
    .from(planTasks)
    .where(eq(planTasks.planId, plan.id))
    .orderBy(asc(planTasks.day), asc(planTasks.position));
  const closing = [...tasks].reverse().find((t) => taskPracticeSet(t.libraryKey) !== null);
  if (!closing) return null;
  let closingSet: Parameters<typeof nextCycleOffer>[0]["closingSet"] = { sessionId: closing.practiceSessionId, submitted: false, items: [] };
  if (closing.practiceSessionId) {
    const [session] = await db.select({ status: practiceSessions.status }).from(practiceSessions).where(eq(practiceSessions.id, closing.practiceSessionId));
    const items =
      session?.status === "submitted"
        ? await db
            .select({ category: questions.category, domain: questions.domain, tier: questions.tier, correct: practiceItems.correct, response: practiceItems.response })
            .from(practiceItems)
            .innerJoin(questions, eq(questions.id, practiceItems.questionId))
            .where(eq(practiceItems.sessionId, closing.practiceSessionId))
        : [];
    closingSet = {
      sessionId: closing.practiceSessionId,
      submitted: session?.status === "submitted",
      items: items.map((i) => ({ category: i.category, domain: i.domain as DomainKey, tier: i.tier, correct: i.response && i.response.length ? i.correct : null })),
    };
  }
  return nextCycleOffer({ planStatus: plan.status, closingSet, basisSessionId: plan.cycleBasisSessionId });
}

/** The next-cycle offer of a plan the caller may already read (the plan pages check access). */
export async function nextCycleFor(db: Db, planId: string): Promise<CycleOffer | null> {
  const [plan] = await db
    .select({ id: repairPlans.id, status: repairPlans.status, cycleBasisSessionId: repairPlans.cycleBasisSessionId })
    .from(repairPlans)
    .where(eq(repairPlans.id, planId));
  return plan ? offerOf(db, plan) : null;
}

/** Next-cycle offers of several plans (the coach dashboard, a learner's home). */
export async function nextCyclesFor(db: Db, planIds: readonly string[]): Promise<Map<string, CycleOffer>> {
  const out = new Map<string, CycleOffer>();
  if (planIds.length === 0) return out;
  const plans = await db
    .select({ id: repairPlans.id, status: repairPlans.status, cycleBasisSessionId: repairPlans.cycleBasisSessionId })
    .from(repairPlans)
    .where(inArray(repairPlans.id, [...planIds]));
  for (const p of plans) {
    const offer = await offerOf(db, p);
    if (offer) out.set(p.id, offer);
  }
  return out;
}

/**
 * The plan an actor may accept a cycle for, locked: a coach's plan (the learner's assigned coach,
 * plan controlled by the coach), or a learner's own plan. A coach facing a plan the learner still
 * controls is told to take it over first; anyone else hears "not found".
 */
async function lockPlanFor(tx: Db, actor: CycleActor, planId: string): Promise<RepairPlanRow> {
  if (actor.role === "learner") {
    const [plan] = await tx
      .select()
      .from(repairPlans)
      .where(and(eq(repairPlans.id, planId), eq(repairPlans.learnerId, actor.id), eq(repairPlans.controlledBy, "learner")))
      .for("update");
    if (!plan) throw notYours();
    return plan;
  }
  if (actor.role !== "coach") throw notYours();
  const [row] = await tx
    .select({ plan: repairPlans })
    .from(repairPlans)
    .where(and(eq(repairPlans.id, planId), coachOwnsLearner(actor.id, repairPlans.learnerId)))
    .for("update", { of: repairPlans });
  if (!row) throw notYours();
  if (row.plan.controlledBy === "learner") throw new ActionError("forbidden", TAKE_OVER_FIRST);
  return row.plan;
}

/**
 * Accepts the offered next cycle. `basisSessionId` is the retest the offer was read from: when the
 * offer changed meanwhile (another cycle accepted, a different result), nothing is added.
 */
export async function acceptNextCycle(db: Db, actor: CycleActor, planId: string, basisSessionId: string, now = new Date()): Promise<{ firstDay: number; lastDay: number }> {
  return db.transaction(async (tx) => {
    const plan = await lockPlanFor(tx, actor, planId);
    if (plan.status !== "active") throw new ActionError("conflict", "Only an active plan runs another cycle; this one is closed.");
    const offer = await offerOf(tx, plan);
    if (!offer || offer.basisSessionId !== basisSessionId) {
      throw new ActionError("conflict", "There is no next cycle to accept for that retest any more: reload the plan.");
    }
    const [learner] = await tx.select({ timeZone: users.timeZone }).from(users).where(eq(users.id, plan.learnerId));
    const today = isoDateInZone(now, learner?.timeZone ?? "UTC");
    // After the plan's last day, or from today when the learner is already past it.
    const firstDay = Math.max(plan.lengthDays + 1, daysBetween(plan.startDate, today) + 1);
    const lastDay = firstDay + CYCLE_DAYS - 1;
    const cycle = plan.cycle + 1;
    await tx.insert(planTasks).values(
      cycleTasks(offer).map((t) => ({
        planId,
        day: firstDay + t.cycleDay - 1,
        position: t.position,
        domain: t.domain,
        phase: t.phase,
        title: t.title,
        instructions: t.instructions,
        evidenceRequired: t.evidenceRequired,
        libraryKey: t.libraryKey,
        cause: t.cause,
        focusCategories: t.focusCategories,
        cycle,
      })),
    );
    const end = addDays(plan.startDate, lastDay);
    await tx
      .update(repairPlans)
      .set({
        lengthDays: lastDay,
        cycle,
        cycleBasisSessionId: basisSessionId,
        targetDate: plan.targetDate > end ? plan.targetDate : end,
        updatedAt: now,
      })
      .where(eq(repairPlans.id, planId));
    await tx.insert(auditLog).values({
      actorId: actor.id,
      action: "plan.cycle.accept",
      entity: "repair_plan",
      entityId: planId,
      before: { lengthDays: plan.lengthDays, targetDate: plan.targetDate, cycle: plan.cycle },
      after: { lengthDays: lastDay, cycle, categories: offer.categories, basisSessionId },
    });
    return { firstDay, lastDay };
  });
}
