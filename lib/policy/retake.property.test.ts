import { TZDate } from "@date-fns/tz";
import { addMonths } from "date-fns";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkAttemptHistory, evaluateRetake, type AttemptOutcome, type PastAttempt } from "./retake";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RUNS = { numRuns: 200 };

interface History {
  attempts: PastAttempt[];
  /** Certification expiry per pass, keyed by the attempt object itself so shuffling keeps it. */
  expiries: Map<PastAttempt, Date | null>;
}

const expiryOf = (history: History) => (pass: PastAttempt) => history.expiries.get(pass) ?? null;

/**
 * A deliberately different checker: it reasons about gaps between neighbouring attempts and
 * uses date-fns month arithmetic in a UTC TZDate, instead of the module's own replay.
 */
function independentProblems(history: History): string[] {
  const ordered = history.attempts
    .map((a, i) => [a, i] as const)
    .sort(([a, i], [b, j]) => a.takenAt.getTime() - b.takenAt.getTime() || i - j)
    .map(([a]) => a);
  const yearAfter = (d: Date) => addMonths(new TZDate(d.getTime(), "UTC"), 12).getTime();

  const windowStarts: number[] = [];
  const opensWindow: boolean[] = [];
  for (const a of ordered) {
    const t = a.takenAt.getTime();
    const last = windowStarts[windowStarts.length - 1];
    const fresh = last === undefined || t >= yearAfter(new Date(last));
    if (fresh) windowStarts.push(t);
    opensWindow.push(fresh);
  }

  const problems: string[] = [];
  ordered.forEach((cur, k) => {
    if (k === 0) return;
    const prev = ordered[k - 1];
    const gap = cur.takenAt.getTime() - prev.takenAt.getTime();
    if (prev.outcome === "pass") {
      const expiry = history.expiries.get(prev) ?? null;
      if (expiry === null || cur.takenAt < expiry) problems.push(`attempt ${k} before the certification expired`);
    } else {
      const needed = opensWindow[k - 1] ? 24 * HOUR : 14 * DAY;
      if (gap < needed) problems.push(`attempt ${k} only ${gap} ms after the previous one`);
    }
  });
  for (const start of windowStarts) {
    const end = yearAfter(new Date(start));
    const inside = ordered.filter((a) => a.takenAt.getTime() >= start && a.takenAt.getTime() < end).length;
    if (inside > 5) problems.push(`${inside} attempts in the window from ${new Date(start).toISOString()}`);
  }
  return problems;
}

const outcomeArb = fc.constantFrom<AttemptOutcome>("fail", "fail", "no-show", "pass");
// Mostly exactly on the boundary or just after it, sometimes much later, so windows roll over.
const delayArb = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 1_000 }),
  fc.integer({ min: 0, max: 20 * DAY }),
  fc.integer({ min: 0, max: 400 * DAY }),
);
const stepArb = fc.record({
  outcome: outcomeArb,
  delay: delayArb,
  // Null: a pass with unknown expiry, which ends the history.
  expiryAfter: fc.option(fc.integer({ min: DAY, max: 3 * 365 * DAY }), { nil: null, freq: 6 }),
});
const baseArb = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) });

/** Builds a history by asking the policy for the next allowed instant after every attempt. */
const legalHistoryArb = fc.tuple(baseArb, fc.array(stepArb, { minLength: 1, maxLength: 14 })).map(([base, steps]) => {
  const history: History = { attempts: [], expiries: new Map() };
  let next = base;
  for (const step of steps) {
    const taken: PastAttempt = { takenAt: new Date(next), outcome: step.outcome };
    history.attempts.push(taken);
    if (taken.outcome === "pass") {
      history.expiries.set(taken, step.expiryAfter === null ? null : new Date(next + step.expiryAfter));
    }
    const decision = evaluateRetake({
      attempts: history.attempts,
      now: taken.takenAt,
      certificationExpiresAt: history.expiries.get(taken) ?? null,
    });
    if (decision.earliestAt === null) break;
    next = decision.earliestAt.getTime() + step.delay;
  }
  return history;
});

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe("retake policy properties", () => {
  it("accepts every history built by waiting for the earliest allowed instant, in any input order", () => {
    fc.assert(
      fc.property(legalHistoryArb, fc.nat(), (history, seed) => {
        const input = shuffled(history.attempts, seed);
        expect(checkAttemptHistory(input, { certificationExpiresAt: expiryOf(history) })).toEqual([]);
        expect(independentProblems(history)).toEqual([]);
      }),
      RUNS,
    );
  });

  it("flags any attempt moved to one millisecond before its earliest allowed instant", () => {
    const arb = legalHistoryArb
      .filter((h) => h.attempts.length >= 2)
      .chain((h) => fc.tuple(fc.constant(h), fc.integer({ min: 1, max: h.attempts.length - 1 })));
    fc.assert(
      fc.property(arb, ([history, i]) => {
        const earlier = history.attempts.slice(0, i);
        const latest = earlier[earlier.length - 1];
        const { earliestAt } = evaluateRetake({
          attempts: earlier,
          now: latest.takenAt,
          certificationExpiresAt: history.expiries.get(latest) ?? null,
        });
        // The generator only continues past a known earliest instant.
        expect(earliestAt).not.toBeNull();
        const moved: PastAttempt = { ...history.attempts[i], takenAt: new Date(earliestAt!.getTime() - 1) };
        const attempts = history.attempts.map((a, k) => (k === i ? moved : a));
        const expiries = new Map(history.expiries);
        if (expiries.has(history.attempts[i])) expiries.set(moved, expiries.get(history.attempts[i])!);
        const movedHistory: History = { attempts, expiries };

        const violations = checkAttemptHistory(attempts, { certificationExpiresAt: expiryOf(movedHistory) });
        expect(violations.map((v) => v.index)).toContain(i);
        expect(violations.find((v) => v.index === i)?.allowedFrom?.getTime()).toBe(earliestAt!.getTime());
        expect(independentProblems(movedHistory)).not.toEqual([]);
      }),
      RUNS,
    );
  });

  it("agrees with the independent checker on arbitrary, often illegal, histories", () => {
    const arb = fc
      .tuple(
        baseArb,
        fc.array(
          fc.record({
            offset: fc.oneof(fc.integer({ min: 0, max: 3 * DAY }), fc.integer({ min: 0, max: 700 * DAY })),
            outcome: outcomeArb,
            expiryAfter: fc.option(fc.integer({ min: 0, max: 2 * 365 * DAY }), { nil: null }),
          }),
          { minLength: 0, maxLength: 10 },
        ),
      )
      .map(([base, rows]) => {
        const history: History = { attempts: [], expiries: new Map() };
        for (const row of rows) {
          const a: PastAttempt = { takenAt: new Date(base + row.offset), outcome: row.outcome };
          history.attempts.push(a);
          if (a.outcome === "pass") {
            history.expiries.set(a, row.expiryAfter === null ? null : new Date(base + row.offset + row.expiryAfter));
          }
        }
        return history;
      });
    fc.assert(
      fc.property(arb, (history) => {
        const clean = checkAttemptHistory(history.attempts, { certificationExpiresAt: expiryOf(history) }).length === 0;
        expect(clean).toBe(independentProblems(history).length === 0);
      }),
      RUNS,
    );
  });
});
