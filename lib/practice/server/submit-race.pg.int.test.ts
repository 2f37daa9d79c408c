// A submission racing autosaves, on real Postgres (the Postgres run only: PGlite runs one query
// at a time, so nothing races there). Each round starts a set, fires a burst of concurrent saves with one submission
// placed at a random point among them, and then checks that the outcome is one a single serial
// order of those operations could have produced: every acknowledged save is stored, the score is
// computed from exactly the stored answers, and a save refused as "submitted" left no trace.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { practiceItems, practiceSessions, questions, users, type ExamRow } from "@/db/schema";
import { seedReferenceData } from "@/lib/reference/server/sync";
import { getExamByCode } from "@/lib/exam/server/exams";
import { mulberry32 } from "@/lib/practice/draw";
import type { SaveAnswer, SaveResult } from "@/lib/practice/dto";
import { scoreItem } from "@/lib/practice/score";
import { ENGINE, createTestDatabase } from "@/test/db";
import { saveAnswers, startPractice, submitPractice } from "./sessions";

const ROUNDS = Number(process.env.SUBMIT_RACE_ROUNDS ?? 200);
const SIZE = 10;
const SAVES_PER_ROUND = 24;

let h: DbHandle;
let exam: ExamRow;

beforeAll(async () => {
  h = await createTestDatabase({ max: 20 });
  await seedReferenceData(h.db);
  exam = await getExamByCode(h.db, "AZ-104");
});
afterAll(async () => h?.close());

interface Sent {
  answer: SaveAnswer;
  result: SaveResult;
}

describe(`a submission racing autosaves (${ENGINE})`, () => {
  it(
    `scores exactly the acknowledged answers and refuses the rest (${ROUNDS} rounds)`,
    async () => {
      const rng = mulberry32(20261127);
      const counts = { applied: 0, stale: 0, refusedSubmitted: 0, submitBeforeAllSaves: 0 };
      for (let round = 0; round < ROUNDS; round++) {
        // A fresh learner per round keeps the draw cheap (no history to avoid).
        const [learner] = await h.db
          .insert(users)
          .values({ email: `race-${round}-${Date.now()}@example.com`, name: `Race ${round}`, passwordHash: "x" })
          .returning({ id: users.id });
        const learnerId = learner!.id;
        const sessionId = await startPractice(h.db, learnerId, exam, { mode: "timed-mixed", size: SIZE, minutes: 20, focusDomains: [] }, mulberry32(round + 1));
        const items = await h.db
          .select({ position: practiceItems.position, kind: questions.kind, answer: questions.answer, options: questions.options })
          .from(practiceItems)
          .innerJoin(questions, eq(questions.id, practiceItems.questionId))
          .where(eq(practiceItems.sessionId, sessionId));
        const byPosition = new Map(items.map((i) => [i.position, i]));

        // The saves of this round: random positions, each position's seq rising in issue order,
        // responses that are valid for the question (so only staleness or the submission refuse one).
        const nextSeq = new Map<number, number>();
        const answers: SaveAnswer[] = Array.from({ length: SAVES_PER_ROUND }, () => {
          const position = 1 + Math.floor(rng() * SIZE);
          const item = byPosition.get(position)!;
          const keys = (item.options as { key: string }[]).map((o) => o.key);
          const pick = () => keys[Math.floor(rng() * keys.length)]!;
          const response = rng() < 0.1 ? null : item.kind === "single" ? [pick()] : [...new Set([pick(), pick()])].sort();
          const seq = (nextSeq.get(position) ?? 0) + 1;
          nextSeq.set(position, seq);
          return { position, response, flagged: rng() < 0.2, seq, timeMs: Math.floor(rng() * 60_000) };
        });
        const submitAt = Math.floor(rng() * (SAVES_PER_ROUND + 1));

        const sent: Sent[] = [];
        const ops: Promise<unknown>[] = [];
        let submitted = false;
        answers.forEach((answer, i) => {
          if (i === submitAt) ops.push(submitPractice(h.db, learnerId, sessionId).then(() => (submitted = true)));
          ops.push(saveAnswers(h.db, learnerId, sessionId, [answer]).then((result) => sent.push({ answer, result })));
        });
        if (submitAt === SAVES_PER_ROUND) ops.push(submitPractice(h.db, learnerId, sessionId).then(() => (submitted = true)));
        await Promise.all(ops);
        expect(submitted).toBe(true);

        // Every save has one of three honest outcomes.
        const applied: SaveAnswer[] = [];
        const refused: SaveAnswer[] = [];
        for (const { answer, result } of sent) {
          if (result.ok) {
            const r = result.results[0]!;
            expect(r.position).toBe(answer.position);
            if (r.applied) {
              expect(r.seq).toBe(answer.seq);
              applied.push(answer);
              counts.applied++;
            } else {
              // Stale: a newer save for this position had already landed.
              expect(r.seq).toBeGreaterThan(answer.seq);
              counts.stale++;
            }
          } else {
            expect(result.error).toBe("submitted");
            refused.push(answer);
            counts.refusedSubmitted++;
          }
        }
        if (refused.length) counts.submitBeforeAllSaves++;

        const [session] = await h.db.select().from(practiceSessions).where(eq(practiceSessions.id, sessionId));
        const stored = await h.db
          .select({ position: practiceItems.position, response: practiceItems.response, flagged: practiceItems.flagged, seq: practiceItems.seq, correct: practiceItems.correct })
          .from(practiceItems)
          .where(eq(practiceItems.sessionId, sessionId));
        expect(session!.status).toBe("submitted");

        let correct = 0;
        let answered = 0;
        for (const row of stored) {
          // The newest acknowledged save of the position is what is stored, whole (seq, response, flag).
          const last = applied.filter((a) => a.position === row.position).sort((a, b) => b.seq - a.seq)[0];
          const context = `round ${round}, position ${row.position}`;
          expect(row.seq, context).toBe(last?.seq ?? 0);
          expect(row.response, context).toEqual(last?.response ?? null);
          expect(row.flagged, context).toBe(last?.flagged ?? false);
          // A save refused because the set was submitted left nothing behind.
          for (const r of refused.filter((x) => x.position === row.position)) expect(row.seq, context).not.toBe(r.seq);
          // The score was computed from exactly this stored answer.
          const item = byPosition.get(row.position)!;
          const ok = scoreItem(item.kind, item.answer, row.response);
          expect(row.correct, context).toBe(ok);
          if (ok) correct++;
          if (row.response && row.response.length) answered++;
        }
        expect({ correct: session!.correct, answered: session!.answered }, `round ${round}`).toEqual({ correct, answered });
        // A refused save must not have been acknowledged earlier as applied (one outcome each).
        expect(applied.length + refused.length).toBeLessThanOrEqual(SAVES_PER_ROUND);
      }
      // The rounds did race: some saves landed, some were refused by the submission.
      expect(counts.applied).toBeGreaterThan(0);
      expect(counts.refusedSubmitted).toBeGreaterThan(0);
      console.log(`[submit race] ${ROUNDS} rounds: ${JSON.stringify(counts)}`);
    },
    600_000,
  );
});
