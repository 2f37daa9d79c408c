import { describe, expect, it } from "vitest";
import { coreEdgeVerdict, summaryVerdict, READINESS_EDGE_SHARE, READINESS_MIN_MISSES, scoreItem, summarize, type ScoredItem } from "./score";

describe("scoreItem", () => {
  it("scores a single-answer item", () => {
    expect(scoreItem("single", ["B"], ["B"])).toBe(true);
    expect(scoreItem("single", ["B"], ["A"])).toBe(false);
    expect(scoreItem("single", ["B"], ["B", "A"])).toBe(false);
    expect(scoreItem("single", ["B"], [])).toBe(false);
    expect(scoreItem("single", ["B"], null)).toBe(false);
  });

  it("requires an exact set match for a multiple-answer item, in any order", () => {
    expect(scoreItem("multiple", ["A", "C"], ["C", "A"])).toBe(true);
    expect(scoreItem("multiple", ["A", "C"], ["A"])).toBe(false); // no partial credit
    expect(scoreItem("multiple", ["A", "C"], ["A", "C", "D"])).toBe(false);
    expect(scoreItem("multiple", ["A", "C"], ["A", "A", "C"])).toBe(true); // repeats don't matter
    expect(scoreItem("multiple", ["A", "C"], null)).toBe(false);
  });
});

const item = (over: Partial<ScoredItem> & Pick<ScoredItem, "correct">): ScoredItem => ({
  questionId: "q",
  domain: "storage",
  category: "sas-tokens",
  tier: "core",
  ...over,
});

describe("summarize", () => {
  const items: ScoredItem[] = [
    item({ questionId: "q1", domain: "storage", category: "sas-tokens", tier: "core", correct: true, timeMs: 60_000 }),
    item({ questionId: "q2", domain: "storage", category: "sas-tokens", tier: "edge", correct: false, timeMs: 90_000 }),
    item({ questionId: "q3", domain: "networking", category: "nsg-rules", tier: "core", correct: false }),
    item({ questionId: "q4", domain: "networking", category: "effective-routes", tier: "edge", correct: null }),
    item({ questionId: "q5", domain: "monitoring", category: "alert-rule", tier: "edge", correct: true, timeMs: 30_000 }),
    item({ questionId: "q6", domain: "storage", category: "sas-tokens", tier: "edge", correct: false }),
  ];
  const s = summarize(items);

  it("counts answered, correct and total, with unanswered items counting as not correct", () => {
    expect(s.overall).toEqual({
      answered: 5,
      correct: 2,
      total: 6,
      pct: 33.3,
      unanswered: 1,
      totalTimeMs: 180_000,
      meanTimeMs: 60_000,
    });
  });

  it("reports every domain, with null pct where the set had none", () => {
    expect(s.perDomain.storage).toEqual({ answered: 3, correct: 1, total: 3, pct: 33.3 });
    expect(s.perDomain.networking).toEqual({ answered: 1, correct: 0, total: 2, pct: 0 });
    expect(s.perDomain.monitoring).toEqual({ answered: 1, correct: 1, total: 1, pct: 100 });
    expect(s.perDomain.compute).toEqual({ answered: 0, correct: 0, total: 0, pct: null });
  });

  it("lists missed categories, most misses first, then by key, with the wrong/unanswered split", () => {
    expect(s.missesByCategory).toEqual([
      { category: "sas-tokens", domain: "storage", misses: 2, wrong: 2, unanswered: 0, total: 3 },
      { category: "effective-routes", domain: "networking", misses: 1, wrong: 0, unanswered: 1, total: 1 },
      { category: "nsg-rules", domain: "networking", misses: 1, wrong: 1, unanswered: 0, total: 1 },
    ]);
  });

  it("splits misses into core and edge", () => {
    expect(s.coreEdge).toEqual({ coreMisses: 1, edgeMisses: 3, coreTotal: 2, edgeTotal: 4, edgeShare: 0.75 });
  });

  it("handles an empty set and an unknown category", () => {
    const empty = summarize([]);
    expect(empty.overall).toMatchObject({ total: 0, pct: null, totalTimeMs: null, meanTimeMs: null });
    expect(empty.coreEdge.edgeShare).toBeNull();
    expect(summarize([item({ category: "not-a-category", correct: false })]).missesByCategory[0]?.domain).toBeNull();
  });
});

describe("core/edge verdict (practice feedback)", () => {
  const withMisses = (core: number, edge: number, correct = 10) =>
    summarize([
      ...Array.from({ length: correct }, () => item({ correct: true })),
      ...Array.from({ length: core }, () => item({ tier: "core", correct: false })),
      ...Array.from({ length: edge }, () => item({ tier: "edge", correct: false })),
    ]);

  it("documents its thresholds", () => {
    expect(READINESS_EDGE_SHARE).toBe(0.6);
    expect(READINESS_MIN_MISSES).toBe(3);
  });

  it("says no-misses when everything was answered correctly (or the set was empty)", () => {
    expect(summaryVerdict(withMisses(0, 0))).toBe("no-misses");
    expect(summaryVerdict(summarize([]))).toBe("no-misses");
  });

  it("says mostly-edge when at least 60 % of several misses are edge cases", () => {
    expect(summaryVerdict(withMisses(2, 3))).toBe("mostly-edge"); // 0.6 exactly
    expect(summaryVerdict(withMisses(1, 9))).toBe("mostly-edge");
  });

  it("says core-gaps when core misses are 40 % or more", () => {
    expect(summaryVerdict(withMisses(3, 4))).toBe("core-gaps"); // 0.57
    expect(summaryVerdict(withMisses(5, 0))).toBe("core-gaps");
  });

  it("treats a few misses conservatively: any core miss is a gap, edge-only misses are not", () => {
    expect(summaryVerdict(withMisses(1, 1))).toBe("core-gaps");
    expect(summaryVerdict(withMisses(0, 2))).toBe("mostly-edge");
    expect(summaryVerdict(withMisses(0, 1))).toBe("mostly-edge");
  });

  it("counts unanswered core items as core gaps", () => {
    const s = summarize([
      item({ tier: "edge", correct: false }),
      item({ tier: "edge", correct: false }),
      item({ tier: "core", correct: null }),
      item({ tier: "core", correct: null }),
    ]);
    expect(summaryVerdict(s)).toBe("core-gaps");
  });

  it("reads the same from bare counts", () => {
    expect(coreEdgeVerdict(0, 0)).toBe("no-misses");
    expect(coreEdgeVerdict(2, 3)).toBe("mostly-edge");
    expect(coreEdgeVerdict(3, 4)).toBe("core-gaps");
    expect(coreEdgeVerdict(1, 1)).toBe("core-gaps");
  });
});

describe("summarize with partial credit", () => {
  it("adds each item's score to the correct figures and what it lacks to the misses", () => {
    const s = summarize([
      { questionId: "h1", domain: "networking", category: "nsg-rules", tier: "core", correct: false, score: 0.6667 },
      { questionId: "m1", domain: "networking", category: "nsg-rules", tier: "edge", correct: false, score: 0.5 },
      { questionId: "s1", domain: "storage", category: "sas-tokens", tier: "core", correct: true },
      { questionId: "u1", domain: "storage", category: "sas-tokens", tier: "edge", correct: null, score: 0.9 },
    ]);
    expect(s.overall).toMatchObject({ correct: 2.1667, answered: 3, total: 4, unanswered: 1, pct: 54.2 });
    expect(s.perDomain.networking).toMatchObject({ correct: 1.1667, total: 2, pct: 58.3 });
    expect(s.missesByCategory).toEqual([
      { category: "sas-tokens", domain: "storage", misses: 1, wrong: 0, unanswered: 1, total: 2 },
      { category: "nsg-rules", domain: "networking", misses: 0.8333, wrong: 0.8333, unanswered: 0, total: 2 },
    ]);
    expect(s.coreEdge).toMatchObject({ coreMisses: 0.3333, edgeMisses: 1.5 });
  });
});
