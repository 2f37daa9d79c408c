import { describe, expect, it } from "vitest";
import { buildCohortReport, canonicalFigures, formatBar, formatShare, type CohortFigures } from "./report";

const range = { from: "2026-11-09", to: "2026-11-23", weeks: 3 };
const figures: CohortFigures = {
  members: 10,
  active: 8,
  attempted: 6,
  passed: 2,
  nonPass: 4,
  waiting: 3,
  domains: [
    { domain: "storage", learners: 4, barSum: 220, weak: 3 },
    { domain: "networking", learners: 4, barSum: 300, weak: 0 },
  ],
  practice: [
    { domain: "storage", category: "sas-tokens", tier: "core", total: 10, correct: 4 },
    { domain: "storage", category: "sas-tokens", tier: "edge", total: 5, correct: 4 },
    { domain: "storage", category: "storage-firewall", tier: "edge", total: 10, correct: 7 },
    { domain: "networking", category: "nsg-rules", tier: "core", total: 20, correct: 18 },
  ],
  examCategories: [
    { category: "sas-tokens", n: 1 },
    { category: "bastion", n: 2 },
  ],
  attempts: [
    { attemptNo: 1, outcome: "fail", n: 5 },
    { attemptNo: 2, outcome: "no-show", n: 1 },
    { attemptNo: 2, outcome: "pass", n: 1 },
    { attemptNo: 7, outcome: "pass", n: 1 },
  ],
  trendAttempts: [
    { week: "2026-11-16", outcome: "fail", n: 2 },
    { week: "2026-11-16", outcome: "pass", n: 1 },
  ],
  trendPractice: [{ week: "2026-11-23", domain: "storage", total: 10, correct: 5 }],
  trendReports: [{ week: "2026-11-16", domain: "storage", learners: 2, barSum: 90, weak: 1 }],
};

describe("buildCohortReport", () => {
  const r = buildCohortReport(figures, range, false);

  it("splits learners into passed, waiting, eligible and no attempts", () => {
    expect(r.learners).toEqual({ members: 10, attempted: 6, noAttempts: 4, passed: 2, waiting: 3, eligible: 1 });
    // The all-learners pseudo-cohort counts learners with activity.
    expect(buildCohortReport(figures, range, true).learners.members).toBe(8);
  });

  it("gives every study-guide domain a row: average bar, weak share and practice accuracy", () => {
    expect(r.domains.map((d) => d.domain)).toEqual(["identity-governance", "storage", "compute", "networking", "monitoring"]);
    const storage = r.domains.find((d) => d.domain === "storage")!;
    expect(storage).toMatchObject({ learnersWithReport: 4, averageBar: 55, weakLearners: 3, weakShare: 0.75, practiceTotal: 25, practiceCorrect: 15, accuracy: 0.6 });
    expect(r.domains[0]).toMatchObject({ averageBar: null, weakShare: null, accuracy: null, practiceTotal: 0 });
  });

  it("ranks categories by practice misses, then recorded reports", () => {
    expect(r.categories.map((c) => [c.category, c.practiceMisses, c.examReports])).toEqual([
      ["sas-tokens", 7, 1],
      ["storage-firewall", 3, 0],
      ["bastion", 0, 2],
      ["nsg-rules", 2, 0],
    ].sort((a, b) => (b[1] as number) - (a[1] as number) || (b[2] as number) - (a[2] as number)));
    expect(r.categories.find((c) => c.category === "bastion")!.domain).toBe("networking");
  });

  it("splits practice misses into core and edge", () => {
    expect(r.tiers.core).toEqual({ misses: 8, total: 30 });
    expect(r.tiers.edge).toEqual({ misses: 4, total: 15 });
    expect(r.tiers.edgeShareOfMisses).toBeCloseTo(1 / 3);
  });

  it("counts a no-show as an attempt and buckets attempts to pass, 6 and more together", () => {
    expect(r.attempts).toMatchObject({ total: 8, passes: 2, fails: 5, noShows: 1, passRate: 0.25, meanAttemptsToPass: 4.5 });
    expect(r.attempts.attemptsToPass).toEqual([
      { label: "1", n: 0 },
      { label: "2", n: 1 },
      { label: "3", n: 0 },
      { label: "4", n: 0 },
      { label: "5", n: 0 },
      { label: "6+", n: 1 },
    ]);
  });

  it("has one trend row per week of the range, empty weeks included", () => {
    expect(r.trend.map((t) => t.week)).toEqual(["2026-11-09", "2026-11-16", "2026-11-23"]);
    expect(r.trend[0]).toMatchObject({ attempts: 0, accuracy: null, averageBar: null });
    expect(r.trend[1]).toMatchObject({ attempts: 3, passes: 1, averageBar: 45, weakShare: 0.5 });
    expect(r.trend[2]).toMatchObject({ practiceTotal: 10, accuracy: 0.5 });
    expect(r.trend[2]!.accuracyByDomain.storage).toBe(0.5);
  });
});

describe("formatting and canonical order", () => {
  it("formats shares as percentages and bars as plain lengths", () => {
    expect(formatShare(0.4256)).toBe("42.6 %");
    expect(formatShare(null)).toBe("—");
    expect(formatBar(55.25)).toBe("55.3");
    expect(formatBar(null)).toBe("—");
  });

  it("sorts rows and drops zero rows so two computations compare equal", () => {
    const shuffled = { ...figures, domains: [...figures.domains].reverse().concat({ domain: "compute", learners: 0, barSum: 0, weak: 0 }) };
    expect(canonicalFigures(shuffled)).toEqual(canonicalFigures(figures));
  });
});
