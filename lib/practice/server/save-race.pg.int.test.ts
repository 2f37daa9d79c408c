// Autosaves racing each other and a submission on real Postgres (the Postgres run only: PGlite
// runs one statement at a time, so nothing can race there).
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { practiceItems, users, type ExamRow } from "@/db/schema";
import { seedReferenceData } from "@/lib/reference/server/sync";
import { getExamByCode } from "@/lib/exam/server/exams";
import { mulberry32 } from "@/lib/practice/draw";
import { ENGINE, createTestDatabase } from "@/test/db";
import { getResults, saveAnswers, startPractice, submitPractice } from "./sessions";

let h: DbHandle;
let exam: ExamRow;
let learnerId: string;

beforeAll(async () => {
  h = await createTestDatabase({ max: 25 });
  await seedReferenceData(h.db);
  exam = await getExamByCode(h.db, "AZ-104");
  const [row] = await h.db.insert(users).values({ email: "p1@example.com", name: "P1", passwordHash: "x" }).returning();
  learnerId = row!.id;
});
afterAll(async () => h?.close());

const start = () => startPractice(h.db, learnerId, exam, { mode: "timed-mixed", size: 10, minutes: 20, focusDomains: [] }, mulberry32(7));

async function answerOf(sessionId: string, position: number) {
  const [row] = await h.db
    .select()
    .from(practiceItems)
    .where(and(eq(practiceItems.sessionId, sessionId), eq(practiceItems.position, position)));
  return row!;
}

describe(`racing saves (${ENGINE})`, () => {
  it("keeps the newest of 30 concurrent saves to one question", async () => {
    const id = await start();
    const saves = Array.from({ length: 30 }, (_, i) => ({ position: 3, response: [["A", "B", "C", "D"][i % 4]!], flagged: i % 2 === 0, seq: i + 1, timeMs: i }));
    await Promise.all(saves.sort(() => Math.random() - 0.5).map((s) => saveAnswers(h.db, learnerId, id, [s])));
    expect(await answerOf(id, 3)).toMatchObject({ seq: 30, response: [["A", "B", "C", "D"][29 % 4]], flagged: false });
  });

  it("a submission racing autosaves scores every answer acknowledged before it", async () => {
    const id = await start();
    const outcomes = await Promise.all([
      ...Array.from({ length: 9 }, (_, i) => saveAnswers(h.db, learnerId, id, [{ position: i + 1, response: ["A"], flagged: false, seq: 1, timeMs: 0 }])),
      submitPractice(h.db, learnerId, id),
    ]);
    const acknowledged = outcomes.slice(0, 9).filter((o) => o && (o as { ok: boolean }).ok).length;
    const results = await getResults(h.db, learnerId, id);
    expect(results!.summary.overall.answered).toBe(acknowledged);
  });
});
