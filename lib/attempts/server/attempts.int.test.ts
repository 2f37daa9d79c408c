import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { attemptDomainReadings, auditLog, examAttempts, users, type ExamRow } from "@/db/schema";
import { seedReferenceData } from "@/lib/reference/server/sync";
import { ENGINE, createTestDatabase } from "@/test/db";
import type { AttemptInput } from "@/lib/validation/attempt";
import { getExamByCode } from "@/lib/exam/server/exams";
import { deleteAttempt, recordAttempt, updateAttempt } from "./attempts";

const DAY = 86_400_000;
let h: DbHandle;
let exam: ExamRow;

async function learner(email: string) {
  const [row] = await h.db.insert(users).values({ email, name: email, passwordHash: "x", timeZone: "Europe/Berlin" }).returning();
  return { id: row!.id, timeZone: row!.timeZone };
}

function attempt(takenAt: Date, outcome: AttemptInput["outcome"] = "fail", extra: Partial<AttemptInput> = {}): AttemptInput {
  return {
    takenAt,
    outcome,
    score: outcome === "no-show" ? null : outcome === "pass" ? 760 : 640,
    readings: outcome === "no-show" ? [] : [{ domain: "storage", bar: 40 }, { domain: "networking", bar: 70 }],
    hardestDomains: ["storage"],
    slowItemTypes: [],
    misreadCategories: ["sas-tokens"],
    misreadNotes: "",
    notes: "",
    certExpiresAt: null,
    ...extra,
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

describe(`recording attempts (${ENGINE})`, () => {
  it("records a failed attempt with its bars, categories and an audit entry", async () => {
    const l = await learner("a@example.com");
    const id = await recordAttempt(h.db, l, exam, attempt(new Date("2026-10-01T08:00:00Z")));
    const bars = await h.db.select().from(attemptDomainReadings).where(eq(attemptDomainReadings.attemptId, id));
    expect(bars.map((b) => [b.domain, b.bar]).sort()).toEqual([["networking", 70], ["storage", 40]]);
    const audit = await h.db.select().from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.action, "attempt.create")));
    expect(audit).toHaveLength(1);
  });

  it("rejects an attempt inside the 24-hour wait, naming the rule and the earliest instant", async () => {
    const l = await learner("b@example.com");
    const first = new Date("2026-10-01T08:00:00Z");
    await recordAttempt(h.db, l, exam, attempt(first));
    const tooSoon = recordAttempt(h.db, l, exam, attempt(new Date(first.getTime() + DAY - 1)));
    await expect(tooSoon).rejects.toThrow(/waiting period.*2 Oct 2026, 10:00 \(2 Oct 2026, 08:00 UTC\)/);
    await recordAttempt(h.db, l, exam, attempt(new Date(first.getTime() + DAY)));
    expect(await attemptsOf(l.id)).toBe(2);
  });

  it("rejects an attempt inserted between two others when it makes the later one break the 14-day wait", async () => {
    const l = await learner("c@example.com");
    const t0 = new Date("2026-01-01T09:00:00Z");
    await recordAttempt(h.db, l, exam, attempt(t0));
    await recordAttempt(h.db, l, exam, attempt(new Date(t0.getTime() + 2 * DAY)));
    // Inserting between them: allowed itself (24 h after the first) but the existing second would
    // now be a later failure only one day after it.
    await expect(recordAttempt(h.db, l, exam, attempt(new Date(t0.getTime() + 1 * DAY)))).rejects.toThrow(
      /would make your attempt of .* break the waiting period/,
    );
    expect(await attemptsOf(l.id)).toBe(2);
  });

  it("refuses a sixth attempt in the 12-month window and any retake of a passed exam without a known expiry", async () => {
    const l = await learner("d@example.com");
    const t0 = new Date("2025-12-01T09:00:00Z");
    for (let i = 0; i < 5; i++) await recordAttempt(h.db, l, exam, attempt(new Date(t0.getTime() + i * 15 * DAY)));
    await expect(recordAttempt(h.db, l, exam, attempt(new Date(t0.getTime() + 100 * DAY)))).rejects.toThrow(/limit of attempts/);
    const p = await learner("e@example.com");
    await recordAttempt(h.db, p, exam, attempt(t0, "pass"));
    await expect(recordAttempt(h.db, p, exam, attempt(new Date(t0.getTime() + 200 * DAY)))).rejects.toThrow(/passed exam/);
  });

  it("treats a no-show as a failed attempt", async () => {
    const l = await learner("f@example.com");
    const t0 = new Date("2026-02-01T09:00:00Z");
    await recordAttempt(h.db, l, exam, attempt(t0, "no-show"));
    await expect(recordAttempt(h.db, l, exam, attempt(new Date(t0.getTime() + 3_600_000)))).rejects.toThrow(/waiting period/);
  });

  it("edits and deletes only the learner's own attempts, re-checking the whole history", async () => {
    const owner = await learner("g@example.com");
    const other = await learner("h@example.com");
    const t0 = new Date("2026-03-01T09:00:00Z");
    const first = await recordAttempt(h.db, owner, exam, attempt(t0));
    const second = await recordAttempt(h.db, owner, exam, attempt(new Date(t0.getTime() + 20 * DAY)));

    await expect(updateAttempt(h.db, other, exam, first, attempt(t0, "fail", { notes: "mine now" }))).rejects.toThrow(/not yours/);
    await expect(deleteAttempt(h.db, other, first)).rejects.toThrow(/not yours/);

    // Moving the second attempt to 2 days after the first would break the 14-day wait? No: it
    // is the window's second attempt, so the 24-hour wait of the first applies; 12 hours is too soon.
    await expect(updateAttempt(h.db, owner, exam, second, attempt(new Date(t0.getTime() + DAY / 2)))).rejects.toThrow(/waiting period/);
    await updateAttempt(h.db, owner, exam, second, attempt(new Date(t0.getTime() + 2 * DAY), "fail", { score: 655 }));
    const [row] = await h.db.select().from(examAttempts).where(eq(examAttempts.id, second));
    expect(row?.score).toBe(655);

    await deleteAttempt(h.db, owner, first);
    expect(await attemptsOf(owner.id)).toBe(1);
    expect(await attemptsOf(other.id)).toBe(0);
  });
});
