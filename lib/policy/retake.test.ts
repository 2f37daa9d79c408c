import { describe, expect, it } from "vitest";
import {
  MICROSOFT_RETAKE_POLICY,
  addCalendarMonthsUtc,
  attemptsLeftAt,
  checkAttemptHistory,
  evaluateRetake,
  formatRuleReason,
  retakePolicySchema,
  type AttemptOutcome,
  type PastAttempt,
  type RetakePolicy,
} from "./retake";

const H = 3_600_000;
const D = 24 * H;

const utc = (iso: string) => new Date(iso);
const at = (ms: number) => new Date(ms);
const attempt = (takenAt: Date | string, outcome: AttemptOutcome = "fail"): PastAttempt => ({
  takenAt: typeof takenAt === "string" ? new Date(takenAt) : takenAt,
  outcome,
});

// 09:30 UTC on a day with no DST change in either test zone; later cases cross DST on purpose.
const T0 = utc("2026-01-10T09:30:00.000Z").getTime();

/** Five attempts each spaced by exactly the allowed wait, starting at `start`. */
function fiveLegalFails(start: number, outcomes: AttemptOutcome[] = ["fail", "fail", "fail", "fail", "fail"]) {
  const times = [start, start + 1 * D, start + 15 * D, start + 29 * D, start + 43 * D];
  return times.map((t, i) => attempt(at(t), outcomes[i]));
}

describe("time zone of the test run", () => {
  it("runs in the zone the project asked for, so the zone-independence checks are real", () => {
    const tz = process.env.TZ;
    const offset = new Date(Date.UTC(2026, 6, 1)).getTimezoneOffset();
    if (tz && tz !== "UTC" && tz !== "Etc/UTC") {
      expect(offset).not.toBe(0);
    } else {
      expect(Number.isFinite(offset)).toBe(true);
    }
  });
});

describe("addCalendarMonthsUtc", () => {
  it("clamps 29 February 2028 plus 12 months to 28 February 2029", () => {
    expect(addCalendarMonthsUtc(utc("2028-02-29T10:00:00Z"), 12).toISOString()).toBe("2029-02-28T10:00:00.000Z");
  });

  it("clamps 31 January plus one month to the last day of February in leap and common years", () => {
    expect(addCalendarMonthsUtc(utc("2028-01-31T23:59:59.999Z"), 1).toISOString()).toBe("2028-02-29T23:59:59.999Z");
    expect(addCalendarMonthsUtc(utc("2027-01-31T00:00:00Z"), 1).toISOString()).toBe("2027-02-28T00:00:00.000Z");
  });

  it("keeps 31 March at 31 March twelve months later", () => {
    expect(addCalendarMonthsUtc(utc("2026-03-31T05:00:00Z"), 12).toISOString()).toBe("2027-03-31T05:00:00.000Z");
  });

  it("keeps the UTC time of day across daylight-saving changes of any zone", () => {
    expect(addCalendarMonthsUtc(utc("2026-03-01T01:30:00Z"), 1).toISOString()).toBe("2026-04-01T01:30:00.000Z");
    expect(addCalendarMonthsUtc(utc("2026-10-15T23:00:00Z"), 1).toISOString()).toBe("2026-11-15T23:00:00.000Z");
  });

  it("crosses year boundaries in both directions", () => {
    expect(addCalendarMonthsUtc(utc("2026-11-30T00:00:00Z"), 3).toISOString()).toBe("2027-02-28T00:00:00.000Z");
    expect(addCalendarMonthsUtc(utc("2026-03-31T00:00:00Z"), -1).toISOString()).toBe("2026-02-28T00:00:00.000Z");
    expect(addCalendarMonthsUtc(utc("2026-01-15T00:00:00Z"), -13).toISOString()).toBe("2024-12-15T00:00:00.000Z");
  });

  it("rejects fractional months and invalid dates", () => {
    expect(() => addCalendarMonthsUtc(utc("2026-01-15T00:00:00Z"), 1.5)).toThrow(RangeError);
    expect(() => addCalendarMonthsUtc(new Date(Number.NaN), 1)).toThrow(RangeError);
  });
});

describe("evaluateRetake with no attempts", () => {
  it("allows an attempt and reports an empty, unrestricted window", () => {
    expect(evaluateRetake({ attempts: [], now: at(T0) })).toEqual({
      allowed: true,
      blockedBy: null,
      earliestAt: null,
      attemptsInWindow: 0,
      attemptsLeftInWindow: 5,
      windowStart: null,
      windowEnd: null,
    });
  });
});

describe("the 24-hour wait after a first failed attempt", () => {
  const attempts = [attempt(at(T0))];

  it("allows the retake at exactly 24 hours", () => {
    const d = evaluateRetake({ attempts, now: at(T0 + 24 * H) });
    expect(d.allowed).toBe(true);
    expect(d.blockedBy).toBe("wait");
    expect(d.earliestAt?.getTime()).toBe(T0 + 86_400_000);
  });

  it("rejects an attempt one millisecond before the 24-hour wait ends", () => {
    const d = evaluateRetake({ attempts, now: at(T0 + 24 * H - 1) });
    expect(d.allowed).toBe(false);
    expect(d.blockedBy).toBe("wait");
    expect(d.earliestAt?.getTime()).toBe(T0 + 24 * H);
  });

  it("reports the window opened by the first attempt", () => {
    const d = evaluateRetake({ attempts, now: at(T0) });
    expect(d.attemptsInWindow).toBe(1);
    expect(d.attemptsLeftInWindow).toBe(4);
    expect(d.windowStart?.toISOString()).toBe("2026-01-10T09:30:00.000Z");
    expect(d.windowEnd?.toISOString()).toBe("2027-01-10T09:30:00.000Z");
  });

  it("treats a no-show as a failed attempt", () => {
    const d = evaluateRetake({ attempts: [attempt(at(T0), "no-show")], now: at(T0 + 24 * H - 1) });
    expect(d.allowed).toBe(false);
    expect(d.earliestAt?.getTime()).toBe(T0 + 24 * H);
  });

  it("measures 24 hours in elapsed time even across a daylight-saving change", () => {
    // 8 March 2026 is the US spring-forward day; the wait is still 86,400,000 ms.
    const start = utc("2026-03-07T15:00:00Z").getTime();
    const d = evaluateRetake({ attempts: [attempt(at(start))], now: at(start) });
    expect(d.earliestAt?.toISOString()).toBe("2026-03-08T15:00:00.000Z");
  });
});

describe("the 14-day wait after a later failed attempt", () => {
  const second = T0 + 24 * H;
  const attempts = [attempt(at(T0)), attempt(at(second))];

  it("allows the third attempt at exactly 336 hours after the second", () => {
    const d = evaluateRetake({ attempts, now: at(second + 336 * H) });
    expect(d.allowed).toBe(true);
    expect(d.blockedBy).toBe("wait");
    expect(d.earliestAt?.getTime()).toBe(second + 14 * D);
  });

  it("rejects an attempt one millisecond before the 14-day wait ends", () => {
    const d = evaluateRetake({ attempts, now: at(second + 14 * D - 1) });
    expect(d.allowed).toBe(false);
    expect(d.blockedBy).toBe("wait");
  });

  it("imposes 14 days after a no-show that is not the window's first attempt", () => {
    const d = evaluateRetake({ attempts: [attempt(at(T0)), attempt(at(second), "no-show")], now: at(second) });
    expect(d.earliestAt?.getTime()).toBe(second + 14 * D);
  });

  it("imposes 14 days after a failure that follows a first-attempt no-show", () => {
    const d = evaluateRetake({ attempts: [attempt(at(T0), "no-show"), attempt(at(second))], now: at(second) });
    expect(d.earliestAt?.getTime()).toBe(second + 14 * D);
  });

  it("counts 14 days as 336 elapsed hours across a daylight-saving change", () => {
    const s = utc("2026-03-01T12:00:00Z").getTime();
    const d = evaluateRetake({ attempts: [attempt(at(s - 2 * D)), attempt(at(s))], now: at(s) });
    expect(d.earliestAt?.toISOString()).toBe("2026-03-15T12:00:00.000Z");
  });
});

describe("the five-attempt limit", () => {
  it("after the fifth attempt waits for the window end when it is later than 14 days", () => {
    const attempts = fiveLegalFails(T0);
    const fifth = attempts[4].takenAt.getTime();
    const d = evaluateRetake({ attempts, now: at(fifth + 14 * D) });
    expect(d.allowed).toBe(false);
    expect(d.blockedBy).toBe("attempt-limit");
    expect(d.earliestAt?.toISOString()).toBe("2027-01-10T09:30:00.000Z");
    expect(d.attemptsInWindow).toBe(5);
    expect(d.attemptsLeftInWindow).toBe(0);
  });

  it("after a fifth attempt close to the window end waits the full 14 days and still names the attempt limit", () => {
    const windowEnd = utc("2027-01-10T09:30:00.000Z").getTime();
    const times = [T0, T0 + 1 * D, T0 + 15 * D, T0 + 29 * D, windowEnd - 3 * D];
    const attempts = times.map((t) => attempt(at(t)));
    expect(checkAttemptHistory(attempts)).toEqual([]);
    const d = evaluateRetake({ attempts, now: at(windowEnd) });
    expect(d.blockedBy).toBe("attempt-limit");
    expect(d.earliestAt?.getTime()).toBe(windowEnd + 11 * D);
    expect(d.allowed).toBe(false);
    expect(evaluateRetake({ attempts, now: at(windowEnd + 11 * D) }).allowed).toBe(true);
  });

  it("allows the sixth attempt at exactly the window end and rejects it one millisecond earlier", () => {
    const attempts = fiveLegalFails(T0);
    const end = utc("2027-01-10T09:30:00.000Z").getTime();
    expect(evaluateRetake({ attempts, now: at(end - 1) }).allowed).toBe(false);
    const d = evaluateRetake({ attempts, now: at(end) });
    expect(d.allowed).toBe(true);
    expect(d.blockedBy).toBe("attempt-limit");
  });

  it("counts a no-show toward the five attempts", () => {
    const attempts = fiveLegalFails(T0, ["fail", "no-show", "fail", "no-show", "no-show"]);
    expect(evaluateRetake({ attempts, now: at(T0 + 100 * D) }).blockedBy).toBe("attempt-limit");
  });

  it("uses the clamped window end when the first attempt was on a leap day", () => {
    const start = utc("2028-02-29T08:00:00Z").getTime();
    const d = evaluateRetake({ attempts: fiveLegalFails(start), now: at(start + 60 * D) });
    expect(d.windowEnd?.toISOString()).toBe("2029-02-28T08:00:00.000Z");
    expect(d.earliestAt?.toISOString()).toBe("2029-02-28T08:00:00.000Z");
  });
});

describe("window roll-over", () => {
  const windowEnd = utc("2027-01-10T09:30:00.000Z").getTime();

  it("opens a new window with an attempt taken exactly at the window end, whose first failure imposes only 24 hours", () => {
    const attempts = [...fiveLegalFails(T0), attempt(at(windowEnd))];
    const d = evaluateRetake({ attempts, now: at(windowEnd + 24 * H) });
    expect(d.allowed).toBe(true);
    expect(d.blockedBy).toBe("wait");
    expect(d.earliestAt?.getTime()).toBe(windowEnd + 24 * H);
    expect(d.attemptsInWindow).toBe(1);
    expect(d.attemptsLeftInWindow).toBe(4);
    expect(d.windowStart?.getTime()).toBe(windowEnd);
    expect(d.windowEnd?.toISOString()).toBe("2028-01-10T09:30:00.000Z");
  });

  it("keeps an attempt one millisecond before the window end in the old window", () => {
    const attempts = [attempt(at(T0)), attempt(at(windowEnd - 1))];
    const d = evaluateRetake({ attempts, now: at(windowEnd) });
    expect(d.attemptsInWindow).toBe(2);
    expect(d.earliestAt?.getTime()).toBe(windowEnd - 1 + 14 * D);
  });

  it("still describes the latest attempt's window when now is long past its end", () => {
    const attempts = [attempt(at(T0)), attempt(at(T0 + 2 * D))];
    const now = at(T0 + 800 * D);
    const d = evaluateRetake({ attempts, now });
    expect(d.allowed).toBe(true);
    expect(d.attemptsInWindow).toBe(2);
    expect(d.windowStart?.getTime()).toBe(T0);
    expect(attemptsLeftAt(d, now)).toBe(5);
    expect(attemptsLeftAt(d, at(T0 + 3 * D))).toBe(3);
  });
});

describe("after a pass", () => {
  const attempts = [attempt(at(T0)), attempt(at(T0 + 30 * D), "pass")];

  it("allows a retake at exactly the known certification expiry", () => {
    const expiry = utc("2027-02-09T00:00:00Z");
    const before = evaluateRetake({ attempts, now: at(expiry.getTime() - 1), certificationExpiresAt: expiry });
    expect(before).toMatchObject({ allowed: false, blockedBy: "passed" });
    expect(before.earliestAt?.getTime()).toBe(expiry.getTime());
    const onTime = evaluateRetake({ attempts, now: expiry, certificationExpiresAt: expiry });
    expect(onTime).toMatchObject({ allowed: true, blockedBy: "passed" });
  });

  it("never allows a retake when the expiry is unknown", () => {
    for (const certificationExpiresAt of [undefined, null]) {
      const d = evaluateRetake({ attempts, now: at(T0 + 5000 * D), certificationExpiresAt });
      expect(d).toMatchObject({ allowed: false, blockedBy: "passed", earliestAt: null });
    }
  });

  it("ignores the expiry when the latest attempt is not a pass", () => {
    const d = evaluateRetake({
      attempts: [attempt(at(T0), "pass"), attempt(at(T0 + 400 * D))],
      now: at(T0 + 400 * D),
      certificationExpiresAt: utc("2030-01-01T00:00:00Z"),
    });
    expect(d.blockedBy).toBe("wait");
    expect(d.earliestAt?.getTime()).toBe(T0 + 401 * D);
  });

  it("lets a pass as the fifth attempt be governed by the expiry, not the attempt limit", () => {
    const attempts5 = fiveLegalFails(T0, ["fail", "fail", "fail", "fail", "pass"]);
    const expiry = utc("2028-01-01T00:00:00Z");
    const d = evaluateRetake({ attempts: attempts5, now: at(T0 + 400 * D), certificationExpiresAt: expiry });
    expect(d.blockedBy).toBe("passed");
    expect(d.earliestAt?.getTime()).toBe(expiry.getTime());
  });

  it("still enforces the window end when a fifth-attempt pass has an expiry inside the window", () => {
    const attempts5 = fiveLegalFails(T0, ["fail", "fail", "fail", "fail", "pass"]);
    const expiry = at(T0 + 100 * D);
    const d = evaluateRetake({ attempts: attempts5, now: at(T0 + 200 * D), certificationExpiresAt: expiry });
    expect(d).toMatchObject({ allowed: false, blockedBy: "attempt-limit" });
    expect(d.earliestAt?.toISOString()).toBe("2027-01-10T09:30:00.000Z");
  });
});

describe("input handling", () => {
  it("sorts unsorted attempts before applying the rules", () => {
    const inOrder = [attempt(at(T0)), attempt(at(T0 + 2 * D)), attempt(at(T0 + 20 * D), "no-show")];
    const shuffled = [inOrder[2], inOrder[0], inOrder[1]];
    const now = at(T0 + 21 * D);
    expect(evaluateRetake({ attempts: shuffled, now })).toEqual(evaluateRetake({ attempts: inOrder, now }));
    expect(evaluateRetake({ attempts: shuffled, now }).earliestAt?.getTime()).toBe(T0 + 34 * D);
  });

  it("keeps input order for attempts at the same instant, so the later-listed one is the latest", () => {
    const passThenFail = [attempt(at(T0), "pass"), attempt(at(T0), "fail")];
    expect(evaluateRetake({ attempts: passThenFail, now: at(T0) }).blockedBy).toBe("wait");
    const failThenPass = [attempt(at(T0), "fail"), attempt(at(T0), "pass")];
    expect(evaluateRetake({ attempts: failThenPass, now: at(T0) }).blockedBy).toBe("passed");
  });

  it("does not mutate the caller's array or dates", () => {
    const attempts = [attempt(at(T0 + D)), attempt(at(T0))];
    const copy = attempts.map((a) => ({ ...a, takenAt: new Date(a.takenAt) }));
    const d = evaluateRetake({ attempts, now: at(T0 + 2 * D) });
    d.windowStart?.setTime(0);
    expect(attempts).toEqual(copy);
  });

  it("rejects invalid dates with a clear error", () => {
    expect(() => evaluateRetake({ attempts: [], now: new Date("nope") })).toThrow(/now/);
    expect(() => evaluateRetake({ attempts: [attempt(new Date("nope"))], now: at(T0) })).toThrow(/attempts\[0\]/);
  });
});

describe("custom policy values", () => {
  const policy: RetakePolicy = { firstRetakeWaitHours: 48, laterRetakeWaitDays: 7, maxAttemptsPerWindow: 3, windowMonths: 6 };

  it("uses the policy's first wait, later wait, limit and window length", () => {
    expect(evaluateRetake({ attempts: [attempt(at(T0))], now: at(T0), policy }).earliestAt?.getTime()).toBe(T0 + 48 * H);
    const two = [attempt(at(T0)), attempt(at(T0 + 2 * D))];
    expect(evaluateRetake({ attempts: two, now: at(T0), policy }).earliestAt?.getTime()).toBe(T0 + 9 * D);
    const three = [...two, attempt(at(T0 + 9 * D))];
    const d = evaluateRetake({ attempts: three, now: at(T0 + 9 * D), policy });
    expect(d.blockedBy).toBe("attempt-limit");
    expect(d.attemptsLeftInWindow).toBe(0);
    expect(d.windowEnd?.toISOString()).toBe("2026-07-10T09:30:00.000Z");
    expect(d.earliestAt?.toISOString()).toBe("2026-07-10T09:30:00.000Z");
    expect(formatRuleReason(d, policy)).toBe("3 attempts used in the 6-month window");
  });

  it("accepts the Microsoft policy and rejects nonsense in stored policy JSON", () => {
    expect(retakePolicySchema.parse(MICROSOFT_RETAKE_POLICY)).toEqual(MICROSOFT_RETAKE_POLICY);
    expect(retakePolicySchema.safeParse({ ...MICROSOFT_RETAKE_POLICY, maxAttemptsPerWindow: 0 }).success).toBe(false);
    expect(retakePolicySchema.safeParse({ ...MICROSOFT_RETAKE_POLICY, laterRetakeWaitDays: 1.5 }).success).toBe(false);
    expect(retakePolicySchema.safeParse({ ...MICROSOFT_RETAKE_POLICY, firstRetakeWaitHours: 86_400_000 }).success).toBe(false);
    expect(retakePolicySchema.safeParse({ ...MICROSOFT_RETAKE_POLICY, windowMonths: undefined }).success).toBe(false);
    expect(retakePolicySchema.safeParse({ ...MICROSOFT_RETAKE_POLICY, extra: 1 }).success).toBe(false);
  });
});

describe("checkAttemptHistory", () => {
  it("finds nothing wrong in a history that respected every wait", () => {
    expect(checkAttemptHistory(fiveLegalFails(T0))).toEqual([]);
  });

  it("flags a later attempt made invalid by an inserted, itself legal, attempt", () => {
    // Fail on day 0 and day 20 is fine (24 h wait). A fail inserted on day 10 is legal too,
    // but it makes day 20 the window's third attempt, which needed 14 days after day 10.
    const history = [attempt(at(T0)), attempt(at(T0 + 20 * D))];
    expect(checkAttemptHistory(history)).toEqual([]);
    const withInserted = [...history, attempt(at(T0 + 10 * D))];
    expect(checkAttemptHistory(withInserted)).toEqual([
      { index: 1, takenAt: at(T0 + 20 * D), rule: "wait", allowedFrom: at(T0 + 24 * D) },
    ]);
  });

  it("flags a sixth attempt inside the window with the attempt limit", () => {
    const sixth = attempt(at(T0 + 57 * D));
    const violations = checkAttemptHistory([sixth, ...fiveLegalFails(T0)]);
    expect(violations).toEqual([
      { index: 0, takenAt: sixth.takenAt, rule: "attempt-limit", allowedFrom: utc("2027-01-10T09:30:00.000Z") },
    ]);
  });

  it("flags an attempt after a pass using a per-pass expiry, and with an unknown expiry", () => {
    const history = [attempt(at(T0), "pass"), attempt(at(T0 + 100 * D))];
    const expiry = at(T0 + 365 * D);
    expect(checkAttemptHistory(history, { certificationExpiresAt: (_pass, index) => (index === 0 ? expiry : null) })).toEqual([
      { index: 1, takenAt: at(T0 + 100 * D), rule: "passed", allowedFrom: expiry },
    ]);
    expect(checkAttemptHistory(history)).toEqual([{ index: 1, takenAt: at(T0 + 100 * D), rule: "passed", allowedFrom: null }]);
    expect(checkAttemptHistory(history, { certificationExpiresAt: at(T0 + 50 * D) })).toEqual([]);
  });

  it("flags two attempts at the same instant", () => {
    expect(checkAttemptHistory([attempt(at(T0)), attempt(at(T0))])).toEqual([
      { index: 1, takenAt: at(T0), rule: "wait", allowedFrom: at(T0 + 24 * H) },
    ]);
  });

  it("judges against the given policy", () => {
    const policy: RetakePolicy = { ...MICROSOFT_RETAKE_POLICY, firstRetakeWaitHours: 72 };
    const history = [attempt(at(T0)), attempt(at(T0 + 48 * H))];
    expect(checkAttemptHistory(history)).toEqual([]);
    expect(checkAttemptHistory(history, { policy })).toHaveLength(1);
  });
});

describe("formatRuleReason", () => {
  it("names the rule in plain words without dates", () => {
    const first = evaluateRetake({ attempts: [attempt(at(T0))], now: at(T0) });
    expect(formatRuleReason(first)).toBe("24-hour wait after a first failed attempt");
    const later = evaluateRetake({ attempts: [attempt(at(T0)), attempt(at(T0 + D))], now: at(T0) });
    expect(formatRuleReason(later)).toBe("14-day wait after a later failed attempt");
    const limit = evaluateRetake({ attempts: fiveLegalFails(T0), now: at(T0) });
    expect(formatRuleReason(limit)).toBe("5 attempts used in the 12-month window");
    const passed = evaluateRetake({ attempts: [attempt(at(T0), "pass")], now: at(T0) });
    expect(formatRuleReason(passed)).toBe("Exam already passed; retake after the certification expires");
    expect(formatRuleReason(evaluateRetake({ attempts: [], now: at(T0) }))).toMatch(/No attempts/);
  });
});
