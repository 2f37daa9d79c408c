import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { coachAssignments, planTasks, practiceSessions, repairPlans, users, type ExamRow } from "@/db/schema";
import { seedReferenceData } from "@/lib/reference/server/sync";
import { recordAttempt } from "@/lib/attempts/server/attempts";
import { getExamByCode } from "@/lib/exam/server/exams";
import { ENGINE, createTestDatabase } from "@/test/db";
import {
  addTask,
  assignPlan,
  coachPlans,
  createDraftPlan,
  editTask,
  learnerActivePlan,
  moveTask,
  removeTask,
  reviewTask,
  setTargetDate,
  startRetestForTask,
  submitEvidence,
} from "./repair-plans";

const HOUR = 3_600_000;
let h: DbHandle;
let exam: ExamRow;
let coach: { id: string };
let otherCoach: { id: string };

async function person(email: string, role: "learner" | "coach") {
  const [u] = await h.db.insert(users).values({ email, name: email, role, passwordHash: "x", timeZone: "UTC" }).returning();
  return { id: u!.id, timeZone: "UTC" };
}

async function learnerWithFail(email: string, score: number, bars: [number, number, number, number, number], at = new Date(Date.now() - 2 * HOUR)) {
  const l = await person(email, "learner");
  await h.db.insert(coachAssignments).values({ learnerId: l.id, coachId: coach.id });
  await recordAttempt(h.db, l, exam, {
    takenAt: at,
    outcome: "fail",
    score,
    readings: (["identity-governance", "storage", "compute", "networking", "monitoring"] as const).map((domain, i) => ({ domain, bar: bars[i]! })),
    hardestDomains: [],
    slowItemTypes: [],
    misreadCategories: [],
    misreadNotes: "",
    notes: "",
    certExpiresAt: null,
  });
  return l;
}

beforeAll(async () => {
  h = await createTestDatabase({ max: 25 });
  await seedReferenceData(h.db);
  exam = await getExamByCode(h.db, "AZ-104");
  coach = await person("coach-a@example.com", "coach");
  otherCoach = await person("coach-b@example.com", "coach");
});
afterAll(async () => h?.close());

describe(`repair plans (${ENGINE})`, () => {
  it("generates a broad-miss plan of 10–14 days from several weak bars, with reasons, as a draft", async () => {
    const l = await learnerWithFail("broad@example.com", 560, [45, 50, 48, 70, 72]);
    const planId = await createDraftPlan(h.db, coach, l.id, exam);
    const { current } = await coachPlans(h.db, coach, l.id);
    expect(current!.plan).toMatchObject({ id: planId, status: "draft", template: "broad-miss" });
    expect(current!.plan.lengthDays).toBeGreaterThanOrEqual(10);
    expect(current!.plan.lengthDays).toBeLessThanOrEqual(14);
    expect((current!.plan.diagnosis as { reason: string }[]).some((d) => /bar length 45/.test(d.reason))).toBe(true);
    expect(current!.tasks.some((t) => t.phase === "retest")).toBe(true);
    expect(await learnerActivePlan(h.db, l.id)).toBeNull(); // not visible until assigned
  });

  it("generates a 3-day near-pass plan for a close score with one weak domain", async () => {
    const l = await learnerWithFail("near@example.com", 685, [75, 48, 78, 74, 76]);
    await createDraftPlan(h.db, coach, l.id, exam);
    const { current } = await coachPlans(h.db, coach, l.id);
    expect(current!.plan).toMatchObject({ template: "near-pass", lengthDays: 3, weakDomains: ["storage"] });
  });

  it("keeps the plan to the assigned coach: another coach can neither read nor change it", async () => {
    const l = await learnerWithFail("private@example.com", 600, [50, 50, 50, 50, 50]);
    const planId = await createDraftPlan(h.db, coach, l.id, exam);
    await expect(coachPlans(h.db, otherCoach, l.id)).rejects.toThrow(/not yours/);
    await expect(createDraftPlan(h.db, otherCoach, l.id, exam)).rejects.toThrow(/not yours/);
    await expect(assignPlan(h.db, otherCoach, planId)).rejects.toThrow(/not yours/);
    const [task] = await h.db.select().from(planTasks).where(eq(planTasks.planId, planId)).limit(1);
    await expect(editTask(h.db, otherCoach, planId, task!.id, { title: "x", instructions: "", evidenceRequired: "", day: 1 })).rejects.toThrow(/not yours/);
  });

  it("edits, adds, reorders and removes tasks, refusing a task id from another plan", async () => {
    const l = await learnerWithFail("edit@example.com", 600, [50, 52, 49, 66, 70]);
    const planId = await createDraftPlan(h.db, coach, l.id, exam);
    const other = await learnerWithFail("edit2@example.com", 600, [50, 52, 49, 66, 70]);
    const otherPlan = await createDraftPlan(h.db, coach, other.id, exam);
    const [foreign] = await h.db.select().from(planTasks).where(eq(planTasks.planId, otherPlan)).limit(1);
    await expect(editTask(h.db, coach, planId, foreign!.id, { title: "x", instructions: "", evidenceRequired: "", day: 1 })).rejects.toThrow(/not part of this plan/);

    const { current } = await coachPlans(h.db, coach, l.id);
    const first = current!.tasks[0]!;
    await editTask(h.db, coach, planId, first.id, { title: "Renamed diagnosis", instructions: "Read it twice", evidenceRequired: "A note", day: 2 });
    await expect(editTask(h.db, coach, planId, first.id, { title: "x", instructions: "", evidenceRequired: "", day: 99 })).rejects.toThrow(/day from 1 to/);
    const added = await addTask(h.db, coach, planId, { title: "Custom: redo the lock lab", instructions: "", evidenceRequired: "Screenshot link", day: 1, domain: "identity-governance", phase: "rebuild" });
    await moveTask(h.db, coach, planId, added, "up");
    await removeTask(h.db, coach, planId, added);
    const after = await coachPlans(h.db, coach, l.id);
    expect(after.current!.tasks.find((t) => t.id === first.id)).toMatchObject({ title: "Renamed diagnosis", day: 2 });
    expect(after.current!.tasks.find((t) => t.id === added)).toBeUndefined();
  });

  it("refuses a target date before the policy allows and asks to confirm one sooner than the template", async () => {
    const l = await learnerWithFail("target@example.com", 600, [50, 52, 49, 66, 70], new Date(Date.now() - HOUR));
    const planId = await createDraftPlan(h.db, coach, l.id, exam);
    const today = new Date().toISOString().slice(0, 10);
    await expect(setTargetDate(h.db, coach, planId, exam, "2020-01-01", true)).rejects.toThrow(/retake policy allows the next attempt from/);
    const tomorrow = new Date(Date.now() + 24 * HOUR).toISOString().slice(0, 10);
    const r = await setTargetDate(h.db, coach, planId, exam, tomorrow > today ? tomorrow : today, false);
    expect(r.status).toBe("confirm");
    expect(await setTargetDate(h.db, coach, planId, exam, tomorrow, true)).toEqual({ status: "saved" });
  });

  it("assigns one active plan at a time, keeps older plans readable, and runs the evidence loop", async () => {
    const l = await learnerWithFail("loop@example.com", 600, [50, 52, 49, 66, 70]);
    const first = await createDraftPlan(h.db, coach, l.id, exam);
    await assignPlan(h.db, coach, first);
    const second = await createDraftPlan(h.db, coach, l.id, exam);
    await assignPlan(h.db, coach, second);
    const plans = await h.db.select().from(repairPlans).where(eq(repairPlans.learnerId, l.id));
    expect(plans.find((p) => p.id === first)?.status).toBe("archived");
    expect(plans.filter((p) => p.status === "active")).toHaveLength(1);

    const active = await learnerActivePlan(h.db, l.id);
    const task = active!.tasks[0]!;
    const stranger = await person("stranger@example.com", "learner");
    await expect(submitEvidence(h.db, stranger, task.id, { text: "mine", link: null })).rejects.toThrow(/not in your current plan/);
    await submitEvidence(h.db, l, task.id, { text: "Bars noted per domain.", link: "https://example.com/notes" });
    await reviewTask(h.db, coach, task.id, "return", "Add the item types too.");
    await submitEvidence(h.db, l, task.id, { text: "Bars and item types noted.", link: null });
    await expect(reviewTask(h.db, otherCoach, task.id, "accept", "")).rejects.toThrow(/not yours/);
    await reviewTask(h.db, coach, task.id, "accept", "Good.");
    const [row] = await h.db.select().from(planTasks).where(eq(planTasks.id, task.id));
    expect(row).toMatchObject({ status: "accepted", evidenceText: "Bars and item types noted.", reviewComment: "Good." });
    await expect(submitEvidence(h.db, l, task.id, { text: "again", link: null })).rejects.toThrow(/already accepted/);
  });

  it("starts a retest task's practice set weighted to the plan and links it to the task", async () => {
    const l = await learnerWithFail("retest@example.com", 600, [50, 52, 49, 66, 70]);
    const planId = await createDraftPlan(h.db, coach, l.id, exam);
    await assignPlan(h.db, coach, planId);
    const active = await learnerActivePlan(h.db, l.id);
    const retest = active!.tasks.find((t) => t.phase === "retest")!;
    const sessionId = await startRetestForTask(h.db, l, exam, retest.id);
    expect(await startRetestForTask(h.db, l, exam, retest.id)).toBe(sessionId); // no second set
    const [s] = await h.db.select().from(practiceSessions).where(eq(practiceSessions.id, sessionId));
    expect(s).toMatchObject({ mode: "retest", learnerId: l.id });
    const [t] = await h.db.select().from(planTasks).where(and(eq(planTasks.id, retest.id)));
    expect(t!.practiceSessionId).toBe(sessionId);
  });
});
