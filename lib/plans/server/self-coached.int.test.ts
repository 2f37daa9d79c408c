import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { coachAssignments, planTasks, repairPlans, users, type ExamRow } from "@/db/schema";
import { recordAttempt } from "@/lib/attempts/server/attempts";
import { getExamByCode } from "@/lib/exam/server/exams";
import { seedReferenceData } from "@/lib/reference/server/sync";
import { ENGINE, createTestDatabase } from "@/test/db";
import {
  COACH_MAKES_PLANS,
  TAKE_OVER_FIRST,
  addTask,
  assignPlan,
  coachPlans,
  createDraftPlan,
  editTask,
  isSelfCoached,
  learnerActivePlan,
  learnerOwnPlan,
  moveTask,
  removeTask,
  reviewTask,
  setTargetDate,
  submitEvidence,
  takeOverPlan,
} from "./repair-plans";

const HOUR = 3_600_000;
let h: DbHandle;
let exam: ExamRow;
let coach: { id: string; role: "coach" };
let otherCoach: { id: string; role: "coach" };

async function person<R extends "learner" | "coach">(email: string, role: R) {
  const [u] = await h.db.insert(users).values({ email, name: email, role, passwordHash: "x", timeZone: "UTC" }).returning();
  return { id: u!.id, role, timeZone: "UTC" };
}

/** A learner with one failed attempt two hours ago and no coach. */
async function soloLearner(email: string, score = 600, bars: [number, number, number, number, number] = [50, 52, 49, 66, 70]) {
  const l = await person(email, "learner");
  await recordAttempt(h.db, l, exam, {
    takenAt: new Date(Date.now() - 2 * HOUR),
    outcome: "fail",
    score,
    readings: (["identity-governance", "storage", "compute", "networking", "monitoring"] as const).map((domain, i) => ({ domain, bar: bars[i]! })),
    hardestDomains: ["storage"],
    slowItemTypes: [],
    misreadCategories: [],
    misreadNotes: "",
    notes: "",
    certExpiresAt: null,
  });
  return l;
}

const tasksOf = (planId: string) => h.db.select().from(planTasks).where(eq(planTasks.planId, planId)).orderBy(planTasks.day, planTasks.position);

beforeAll(async () => {
  h = await createTestDatabase({ max: 10 });
  await seedReferenceData(h.db);
  exam = await getExamByCode(h.db, "AZ-104");
  coach = await person("coach@example.com", "coach");
  otherCoach = await person("coach2@example.com", "coach");
});
afterAll(async () => h?.close());

describe(`self-coached repair plans (${ENGINE})`, () => {
  it("a learner without a coach generates their own draft with the same generator a coach uses", async () => {
    const solo = await soloLearner("solo-gen@example.com", 560, [45, 50, 48, 70, 72]);
    expect(await isSelfCoached(h.db, solo.id)).toBe(true);
    const own = await createDraftPlan(h.db, solo, solo.id, exam);
    const [mine] = await h.db.select().from(repairPlans).where(eq(repairPlans.id, own));
    expect(mine).toMatchObject({ status: "draft", controlledBy: "learner", coachId: null, learnerId: solo.id, template: "broad-miss" });

    // The same learner's data given to a coach produces the same plan: same template, days, weak domains and tasks.
    const twin = await soloLearner("solo-twin@example.com", 560, [45, 50, 48, 70, 72]);
    await h.db.insert(coachAssignments).values({ learnerId: twin.id, coachId: coach.id });
    const coached = await createDraftPlan(h.db, coach, twin.id, exam);
    const [theirs] = await h.db.select().from(repairPlans).where(eq(repairPlans.id, coached));
    expect({ t: mine!.template, d: mine!.lengthDays, w: mine!.weakDomains }).toEqual({ t: theirs!.template, d: theirs!.lengthDays, w: theirs!.weakDomains });
    const strip = (ts: Awaited<ReturnType<typeof tasksOf>>) => ts.map((t) => [t.day, t.phase, t.domain, t.title]);
    expect(strip(await tasksOf(own))).toEqual(strip(await tasksOf(coached)));

    // Generating again replaces the learner's own draft only.
    const again = await createDraftPlan(h.db, solo, solo.id, exam);
    const drafts = await h.db.select().from(repairPlans).where(eq(repairPlans.learnerId, solo.id));
    expect(drafts.map((p) => p.id)).toEqual([again]);
    expect(await learnerOwnPlan(h.db, solo.id)).toMatchObject({ plan: { id: again } });
  });

  it("refuses a plan of their own to a learner who has a coach, and any plan for someone else", async () => {
    const coached = await soloLearner("has-coach@example.com");
    await h.db.insert(coachAssignments).values({ learnerId: coached.id, coachId: coach.id });
    await expect(createDraftPlan(h.db, coached, coached.id, exam)).rejects.toThrow(COACH_MAKES_PLANS);
    const solo = await soloLearner("solo-other@example.com");
    await expect(createDraftPlan(h.db, solo, coached.id, exam)).rejects.toThrow(/not yours/);
    expect(await h.db.select().from(repairPlans).where(eq(repairPlans.learnerId, coached.id))).toEqual([]);
  });

  it("edits, starts and follows the plan: a task is done when its evidence is submitted, with no review", async () => {
    const solo = await soloLearner("solo-follow@example.com");
    const planId = await createDraftPlan(h.db, solo, solo.id, exam);
    const [first, second] = await tasksOf(planId);
    await editTask(h.db, solo, planId, first!.id, { title: "My own diagnosis", instructions: "Read the report twice", evidenceRequired: "A note", day: 2 });
    const added = await addTask(h.db, solo, planId, { title: "Redo the SAS lab", instructions: "", evidenceRequired: "Output", day: 1, domain: "storage", phase: "rebuild" });
    await moveTask(h.db, solo, planId, added, "up");
    await removeTask(h.db, solo, planId, second!.id);
    const far = new Date(Date.now() + 40 * 24 * HOUR).toISOString().slice(0, 10);
    expect(await setTargetDate(h.db, solo, planId, exam, far, false)).toEqual({ status: "saved" });
    await expect(setTargetDate(h.db, solo, planId, exam, "2020-01-01", true)).rejects.toThrow(/retake policy allows/);
    await assignPlan(h.db, solo, planId);

    const active = await learnerActivePlan(h.db, solo.id);
    expect(active!.plan).toMatchObject({ id: planId, status: "active", controlledBy: "learner", targetDate: far });
    expect(active!.tasks.find((t) => t.id === first!.id)).toMatchObject({ title: "My own diagnosis", day: 2 });
    expect(active!.tasks.some((t) => t.id === second!.id)).toBe(false);

    const task = active!.tasks.find((t) => t.id === added)!;
    expect(await submitEvidence(h.db, solo, task.id, { text: "Made a SAS with an IP range and saw the 403.", link: null })).toBe("done");
    const [done] = await h.db.select().from(planTasks).where(eq(planTasks.id, task.id));
    expect(done).toMatchObject({ status: "accepted", reviewedBy: null, evidenceText: "Made a SAS with an IP range and saw the 403." });
    // Still their own evidence to correct.
    expect(await submitEvidence(h.db, solo, task.id, { text: "Corrected: the 403 came from the firewall rule.", link: null })).toBe("done");
  });

  it("keeps a learner off plans they do not control: a coach's plan, another learner's own plan", async () => {
    const solo = await soloLearner("solo-fence@example.com");
    const other = await soloLearner("solo-fence-2@example.com");
    const otherPlan = await createDraftPlan(h.db, other, other.id, exam);
    const [otherTask] = await tasksOf(otherPlan);
    const edit = { title: "x", instructions: "", evidenceRequired: "", day: 1 };
    await expect(editTask(h.db, solo, otherPlan, otherTask!.id, edit)).rejects.toThrow(/not yours/);
    await expect(assignPlan(h.db, solo, otherPlan)).rejects.toThrow(/not yours/);
    await expect(removeTask(h.db, solo, otherPlan, otherTask!.id)).rejects.toThrow(/not yours/);

    const coached = await soloLearner("fence-coached@example.com");
    await h.db.insert(coachAssignments).values({ learnerId: coached.id, coachId: coach.id });
    const coachPlan = await createDraftPlan(h.db, coach, coached.id, exam);
    await assignPlan(h.db, coach, coachPlan);
    const [coachTask] = await tasksOf(coachPlan);
    // Even the plan's own learner: a plan a coach assigned stays the coach's.
    await expect(editTask(h.db, coached, coachPlan, coachTask!.id, edit)).rejects.toThrow(/not yours/);
    await expect(addTask(h.db, coached, coachPlan, { ...edit, domain: null, phase: "rebuild" })).rejects.toThrow(/not yours/);
    await expect(setTargetDate(h.db, coached, coachPlan, exam, "2099-01-01", true)).rejects.toThrow(/not yours/);
    expect(await submitEvidence(h.db, coached, coachTask!.id, { text: "Evidence for my coach to review.", link: null })).toBe("submitted");
  });

  it("a coach assigned later sees the plan, may not change it until taking it over, then reviews new evidence", async () => {
    const solo = await soloLearner("solo-takeover@example.com");
    const planId = await createDraftPlan(h.db, solo, solo.id, exam);
    await assignPlan(h.db, solo, planId);
    const [doneTask, openTask] = await tasksOf(planId);
    await submitEvidence(h.db, solo, doneTask!.id, { text: "Listed the weak bars by domain.", link: null });

    await h.db.insert(coachAssignments).values({ learnerId: solo.id, coachId: coach.id });
    expect(await isSelfCoached(h.db, solo.id)).toBe(false);
    const seen = await coachPlans(h.db, coach, solo.id);
    expect(seen.current!.plan).toMatchObject({ id: planId, controlledBy: "learner" });
    await expect(editTask(h.db, coach, planId, openTask!.id, { title: "x", instructions: "", evidenceRequired: "", day: 1 })).rejects.toThrow(TAKE_OVER_FIRST);
    await expect(takeOverPlan(h.db, otherCoach, planId)).rejects.toThrow(/not yours/);
    await expect(takeOverPlan(h.db, solo, planId)).rejects.toThrow(/not yours/);
    // Until the coach takes it over, the plan is still the learner's.
    await editTask(h.db, solo, planId, openTask!.id, { title: "Still mine", instructions: "", evidenceRequired: "", day: 1 });

    await takeOverPlan(h.db, coach, planId);
    await expect(takeOverPlan(h.db, coach, planId)).rejects.toThrow(/already a coach's plan/);
    const [plan] = await h.db.select().from(repairPlans).where(eq(repairPlans.id, planId));
    expect(plan).toMatchObject({ controlledBy: "coach", coachId: coach.id, status: "active" });
    await expect(editTask(h.db, solo, planId, openTask!.id, { title: "Mine again?", instructions: "", evidenceRequired: "", day: 1 })).rejects.toThrow(/not yours/);
    await editTask(h.db, coach, planId, openTask!.id, { title: "Coach's version", instructions: "", evidenceRequired: "", day: 1 });

    // Work done before stays done; new evidence waits for the coach.
    const [kept] = await h.db.select().from(planTasks).where(eq(planTasks.id, doneTask!.id));
    expect(kept!.status).toBe("accepted");
    expect(await submitEvidence(h.db, solo, openTask!.id, { text: "Rebuilt the role assignment at three scopes.", link: null })).toBe("submitted");
    await reviewTask(h.db, coach, openTask!.id, "accept", "Good.");
    // A learner with a coach now may not start a plan of their own.
    await expect(createDraftPlan(h.db, solo, solo.id, exam)).rejects.toThrow(COACH_MAKES_PLANS);
  });

  it("a coach assigned later may not start the learner's unstarted draft, but may take it over", async () => {
    const solo = await soloLearner("solo-draft@example.com");
    const planId = await createDraftPlan(h.db, solo, solo.id, exam);
    await h.db.insert(coachAssignments).values({ learnerId: solo.id, coachId: coach.id });
    // The learner, now coached, cannot start it either: a coach decides.
    await expect(assignPlan(h.db, solo, planId)).rejects.toThrow(COACH_MAKES_PLANS);
    await expect(assignPlan(h.db, coach, planId)).rejects.toThrow(TAKE_OVER_FIRST);
    expect((await coachPlans(h.db, coach, solo.id)).current!.plan.id).toBe(planId);
    await takeOverPlan(h.db, coach, planId);
    await assignPlan(h.db, coach, planId);
    expect((await learnerActivePlan(h.db, solo.id))!.plan).toMatchObject({ id: planId, controlledBy: "coach" });
  });
});
