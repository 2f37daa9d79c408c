import { describe, expect, it } from "vitest";
import { AZ104, DOMAIN_KEYS, MISS_CATEGORIES, type DomainKey } from "../../../lib/exam/az104";
import { loadQuestionBank, parseQuestionBank, QuestionBankError, QUESTION_BANK_SOURCES } from "./index";

const bank = loadQuestionBank();

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

const midpoint = (key: DomainKey) => {
  const d = AZ104.domains.find((x) => x.key === key)!;
  return (d.weightMin + d.weightMax) / 2;
};

describe("seed question bank", () => {
  it("passes the bank schema (loader validates every file as one bank)", () => {
    expect(() => loadQuestionBank()).not.toThrow();
    expect(bank.every((q) => q.exam === "AZ-104" && q.status === "published")).toBe(true);
  });

  it("holds at least 150 questions", () => {
    expect(bank.length).toBeGreaterThanOrEqual(150);
  });

  it("keeps each file to its own domain", () => {
    for (const source of QUESTION_BANK_SOURCES) {
      const items = source.items as { domain: string }[];
      expect(items.length, source.file).toBeGreaterThan(0);
      expect(items.every((q) => q.domain === source.domain), source.file).toBe(true);
    }
  });

  it.each(DOMAIN_KEYS)("spreads %s within 3 percentage points of its blueprint midpoint", (domain) => {
    const share = (100 * bank.filter((q) => q.domain === domain).length) / bank.length;
    expect(Math.abs(share - midpoint(domain))).toBeLessThanOrEqual(3);
  });

  it("covers every miss category with at least 2 questions", () => {
    const counts = countBy(bank, (q) => q.category);
    const thin = MISS_CATEGORIES.filter((c) => (counts.get(c.key) ?? 0) < 2).map((c) => c.key);
    expect(thin).toEqual([]);
  });

  it("has at least 40 variation families with 2 or more variants", () => {
    const families = countBy(bank, (q) => q.family);
    const withVariants = [...families.values()].filter((n) => n >= 2).length;
    expect(withVariants).toBeGreaterThanOrEqual(40);
  });

  it("keeps every family's variants in one domain and one category", () => {
    const byFamily = new Map<string, { domains: Set<string>; categories: Set<string> }>();
    for (const q of bank) {
      const f = byFamily.get(q.family) ?? { domains: new Set(), categories: new Set() };
      f.domains.add(q.domain);
      f.categories.add(q.category);
      byFamily.set(q.family, f);
    }
    const mixed = [...byFamily].filter(([, f]) => f.domains.size > 1 || f.categories.size > 1).map(([name]) => name);
    expect(mixed).toEqual([]);
  });

  it("uses unique ids", () => {
    const ids = bank.map((q) => q.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("never repeats a stem", () => {
    const norm = (s: string) => s.toLowerCase().replace(/\s+/g, " ").trim();
    const stems = countBy(bank, (q) => norm(q.stem));
    const repeated = [...stems].filter(([, n]) => n > 1).map(([stem]) => stem.slice(0, 60));
    expect(repeated).toEqual([]);
  });

  it("mixes core and edge items (edge about a third) and about a fifth multiple-answer", () => {
    const edgeShare = bank.filter((q) => q.tier === "edge").length / bank.length;
    expect(edgeShare).toBeGreaterThanOrEqual(0.25);
    expect(edgeShare).toBeLessThanOrEqual(0.45);
    const multipleShare = bank.filter((q) => q.kind === "multiple").length / bank.length;
    expect(multipleShare).toBeGreaterThanOrEqual(0.15);
    expect(multipleShare).toBeLessThanOrEqual(0.3);
  });

  it("has core and edge items in every domain", () => {
    for (const domain of DOMAIN_KEYS) {
      const tiers = new Set(bank.filter((q) => q.domain === domain).map((q) => q.tier));
      expect([...tiers].sort(), domain).toEqual(["core", "edge"]);
    }
  });

  it("doesn't give the answer away by length: the correct option is rarely the only longest one", () => {
    // A test-wise learner picks the longest option; keep that strategy near chance.
    const singles = bank.filter((q) => q.kind === "single");
    const longestIsCorrect = singles.filter((q) => {
      const correct = q.options.find((o) => o.key === q.answer[0])!;
      return q.options.every((o) => o === correct || o.text.length < correct.text.length);
    }).length;
    expect(longestIsCorrect / singles.length).toBeLessThan(0.45);
  });
});

describe("parseQuestionBank errors", () => {
  const valid = {
    id: "stg-demo-01",
    exam: "AZ-104",
    domain: "storage",
    category: "sas-tokens",
    tier: "core",
    family: "stg-demo",
    kind: "single",
    stem: "A storage account needs a time-limited read link for one container. What should you do?",
    options: [
      { key: "A", text: "Issue a user delegation SAS." },
      { key: "B", text: "Share the account key.", whyWrong: "An account key grants full access." },
    ],
    answer: ["A"],
    explanation: "A SAS grants scoped, expiring access without keys.",
  };

  it("names the file, index, id and field of each problem", () => {
    const broken = { ...valid, id: "stg-demo-02", options: [valid.options[0], { key: "B", text: "Share the key." }] };
    const run = () => parseQuestionBank([{ file: "storage.json", domain: "storage", items: [valid, broken] }]);
    expect(run).toThrow(QuestionBankError);
    expect(run).toThrow(/storage\.json item 1 \(stg-demo-02\), options\.1\.whyWrong: required for a wrong option/);
  });

  it("reports duplicate ids across files", () => {
    const run = () =>
      parseQuestionBank([
        { file: "storage.json", domain: "storage", items: [valid] },
        { file: "compute.json", domain: "compute", items: [{ ...valid, domain: "compute", category: "vm-disks" }] },
      ]);
    expect(run).toThrow(/compute\.json item 0 \(stg-demo-01\), id: duplicate id "stg-demo-01" \(also at storage\.json item 0 \(stg-demo-01\)\)/);
  });

  it("rejects a question filed under the wrong domain", () => {
    const run = () => parseQuestionBank([{ file: "compute.json", domain: "compute", items: [valid] }]);
    expect(run).toThrow(/doesn't belong in compute\.json/);
  });
});
