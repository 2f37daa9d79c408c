import type { ChoiceQuestion } from "@/lib/validation/question";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { practiceItems, questions, users, type ExamRow } from "@/db/schema";
import { seedReferenceData } from "@/lib/reference/server/sync";
import { getExamByCode } from "@/lib/exam/server/exams";
import { startPractice } from "@/lib/practice/server/sessions";
import { questionFormSchema } from "@/lib/validation/question-form";
import { createTestDatabase } from "@/test/db";
import { createQuestion, exportQuestions, importQuestions, setQuestionStatus } from "./bank";

let h: DbHandle;
let exam: ExamRow;
let actor: string;

beforeAll(async () => {
  h = await createTestDatabase();
  await seedReferenceData(h.db);
  exam = await getExamByCode(h.db, "AZ-104");
  const [u] = await h.db.insert(users).values({ email: "coach@example.com", name: "C", role: "coach", passwordHash: "x" }).returning();
  actor = u!.id;
});
afterAll(async () => h?.close());

const total = async () => Number(((await h.db.select({ n: count() }).from(questions)) as [{ n: number }])[0].n);

describe("question bank management", () => {
  it("exports the bank in the importer's format and re-imports it as updates", async () => {
    const exported = await exportQuestions(h.db, exam.id);
    expect(exported.length).toBeGreaterThanOrEqual(150);
    // Every kind goes out and comes back: items of each kind, yes/no series and case studies with their items.
    expect(new Set(exported.map((e) => e.kind))).toEqual(new Set(["single", "multiple", "hotspot", "ordering", "matching", "yes-no-series", "case-study"]));
    const result = await importQuestions(h.db, actor, exam.id, JSON.stringify(exported));
    // Counted per scored item: a yes/no series or a case study is one entry holding several.
    expect(result).toEqual({ ok: true, created: 0, updated: await total() });
  });

  it("imports all or nothing, naming the item and field of every problem", async () => {
    const good = (await exportQuestions(h.db, exam.id)).find((e) => (e as { kind: string }).kind === "single") as { options: { whyWrong?: string }[] } | undefined;
    const fresh = { ...good!, id: "new-valid-question-01" };
    const broken = { ...good!, id: "new-broken-question-01", options: good!.options.map((o, i) => (i === 1 ? { ...o, whyWrong: undefined } : o)) };
    const before = await total();
    const result = await importQuestions(h.db, actor, exam.id, JSON.stringify([fresh, broken, { id: "x", kind: "single" }, { id: "y" }]));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.some((e) => e.item === 2 && e.path === "stem")).toBe(true);
      // Without a kind the fields cannot be known: the kind is named.
      expect(result.errors.some((e) => e.item === 3 && e.path === "kind")).toBe(true);
      expect(result.errors.every((e) => e.item !== 0)).toBe(true);
    }
    expect(await total()).toBe(before);
    expect(await importQuestions(h.db, actor, exam.id, "[not json")).toMatchObject({ ok: false });
  });

  it("builds a question from the editor's flat fields and reports option errors by position", () => {
    const ok = questionFormSchema.safeParse({
      id: "net-editor-01",
      family: "net-editor",
      domain: "networking",
      category: "nsg-rules",
      tier: "core",
      status: "draft",
      stem: "A subnet's NSG blocks inbound traffic from the jump host. What should you change to allow SSH from it only?",
      opt_A_text: "Add an inbound allow rule for TCP 22 from the jump host's address with a lower priority number",
      opt_B_text: "Delete the default DenyAllInbound rule",
      opt_B_whyWrong: "Default rules cannot be deleted; they can only be overridden by higher-priority rules.",
      answer: ["A"],
      explanation: "A custom allow rule with a lower number than the blocking rule is evaluated first.",
    });
    expect(ok.success).toBe(true);
    const bad = questionFormSchema.safeParse({ id: "x", answer: ["A"], opt_A_text: "a", opt_C_text: "c" });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join("."));
    expect(paths).toContain("options.1.text");
  });

  it("creates drafts that are never drawn, and retired questions leave the pool", async () => {
    const sample = (await exportQuestions(h.db, exam.id)).find((e) => (e as { kind: string }).kind === "single") as ChoiceQuestion | undefined;
    await createQuestion(h.db, actor, exam.id, { ...sample!, id: "draft-only-01", status: "draft" });
    await expect(createQuestion(h.db, actor, exam.id, { ...sample!, id: "draft-only-01", status: "draft" })).rejects.toThrow(/exists already/);
    await setQuestionStatus(h.db, actor, exam.id, sample!.id, "retired");
    const [learner] = await h.db.insert(users).values({ email: "l@example.com", name: "L", passwordHash: "x" }).returning();
    for (let i = 0; i < 4; i++) {
      const id = await startPractice(h.db, learner!.id, exam, { mode: "timed-mixed", size: 50, minutes: 100, focusDomains: [] });
      const drawn = await h.db.select({ q: practiceItems.questionId }).from(practiceItems).where(eq(practiceItems.sessionId, id));
      expect(drawn.map((d) => d.q)).not.toContain("draft-only-01");
      expect(drawn.map((d) => d.q)).not.toContain(sample!.id);
    }
  });
});
