import { count, eq } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { examDomains, exams, missCategories, questions, users } from "@/db/schema";
import { loadQuestionBank, loadQuestionBankRows } from "@/content/az-104/questions";
import { createQuestion, syncQuestionBank } from "@/lib/questions/server/bank";
import { startUp } from "@/lib/server/startup";
import { createTestDatabase } from "@/test/db";

let h: DbHandle;
beforeAll(async () => {
  h = await createTestDatabase();
});
afterAll(async () => h?.close());

const n = async (t: PgTable) => Number(((await h.db.select({ n: count() }).from(t)) as [{ n: number }])[0].n);

describe("start-up on a fresh database", () => {
  it("brings the exam, its policy, domains, categories and the whole bank, and creates no account", async () => {
    const report = await startUp(h);
    const bank = loadQuestionBank();
    expect(report.demoSeeded).toBe(false);
    expect(report.reference.bank).toEqual({ inserted: bank.length, updated: 0, retired: 0 });
    expect(await n(users)).toBe(0);
    const [exam] = await h.db.select().from(exams);
    expect(exam).toMatchObject({ code: "AZ-104", passingScore: 700 });
    expect(exam!.policy).toEqual({ firstRetakeWaitHours: 24, laterRetakeWaitDays: 14, maxAttemptsPerWindow: 5, windowMonths: 12 });
    expect(await n(examDomains)).toBe(5);
    expect(await n(missCategories)).toBeGreaterThanOrEqual(30);
    expect(await n(questions)).toBe(bank.length);
  });

  it("is idempotent: a second start changes nothing", async () => {
    const before = await h.db.select({ id: questions.id, updatedAt: questions.updatedAt }).from(questions);
    const report = await startUp(h);
    expect(report.reference.bank).toEqual({ inserted: 0, updated: 0, retired: 0 });
    expect(await h.db.select({ id: questions.id, updatedAt: questions.updatedAt }).from(questions)).toEqual(before);
  });

  it("follows the repository: a changed item is updated, a removed one retired (kept), a local one untouched, a returning one restored", async () => {
    const { groups, questions: bank } = loadQuestionBankRows();
    const [examRow] = await h.db.select({ id: exams.id }).from(exams);
    const examId = examRow!.id;
    const [first, second, ...rest] = bank;
    const local = { ...rest[0]!, id: "local-written-here-01", family: "local-written-here" };
    await createQuestion(h.db, null as never, examId, local as never);

    const changed = { ...first!, stem: `${first!.stem} (Revised wording for the sync test.)` };
    const result = await syncQuestionBank(h.db, examId, { groups, questions: [changed, ...rest] });
    expect(result).toEqual({ inserted: 0, updated: 1, retired: 1 });
    const byId = async (id: string) => (await h.db.select().from(questions).where(eq(questions.id, id)))[0];
    expect((await byId(first!.id))!.stem).toBe(changed.stem);
    expect((await byId(second!.id))!.status).toBe("retired");
    expect(await byId(local.id)).toMatchObject({ origin: "local", status: "published" });

    // The repository's own version comes back on the next sync, the removed item included.
    expect(await syncQuestionBank(h.db, examId, { groups, questions: bank })).toEqual({ inserted: 0, updated: 2, retired: 0 });
    expect((await byId(first!.id))!.stem).toBe(first!.stem);
    expect((await byId(second!.id))!.status).toBe(second!.status);
    expect(await byId(local.id)).toMatchObject({ origin: "local", status: "published" });
  });

  it("seeds the demo only when asked, and only into a database without accounts", async () => {
    const seeded = await startUp(h, { seedDemo: true });
    expect(seeded.demoSeeded).toBe(true);
    const people = await n(users);
    expect(people).toBeGreaterThan(10);
    const again = await startUp(h, { seedDemo: true });
    expect(again.demoSeeded).toBe(false);
    expect(await n(users)).toBe(people);
  });
});
