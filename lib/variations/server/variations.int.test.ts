import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { coachAssignments, practiceItems, questions, users, variationComments, type ExamRow } from "@/db/schema";
import { getExamByCode } from "@/lib/exam/server/exams";
import { mulberry32 } from "@/lib/practice/draw";
import { getResults, getRunnerContent, getRunnerSession, saveAnswers, startPractice, submitPractice } from "@/lib/practice/server/sessions";
import { exportQuestions, getQuestion, listQuestions } from "@/lib/questions/server/bank";
import { seedReferenceData } from "@/lib/reference/server/sync";
import { variationFormSchema, type VariationInput } from "@/lib/validation/variation";
import { ENGINE, createTestDatabase } from "@/test/db";
import { commentOnVariation, copyVariationToBank, createVariation, learnerVariationsForCoach, myVariations, variationSource } from "./variations";

let h: DbHandle;
let exam: ExamRow;
let learner: { id: string };
let other: { id: string };
let coach: { id: string };
let otherCoach: { id: string };

async function person(email: string, role: "learner" | "coach") {
  const [u] = await h.db.insert(users).values({ email, name: email, role, passwordHash: "x", timeZone: "UTC" }).returning();
  return { id: u!.id };
}

/**
 * A submitted 10-question set in which every single-answer question was answered wrongly and the
 * rest left unanswered (all missed); `choice` lists the positions of its single-answer questions.
 */
async function missedSet(learnerId: string, seed: number): Promise<{ id: string; choice: number[] }> {
  const id = await startPractice(h.db, learnerId, exam, { mode: "timed-mixed", size: 10, minutes: 20, focusDomains: [] }, mulberry32(seed));
  const items = await h.db
    .select({ position: practiceItems.position, kind: questions.kind, answer: questions.answer, options: questions.options })
    .from(practiceItems)
    .innerJoin(questions, eq(questions.id, practiceItems.questionId))
    .where(eq(practiceItems.sessionId, id));
  const single = items.filter((it) => it.kind === "single").sort((a, b) => a.position - b.position);
  expect(single.length, "a 10-question set holds at least three single-answer questions").toBeGreaterThanOrEqual(3);
  const wrong = single.map((it) => {
    const keys = (it.options as { key: string }[]).map((o) => o.key);
    return { position: it.position, response: [keys.find((k) => !it.answer.includes(k))!], flagged: false, seq: 1, timeMs: 1000 };
  });
  expect(await saveAnswers(h.db, learnerId, id, wrong)).toMatchObject({ ok: true });
  await submitPractice(h.db, learnerId, id);
  return { id, choice: single.map((it) => it.position) };
}

/** The form as a learner posts it, built from the original with the stem changed. */
function form(sessionId: string, position: number, source: { stem: string; options: { key: string; text: string }[]; answer: string[] }, over: Record<string, string | string[]> = {}): VariationInput {
  const raw: Record<string, string | string[]> = {
    sessionId,
    position: String(position),
    stem: `${source.stem} The storage account now allows access from selected networks only.`,
    answer: source.answer,
    whatChanged: "The account firewall allows selected networks only.",
    whyAnswerChanges: "A SAS token alone no longer reaches the data: the request must come from an allowed network.",
    ...Object.fromEntries(source.options.map((o) => [`opt_${o.key}_text`, o.text])),
    ...over,
  };
  return variationFormSchema.parse(raw);
}

let setId: string;
/** Positions of single-answer questions in that set. */
let choice: number[] = [];

beforeAll(async () => {
  h = await createTestDatabase({ max: 10 });
  await seedReferenceData(h.db);
  exam = await getExamByCode(h.db, "AZ-104");
  learner = await person("writer@example.com", "learner");
  other = await person("other@example.com", "learner");
  coach = await person("coach@example.com", "coach");
  otherCoach = await person("coach2@example.com", "coach");
  await h.db.insert(coachAssignments).values({ learnerId: learner.id, coachId: coach.id });
  ({ id: setId, choice } = await missedSet(learner.id, 11));
});
afterAll(async () => h?.close());

describe(`learners' own variations (${ENGINE})`, () => {
  it("starts only from a question the learner missed in their own submitted set", async () => {
    const source = await variationSource(h.db, learner.id, setId, choice[0]!);
    expect(source).toMatchObject({ sessionId: setId, position: choice[0] });
    expect(source!.answer.length).toBeGreaterThan(0);
    expect(await variationSource(h.db, other.id, setId, 1)).toBeNull();
    expect(await variationSource(h.db, learner.id, setId, 99)).toBeNull();
    // Answered correctly: nothing to vary.
    const last = choice.at(-1)!;
    await h.db.update(practiceItems).set({ correct: true }).where(and(eq(practiceItems.sessionId, setId), eq(practiceItems.position, last)));
    expect(await variationSource(h.db, learner.id, setId, last)).toBeNull();
    // An open set shows no answers yet, so no variation either.
    const open = await startPractice(h.db, learner.id, exam, { mode: "timed-mixed", size: 10, minutes: 20, focusDomains: [] }, mulberry32(3));
    expect(await variationSource(h.db, learner.id, open, 1)).toBeNull();
    await submitPractice(h.db, learner.id, open);
  });

  it("refuses a variation that changes nothing, and a form for someone else's set", async () => {
    const at = choice[1]!;
    const source = (await variationSource(h.db, learner.id, setId, at))!;
    await expect(createVariation(h.db, learner, form(setId, at, source, { stem: `  ${source.stem.toUpperCase()} ` }))).rejects.toThrow(/still the original/);
    await expect(createVariation(h.db, other, form(setId, at, source))).rejects.toThrow(/not yours/);
  });

  it("saves a private item in the original's family: never published, never in the bank", async () => {
    const source = (await variationSource(h.db, learner.id, setId, choice[0]!))!;
    const id = await createVariation(h.db, learner, form(setId, choice[0]!, source));
    expect(id).toMatch(/^lv-[0-9a-f]{16}$/);
    const [row] = await h.db.select().from(questions).where(eq(questions.id, id));
    expect(row).toMatchObject({ origin: "learner", ownerId: learner.id, status: "draft", family: source.family, domain: source.domain, basedOn: source.questionId });
    expect(row!.variationChange).toBe("The account firewall allows selected networks only.");
    // Not in the bank's list, editor or export; the database refuses to publish it.
    expect((await listQuestions(h.db, exam.id)).some((q) => q.id === id)).toBe(false);
    expect(await getQuestion(h.db, exam.id, id)).toBeNull();
    expect(JSON.stringify(await exportQuestions(h.db, exam.id)).includes(id)).toBe(false);
    await expect(h.db.update(questions).set({ status: "published" }).where(eq(questions.id, id))).rejects.toThrow();
    expect((await myVariations(h.db, learner.id)).map((v) => v.id)).toEqual([id]);
    expect(await myVariations(h.db, other.id)).toEqual([]);
  });

  it("serves it in the learner's next retest, marked, without its answer, once, and to nobody else", async () => {
    const [mine] = await myVariations(h.db, learner.id);
    const retest = await startPractice(h.db, learner.id, exam, { mode: "retest", size: 20, minutes: 40, focusDomains: [] }, mulberry32(5));
    const runner = await getRunnerSession(h.db, learner.id, retest);
    const served = runner!.items.filter((i) => i.ownVariation);
    expect(served).toHaveLength(1);
    const content = await getRunnerContent(h.db, learner.id, retest);
    if (!content || content === "submitted") throw new Error("no content for the active set");
    expect(content.items.find((i) => i.position === served[0]!.position)!.stem).toBe(mine!.stem);
    const json = JSON.stringify([runner, content]);
    expect(json).not.toMatch(/"answer"|"explanation"|"whyWrong"|"variationChange"|"basedOn"/);
    expect(json.includes(mine!.whyAnswerChanges)).toBe(false);
    expect(json.includes(mine!.whatChanged)).toBe(false);
    await submitPractice(h.db, learner.id, retest);
    const results = await getResults(h.db, learner.id, retest);
    expect(results!.items.filter((i) => i.ownVariation).map((i) => i.questionId)).toEqual([mine!.id]);

    // Served once: the next retest draws from the bank alone.
    const next = await startPractice(h.db, learner.id, exam, { mode: "retest", size: 20, minutes: 40, focusDomains: [] }, mulberry32(6));
    expect((await getRunnerSession(h.db, learner.id, next))!.items.some((i) => i.ownVariation)).toBe(false);
    await submitPractice(h.db, learner.id, next);

    // Another learner's retests and every other mode never meet it.
    for (const [who, mode] of [[other.id, "retest"], [other.id, "timed-mixed"], [learner.id, "timed-mixed"], [learner.id, "domain-focus"]] as const) {
      for (let seed = 1; seed <= 3; seed++) {
        const s = await startPractice(h.db, who, exam, { mode, size: 50, minutes: 100, focusDomains: mode === "domain-focus" ? [mine!.domain] : [] }, mulberry32(seed));
        const ids = await h.db.select({ q: practiceItems.questionId }).from(practiceItems).where(eq(practiceItems.sessionId, s));
        expect(ids.some((r) => r.q.startsWith("lv-")), `${mode} for ${who === other.id ? "the other learner" : "the author"}`).toBe(false);
        await submitPractice(h.db, who, s);
      }
    }
  });

  it("keeps the retest's size and domain counts when a variation is swapped in", async () => {
    const fresh = await person("counts@example.com", "learner");
    const set = await missedSet(fresh.id, 21);
    const source = (await variationSource(h.db, fresh.id, set.id, set.choice[0]!))!;
    await createVariation(h.db, fresh, form(set.id, set.choice[0]!, source));
    const domainsOf = async (sessionId: string) => {
      const rows = await h.db.execute<{ domain: string; n: number }>(
        sql`select q.domain, count(*)::int as n from practice_items pi join questions q on q.id = pi.question_id where pi.session_id = ${sessionId} group by q.domain order by q.domain`,
      );
      return (Array.isArray(rows) ? rows : (rows as { rows: { domain: string; n: number }[] }).rows).map((r) => `${r.domain}:${r.n}`);
    };
    // The same learner state and seed with and without the variation: only the swap differs.
    const withIt = await startPractice(h.db, fresh.id, exam, { mode: "retest", size: 20, minutes: 40, focusDomains: [] }, mulberry32(9));
    const counts = await domainsOf(withIt);
    await h.db.delete(practiceItems).where(eq(practiceItems.sessionId, withIt));
    await h.db.execute(sql`delete from practice_sessions where id = ${withIt}`);
    await h.db.update(questions).set({ ownerId: other.id }).where(and(eq(questions.ownerId, fresh.id), eq(questions.origin, "learner")));
    const without = await startPractice(h.db, fresh.id, exam, { mode: "retest", size: 20, minutes: 40, focusDomains: [] }, mulberry32(9));
    expect(await domainsOf(without)).toEqual(counts);
    expect(counts.reduce((n, c) => n + Number(c.split(":")[1]), 0)).toBe(20);
  });

  it("lets the learner's coach read, comment and copy it into the bank as a draft; nobody else", async () => {
    const [mine] = await myVariations(h.db, learner.id);
    await expect(learnerVariationsForCoach(h.db, otherCoach, learner.id)).rejects.toThrow(/not yours/);
    await expect(commentOnVariation(h.db, otherCoach, mine!.id, "Nice one.")).rejects.toThrow(/not yours/);
    await expect(copyVariationToBank(h.db, otherCoach, mine!.id)).rejects.toThrow(/not yours/);
    // A bank item is not a learner's variation.
    const [bankItem] = await h.db.select({ id: questions.id }).from(questions).where(eq(questions.origin, "bank")).limit(1);
    await expect(commentOnVariation(h.db, coach, bankItem!.id, "Hm.")).rejects.toThrow(/not yours/);

    await commentOnVariation(h.db, coach, mine!.id, "Right: the firewall is checked before the SAS.");
    const copyId = await copyVariationToBank(h.db, coach, mine!.id);
    const [copy] = await h.db.select().from(questions).where(eq(questions.id, copyId));
    expect(copy).toMatchObject({ origin: "local", status: "draft", ownerId: null, family: mine!.family, stem: mine!.stem, answer: mine!.answer, explanation: mine!.whyAnswerChanges });
    expect((await listQuestions(h.db, exam.id)).some((q) => q.id === copyId)).toBe(true);
    const seen = await learnerVariationsForCoach(h.db, coach, learner.id);
    expect(seen[0]!.comments.map((c) => c.body)).toEqual(["Right: the firewall is checked before the SAS.", `Copied into the question bank as a draft (${copyId}).`]);
    // The learner reads the comments beside their own variation, which stays private.
    expect((await myVariations(h.db, learner.id))[0]!.comments).toHaveLength(2);
    const [own] = await h.db.select().from(questions).where(eq(questions.id, mine!.id));
    expect(own).toMatchObject({ origin: "learner", status: "draft" });
    expect((await h.db.select().from(variationComments).where(eq(variationComments.questionId, mine!.id))).every((c) => c.authorId === coach.id)).toBe(true);
  });
});
