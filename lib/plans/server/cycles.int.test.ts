import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { coachAssignments, planTasks, repairPlans, users, type ExamRow } from "@/db/schema";
import { recordAttempt } from "@/lib/attempts/server/attempts";
import { getExamByCode } from "@/lib/exam/server/exams";
import { DOMAIN_KEYS } from "@/lib/exam/az104";
import { addDays } from "@/lib/plans/dates";
import { taskPracticeSet } from "@/lib/plans/library";
import { submitPractice } from "@/lib/practice/server/sessions";
import { seedReferenceData } from "@/lib/reference/server/sync";
import { ENGINE, createTestDatabase } from "@/test/db";
import { acceptNextCycle, nextCycleFor } from "./cycles";
import { TAKE_OVER_FIRST, assignPlan, createDraftPlan, startRetestForTask } from "./repair-plans";

const HOUR = 3_600_000;
let h: DbHandle;
let exam: ExamRow;
let coach: { id: string; role: "coach" };
let otherCoach: { id: string; role: "coach" };

async function person(email: string, role: "learner" | "coach") {
  const [u] = await h.db.insert(users).values({ email, name: email, role, passwordHash: "x", timeZone: "UTC" }).returning();
  return { id: u!.id, timeZone: "UTC", role };
}

async function failed(email: string, coachId: string | null) {
  const l = (await person(email, "learner")) as { id: string; timeZone: string; role: "learner" };
  if (coachId) await h.db.insert(coachAssignments).values({ learnerId: l.id, coachId });
  await recordAttempt(h.db, l, exam, {
    takenAt: new Date(Date.now() - 2 * HOUR),
    outcome: "fail",
    score: 680,
    readings: DOMAIN_KEYS.map((domain, i) => ({ domain, bar: [75, 45, 78, 74, 76][i]! })),
    hardestDomains: [],
    slowItemTypes: [],
    misreadCategories: ["sas-tokens"],
    misreadNotes: "",
    notes: "",
    certExpiresAt: null,
  });
  return l;
}

/** Takes the plan's closing set and submits it with nothing answered: every item a miss, core gaps. */
async function failClosingRetest(learner: { id: string }, planId: string): Promise<string> {
  const tasks = await h.db.select().from(planTasks).where(eq(planTasks.planId, planId)).orderBy(asc(planTasks.day), asc(planTasks.position));
  const closing = [...tasks].reverse().find((t) => taskPracticeSet(t.libraryKey))!;
  const sessionId = await startRetestForTask(h.db, learner, exam, closing.id);
  await submitPractice(h.db, learner.id, sessionId);
  return sessionId;
}

beforeAll(async () => {
  h = await createTestDatabase({ max: 10 });
  await seedReferenceData(h.db);
  exam = await getExamByCode(h.db, "AZ-104");
  coach = (await person("cycle-coach@example.com", "coach")) as typeof coach;
  otherCoach = (await person("cycle-other-coach@example.com", "coach")) as typeof otherCoach;
}, 120_000);
afterAll(async () => h?.close());

describe(`cycles until mostly edge (${ENGINE})`, () => {
  it("offers the next cycle once the closing retest shows core gaps; the coach accepts it and the plan grows by the block", async () => {
    const l = await failed("cycle-coached@example.com", coach.id);
    const planId = await createDraftPlan(h.db, coach, l.id, exam);
    await assignPlan(h.db, coach, planId);
    expect(await nextCycleFor(h.db, planId)).toBeNull(); // the closing retest is not taken yet
    const basis = await failClosingRetest(l, planId);
    const offer = (await nextCycleFor(h.db, planId))!;
    expect(offer.basisSessionId).toBe(basis);
    expect(offer.categories.length).toBeGreaterThan(0);

    // Nobody else may accept it.
    const stranger = await person("cycle-stranger@example.com", "learner");
    await expect(acceptNextCycle(h.db, { id: stranger.id, role: "learner" }, planId, basis)).rejects.toThrow(/does not exist|not yours/);
    await expect(acceptNextCycle(h.db, { id: l.id, role: "learner" }, planId, basis)).rejects.toThrow(/does not exist|not yours/);
    await expect(acceptNextCycle(h.db, otherCoach, planId, basis)).rejects.toThrow(/does not exist|not yours/);
    await expect(acceptNextCycle(h.db, coach, planId, "00000000-0000-4000-8000-000000000000")).rejects.toThrow(/no next cycle/);

    const [before] = await h.db.select().from(repairPlans).where(eq(repairPlans.id, planId));
    const { firstDay, lastDay } = await acceptNextCycle(h.db, coach, planId, basis);
    expect([firstDay, lastDay]).toEqual([before!.lengthDays + 1, before!.lengthDays + 2]);
    const [after] = await h.db.select().from(repairPlans).where(eq(repairPlans.id, planId));
    expect(after).toMatchObject({ lengthDays: lastDay, cycle: 2, cycleBasisSessionId: basis, status: "active" });
    expect(after!.targetDate >= addDays(after!.startDate, lastDay)).toBe(true);
    const added = await h.db.select().from(planTasks).where(and(eq(planTasks.planId, planId), eq(planTasks.cycle, 2))).orderBy(asc(planTasks.day), asc(planTasks.position));
    expect(added[0]).toMatchObject({ day: firstDay, libraryKey: "general-cycle-review" });
    expect(added.at(-2)).toMatchObject({ day: lastDay, libraryKey: "general-cycle-retest", focusCategories: offer.categories });
    expect(added.every((t) => t.cause?.startsWith("The retest still missed core"))).toBe(true);

    // Offered once: the new cycle's retest is now the plan's closing set, not taken yet.
    expect(await nextCycleFor(h.db, planId)).toBeNull();
    await expect(acceptNextCycle(h.db, coach, planId, basis)).rejects.toThrow(/no next cycle/);

    // The cycle's retest draws toward the categories it rebuilt.
    const retest = added.find((t) => t.libraryKey === "general-cycle-retest")!;
    const s = await startRetestForTask(h.db, l, exam, retest.id);
    expect(s).toBeTruthy();
  });

  it("a self-coached learner accepts the cycle of their own plan; a coach assigned later must take it over first", async () => {
    const l = await failed("cycle-self@example.com", null);
    const me = { id: l.id, role: "learner" as const };
    const planId = await createDraftPlan(h.db, me, l.id, exam);
    await assignPlan(h.db, me, planId);
    const basis = await failClosingRetest(l, planId);
    await h.db.insert(coachAssignments).values({ learnerId: l.id, coachId: coach.id });
    await expect(acceptNextCycle(h.db, coach, planId, basis)).rejects.toThrow(TAKE_OVER_FIRST);
    const { lastDay } = await acceptNextCycle(h.db, me, planId, basis);
    const [plan] = await h.db.select().from(repairPlans).where(eq(repairPlans.id, planId));
    expect(plan).toMatchObject({ cycle: 2, lengthDays: lastDay, controlledBy: "learner" });
  });

  it("a completed plan offers no cycle and takes none", async () => {
    const l = await failed("cycle-done@example.com", coach.id);
    const planId = await createDraftPlan(h.db, coach, l.id, exam);
    await assignPlan(h.db, coach, planId);
    const basis = await failClosingRetest(l, planId);
    await h.db.update(repairPlans).set({ status: "completed", completedReason: "passed" }).where(eq(repairPlans.id, planId));
    expect(await nextCycleFor(h.db, planId)).toBeNull();
    await expect(acceptNextCycle(h.db, coach, planId, basis)).rejects.toThrow(/closed/);
  });
});
