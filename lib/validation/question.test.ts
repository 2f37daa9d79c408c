import { describe, expect, it } from "vitest";
import { formatIssues, questionBankSchema, questionSchema, type QuestionInput } from "./question";

const base: QuestionInput = {
  id: "net-nsg-demo-01",
  exam: "AZ-104",
  domain: "networking",
  category: "nsg-rules",
  tier: "core",
  family: "net-nsg-demo",
  kind: "single",
  stem: "A subnet NSG has only default rules. Internet users must reach a VM on TCP 443. What should you do?",
  options: [
    { key: "A", text: "Add an inbound allow rule for TCP 443 from the Internet tag." },
    { key: "B", text: "Add an outbound allow rule for TCP 443.", whyWrong: "The connections are inbound." },
    { key: "C", text: "Do nothing.", whyWrong: "DenyAllInBound drops internet traffic." },
  ],
  answer: ["A"],
  explanation: "Default rules deny inbound internet traffic, so an allow rule is needed.",
};

function issuesOf(input: unknown) {
  const result = questionSchema.safeParse(input);
  if (result.success) return [];
  return formatIssues(result.error);
}

describe("questionSchema", () => {
  it("accepts a well-formed question and defaults status to published", () => {
    const parsed = questionSchema.parse(base);
    expect(parsed.status).toBe("published");
  });

  it("accepts a multiple-answer question with 2+ correct options", () => {
    const q = {
      ...base,
      kind: "multiple",
      options: [
        { key: "A", text: "Option one." },
        { key: "B", text: "Option two." },
        { key: "C", text: "Option three.", whyWrong: "Not it." },
      ],
      answer: ["A", "B"],
    };
    expect(questionSchema.safeParse(q).success).toBe(true);
  });

  it("points at the wrong option that lacks whyWrong", () => {
    const q = { ...base, options: [base.options[0], base.options[1], { key: "C", text: "Do nothing." }] };
    expect(issuesOf(q)).toEqual([
      { item: null, path: "options.2.whyWrong", message: expect.stringContaining("required for a wrong option") },
    ]);
  });

  it("rejects whyWrong on a correct option", () => {
    const q = { ...base, options: [{ ...base.options[0], whyWrong: "Oops, this is right." }, ...base.options.slice(1)] };
    expect(issuesOf(q).map((i) => i.path)).toEqual(["options.0.whyWrong"]);
  });

  it("requires exactly one answer for a single-answer question", () => {
    expect(issuesOf({ ...base, answer: ["A", "B"] }).map((i) => i.path)).toContain("answer");
  });

  it("requires at least two answers, and at least one wrong option, for a multiple-answer question", () => {
    expect(issuesOf({ ...base, kind: "multiple" }).map((i) => i.message).join()).toMatch(/at least 2 correct/);
    const allRight = {
      ...base,
      kind: "multiple",
      options: base.options.map(({ key, text }) => ({ key, text })),
      answer: ["A", "B", "C"],
    };
    expect(issuesOf(allRight).map((i) => i.message).join()).toMatch(/at least one option .* must be wrong/);
  });

  it("rejects an answer key that isn't an option, and duplicates", () => {
    const q = { ...base, kind: "multiple", answer: ["A", "D", "A"] };
    const paths = issuesOf(q).map((i) => i.path);
    expect(paths).toContain("answer.1");
    expect(paths).toContain("answer.2");
  });

  it("validates category against MISS_CATEGORIES and its domain", () => {
    expect(issuesOf({ ...base, category: "made-up" })).toEqual([
      { item: null, path: "category", message: expect.stringContaining('unknown category "made-up"') },
    ]);
    expect(issuesOf({ ...base, category: "sas-tokens" })[0]?.message).toMatch(/belongs to domain "storage"/);
  });

  it("requires options lettered A, B, C… in order and distinct texts", () => {
    const q = {
      ...base,
      options: [base.options[0], { ...base.options[1], key: "C" }, { ...base.options[2], text: base.options[0].text }],
    };
    const paths = issuesOf(q).map((i) => i.path);
    expect(paths).toContain("options.1.key");
    expect(paths).toContain("options.2.text");
  });

  it("enforces lengths and counts with field paths", () => {
    const paths = issuesOf({ ...base, stem: "Too short.", explanation: "Short.", options: [base.options[0]] }).map(
      (i) => i.path,
    );
    expect(paths).toEqual(expect.arrayContaining(["stem", "explanation", "options"]));
    const sevenOptions = Array.from({ length: 7 }, (_, i) => ({ key: "A", text: `Option ${i}` }));
    expect(issuesOf({ ...base, options: sevenOptions }).map((i) => i.path)).toContain("options");
  });

  it("rejects non-slug ids and family names, and unknown fields", () => {
    const paths = issuesOf({ ...base, id: "Net NSG 01", family: "x", extra: true }).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["id", "family", ""]));
  });

  it("only accepts the AZ-104 exam, known domains, tiers, kinds and statuses", () => {
    const paths = issuesOf({ ...base, exam: "AZ-900", domain: "security", tier: "hard", status: "live" }).map(
      (i) => i.path,
    );
    expect(paths).toEqual(expect.arrayContaining(["exam", "domain", "tier", "status"]));
  });
});

describe("questionBankSchema and formatIssues", () => {
  it("reports item index and in-question path", () => {
    const broken = { ...base, id: "net-nsg-demo-02", options: [base.options[0], { key: "B", text: "Nope." }] };
    const result = questionBankSchema.safeParse([base, broken]);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(formatIssues(result.error)).toEqual([
      { item: 1, path: "options.1.whyWrong", message: expect.stringContaining("required for a wrong option") },
    ]);
  });

  it("names a duplicate id that is far too long without echoing it whole", () => {
    const long = "x".repeat(100_000);
    const r = questionBankSchema.safeParse([{ ...base, id: long }, { ...base, id: long }]);
    expect(r.success).toBe(false);
    const messages = r.error!.issues.map((i) => i.message);
    expect(messages.some((m) => m.startsWith(`duplicate id "${"x".repeat(80)}…"`))).toBe(true);
    for (const m of messages) expect(m.length).toBeLessThan(1000);
  });

  it("names every index that shares a duplicate id", () => {
    const result = questionBankSchema.safeParse([base, { ...base, stem: `${base.stem} Again.` }, base]);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(formatIssues(result.error)).toEqual([
      { item: 0, path: "id", message: 'duplicate id "net-nsg-demo-01" (also at items 1, 2)' },
      { item: 1, path: "id", message: 'duplicate id "net-nsg-demo-01" (also at items 0, 2)' },
      { item: 2, path: "id", message: 'duplicate id "net-nsg-demo-01" (also at items 0, 1)' },
    ]);
  });

  it("reports a non-array bank with item null", () => {
    const result = questionBankSchema.safeParse({ not: "an array" });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(formatIssues(result.error)[0]).toMatchObject({ item: null, path: "" });
  });
});
