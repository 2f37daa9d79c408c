// Attempt recordings racing each other on real Postgres (the Postgres run only: PGlite runs one
// statement at a time, so nothing can race there). The policy check and the insert must act as
// one: however the recordings interleave, only what the retake policy allows lands.
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { examAttempts, users, type ExamRow } from "@/db/schema";
import { seedReferenceData } from "@/lib/reference/server/sync";
import { ENGINE, createTestDatabase } from "@/test/db";
import type { AttemptInput } from "@/lib/validation/attempt";
import { getExamByCode } from "@/lib/exam/server/exams";
import { recordAttempt } from "./attempts";

const DAY = 86_400_000;
let h: DbHandle;
let exam: ExamRow;

async function learner(email: string) {
  const [row] = await h.db.insert(users).values({ email, name: email, passwordHash: "x", timeZone: "Europe/Berlin" }).returning();
  return { id: row!.id, timeZone: row!.timeZone };
}

function attempt(takenAt: Date): AttemptInput {
  return {
    takenAt,
    outcome: "fail",
    score: 640,
    readings: [{ domain: "storage", bar: 40 }, { domain: "networking", bar: 70 }],
    hardestDomains: ["storage"],
    slowItemTypes: [],
    misreadCategories: ["sas-tokens"],
    misreadNotes: "",
    notes: "",
    certExpiresAt: null,
  };
}

async function attemptsOf(learnerId: string) {
  const [{ n }] = (await h.db.select({ n: count() }).from(examAttempts).where(eq(examAttempts.learnerId, learnerId))) as [{ n: number }];
  return Number(n);
}

beforeAll(async () => {
  h = await createTestDatabase({ max: 25 });
  await seedReferenceData(h.db);
  exam = await getExamByCode(h.db, "AZ-104");
});
afterAll(async () => h?.close());

describe(`concurrent recordings (${ENGINE})`, () => {
  it("lets exactly the allowed number land when 20 recordings race (5 in the 12-month window)", async () => {
    const l = await learner("race@example.com");
    const t0 = new Date("2025-12-01T09:00:00Z");
    // Twenty attempts 15 days apart: each would be allowed on its own, but only five fit a window.
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => recordAttempt(h.db, l, exam, attempt(new Date(t0.getTime() + i * 15 * DAY)))),
    );
    const landed = results.filter((r) => r.status === "fulfilled").length;
    const refused = results.filter((r) => r.status === "rejected");
    expect(landed).toBe(5);
    expect(await attemptsOf(l.id)).toBe(5);
    for (const r of refused) expect(String((r as PromiseRejectedResult).reason)).toMatch(/limit of attempts|waiting period/);
  });

  it("lets only one of 20 simultaneous first attempts land", async () => {
    const l = await learner("race2@example.com");
    const t = new Date("2026-06-01T09:00:00Z");
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => recordAttempt(h.db, l, exam, attempt(t))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await attemptsOf(l.id)).toBe(1);
  });
});
