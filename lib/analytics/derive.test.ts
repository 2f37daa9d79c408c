import { describe, expect, it } from "vitest";
import { MICROSOFT_RETAKE_POLICY } from "@/lib/policy/retake";
import { contributionOf, deriveLearnerFacts, diffContribution, isEmptyContribution, type HistoryAttempt } from "./derive";
import { INFINITY_WEEK } from "./weeks";

const DAY = 86_400_000;
const bars = (ig: number, st: number, co: number, ne: number, mo: number) => [
  { domain: "identity-governance", bar: ig },
  { domain: "storage", bar: st },
  { domain: "compute", bar: co },
  { domain: "networking", bar: ne },
  { domain: "monitoring", bar: mo },
];
const attempt = (id: string, iso: string, outcome: HistoryAttempt["outcome"], extra: Partial<HistoryAttempt> = {}): HistoryAttempt => ({
  id,
  takenAt: new Date(iso),
  outcome,
  score: outcome === "no-show" ? null : outcome === "pass" ? 760 : 640,
  certExpiresAt: null,
  bars: outcome === "no-show" ? [] : bars(70, 40, 80, 75, 72),
  categories: [],
  ...extra,
});
const noPractice = { sets: 0, total: 0, correct: 0 };

describe("deriveLearnerFacts", () => {
  it("has no facts without activity, and counts practice-only learners as active", () => {
    expect(deriveLearnerFacts([], noPractice, MICROSOFT_RETAKE_POLICY).stats).toBeNull();
    const f = deriveLearnerFacts([], { sets: 1, total: 10, correct: 7 }, MICROSOFT_RETAKE_POLICY);
    expect(f.stats).toMatchObject({ attempts: 0, latestOutcome: null, eligibleAt: null, practiceTotal: 10, practiceCorrect: 7 });
  });

  it("numbers attempts in time order and keeps the policy's earliest next attempt", () => {
    const f = deriveLearnerFacts(
      [attempt("b", "2026-03-10T09:00:00Z", "fail"), attempt("a", "2026-02-02T09:00:00Z", "no-show"), attempt("c", "2026-04-01T09:00:00Z", "fail")],
      noPractice,
      MICROSOFT_RETAKE_POLICY,
    );
    expect(f.attempts.map((a) => [a.attemptNo, a.attemptId, a.weekStart])).toEqual([
      [1, "a", "2026-02-02"],
      [2, "b", "2026-03-09"],
      [3, "c", "2026-03-30"],
    ]);
    expect(f.stats).toMatchObject({ attempts: 3, passes: 0, firstPassAttemptNo: null, latestOutcome: "fail", latestScore: 640 });
    // A later failure in the window: 14 days of 24 h.
    expect(f.stats!.eligibleAt!.toISOString()).toBe(new Date(Date.parse("2026-04-01T09:00:00Z") + 14 * DAY).toISOString());
  });

  it("after a pass, eligible_at is the certification's expiry (null when unknown)", () => {
    const expiry = new Date("2027-05-01T00:00:00Z");
    const f = deriveLearnerFacts([attempt("a", "2026-04-01T09:00:00Z", "fail"), attempt("b", "2026-05-01T09:00:00Z", "pass", { certExpiresAt: expiry })], noPractice, MICROSOFT_RETAKE_POLICY);
    expect(f.stats).toMatchObject({ passes: 1, firstPassAttemptNo: 2, latestOutcome: "pass", eligibleAt: expiry });
    const g = deriveLearnerFacts([attempt("b", "2026-05-01T09:00:00Z", "pass")], noPractice, MICROSOFT_RETAKE_POLICY);
    expect(g.stats!.eligibleAt).toBeNull();
  });

  it("chains each week's last report to the next week with one; no-shows have no report", () => {
    const f = deriveLearnerFacts(
      [
        attempt("a", "2026-01-05T09:00:00Z", "fail", { bars: bars(50, 50, 50, 50, 50) }),
        attempt("b", "2026-01-07T09:00:00Z", "fail", { bars: bars(61, 90, 90, 90, 90) }), // same week, later: wins
        attempt("c", "2026-01-20T09:00:00Z", "no-show"),
        attempt("d", "2026-02-03T09:00:00Z", "fail", { bars: [{ domain: "storage", bar: 30 }, { domain: "bogus", bar: 1 }] }),
      ],
      noPractice,
      MICROSOFT_RETAKE_POLICY,
    );
    const byWeek = (w: string) => f.reports.filter((r) => r.weekStart === w);
    expect(byWeek("2026-01-05").every((r) => r.attemptId === "b" && r.nextWeek === "2026-02-02")).toBe(true);
    expect(byWeek("2026-01-05")).toHaveLength(5);
    // 61 is not under 60, but it is 15+ under the average of 84.2: weak relative to the rest.
    expect(byWeek("2026-01-05").find((r) => r.domain === "identity-governance")!.weak).toBe(true);
    expect(byWeek("2026-01-05").find((r) => r.domain === "storage")!.weak).toBe(false);
    // Unknown domains are ignored, as weakDomains() does; a single bar uses the absolute test only.
    expect(byWeek("2026-02-02")).toEqual([{ weekStart: "2026-02-02", domain: "storage", nextWeek: INFINITY_WEEK, attemptId: "d", bar: 30, weak: true }]);
  });

  it("counts recorded categories per week of the attempt", () => {
    const f = deriveLearnerFacts(
      [attempt("a", "2026-01-05T09:00:00Z", "fail", { categories: ["sas-tokens", "nsg-rules"] }), attempt("b", "2026-01-08T09:00:00Z", "fail", { categories: ["sas-tokens"] })],
      noPractice,
      MICROSOFT_RETAKE_POLICY,
    );
    expect(f.categories.sort((x, y) => x.category.localeCompare(y.category))).toEqual([
      { weekStart: "2026-01-05", category: "nsg-rules", n: 1 },
      { weekStart: "2026-01-05", category: "sas-tokens", n: 2 },
    ]);
  });
});

describe("contributions", () => {
  const history = [attempt("a", "2026-01-05T09:00:00Z", "fail"), attempt("b", "2026-02-03T09:00:00Z", "fail", { categories: ["vm-disks"] })];

  it("sum to one active learner with a non-pass and a day their wait ends", () => {
    const c = contributionOf(deriveLearnerFacts(history, noPractice, MICROSOFT_RETAKE_POLICY));
    expect(c.counts.get("counts")!.values).toEqual([0, 1, 1, 0, 1]);
    expect([...c.eligibleDays.keys()]).toEqual(["2026-02-17"]);
    expect([...c.reports.values()].reduce((s, r) => s + r.values[0]!, 0)).toBe(10);
  });

  it("differ only where something changed", () => {
    const before = contributionOf(deriveLearnerFacts(history, noPractice, MICROSOFT_RETAKE_POLICY));
    const same = contributionOf(deriveLearnerFacts([...history].reverse(), noPractice, MICROSOFT_RETAKE_POLICY));
    expect(isEmptyContribution(diffContribution(same, before))).toBe(true);

    const after = contributionOf(deriveLearnerFacts([...history, attempt("c", "2026-03-03T09:00:00Z", "pass")], noPractice, MICROSOFT_RETAKE_POLICY));
    const d = diffContribution(after, before);
    // b's report moves from (w, infinity) to (w, c's week); c's report arrives at (c's week, infinity).
    expect([...d.reports.keys()].filter((k) => k.startsWith("2026-02-02|")).sort()).toEqual(
      ["2026-02-02|2026-03-02|compute", "2026-02-02|2026-03-02|identity-governance", "2026-02-02|2026-03-02|monitoring", "2026-02-02|2026-03-02|networking", "2026-02-02|2026-03-02|storage", "2026-02-02|infinity|compute", "2026-02-02|infinity|identity-governance", "2026-02-02|infinity|monitoring", "2026-02-02|infinity|networking", "2026-02-02|infinity|storage"],
    );
    expect(d.counts.get("counts")!.values).toEqual([0, 0, 0, 1, -1]);
    expect(d.eligibleDays.get("2026-02-17")!.values).toEqual([-1]);
    expect(d.attempts.size).toBe(1);
  });
});
