import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { practiceItems, practiceSessions, questions, users, type ExamRow } from "@/db/schema";
import { seedReferenceData } from "@/lib/reference/server/sync";
import { getExamByCode } from "@/lib/exam/server/exams";
import { mulberry32 } from "@/lib/practice/draw";
import { createVariation, variationSource } from "@/lib/variations/server/variations";
import { variationFormSchema } from "@/lib/validation/variation";
import { ENGINE, createTestDatabase } from "@/test/db";
import { getResults, getRunnerContent, getRunnerSession, listSessions, saveAnswers, startPractice, submitPractice } from "./sessions";

let h: DbHandle;
let exam: ExamRow;
let learnerId: string;
let otherId: string;

beforeAll(async () => {
  h = await createTestDatabase({ max: 25 });
  await seedReferenceData(h.db);
  exam = await getExamByCode(h.db, "AZ-104");
  const rows = await h.db
    .insert(users)
    .values([
      { email: "p1@example.com", name: "P1", passwordHash: "x" },
      { email: "p2@example.com", name: "P2", passwordHash: "x" },
    ])
    .returning();
  learnerId = rows[0]!.id;
  otherId = rows[1]!.id;
});
afterAll(async () => h?.close());

const start = (size = 10, minutes = 20, mode: "timed-mixed" | "domain-focus" | "retest" = "timed-mixed") =>
  startPractice(h.db, learnerId, exam, { mode, size, minutes, focusDomains: mode === "domain-focus" ? ["storage"] : [] }, mulberry32(7));

async function answerOf(sessionId: string, position: number) {
  const [row] = await h.db
    .select()
    .from(practiceItems)
    .where(and(eq(practiceItems.sessionId, sessionId), eq(practiceItems.position, position)));
  return row!;
}

describe(`practice sets (${ENGINE})`, () => {
  it("syncs the whole seed bank into the database", async () => {
    const [{ n }] = (await h.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(questions)) as [{ n: number }];
    expect(n).toBeGreaterThanOrEqual(150);
  });

  it("draws a set without repeats whose deadline comes from the database clock", async () => {
    const id = await start(50, 100);
    const runner = await getRunnerSession(h.db, learnerId, id);
    expect(runner!.items).toHaveLength(50);
    const [s] = await h.db.select().from(practiceSessions).where(eq(practiceSessions.id, id));
    expect(s!.deadlineAt.getTime() - s!.startedAt.getTime()).toBe(100 * 60_000);
    const ids = await h.db.select({ q: practiceItems.questionId }).from(practiceItems).where(eq(practiceItems.sessionId, id));
    expect(new Set(ids.map((r) => r.q)).size).toBe(50);
  });

  it("never sends answers, explanations or reasons to the runner, nor for the learner's own variation", async () => {
    const id = await start();
    const runner = await getRunnerSession(h.db, learnerId, id);
    // The page and the rest of the text, loaded after it.
    const json = JSON.stringify([runner, await getRunnerContent(h.db, learnerId, id)]);
    expect(json).not.toMatch(/"answer"|"explanation"|"whyWrong"/);
    const bank = await h.db.select({ explanation: questions.explanation }).from(questions).limit(200);
    for (const q of bank) expect(json.includes(q.explanation)).toBe(false);

    // A variation the learner wrote from a miss, served in their next retest.
    await submitPractice(h.db, learnerId, id);
    // Nothing was answered: every question is a miss. Vary a single-answer one.
    const [single] = await h.db
      .select({ position: practiceItems.position })
      .from(practiceItems)
      .innerJoin(questions, eq(questions.id, practiceItems.questionId))
      .where(and(eq(practiceItems.sessionId, id), eq(questions.kind, "single")))
      .orderBy(practiceItems.position)
      .limit(1);
    const source = (await variationSource(h.db, learnerId, id, single!.position))!;
    const why = "Soft delete keeps the deleted blobs for the retention period, so the restore now works.";
    const changed = "Soft delete with a 14-day retention was turned on.";
    const variationId = await createVariation(
      h.db,
      { id: learnerId },
      variationFormSchema.parse({
        sessionId: id,
        position: String(single!.position),
        stem: `${source.stem} Blob soft delete with a 14-day retention is enabled on the account.`,
        ...Object.fromEntries(source.options.map((o) => [`opt_${o.key}_text`, o.text])),
        answer: source.answer,
        whatChanged: changed,
        whyAnswerChanges: why,
      }),
    );
    const retest = await start(20, 40, "retest");
    const served = await getRunnerSession(h.db, learnerId, retest);
    expect(served!.items.filter((i) => i.ownVariation)).toHaveLength(1);
    const servedJson = JSON.stringify([served, await getRunnerContent(h.db, learnerId, retest)]);
    expect(servedJson).not.toMatch(/"answer"|"explanation"|"whyWrong"|"variationChange"|"basedOn"|"ownerId"/);
    expect(servedJson.includes(why)).toBe(false);
    expect(servedJson.includes(changed)).toBe(false);
    expect(servedJson.includes(variationId)).toBe(false);
    await submitPractice(h.db, learnerId, retest);
  });

  it("applies saves idempotently and never lets a stale save overwrite a newer one", async () => {
    const id = await start();
    expect(await saveAnswers(h.db, learnerId, id, [{ position: 1, response: ["B"], flagged: false, seq: 2, timeMs: 1000 }])).toMatchObject({
      ok: true,
      results: [{ position: 1, seq: 2, applied: true }],
    });
    // The same save again (a retry) and an older one arriving late are both harmless.
    const again = await saveAnswers(h.db, learnerId, id, [
      { position: 1, response: ["B"], flagged: false, seq: 2, timeMs: 1000 },
      { position: 1, response: ["A"], flagged: true, seq: 1, timeMs: 500 },
    ]);
    expect(again).toMatchObject({ ok: true, results: [{ applied: false, seq: 2 }, { applied: false, seq: 2 }] });
    expect(await answerOf(id, 1)).toMatchObject({ response: ["B"], flagged: false, seq: 2 });
  });

  it("refuses saves to someone else's set, unknown positions and a second answer on a single-answer question", async () => {
    const id = await start();
    expect(await saveAnswers(h.db, otherId, id, [{ position: 1, response: ["A"], flagged: false, seq: 1, timeMs: 0 }])).toMatchObject({ ok: false, error: "not-found" });
    expect(await saveAnswers(h.db, learnerId, id, [{ position: 99, response: ["A"], flagged: false, seq: 1, timeMs: 0 }])).toMatchObject({ ok: false, error: "invalid" });
    const runner = await getRunnerSession(h.db, learnerId, id);
    const single = runner!.items.find((i) => i.kind === "single")!;
    expect(
      await saveAnswers(h.db, learnerId, id, [{ position: single.position, response: ["A", "B"], flagged: false, seq: 1, timeMs: 0 }]),
    ).toMatchObject({ ok: false, error: "invalid" });
    expect((await answerOf(id, single.position)).response).toBeNull();
    expect(await getRunnerSession(h.db, otherId, id)).toBeNull();
  });

  it("refuses answers after the deadline plus grace, keeps the stored answer, and submits the overdue set on the next read", async () => {
    const id = await start();
    await saveAnswers(h.db, learnerId, id, [{ position: 2, response: ["C"], flagged: false, seq: 1, timeMs: 0 }]);
    await h.db
      .update(practiceSessions)
      .set({ deadlineAt: sql`now() - interval '6 seconds'` })
      .where(eq(practiceSessions.id, id));
    const late = await saveAnswers(h.db, learnerId, id, [{ position: 2, response: ["D"], flagged: false, seq: 2, timeMs: 0 }]);
    expect(late).toMatchObject({ ok: false, error: "deadline" });
    expect(await answerOf(id, 2)).toMatchObject({ response: ["C"], seq: 1 });
    const [s] = await h.db.select().from(practiceSessions).where(eq(practiceSessions.id, id));
    expect(s!.status).toBe("submitted");
  });

  it("accepts an answer within the grace after the deadline", async () => {
    const id = await start();
    await h.db.update(practiceSessions).set({ deadlineAt: sql`now() - interval '2 seconds'` }).where(eq(practiceSessions.id, id));
    expect(await saveAnswers(h.db, learnerId, id, [{ position: 1, response: ["A"], flagged: false, seq: 1, timeMs: 0 }])).toMatchObject({ ok: true });
  });

  it("auto-submits an overdue set when the learner's list is read", async () => {
    const id = await start();
    await h.db.update(practiceSessions).set({ deadlineAt: sql`now() - interval '1 hour'` }).where(eq(practiceSessions.id, id));
    const list = await listSessions(h.db, learnerId);
    expect(list.find((s) => s.id === id)?.status).toBe("submitted");
  });

  it("scores on submit, is harmless when submitted twice, and then shows answers and explanations", async () => {
    const id = await start(10, 20, "domain-focus");
    const runner = await getRunnerSession(h.db, learnerId, id);
    expect(runner!.items.every((i) => i.domain === "storage")).toBe(true);
    const keys = await h.db
      .select({ position: practiceItems.position, answer: questions.answer, tier: questions.tier, kind: questions.kind })
      .from(practiceItems)
      .innerJoin(questions, eq(questions.id, practiceItems.questionId))
      .where(eq(practiceItems.sessionId, id));
    // A wrong response of the item's own shape (a set in the exam's shape holds hotspots and orderings too).
    const wrong = (kind: string, answer: string[]) =>
      kind === "yes-no" ? [answer[0] === "Y" ? "N" : "Y"] : answer[0]!.includes("=") ? answer.map((p) => `${p.slice(0, 2)}${p[2] === "A" ? "B" : "A"}`) : [answer[0] === "A" ? "B" : "A"];
    // Answer the first three correctly, the next two wrongly, leave the rest.
    const saves = keys
      .filter((k) => k.position <= 5)
      .map((k) => ({
        position: k.position,
        response: k.position <= 3 ? k.answer : wrong(k.kind, k.answer),
        flagged: false,
        seq: 1,
        timeMs: 1000 * k.position,
      }));
    await saveAnswers(h.db, learnerId, id, saves as never);
    expect(await getResults(h.db, learnerId, id)).toBeNull();
    await Promise.all([submitPractice(h.db, learnerId, id), submitPractice(h.db, learnerId, id)]);
    await submitPractice(h.db, learnerId, id);
    const results = await getResults(h.db, learnerId, id);
    expect(results!.summary.overall).toMatchObject({ correct: 3, answered: 5, total: 10 });
    expect(results!.items[0]!.explanation.length).toBeGreaterThan(10);
    const misses = results!.summary.coreEdge;
    expect(misses.coreMisses + misses.edgeMisses).toBe(7);
    await expect(saveAnswers(h.db, learnerId, id, [{ position: 9, response: ["A"], flagged: false, seq: 5, timeMs: 0 }])).resolves.toMatchObject({ ok: false, error: "submitted" });
  });

  it("avoids recently seen questions while the pool allows", async () => {
    const first = await start(10, 20, "domain-focus");
    const second = await start(10, 20, "domain-focus");
    const q = async (id: string) =>
      new Set((await h.db.select({ q: practiceItems.questionId }).from(practiceItems).where(eq(practiceItems.sessionId, id))).map((r) => r.q));
    const a = await q(first);
    const b = await q(second);
    expect([...b].filter((x) => a.has(x))).toEqual([]);
  });
});

describe(`practice sets with every item kind (${ENGINE})`, () => {
  const reasons = (payload: unknown, options: unknown): string[] => {
    const out: string[] = [];
    const walk = (v: unknown, key?: string) => {
      if (typeof v === "string" && (key === "whyWrong" || key === "why")) out.push(v);
      else if (Array.isArray(v)) v.forEach((x) => walk(x));
      else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, k);
    };
    walk(payload);
    walk(options);
    return out;
  };

  it("sends no key, order, matching, explanation or reason of any kind to the runner, scores each part after submission, and refuses saves to closed items", async () => {
    // The repository's format items are drafts until reviewed: published here.
    await h.db.execute(sql`update question_groups set status = 'published'`);
    await h.db.execute(sql`update questions set status = 'published' where status = 'draft' and origin = 'bank'`);
    const [fresh] = await h.db.insert(users).values({ email: "formats@example.com", name: "F", passwordHash: "x" }).returning();
    const id = await startPractice(h.db, fresh!.id, exam, { mode: "timed-mixed", size: 50, minutes: 100, focusDomains: [] }, mulberry32(11));
    const rows = await h.db
      .select({ position: practiceItems.position, kind: questions.kind, answer: questions.answer, explanation: questions.explanation, payload: questions.payload, options: questions.options, groupId: questions.groupId })
      .from(practiceItems)
      .innerJoin(questions, eq(questions.id, practiceItems.questionId))
      .where(eq(practiceItems.sessionId, id));
    const kinds = new Set(rows.map((r) => r.kind));
    for (const k of ["single", "multiple", "yes-no", "hotspot", "ordering", "matching"]) expect(kinds, k).toContain(k);

    const runner = await getRunnerSession(h.db, fresh!.id, id);
    const content = await getRunnerContent(h.db, fresh!.id, id);
    if (!content || content === "submitted") throw new Error("no content for the active set");
    // The page carries every item's state but the text of the question shown first only (and its group's).
    expect(runner!.items).toHaveLength(rows.length);
    expect(runner!.content.items.map((i) => i.position)).toEqual([runner!.items.find((i) => !i.response && !i.closed)!.position]);
    expect(JSON.stringify(runner!.items)).not.toMatch(/"(stem|options|hotspot|places|matching|exhibits)":/);
    expect(JSON.stringify(runner!.groups)).not.toMatch(/"(title|scenario|goal|overview|environment|requirements|exhibits)":/);
    // Each item's state (read without its question) says what its question is: kind and group.
    for (const r of rows) {
      const state = runner!.items.find((i) => i.position === r.position)!;
      expect(state.kind, `kind of ${r.position}`).toBe(r.kind);
      expect(state.group?.id ?? null, `group of ${r.position}`).toBe(r.groupId);
      if (r.groupId) expect(state.group!.size).toBe(rows.filter((x) => x.groupId === r.groupId).length);
    }
    // The rest comes in one request: every item's text, every group's.
    expect(content.items.map((i) => i.position)).toEqual(runner!.items.map((i) => i.position));
    expect(content.groups.map((g) => g.id).sort()).toEqual(runner!.groups!.map((g) => g.id).sort());
    // Only the set's learner, and only while it is active.
    expect(await getRunnerContent(h.db, learnerId, id)).toBeNull();
    const json = JSON.stringify([runner, content]);
    expect(json).not.toMatch(/"answer"|"explanation"|"whyWrong"|"why"|"payload"/);
    // No response is saved yet, so no "<part>=<key>" can be in the page: nothing encodes the key.
    expect(json).not.toMatch(/"[1-9]=[A-H]"/);
    // Texts as they appear inside JSON (quotes and newlines escaped).
    const inJson = (text: string) => JSON.stringify(text).slice(1, -1);
    for (const r of rows) {
      expect(json.includes(inJson(r.explanation)), `explanation of ${r.position}`).toBe(false);
      for (const why of reasons(r.payload, r.options)) expect(json.includes(inJson(why)), `a reason of ${r.position}`).toBe(false);
    }
    const ordering = content.items.find((i) => i.position === runner!.items.find((s) => s.kind === "ordering")!.position)!;
    const orderingRow = rows.find((r) => r.position === ordering.position)!;
    expect(ordering.places).toBe(orderingRow.answer.length);
    expect(ordering.options.map((o) => o.key)).toEqual((orderingRow.options as { key: string }[]).map((o) => o.key));
    const series = runner!.groups!.find((g) => g.kind === "yes-no-series")!;
    expect(content.groups.find((g) => g.id === series.id)).toMatchObject({ kind: "yes-no-series", goal: expect.any(String), positions: series.positions });
    expect(series.positions.length).toBeGreaterThanOrEqual(2);
    expect(series.positions).toEqual(Array.from({ length: series.positions.length }, (_, i) => series.positions[0]! + i));

    // Answers: every part-scored item half right or better, a yes/no solution right and then closed.
    const partly = (answer: string[]) => answer.map((p, i) => (i === 0 ? p : `${p.slice(0, 2)}${p[2] === "A" ? "B" : "A"}`));
    const saves = rows
      .filter((r) => ["hotspot", "ordering", "matching", "yes-no"].includes(r.kind))
      .map((r) => ({ position: r.position, response: r.kind === "yes-no" ? r.answer : partly(r.answer), flagged: false, seq: 1, timeMs: 1000, ...(r.kind === "yes-no" ? { closed: true } : {}) }));
    expect(await saveAnswers(h.db, fresh!.id, id, saves)).toMatchObject({ ok: true });
    const firstSolution = series.positions[0]!;
    const wrong = rows.find((r) => r.position === firstSolution)!.answer[0] === "Y" ? ["N"] : ["Y"];
    const late = await saveAnswers(h.db, fresh!.id, id, [{ position: firstSolution, response: wrong, flagged: false, seq: 2, timeMs: 2000 }]);
    expect(late).toEqual({ ok: true, results: [{ position: firstSolution, seq: 1, applied: false }] });
    expect((await getRunnerSession(h.db, fresh!.id, id))!.items.find((i) => i.position === firstSolution)!.closed).toBe(true);

    await submitPractice(h.db, fresh!.id, id);
    expect(await getRunnerContent(h.db, fresh!.id, id)).toBe("submitted");
    const results = await getResults(h.db, fresh!.id, id);
    for (const r of rows.filter((x) => ["hotspot", "ordering", "matching"].includes(x.kind))) {
      const item = results!.items.find((i) => i.position === r.position)!;
      const expected = Math.round((10_000 * 1) / r.answer.length) / 10_000;
      expect(item.score, `${r.kind} at ${r.position}`).toBe(expected);
      expect(item.parts!.map((p) => p.right)).toEqual(r.answer.map((_, i) => i === 0));
      expect(item.correct).toBe(r.answer.length === 1);
    }
    const solution = results!.items.find((i) => i.position === firstSolution)!;
    expect(solution).toMatchObject({ kind: "yes-no", score: 1, correct: true });
    // The review carries what the runner did not: the reasons and the key.
    const review = JSON.stringify(results);
    const hotspot = rows.find((r) => r.kind === "hotspot")!;
    for (const why of reasons(hotspot.payload, hotspot.options)) expect(review.includes(inJson(why))).toBe(true);
    const [s] = await h.db.select({ score: practiceSessions.score }).from(practiceSessions).where(eq(practiceSessions.id, id));
    expect(s!.score).toBeCloseTo(results!.items.reduce((sum, i) => sum + (i.score ?? 0), 0), 4);
  });
});
