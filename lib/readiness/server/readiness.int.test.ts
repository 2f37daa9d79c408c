import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { coachAssignments, planTasks, practiceItems, practiceSessions, questionReviews, questions, repairPlans, users, type ExamRow } from "@/db/schema";
import { recordAttempt } from "@/lib/attempts/server/attempts";
import { getExamByCode } from "@/lib/exam/server/exams";
import { DOMAIN_KEYS } from "@/lib/exam/az104";
import { blueprintCounts, EXAM_BLUEPRINT_WEIGHTS } from "@/lib/practice/blueprint";
import { startPractice, submitPractice } from "@/lib/practice/server/sessions";
import { seedReferenceData } from "@/lib/reference/server/sync";
import { assignPlan, createDraftPlan, startRetestForTask } from "@/lib/plans/server/repair-plans";
import { ENGINE, createTestDatabase } from "@/test/db";
import { learnerReadiness, recordReviewsShown } from "./readiness";

const HOUR = 3_600_000;
let h: DbHandle;
let exam: ExamRow;
let coach: { id: string };

async function person(email: string, role: "learner" | "coach") {
  const [u] = await h.db.insert(users).values({ email, name: email, role, passwordHash: "x", timeZone: "UTC" }).returning();
  return { id: u!.id, timeZone: "UTC", role };
}

async function learnerWithFail(email: string, opts: { coached?: boolean; score?: number; at?: Date } = {}) {
  const l = await person(email, "learner");
  if (opts.coached ?? true) await h.db.insert(coachAssignments).values({ learnerId: l.id, coachId: coach.id });
  await recordAttempt(h.db, l, exam, {
    takenAt: opts.at ?? new Date(Date.now() - 2 * HOUR),
    outcome: "fail",
    score: opts.score ?? 560,
    readings: DOMAIN_KEYS.map((domain, i) => ({ domain, bar: [45, 50, 48, 70, 72][i]! })),
    hardestDomains: [],
    slowItemTypes: [],
    misreadCategories: [],
    misreadNotes: "",
    notes: "",
    certExpiresAt: null,
  });
  return l;
}

/** Answers every question of a set correctly (straight into the rows, as the autosave would). */
async function answerAllRight(sessionId: string) {
  await h.db.execute(sql`
    update ${practiceItems} pi set response = q.answer, seq = 1
    from ${questions} q where q.id = pi.question_id and pi.session_id = ${sessionId}`);
}

/** A set of exactly these questions, at exam pace, started now (as if drawn). */
async function setOf(learnerId: string, ids: string[]) {
  const [s] = await h.db
    .insert(practiceSessions)
    .values({ learnerId, examId: exam.id, mode: "timed-mixed", size: ids.length, durationMinutes: 2 * ids.length, startedAt: sql`now()`, deadlineAt: sql`now() + interval '2 hours'` })
    .returning({ id: practiceSessions.id });
  await h.db.insert(practiceItems).values(ids.map((questionId, i) => ({ sessionId: s!.id, position: i + 1, questionId })));
  return s!.id;
}

async function itemsOf(sessionId: string) {
  return h.db.select({ questionId: practiceItems.questionId }).from(practiceItems).where(eq(practiceItems.sessionId, sessionId));
}

const QUALIFYING = { mode: "timed-mixed" as const, size: 25, minutes: 50, focusDomains: [] };

beforeAll(async () => {
  h = await createTestDatabase({ max: 10 });
  await seedReferenceData(h.db);
  exam = await getExamByCode(h.db, "AZ-104");
  coach = await person("readiness-coach@example.com", "coach");
}, 120_000);
afterAll(async () => h?.close());

describe(`readiness on the server (${ENGINE})`, () => {
  it("records the reviews a learner was shown, once each, only for their own submitted sets", async () => {
    const l = await learnerWithFail("reviews@example.com");
    const other = await learnerWithFail("reviews-other@example.com");
    const open = await startPractice(h.db, l.id, exam, { ...QUALIFYING, size: 10, minutes: 20 });
    expect(await recordReviewsShown(h.db, l.id, open)).toBe(0); // not submitted: no review to show
    await submitPractice(h.db, l.id, open);
    expect(await recordReviewsShown(h.db, other.id, open)).toBe(0); // not theirs
    expect(await recordReviewsShown(h.db, l.id, open)).toBe(10);
    expect(await recordReviewsShown(h.db, l.id, open)).toBe(0); // the first showing is kept
    const rows = await h.db.select().from(questionReviews).where(eq(questionReviews.learnerId, l.id));
    expect(rows).toHaveLength(10);
    expect(rows.every((r) => r.sessionId === open)).toBe(true);
  });

  it("a memorised set never reads as ready: re-sitting reviewed questions counts no first exposure", async () => {
    const l = await learnerWithFail("memorised@example.com");
    const first = await startPractice(h.db, l.id, exam, QUALIFYING);
    await answerAllRight(first);
    await submitPractice(h.db, l.id, first);
    await recordReviewsShown(h.db, l.id, first);
    const ids = (await itemsOf(first)).map((i) => i.questionId);
    // Twice more, the very same questions, every answer right.
    for (let k = 0; k < 2; k++) {
      const again = await setOf(l.id, ids);
      await answerAllRight(again);
      await submitPractice(h.db, l.id, again);
      const [row] = await h.db.select().from(practiceSessions).where(eq(practiceSessions.id, again));
      expect(row).toMatchObject({ correct: 25, freshItems: 0, freshCoreMisses: 0, freshEdgeMisses: 0 });
    }
    const r = await learnerReadiness(h.db, l.id, exam.id);
    expect(r.ready).toBe(false);
    expect(r.history.map((x) => x.evidence.kind)).toEqual(["mostly-edge", "not-enough-evidence", "not-enough-evidence"]);
  });

  it("siblings given away by a shown review are not first exposure either", async () => {
    const l = await learnerWithFail("siblings@example.com");
    const [giver] = await h.db
      .select({ id: questions.id, givesAway: questions.givesAway })
      .from(questions)
      .where(and(eq(questions.examId, exam.id), eq(questions.status, "published"), sql`cardinality(${questions.givesAway}) > 0`))
      .limit(1);
    expect(giver, "the bank marks some siblings as given away").toBeDefined();
    const shown = await setOf(l.id, [giver!.id]);
    await submitPractice(h.db, l.id, shown);
    await recordReviewsShown(h.db, l.id, shown);
    const sibling = giver!.givesAway[0]!;
    const later = await setOf(l.id, [sibling]);
    await submitPractice(h.db, l.id, later);
    const [row] = await h.db.select({ fresh: practiceSessions.freshItems }).from(practiceSessions).where(eq(practiceSessions.id, later));
    expect(row!.fresh).toBe(0);
  });

  it("two qualifying sets of unseen questions at mostly edge cases: ready, and the active plan completes", async () => {
    const l = await learnerWithFail("ready@example.com");
    const planId = await createDraftPlan(h.db, coach, l.id, exam);
    await assignPlan(h.db, coach, planId);
    for (let k = 0; k < 2; k++) {
      const s = await startPractice(h.db, l.id, exam, QUALIFYING);
      await answerAllRight(s);
      await submitPractice(h.db, l.id, s);
      await recordReviewsShown(h.db, l.id, s);
      const [row] = await h.db.select({ fresh: practiceSessions.freshItems }).from(practiceSessions).where(eq(practiceSessions.id, s));
      expect(row!.fresh).toBe(25); // the draw prefers questions never met
    }
    const r = await learnerReadiness(h.db, l.id, exam.id);
    expect(r).toMatchObject({ state: "mostly-edge", ready: true, streak: 2 });
    const [plan] = await h.db.select().from(repairPlans).where(eq(repairPlans.id, planId));
    expect(plan).toMatchObject({ status: "completed", completedReason: "ready" });
  });

  it("a recorded pass completes the active plan", async () => {
    const l = await learnerWithFail("passes@example.com", { at: new Date(Date.now() - 72 * HOUR) });
    const planId = await createDraftPlan(h.db, coach, l.id, exam);
    await assignPlan(h.db, coach, planId);
    await recordAttempt(h.db, l, exam, {
      takenAt: new Date(Date.now() - HOUR),
      outcome: "pass",
      score: 760,
      readings: [],
      hardestDomains: [],
      slowItemTypes: [],
      misreadCategories: [],
      misreadNotes: "",
      notes: "",
      certExpiresAt: null,
    });
    const [plan] = await h.db.select().from(repairPlans).where(eq(repairPlans.id, planId));
    expect(plan).toMatchObject({ status: "completed", completedReason: "passed" });
  });
});

describe(`the bent tasks, straightened (${ENGINE})`, () => {
  it("regression: a domain-focus set that draws fewer questions keeps exam pace (minutes follow the questions drawn)", async () => {
    const l = await learnerWithFail("pace@example.com");
    const pool = await h.db.select({ id: questions.id }).from(questions).where(and(eq(questions.examId, exam.id), eq(questions.status, "published"), eq(questions.domain, "monitoring")));
    const s = await startPractice(h.db, l.id, exam, { mode: "domain-focus", size: 200, minutes: 400, focusDomains: ["monitoring"] });
    const [row] = await h.db.select().from(practiceSessions).where(eq(practiceSessions.id, s));
    // The Monitoring pool is far smaller than 200: the set holds what it could draw.
    expect(row!.size).toBeLessThanOrEqual(pool.length);
    expect(row!.size).toBeGreaterThan(0);
    expect(row!.durationMinutes).toBe(2 * row!.size);
    expect(row!.deadlineAt.getTime() - row!.startedAt.getTime()).toBe(row!.durationMinutes * 60_000);
  });

  it("regression: the full-length rehearsal is drawn like the exam (blueprint), not weighted to weak domains", async () => {
    const l = await learnerWithFail("rehearsal@example.com");
    const planId = await createDraftPlan(h.db, coach, l.id, exam);
    await assignPlan(h.db, coach, planId);
    const [task] = await h.db.select().from(planTasks).where(and(eq(planTasks.planId, planId), eq(planTasks.libraryKey, "general-mixed-full")));
    const sessionId = await startRetestForTask(h.db, l, exam, task!.id);
    const [s] = await h.db.select().from(practiceSessions).where(eq(practiceSessions.id, sessionId));
    expect(s).toMatchObject({ mode: "timed-mixed", size: 50, durationMinutes: 100 });
    const perDomain = await h.db
      .select({ domain: questions.domain, n: sql<number>`count(*)`.mapWith(Number) })
      .from(practiceItems)
      .innerJoin(questions, eq(questions.id, practiceItems.questionId))
      .where(eq(practiceItems.sessionId, sessionId))
      .groupBy(questions.domain);
    expect(Object.fromEntries(perDomain.map((d) => [d.domain, d.n]))).toEqual(blueprintCounts(50, EXAM_BLUEPRINT_WEIGHTS));
  });

  it("regression: only tasks that are practice sets start one, each with its own size", async () => {
    const l = await learnerWithFail("sets@example.com");
    const planId = await createDraftPlan(h.db, coach, l.id, exam);
    await assignPlan(h.db, coach, planId);
    const tasks = await h.db.select().from(planTasks).where(eq(planTasks.planId, planId));
    for (const key of ["general-final-review", "general-logistics", "general-miss-review"]) {
      const t = tasks.find((x) => x.libraryKey === key)!;
      await expect(startRetestForTask(h.db, l, exam, t.id), key).rejects.toThrow(/not a practice set/);
    }
    const check = tasks.find((x) => x.libraryKey?.endsWith("-light-review-check-retest") || x.libraryKey?.endsWith("-weighted-set-retest"))!;
    const s = await startRetestForTask(h.db, l, exam, check.id);
    const [row] = await h.db.select().from(practiceSessions).where(eq(practiceSessions.id, s));
    expect(row!.mode).toBe("retest");
    expect([10, 15, 20]).toContain(row!.size);
    expect(row!.durationMinutes).toBe(2 * row!.size);
    expect(await h.db.select().from(practiceSessions).where(inArray(practiceSessions.learnerId, [l.id]))).toHaveLength(1);
  });
});
