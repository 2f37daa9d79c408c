import { describe, expect, it } from "vitest";
import { AZ104, DOMAIN_KEYS, MISS_CATEGORIES, type DomainKey } from "../../../lib/exam/az104";
import { loadQuestionBank, loadQuestionBankRows, parseQuestionBank, QuestionBankError, QUESTION_BANK_SOURCES } from "./index";
import type { BankQuestion as Question } from "../../../lib/questions/entries";

const allItems = loadQuestionBank();
const bank = allItems;

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/** Lower-cased word tokens; a hyphenated name such as rg-erp-prod stays one token. */
function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+(?:[-'][a-z0-9]+)*/g) ?? [];
}

/** The set of k-word shingles (consecutive word k-grams) of a text. */
function shingles(text: string, k: number): Set<string> {
  const w = words(text);
  const out = new Set<string>();
  for (let i = 0; i + k <= w.length; i++) out.add(w.slice(i, i + k).join(" "));
  return out;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

const midpoint = (key: DomainKey) => {
  const d = AZ104.domains.find((x) => x.key === key)!;
  return (d.weightMin + d.weightMax) / 2;
};

describe("seed question bank", () => {
  // The published bank. Drafts (formats.json's yes/no series, hotspots, orderings, matchings and
  // case studies wait for a second reader) meet the quality checks below, not the blueprint's.
  const bank = allItems.filter((q) => q.status === "published");
  it("passes the bank schema (loader validates every file as one bank)", () => {
    expect(() => loadQuestionBank()).not.toThrow();
    // Drafts wait for a second reader and are never served; nothing in the files is retired
    // (an item is retired by removing it from its file).
    const notServable = bank.filter((q) => q.exam !== "AZ-104" || (q.status !== "published" && q.status !== "draft"));
    expect(notServable.map((q) => q.id)).toEqual([]);
    expect(bank.some((q) => q.status === "published")).toBe(true);
  });

  it("serves at least 150 published questions", () => {
    expect(bank.filter((q) => q.status === "published").length).toBeGreaterThanOrEqual(150);
  });

  it("keeps each file to its own domain", () => {
    for (const source of QUESTION_BANK_SOURCES) {
      if (source.domain === null) continue; // formats.json mixes domains
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

  it("mixes core and edge items (edge about a third) and about a fifth of choice items multiple-answer", () => {
    const edgeShare = bank.filter((q) => q.tier === "edge").length / bank.length;
    expect(edgeShare).toBeGreaterThanOrEqual(0.25);
    expect(edgeShare).toBeLessThanOrEqual(0.45);
    // Among single/multiple items only: the other formats are neither, and their share is pinned on its own.
    const choice = bank.filter((q) => q.kind === "single" || q.kind === "multiple");
    const multipleShare = choice.filter((q) => q.kind === "multiple").length / choice.length;
    expect(multipleShare).toBeGreaterThanOrEqual(0.15);
    expect(multipleShare).toBeLessThanOrEqual(0.3);
  });

  it("has core and edge items in every domain", () => {
    for (const domain of DOMAIN_KEYS) {
      const tiers = new Set(bank.filter((q) => q.domain === domain).map((q) => q.tier));
      expect([...tiers].sort(), domain).toEqual(["core", "edge"]);
    }
  });

});

// Quality checks over the whole bank (every file, drafts included: a draft is a published item
// waiting for its second reader, so it must already meet the same bar).
describe("bank quality", () => {
  const singles = bank.filter((q) => q.kind === "single");

  /** The keyed option is strictly longer than every other option. */
  const keyIsUniquelyLongest = (q: Question) => {
    const key = q.options.find((o) => o.key === q.answer[0])!;
    return q.options.every((o) => o === key || o.text.length < key.text.length);
  };

  it("doesn't give the answer away by length: the key is the only longest option in at most 28 % of single-answer items", () => {
    // A test-wise learner picks the longest option. By chance the key is the longest of four
    // options 25 % of the time; allow a little over chance, no more.
    const cued = singles.filter(keyIsUniquelyLongest);
    const share = cued.length / singles.length;
    expect(share, `key uniquely longest in ${cued.length}/${singles.length}: ${cued.map((q) => q.id).join(", ")}`).toBeLessThanOrEqual(0.28);
  });

  it("balances the keyed letters of single-answer items (A–D each between 18 % and 32 %)", () => {
    // Chance is 25 % per letter with four options. Over 135–300 single-answer items the standard
    // error of a letter's share is about 2.5–3.7 points, so a bank keyed at random would fall
    // outside 25 ± 7 only rarely (about 2 standard errors at today's size, more as the bank grows),
    // while a habit such as "the key is usually C" (a third of items or more) fails.
    const counts = countBy(singles, (q) => q.answer[0]!);
    const shares = Object.fromEntries(["A", "B", "C", "D"].map((k) => [k, (counts.get(k) ?? 0) / singles.length]));
    for (const [letter, share] of Object.entries(shares)) {
      expect(share, `${letter}: ${(100 * share).toFixed(1)} % of ${singles.length}`).toBeGreaterThanOrEqual(0.18);
      expect(share, `${letter}: ${(100 * share).toFixed(1)} % of ${singles.length}`).toBeLessThanOrEqual(0.32);
    }
    // Keys on a fifth or sixth option stay rare: most items have four options.
    const late = singles.filter((q) => q.answer[0] === "E" || q.answer[0] === "F").length;
    expect(late / singles.length).toBeLessThanOrEqual(0.1);
  });

  it("never asks the same question in two families: stems of different families share under 60 % of their 3-word shingles", () => {
    // Word 3-grams (shingles) catch a stem copied with a few words changed, while two stems that
    // merely share a company name or a phrase like "storage account" stay far apart. Jaccard
    // similarity of the shingle sets (|A ∩ B| / |A ∪ B|) of 0.6 or more means one fact is tested
    // twice; within a family near-identical stems are the point (one constraint changed).
    const shingled = bank.map((q) => ({ q, shingles: shingles(q.stem, 3) }));
    const tooClose: string[] = [];
    for (let i = 0; i < shingled.length; i++) {
      for (let j = i + 1; j < shingled.length; j++) {
        const a = shingled[i]!;
        const b = shingled[j]!;
        if (a.q.family === b.q.family) continue;
        const similarity = jaccard(a.shingles, b.shingles);
        if (similarity >= 0.6) tooClose.push(`${a.q.id} ~ ${b.q.id} (${similarity.toFixed(2)})`);
      }
    }
    expect(tooClose).toEqual([]);
  });

  it("cites only https://learn.microsoft.com pages", () => {
    const offsite = bank.flatMap((q) =>
      q.sources.filter((url) => {
        const parsed = new URL(url);
        return parsed.protocol !== "https:" || parsed.hostname !== "learn.microsoft.com";
      }).map((url) => `${q.id}: ${url}`),
    );
    expect(offsite).toEqual([]);
  });

  it("publishes only items with at least one source and a real verified-on date", () => {
    const published = bank.filter((q) => q.status === "published");
    const unsourced = published.filter((q) => q.sources.length === 0).map((q) => q.id);
    expect(unsourced).toEqual([]);
    const isCalendarDate = (d: string | undefined) => {
      if (d === undefined) return false;
      const parsed = new Date(`${d}T00:00:00Z`);
      return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === d;
    };
    const undated = published.filter((q) => !isCalendarDate(q.verifiedOn)).map((q) => q.id);
    expect(undated).toEqual([]);
  });

  it("names only existing siblings of the same family in givesAway", () => {
    const byId = new Map(bank.map((q) => [q.id, q]));
    const wrong = bank.flatMap((q) =>
      q.givesAway
        .filter((other) => other === q.id || byId.get(other)?.family !== q.family)
        .map((other) => `${q.id} -> ${other}${byId.has(other) ? ` (family ${byId.get(other)!.family})` : " (no such item)"}`),
    );
    expect(wrong).toEqual([]);
  });
});

describe("bank quality helpers catch what they are meant to", () => {
  it("scores a stem copied with one constraint reworded at 0.6 or more, and unrelated stems far below", () => {
    const stem = bank[0]!.stem;
    const reworded = stem.replace(/\bmust\b/, "should");
    expect(jaccard(shingles(stem, 3), shingles(reworded, 3))).toBeGreaterThanOrEqual(0.6);
    const other = bank.find((q) => q.domain !== bank[0]!.domain)!.stem;
    expect(jaccard(shingles(stem, 3), shingles(other, 3))).toBeLessThan(0.2);
    expect(shingles("Contoso uses rg-erp-prod today", 3)).toEqual(new Set(["contoso uses rg-erp-prod", "uses rg-erp-prod today"]));
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

describe("the bank's minimums (published items only; drafts are not served)", () => {
  const { groups, questions: rows } = loadQuestionBankRows();
  const published = rows.filter((q) => q.status === "published");
  const publishedGroups = groups.filter((g) => g.status === "published");
  const exhibitGroups = new Set(publishedGroups.filter((g) => g.exhibits.length > 0).map((g) => g.id));

  it("publishes at least 450 items", () => {
    expect(published.length).toBeGreaterThanOrEqual(450);
  });

  it("has at least 8 published items in every one of the 30 miss categories", () => {
    const counts = countBy(published, (q) => q.category);
    expect(MISS_CATEGORIES).toHaveLength(30);
    expect(MISS_CATEGORIES.filter((c) => (counts.get(c.key) ?? 0) < 8).map((c) => c.key)).toEqual([]);
  });

  it.each(DOMAIN_KEYS)("keeps %s within the exam outline's weight range", (domain) => {
    const d = AZ104.domains.find((x) => x.key === domain)!;
    const share = (100 * published.filter((q) => q.domain === domain).length) / published.length;
    expect(share).toBeGreaterThanOrEqual(d.weightMin);
    expect(share).toBeLessThanOrEqual(d.weightMax);
  });

  it("has at least 130 variation families with 2 or more published items", () => {
    expect([...countBy(published, (q) => q.family).values()].filter((n) => n >= 2).length).toBeGreaterThanOrEqual(130);
  });

  it.each(["yes-no", "hotspot", "ordering", "matching"] as const)("has at least 25 published %s items", (kind) => {
    expect(published.filter((q) => q.kind === kind).length).toBeGreaterThanOrEqual(25);
  });

  it("has at least 6 published case studies of 4 to 6 questions each", () => {
    const studies = publishedGroups.filter((g) => g.kind === "case-study");
    expect(studies.length).toBeGreaterThanOrEqual(6);
    for (const s of studies) {
      const n = published.filter((q) => q.groupId === s.id).length;
      expect(n, s.id).toBeGreaterThanOrEqual(4);
      expect(n, s.id).toBeLessThanOrEqual(6);
    }
  });

  it("shows an exhibit with at least 60 published items (its own, or its case study's)", () => {
    expect(published.filter((q) => q.exhibits.length > 0 || (q.groupId !== null && exhibitGroups.has(q.groupId))).length).toBeGreaterThanOrEqual(60);
  });

  it("keeps the edge tier between 30 % and 40 %", () => {
    const share = published.filter((q) => q.tier === "edge").length / published.length;
    expect(share).toBeGreaterThanOrEqual(0.3);
    expect(share).toBeLessThanOrEqual(0.4);
  });
});
