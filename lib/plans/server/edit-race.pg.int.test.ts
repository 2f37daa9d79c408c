// A coach editing plan tasks while the learner submits evidence for them, on real Postgres (the
// Postgres run only: PGlite runs one statement at a time, so nothing can race there).
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { coachAssignments, planTasks, users, type ExamRow } from "@/db/schema";
import { seedReferenceData } from "@/lib/reference/server/sync";
import { recordAttempt } from "@/lib/attempts/server/attempts";
import { getExamByCode } from "@/lib/exam/server/exams";
import { ENGINE, createTestDatabase } from "@/test/db";
import { assignPlan, createDraftPlan, editTask, learnerActivePlan, submitEvidence } from "./repair-plans";

const HOUR = 3_600_000;
let h: DbHandle;
let exam: ExamRow;
let coach: { id: string };

async function person(email: string, role: "learner" | "coach") {
  const [u] = await h.db.insert(users).values({ email, name: email, role, passwordHash: "x", timeZone: "UTC" }).returning();
  return { id: u!.id, timeZone: "UTC" };
}

async function learnerWithFail(email: string, score: number, bars: [number, number, number, number, number]) {
  const l = await person(email, "learner");
  await h.db.insert(coachAssignments).values({ learnerId: l.id, coachId: coach.id });
  await recordAttempt(h.db, l, exam, {
    takenAt: new Date(Date.now() - 2 * HOUR),
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
});
afterAll(async () => h?.close());

describe(`repair plan edits racing evidence (${ENGINE})`, () => {
  it("loses neither side when the coach edits a task while the learner submits evidence", async () => {
    const l = await learnerWithFail("race@example.com", 600, [50, 52, 49, 66, 70]);
    const planId = await createDraftPlan(h.db, coach, l.id, exam);
    await assignPlan(h.db, coach, planId);
    const tasks = (await learnerActivePlan(h.db, l.id))!.tasks.slice(0, 10);
    await Promise.all(
      tasks.flatMap((t, i) => [
        editTask(h.db, coach, planId, t.id, { title: `Coach title ${i}`, instructions: t.instructions, evidenceRequired: t.evidenceRequired, day: t.day }),
        submitEvidence(h.db, l, t.id, { text: `Learner evidence ${i}`, link: null }),
      ]),
    );
    const rows = await h.db.select().from(planTasks).where(eq(planTasks.planId, planId));
    for (const [i, t] of tasks.entries()) {
      expect(rows.find((r) => r.id === t.id)).toMatchObject({ title: `Coach title ${i}`, evidenceText: `Learner evidence ${i}`, status: "submitted" });
    }
  });
});
