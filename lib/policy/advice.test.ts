import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DOMAIN_KEYS, type DomainKey } from "@/lib/exam/az104";
import {
  ADVICE_THRESHOLDS,
  SCHEDULES,
  WEAK_SIGNAL_GUIDE,
  classifyFailure,
  pacingTrouble,
  recommendRetakeDate,
  weakDomains,
  type DomainBar,
} from "./advice";
import { evaluateRetake, type AttemptOutcome, type PastAttempt } from "./retake";

const DAY = 86_400_000;

/** Bars for all five domains: `base` (80 by default) unless overridden. */
function bars(overrides: Partial<Record<DomainKey, number>> = {}, base = 80): DomainBar[] {
  return DOMAIN_KEYS.map((domain) => ({ domain, bar: overrides[domain] ?? base }));
}

describe("weakDomains", () => {
  it("marks a bar below the absolute line as weak and one exactly on it as not weak", () => {
    const line = ADVICE_THRESHOLDS.weakBarBelow;
    expect(weakDomains([{ domain: "storage", bar: line - 1 }])).toEqual(["storage"]);
    expect(weakDomains([{ domain: "storage", bar: line }])).toEqual([]);
  });

  it("marks a bar clearly below the learner's own average as weak even when it is long", () => {
    // Average of (95, 95, 95, 95, 75) is 91; 75 is 16 below it.
    expect(weakDomains(bars({ networking: 75 }, 95))).toEqual(["networking"]);
  });

  it("applies the relative gap inclusively and ignores a slightly smaller gap", () => {
    // Four bars at 90 and one at x: average = (360 + x) / 5; weak when x <= average - 15.
    // x = 71.25 → average 86.25, gap exactly 15.
    expect(weakDomains(bars({ compute: 71.25 }, 90))).toEqual(["compute"]);
    expect(weakDomains(bars({ compute: 72.25 }, 90))).toEqual([]);
  });

  it("skips the relative test with too few bars to average", () => {
    expect(weakDomains([{ domain: "storage", bar: 95 }, { domain: "compute", bar: 65 }])).toEqual([]);
  });

  it("orders weak domains weakest first, ties in study-guide order", () => {
    expect(weakDomains(bars({ monitoring: 20, storage: 40, networking: 40, compute: 55 }))).toEqual([
      "monitoring",
      "storage",
      "networking",
      "compute",
    ]);
  });

  it("keeps the lowest reading when a domain appears twice and rejects bars outside 0–100", () => {
    expect(weakDomains([{ domain: "storage", bar: 90 }, { domain: "storage", bar: 30 }])).toEqual(["storage"]);
    expect(() => weakDomains([{ domain: "storage", bar: 101 }])).toThrow(RangeError);
    expect(() => weakDomains([{ domain: "storage", bar: Number.NaN }])).toThrow(RangeError);
  });
});

describe("classifyFailure", () => {
  it("calls 650 with one weak domain a near pass with a 3-day schedule", () => {
    const c = classifyFailure({ score: 650, outcome: "fail", bars: bars({ networking: 40 }) });
    expect(c.pattern).toBe("near-pass");
    expect(c.weakDomains).toEqual(["networking"]);
    expect(c.scheduleDays).toBe(3);
    expect(c.reasons.join(" ")).toMatch(/within 50 points of the 700 pass mark/);
  });

  it("calls 699 with no weak domain a near pass (pacing rather than knowledge)", () => {
    expect(classifyFailure({ score: 699, outcome: "fail", bars: bars() }).pattern).toBe("near-pass");
  });

  it("calls 649 a broad miss even with flat bars", () => {
    const c = classifyFailure({ score: 649, outcome: "fail", bars: bars() });
    expect(c.pattern).toBe("broad-miss");
    expect(c.scheduleDays).toBe(10);
  });

  it("calls a close score with two weak domains a broad miss with 10 days", () => {
    const c = classifyFailure({ score: 680, outcome: "fail", bars: bars({ storage: 50, compute: 45 }) });
    expect(c).toMatchObject({ pattern: "broad-miss", weakDomains: ["compute", "storage"], scheduleDays: 10 });
  });

  it("gives 14 days from three weak domains on", () => {
    const c = classifyFailure({ score: 600, outcome: "fail", bars: bars({ storage: 50, compute: 45, monitoring: 30 }) });
    expect(c).toMatchObject({ pattern: "broad-miss", scheduleDays: 14 });
  });

  it("gives 14 days below 550 and 10 days at exactly 550", () => {
    expect(classifyFailure({ score: 549, outcome: "fail", bars: bars() }).scheduleDays).toBe(14);
    expect(classifyFailure({ score: 550, outcome: "fail", bars: bars() }).scheduleDays).toBe(10);
  });

  it("measures closeness from a custom passing score", () => {
    expect(classifyFailure({ score: 760, outcome: "fail", bars: [], passingScore: 800 }).pattern).toBe("near-pass");
    expect(classifyFailure({ score: 749, outcome: "fail", bars: [], passingScore: 800 }).pattern).toBe("broad-miss");
  });

  it("treats a no-show without a score report as a broad miss on the shorter schedule", () => {
    const c = classifyFailure({ score: null, outcome: "no-show", bars: [] });
    expect(c).toMatchObject({ pattern: "broad-miss", weakDomains: [], scheduleDays: 10 });
    expect(c.reasons.join(" ")).toMatch(/No-show/);
  });

  it("does not call a failure close when the score is unknown, whatever the bars say", () => {
    expect(classifyFailure({ score: null, outcome: "fail", bars: bars() }).pattern).toBe("broad-miss");
    expect(classifyFailure({ score: null, outcome: "fail", bars: bars({ storage: 10, compute: 10, networking: 10 }) }).scheduleDays).toBe(14);
  });

  it("names weak domains with their bar length and never as a percentage", () => {
    const c = classifyFailure({ score: 620, outcome: "fail", bars: bars({ storage: 42 }) });
    const text = c.reasons.join(" ");
    expect(text).toMatch(/Storage \(bar length 42\)/);
    expect(text).not.toMatch(/%/);
  });

  it("refuses to classify a pass and rejects impossible scores", () => {
    expect(() => classifyFailure({ score: 800, outcome: "pass", bars: [] })).toThrow(RangeError);
    expect(() => classifyFailure({ score: 1200, outcome: "fail", bars: [] })).toThrow(RangeError);
  });
});

describe("pacing as a failure pattern", () => {
  const none = { ranOutOfTime: null, unansweredOrGuessed: null, halfwayMinutesLeft: null };

  it("reads time trouble from running out of time, many guesses, or a slow first half", () => {
    expect(pacingTrouble(none)).toEqual([]);
    expect(pacingTrouble(null)).toEqual([]);
    expect(pacingTrouble({ ...none, ranOutOfTime: true })).toEqual(["ran out of time"]);
    expect(pacingTrouble({ ...none, ranOutOfTime: false, unansweredOrGuessed: 4, halfwayMinutesLeft: 40 })).toEqual([]);
    expect(pacingTrouble({ ...none, unansweredOrGuessed: 5 })).toEqual(["about 5 items unanswered or guessed"]);
    // 40 % of 100 minutes: 39 left at halfway is trouble, 40 is not.
    expect(pacingTrouble({ ...none, halfwayMinutesLeft: 39 })).toEqual(["39 minutes left at the halfway question (on pace: about 50)"]);
    expect(pacingTrouble({ ...none, halfwayMinutesLeft: 59 }, 150)).toHaveLength(1);
    expect(ADVICE_THRESHOLDS.pacingGuessedAtLeast).toBe(5);
    expect(ADVICE_THRESHOLDS.pacingHalfwayShareBelow).toBe(0.4);
  });

  it("calls a 699 with flat bars and time trouble pacing: 3 days, no weak domain to rebuild", () => {
    const c = classifyFailure({ score: 699, outcome: "fail", bars: bars(), pacing: { ...none, ranOutOfTime: true, unansweredOrGuessed: 8 } });
    expect(c).toMatchObject({ pattern: "pacing", weakDomains: [], scheduleDays: 3, pacingTrouble: true });
    expect(c.reasons.join(" ")).toMatch(/Time trouble noted: ran out of time; about 8 items unanswered or guessed\./);
    expect(c.reasons.join(" ")).toMatch(/pacing drills at exam pace, not a domain rebuild/);
  });

  it("keeps a near pass with one weak bar a near pass, flagging the time trouble for the plan", () => {
    const c = classifyFailure({ score: 690, outcome: "fail", bars: bars({ storage: 40 }), pacing: { ...none, halfwayMinutesLeft: 20 } });
    expect(c).toMatchObject({ pattern: "near-pass", weakDomains: ["storage"], pacingTrouble: true });
  });

  it("keeps a 699 with flat bars and no time trouble a near pass, and a far miss with time trouble a broad miss", () => {
    expect(classifyFailure({ score: 699, outcome: "fail", bars: bars(), pacing: none })).toMatchObject({ pattern: "near-pass", pacingTrouble: false });
    expect(classifyFailure({ score: 600, outcome: "fail", bars: bars(), pacing: { ...none, ranOutOfTime: true } })).toMatchObject({
      pattern: "broad-miss",
      pacingTrouble: true,
    });
  });
});

describe("recommendRetakeDate", () => {
  const attemptAt = new Date("2026-05-04T14:00:00Z");

  it("adds the schedule's days to the attempt when the policy allows earlier", () => {
    const d = recommendRetakeDate({
      attemptAt,
      classification: { scheduleDays: 3 },
      policyEarliestAt: new Date(attemptAt.getTime() + DAY),
      now: attemptAt,
    });
    expect(d.toISOString()).toBe("2026-05-07T14:00:00.000Z");
  });

  it("waits for the policy instant when it is later than the schedule", () => {
    const policyEarliestAt = new Date("2026-06-01T00:00:00Z");
    expect(recommendRetakeDate({ attemptAt, classification: { scheduleDays: 3 }, policyEarliestAt, now: attemptAt })).toEqual(policyEarliestAt);
  });

  it("stays put on later visits and never lands in the past", () => {
    const base = { attemptAt, classification: { scheduleDays: 10 }, policyEarliestAt: null };
    const first = recommendRetakeDate({ ...base, now: attemptAt });
    expect(recommendRetakeDate({ ...base, now: new Date(attemptAt.getTime() + 4 * DAY) })).toEqual(first);
    const late = new Date(attemptAt.getTime() + 30 * DAY);
    expect(recommendRetakeDate({ ...base, now: late })).toEqual(late);
  });

  it("counts the schedule from a later plan start", () => {
    const planStartAt = new Date(attemptAt.getTime() + 5 * DAY);
    const d = recommendRetakeDate({ attemptAt, planStartAt, classification: { scheduleDays: 3 }, policyEarliestAt: null, now: planStartAt });
    expect(d.getTime()).toBe(attemptAt.getTime() + 8 * DAY);
  });

  it("is never before the policy's earliest instant, for any history and failure (property)", () => {
    const outcome = fc.constantFrom<AttemptOutcome>("fail", "no-show");
    const arb = fc.record({
      start: fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 0, 1) }),
      gaps: fc.array(fc.integer({ min: 0, max: 40 * DAY }), { minLength: 0, maxLength: 7 }),
      outcomes: fc.array(outcome, { minLength: 8, maxLength: 8 }),
      score: fc.option(fc.integer({ min: 100, max: 699 }), { nil: null }),
      barValues: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 5, maxLength: 5 }),
      nowAfter: fc.integer({ min: 0, max: 60 * DAY }),
    });
    fc.assert(
      fc.property(arb, ({ start, gaps, outcomes, score, barValues, nowAfter }) => {
        const times = [start, ...gaps.map((_, i) => start + gaps.slice(0, i + 1).reduce((a, b) => a + b, 0))];
        const attempts: PastAttempt[] = times.map((t, i) => ({ takenAt: new Date(t), outcome: outcomes[i] }));
        const latest = attempts[attempts.length - 1];
        const now = new Date(latest.takenAt.getTime() + nowAfter);
        const decision = evaluateRetake({ attempts, now });
        const classification = classifyFailure({
          score,
          outcome: latest.outcome,
          bars: DOMAIN_KEYS.map((domain, i) => ({ domain, bar: barValues[i] })),
        });
        const recommended = recommendRetakeDate({ attemptAt: latest.takenAt, classification, policyEarliestAt: decision.earliestAt, now });
        expect(decision.earliestAt).not.toBeNull();
        expect(recommended.getTime()).toBeGreaterThanOrEqual(decision.earliestAt!.getTime());
        expect(recommended.getTime()).toBeGreaterThanOrEqual(now.getTime());
        expect(recommended.getTime()).toBeGreaterThanOrEqual(latest.takenAt.getTime() + classification.scheduleDays * DAY);
        expect(evaluateRetake({ attempts, now: recommended }).allowed).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe("schedules and the weak-signal guide", () => {
  it("keeps schedule day ranges consistent with the thresholds", () => {
    expect(SCHEDULES["near-pass"].days).toEqual([ADVICE_THRESHOLDS.nearPassDays, ADVICE_THRESHOLDS.nearPassDays]);
    expect(SCHEDULES.pacing.days).toEqual([ADVICE_THRESHOLDS.nearPassDays, ADVICE_THRESHOLDS.nearPassDays]);
    expect(SCHEDULES["broad-miss"].days).toEqual([ADVICE_THRESHOLDS.broadMissDays, ADVICE_THRESHOLDS.broadMissSevereDays]);
    for (const s of Object.values(SCHEDULES)) expect(s.outline.length).toBeGreaterThan(0);
  });

  it("has a meaning and a repair for every domain", () => {
    for (const key of DOMAIN_KEYS) {
      expect(WEAK_SIGNAL_GUIDE[key].meaning.length).toBeGreaterThan(10);
      expect(WEAK_SIGNAL_GUIDE[key].repair.length).toBeGreaterThan(10);
    }
  });
});
