/**
 * Retake policy: when may the next exam attempt be taken?
 *
 * These are rules, not advice (see ./advice.ts for the recommended date). Exact semantics:
 *
 * - All arithmetic is on instants in UTC. The learner's time zone only changes how a date is
 *   shown, never when an attempt is allowed.
 * - 24 hours = 86,400,000 ms. 14 days = 336 hours exactly: fixed-length days, so a
 *   daylight-saving change never moves a wait.
 * - 12 months = 12 calendar months in UTC at the same time of day. A day that does not exist
 *   in the target month is clamped to that month's last day (29 Feb 2028 + 12 months =
 *   28 Feb 2029; 31 Jan + 1 month = 28 or 29 Feb).
 * - Attempts are replayed in time order (ties keep their input order) and grouped into
 *   windows. The first attempt opens the window [start, start + 12 months). An attempt taken
 *   at or after the window's end opens a new window.
 * - A failed attempt or a no-show (a no-show counts as an attempt that did not pass) that is
 *   its window's first attempt imposes a 24-hour wait; any later failed attempt or no-show in
 *   the same window imposes a 14-day wait.
 * - After the window's 5th attempt (failed or no-show), the next attempt is allowed at the
 *   later of (that attempt + 14 days) and (window end), and the rule is reported as
 *   "attempt-limit" even when the 14-day wait ends later.
 * - When the latest attempt is a pass, the next attempt is allowed when the certification
 *   expires; with an unknown expiry no retake is allowed. If that pass was also the window's
 *   5th attempt, the later of (expiry) and (window end) applies, and the rule reported is the
 *   one that binds ("passed" on a tie). With real certifications (valid 12 months) the expiry
 *   is always the later one.
 * - Boundaries are inclusive: at exactly the earliest instant the attempt is allowed.
 * - The numbers above are the Microsoft defaults; every rule reads them from the policy passed
 *   in, so an exam row can carry its own policy as JSON.
 */
import { z } from "zod";
import type { AttemptOutcome } from "@/lib/enums";

export interface RetakePolicy {
  firstRetakeWaitHours: number;
  /** Days of exactly 24 hours. */
  laterRetakeWaitDays: number;
  maxAttemptsPerWindow: number;
  /** Calendar months in UTC, clamped to the month's end. */
  windowMonths: number;
}

export const MICROSOFT_RETAKE_POLICY: RetakePolicy = Object.freeze({
  firstRetakeWaitHours: 24,
  laterRetakeWaitDays: 14,
  maxAttemptsPerWindow: 5,
  windowMonths: 12,
});

// Bounds are generous but finite so a typo in stored JSON (hours entered as ms, say) is
// rejected instead of silently locking a learner out for centuries.
export const retakePolicySchema = z
  .object({
    firstRetakeWaitHours: z.number().int().positive().max(24 * 366),
    laterRetakeWaitDays: z.number().int().positive().max(366),
    maxAttemptsPerWindow: z.number().int().positive().max(100),
    windowMonths: z.number().int().positive().max(120),
  })
  .strict();

export type { AttemptOutcome };
export interface PastAttempt {
  takenAt: Date;
  outcome: AttemptOutcome;
}

export interface RetakeInput {
  /** Any order. */
  attempts: PastAttempt[];
  now: Date;
  /** Only consulted when the latest attempt is a pass. */
  certificationExpiresAt?: Date | null;
  /** Defaults to MICROSOFT_RETAKE_POLICY. */
  policy?: RetakePolicy;
}

export type RetakeRule = "wait" | "attempt-limit" | "passed";

export interface RetakeDecision {
  /** May an attempt be taken at `now`. */
  allowed: boolean;
  /**
   * The rule that set earliestAt: the binding rule when not allowed now, the rule that has
   * since expired when allowed. Null only when nothing restricts (no attempts).
   */
  blockedBy: RetakeRule | null;
  /** First instant the next attempt is allowed; null with no attempts, or after a pass with unknown expiry. */
  earliestAt: Date | null;
  /** Attempts in the window of the latest attempt (see evaluateRetake for `now` past its end). */
  attemptsInWindow: number;
  attemptsLeftInWindow: number;
  /** The latest attempt's window; null with no attempts. */
  windowStart: Date | null;
  windowEnd: Date | null;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

function assertValidDate(value: Date, what: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new RangeError(`${what} is not a valid date`);
  }
}

/**
 * Adds calendar months in UTC, keeping the UTC time of day. A day missing from the target
 * month clamps to that month's last day. Negative `months` go back in time.
 */
export function addCalendarMonthsUtc(date: Date, months: number): Date {
  assertValidDate(date, "date");
  if (!Number.isInteger(months)) throw new RangeError("months must be an integer");
  const monthIndex = date.getUTCMonth() + months;
  const year = date.getUTCFullYear() + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const daysInMonth = month === 1 ? (isLeapYear(year) ? 29 : 28) : DAYS_IN_MONTH[month];
  const result = new Date(date.getTime());
  // setUTCFullYear rather than Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  result.setUTCFullYear(year, month, Math.min(date.getUTCDate(), daysInMonth));
  return result;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Attempts in time order; ties keep input order (Array.prototype.sort is stable). */
function sortedWithIndex(attempts: PastAttempt[]): { attempt: PastAttempt; index: number }[] {
  attempts.forEach((a, i) => assertValidDate(a.takenAt, `attempts[${i}].takenAt`));
  return attempts
    .map((attempt, index) => ({ attempt, index }))
    .sort((a, b) => a.attempt.takenAt.getTime() - b.attempt.takenAt.getTime());
}

interface ReplayState {
  windowStart: Date;
  windowEnd: Date;
  countInWindow: number;
  latest: PastAttempt;
}

function replay(sorted: PastAttempt[], policy: RetakePolicy): ReplayState | null {
  let state: ReplayState | null = null;
  for (const attempt of sorted) {
    if (state === null || attempt.takenAt.getTime() >= state.windowEnd.getTime()) {
      state = {
        windowStart: attempt.takenAt,
        windowEnd: addCalendarMonthsUtc(attempt.takenAt, policy.windowMonths),
        countInWindow: 1,
        latest: attempt,
      };
    } else {
      state.countInWindow += 1;
      state.latest = attempt;
    }
  }
  return state;
}

function nextAllowed(
  state: ReplayState,
  policy: RetakePolicy,
  certificationExpiresAt: Date | null | undefined,
): { rule: RetakeRule; earliestAt: Date | null } {
  const latestMs = state.latest.takenAt.getTime();
  const limitReached = state.countInWindow >= policy.maxAttemptsPerWindow;
  const windowEndMs = state.windowEnd.getTime();
  if (state.latest.outcome === "pass") {
    if (!certificationExpiresAt) return { rule: "passed", earliestAt: null };
    const expiryMs = certificationExpiresAt.getTime();
    // A pass that is also the window's last allowed attempt is bound by both rules. The
    // 14-day part of the limit rule is the wait after a *failed* attempt, so it does not apply.
    if (limitReached && windowEndMs > expiryMs) return { rule: "attempt-limit", earliestAt: new Date(windowEndMs) };
    return { rule: "passed", earliestAt: new Date(expiryMs) };
  }
  const laterWaitEnd = latestMs + policy.laterRetakeWaitDays * DAY_MS;
  if (limitReached) {
    return { rule: "attempt-limit", earliestAt: new Date(Math.max(laterWaitEnd, windowEndMs)) };
  }
  const waitEnd = state.countInWindow === 1 ? latestMs + policy.firstRetakeWaitHours * HOUR_MS : laterWaitEnd;
  return { rule: "wait", earliestAt: new Date(waitEnd) };
}

/**
 * Decides whether an attempt may be taken at `now` and when the next one is allowed.
 *
 * The window fields always describe the latest attempt's window, even when `now` is already
 * past its end. That keeps them a statement about recorded history (what the counts were),
 * not a forecast; an attempt at `now >= windowEnd` would open a fresh window with the full
 * allowance — use `attemptsLeftAt` for that reading.
 */
export function evaluateRetake(input: RetakeInput): RetakeDecision {
  const policy = input.policy ?? MICROSOFT_RETAKE_POLICY;
  assertValidDate(input.now, "now");
  if (input.certificationExpiresAt) assertValidDate(input.certificationExpiresAt, "certificationExpiresAt");

  const state = replay(
    sortedWithIndex(input.attempts).map((s) => s.attempt),
    policy,
  );
  if (state === null) {
    return {
      allowed: true,
      blockedBy: null,
      earliestAt: null,
      attemptsInWindow: 0,
      attemptsLeftInWindow: policy.maxAttemptsPerWindow,
      windowStart: null,
      windowEnd: null,
    };
  }

  const { rule, earliestAt } = nextAllowed(state, policy, input.certificationExpiresAt);
  return {
    allowed: earliestAt !== null && input.now.getTime() >= earliestAt.getTime(),
    blockedBy: rule,
    earliestAt,
    attemptsInWindow: state.countInWindow,
    attemptsLeftInWindow: Math.max(0, policy.maxAttemptsPerWindow - state.countInWindow),
    windowStart: new Date(state.windowStart.getTime()),
    windowEnd: new Date(state.windowEnd.getTime()),
  };
}

/**
 * Attempts still available for an attempt taken at `at`: the decision's own count while `at`
 * is inside the latest attempt's window, the full allowance once that window has ended
 * (because such an attempt opens a new window).
 */
export function attemptsLeftAt(decision: RetakeDecision, at: Date, policy: RetakePolicy = MICROSOFT_RETAKE_POLICY): number {
  if (decision.windowEnd === null || at.getTime() >= decision.windowEnd.getTime()) {
    return policy.maxAttemptsPerWindow;
  }
  return decision.attemptsLeftInWindow;
}

export interface AttemptViolation {
  /** Index of the offending attempt in the input array. */
  index: number;
  takenAt: Date;
  rule: RetakeRule;
  /** When that attempt would have become allowed; null after a pass with unknown expiry. */
  allowedFrom: Date | null;
}

/**
 * Expiry of the certification earned by a pass. A single value applies to every pass in the
 * history (the common case: the app knows the learner's one current certification); a
 * function is asked per pass, with the pass's index in the input array.
 */
export type CertificationExpiry = Date | null | ((pass: PastAttempt, index: number) => Date | null);

export interface CheckAttemptHistoryOptions {
  policy?: RetakePolicy;
  certificationExpiresAt?: CertificationExpiry;
}

/**
 * Replays a history (any order) and names every attempt the policy would not have allowed,
 * each judged against the attempts before it in time. Offending attempts still count: they
 * were taken, so they use up the window and start the next wait.
 */
export function checkAttemptHistory(attempts: PastAttempt[], opts: CheckAttemptHistoryOptions = {}): AttemptViolation[] {
  const policy = opts.policy ?? MICROSOFT_RETAKE_POLICY;
  const sorted = sortedWithIndex(attempts);
  const violations: AttemptViolation[] = [];

  for (let k = 1; k < sorted.length; k++) {
    const current = sorted[k];
    const previous = sorted[k - 1];
    const expiry = opts.certificationExpiresAt;
    const certificationExpiresAt =
      previous.attempt.outcome !== "pass"
        ? null
        : typeof expiry === "function"
          ? expiry(previous.attempt, previous.index)
          : (expiry ?? null);
    const decision = evaluateRetake({
      attempts: sorted.slice(0, k).map((s) => s.attempt),
      now: current.attempt.takenAt,
      certificationExpiresAt,
      policy,
    });
    if (!decision.allowed) {
      violations.push({
        index: current.index,
        takenAt: current.attempt.takenAt,
        rule: decision.blockedBy ?? "wait",
        allowedFrom: decision.earliestAt,
      });
    }
  }
  return violations;
}

/** A short plain-English reason for the rule behind a decision; no dates, so it can sit next to a formatted one. */
export function formatRuleReason(decision: RetakeDecision, policy: RetakePolicy = MICROSOFT_RETAKE_POLICY): string {
  switch (decision.blockedBy) {
    case null:
      return "No attempts recorded yet; nothing restricts booking";
    case "passed":
      return "Exam already passed; retake after the certification expires";
    case "attempt-limit":
      return `${policy.maxAttemptsPerWindow} attempts used in the ${policy.windowMonths}-month window`;
    case "wait":
      return decision.attemptsInWindow <= 1
        ? `${policy.firstRetakeWaitHours}-hour wait after a first failed attempt`
        : `${policy.laterRetakeWaitDays}-day wait after a later failed attempt`;
  }
}
