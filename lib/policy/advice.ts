/**
 * Retake advice: how the last non-pass looked and when a retake would be sensible.
 *
 * This is advice, kept apart from the rules in ./retake.ts: the rules say when an attempt is
 * *allowed*, this module says when it is *wise*, and its date is never earlier than the rules
 * allow. Every threshold lives in ADVICE_THRESHOLDS so the reasoning can be tuned (and shown)
 * in one place.
 *
 * Classification:
 * - A domain is weak when its bar (the bar's length read off the score report chart, 0–100;
 *   a relative strength, never a percentage correct) is below `weakBarBelow`, or when it is
 *   at least `relativeGap` below the average of the learner's own bars. The second test
 *   catches the one clearly lagging area on a report where every bar is long.
 * - Near pass: a known score at most `nearPassMaxShortfall` below the passing score (AZ-104:
 *   650–699) and at most `nearPassMaxWeakDomains` weak domain. Schedule: `nearPassDays` (3).
 * - Pacing: a near-pass score with no weak bar at all, and time trouble noted after the exam (ran
 *   out of time, `pacingGuessedAtLeast` or more items unanswered or guessed, or less than
 *   `pacingHalfwayShareBelow` of the exam's minutes left at the halfway question). The knowledge
 *   held and the clock did not, so the plan drills exam pace instead of rebuilding a domain.
 *   Schedule: `nearPassDays` (3).
 * - Anything else is a broad miss. Schedule: `broadMissSevereDays` (14) when
 *   `severeWeakDomains` (3) or more domains are weak or the score is short by more than
 *   `severeShortfallAbove` (AZ-104: under 550); otherwise `broadMissDays` (10).
 * - A "fail" recorded with a score at or above the pass mark is treated as close (the data is
 *   contradictory; the app should reject it at input).
 * - No score: we cannot claim the learner was close, so it is a broad miss — including a
 *   no-show, which leaves no score report at all. With no evidence either way (no score, no
 *   bars) the shorter broad schedule is used: the plan must cover every domain because none
 *   can be singled out, but nothing says the miss was severe.
 */
import { DOMAIN_KEYS, DOMAIN_SHORT_NAMES, AZ104, type DomainKey } from "@/lib/exam/az104";
import type { AttemptOutcome } from "./retake";

export const ADVICE_THRESHOLDS = Object.freeze({
  /** Scaled score needed to pass (AZ-104: 700). */
  passingScore: AZ104.passingScore,
  /**
   * Shortfalls are measured from the passing score so an exam with another pass mark keeps
   * the same meaning. For AZ-104 (700): a score of 650–699 is close.
   */
  nearPassMaxShortfall: 50,
  /** Short by more than this (AZ-104: under 550) is a severe miss on its own. */
  severeShortfallAbove: 150,
  /** A bar shorter than this (0–100 chart length) is weak in absolute terms. */
  weakBarBelow: 60,
  /** A bar this far (or more) below the learner's own average bar is weak relative to the rest. */
  relativeGap: 15,
  /** The relative test needs a meaningful average; with fewer bars only the absolute test applies. */
  relativeMinBars: 3,
  /** A near pass tolerates at most this many weak domains. */
  nearPassMaxWeakDomains: 1,
  /** From this many weak domains on, a broad miss gets the long schedule. */
  severeWeakDomains: 3,
  nearPassDays: 3,
  broadMissDays: 10,
  /** Items left unanswered or guessed (the learner's rough count) from which time was a problem. */
  pacingGuessedAtLeast: 5,
  /**
   * Minutes left at the halfway question below this share of the exam's minutes is time trouble:
   * on pace, half the time is left (AZ-104: 50 of 100); under 40 of 100 is ten minutes behind.
   */
  pacingHalfwayShareBelow: 0.4,
  broadMissSevereDays: 14,
});

export type FailurePattern = "near-pass" | "pacing" | "broad-miss";

/** One score-report bar: its length read off the chart, 0–100. */
export interface DomainBar {
  domain: DomainKey;
  bar: number;
}

/** What the learner noted about time after the exam; null where they did not say. */
export interface PacingNotes {
  ranOutOfTime: boolean | null;
  /** Roughly how many items were left unanswered or guessed. */
  unansweredOrGuessed: number | null;
  /** Minutes left on the clock at the halfway question. */
  halfwayMinutesLeft: number | null;
}

export interface FailureInput {
  /** Scaled score 1–1000, null when unknown (always for a no-show). */
  score: number | null;
  outcome: AttemptOutcome;
  bars: DomainBar[];
  /** Defaults to ADVICE_THRESHOLDS.passingScore. */
  passingScore?: number;
  pacing?: PacingNotes | null;
  /** The exam's length, for the halfway test. Defaults to AZ-104's 100 minutes. */
  examMinutes?: number;
}

export interface FailureClassification {
  pattern: FailurePattern;
  /** Weakest first. */
  weakDomains: DomainKey[];
  /** Plain-English lines explaining the classification, for display as-is. */
  reasons: string[];
  scheduleDays: number;
  /** The learner's notes show time trouble (whatever the pattern): the plan adds pacing drills. */
  pacingTrouble: boolean;
}

export const SCHEDULES: Record<FailurePattern, { days: [number, number]; outline: string[] }> = {
  "near-pass": {
    days: [ADVICE_THRESHOLDS.nearPassDays, ADVICE_THRESHOLDS.nearPassDays],
    outline: [
      "Day 1: hands-on rebuild of the one weak area (or timed drills if pacing was the problem).",
      "Day 2: a timed mixed set under exam conditions, then go through every miss.",
      "Day 3: a short review, confirm the booking, ID and test setup, and rest.",
    ],
  },
  pacing: {
    days: [ADVICE_THRESHOLDS.nearPassDays, ADVICE_THRESHOLDS.nearPassDays],
    outline: [
      "Day 1: short timed sets at exam pace, then read the time each question took and find where the minutes went.",
      "Day 2: a full-length timed mixed set with halfway checkpoints, then go through every miss.",
      "Day 3: a short review, confirm the booking, ID and test setup, and rest.",
    ],
  },
  "broad-miss": {
    days: [ADVICE_THRESHOLDS.broadMissDays, ADVICE_THRESHOLDS.broadMissSevereDays],
    outline: [
      "Days 1–2: identity and governance labs — roles at different scopes, policy, locks, budgets.",
      "Days 3–4: compute — deploy and change VMs, App Service and containers, including from Bicep.",
      "Days 5–6: storage and networking — access and protection of data, then the packet path.",
      "Day 7: monitoring and backup — alerts, logs, restore and recovery set up by hand.",
      "Remaining days: timed mixed sets, reviewing misses until they are mostly edge cases.",
    ],
  },
};

export const WEAK_SIGNAL_GUIDE: Record<DomainKey, { meaning: string; repair: string }> = {
  "identity-governance": {
    meaning: "Role assignments, scope inheritance, policy effects, locks, tags or cost scopes are mixed up.",
    repair: "Rebuild access and governance labs at subscription, resource-group and resource scope and compare what happens.",
  },
  storage: {
    meaning: "Gaps in how clients authenticate, which network path reaches the account, SAS, lifecycle or data protection.",
    repair: "Work through storage access and recovery from the client to the data, end to end.",
  },
  compute: {
    meaning: "Unsure choices between VMs, App Service and containers, or how templates deploy them.",
    repair: "Deploy and modify resources three ways — portal, CLI and Bicep — and compare the results.",
  },
  networking: {
    meaning: "Routes, NSGs, DNS, peering, private endpoints or load-balancer rules do not add up yet.",
    repair: "Trace real traffic with Network Watcher, effective security rules and effective routes as evidence.",
  },
  monitoring: {
    meaning: "Alerts, logs, backup, restore or failover steps are confused.",
    repair: "Set up signals, alerts and recovery workflows by hand and test that they fire and restore.",
  },
};

function assertBar(bar: DomainBar): void {
  if (!Number.isFinite(bar.bar) || bar.bar < 0 || bar.bar > 100) {
    throw new RangeError(`bar for ${bar.domain} must be between 0 and 100`);
  }
}

/** One bar per domain; a duplicated domain keeps its lowest reading, the cautious choice. */
function normaliseBars(bars: DomainBar[]): DomainBar[] {
  const lowest = new Map<DomainKey, number>();
  for (const b of bars) {
    assertBar(b);
    const seen = lowest.get(b.domain);
    lowest.set(b.domain, seen === undefined ? b.bar : Math.min(seen, b.bar));
  }
  return DOMAIN_KEYS.filter((k) => lowest.has(k)).map((domain) => ({ domain, bar: lowest.get(domain)! }));
}

function averageBar(bars: DomainBar[]): number {
  return bars.reduce((sum, b) => sum + b.bar, 0) / bars.length;
}

function isWeak(bar: number, average: number | null): boolean {
  const t = ADVICE_THRESHOLDS;
  return bar < t.weakBarBelow || (average !== null && bar <= average - t.relativeGap);
}

/** Weak domains, weakest first; equal bars keep the study-guide order. */
export function weakDomains(bars: DomainBar[]): DomainKey[] {
  const clean = normaliseBars(bars);
  const average = clean.length >= ADVICE_THRESHOLDS.relativeMinBars ? averageBar(clean) : null;
  return clean
    .filter((b) => isWeak(b.bar, average))
    .sort((a, b) => a.bar - b.bar || DOMAIN_KEYS.indexOf(a.domain) - DOMAIN_KEYS.indexOf(b.domain))
    .map((b) => b.domain);
}

/**
 * The time trouble the learner's notes show, one line per sign (empty: none noted). Counts and
 * minutes outside their sensible range are ignored rather than trusted.
 */
export function pacingTrouble(pacing: PacingNotes | null | undefined, examMinutes: number = AZ104.durationMinutes): string[] {
  if (!pacing) return [];
  const t = ADVICE_THRESHOLDS;
  const signs: string[] = [];
  if (pacing.ranOutOfTime === true) signs.push("ran out of time");
  const guessed = pacing.unansweredOrGuessed;
  if (guessed !== null && Number.isFinite(guessed) && guessed >= t.pacingGuessedAtLeast) {
    signs.push(`about ${guessed} items unanswered or guessed`);
  }
  const halfway = pacing.halfwayMinutesLeft;
  const halfwayLine = t.pacingHalfwayShareBelow * examMinutes;
  if (halfway !== null && Number.isFinite(halfway) && halfway >= 0 && halfway < halfwayLine) {
    signs.push(`${halfway} minutes left at the halfway question (on pace: about ${examMinutes / 2})`);
  }
  return signs;
}

/**
 * Classifies a non-pass. Throws for a pass: there is nothing to repair, and a caller passing
 * one has a bug worth hearing about.
 */
export function classifyFailure(input: FailureInput): FailureClassification {
  if (input.outcome === "pass") throw new RangeError("classifyFailure needs a failed attempt or a no-show");
  const t = ADVICE_THRESHOLDS;
  const passingScore = input.passingScore ?? t.passingScore;
  if (input.score !== null && (!Number.isFinite(input.score) || input.score < 0 || input.score > AZ104.maxScore)) {
    throw new RangeError(`score must be between 0 and ${AZ104.maxScore}`);
  }
  const clean = normaliseBars(input.bars);
  const weak = weakDomains(clean);
  const barOf = new Map(clean.map((b) => [b.domain, b.bar]));
  const reasons: string[] = [];
  const nearPassMinScore = passingScore - t.nearPassMaxShortfall;
  const severeScoreBelow = passingScore - t.severeShortfallAbove;

  if (input.outcome === "no-show") reasons.push("No-show: the appointment counts as an attempt but leaves no score report.");

  if (input.score === null) {
    reasons.push("No score recorded, so the miss cannot be called close.");
  } else if (input.score >= nearPassMinScore) {
    reasons.push(`Score ${input.score} is within ${t.nearPassMaxShortfall} points of the ${passingScore} pass mark.`);
  } else if (input.score < severeScoreBelow) {
    reasons.push(`Score ${input.score} is more than ${t.severeShortfallAbove} points short of the ${passingScore} pass mark.`);
  } else {
    reasons.push(`Score ${input.score} is more than ${t.nearPassMaxShortfall} points short of the ${passingScore} pass mark.`);
  }

  const timeTrouble = pacingTrouble(input.pacing, input.examMinutes);
  if (timeTrouble.length > 0) reasons.push(`Time trouble noted: ${timeTrouble.join("; ")}.`);

  if (clean.length === 0) {
    reasons.push("No score-report bars recorded, so no single domain can be singled out.");
  } else if (weak.length === 0) {
    reasons.push("No bar stands out as weak.");
  } else {
    const list = weak.map((d) => `${DOMAIN_SHORT_NAMES[d]} (bar length ${barOf.get(d)})`).join(", ");
    reasons.push(`${weak.length === 1 ? "Weak domain" : `${weak.length} weak domains`}: ${list}.`);
  }

  const nearScore = input.score !== null && input.score >= nearPassMinScore;
  const pacingTroubleNoted = timeTrouble.length > 0;
  if (nearScore && weak.length === 0 && clean.length > 0 && pacingTroubleNoted) {
    reasons.push(`A ${t.nearPassDays}-day plan of pacing drills at exam pace, not a domain rebuild: the knowledge held, the clock did not.`);
    return { pattern: "pacing", weakDomains: weak, reasons, scheduleDays: t.nearPassDays, pacingTrouble: true };
  }
  if (nearScore && weak.length <= t.nearPassMaxWeakDomains) {
    reasons.push(`A ${t.nearPassDays}-day plan: targeted repair, one timed mixed set, then rest and logistics.`);
    return { pattern: "near-pass", weakDomains: weak, reasons, scheduleDays: t.nearPassDays, pacingTrouble: pacingTroubleNoted };
  }

  const severe = weak.length >= t.severeWeakDomains || (input.score !== null && input.score < severeScoreBelow);
  if (nearScore) reasons.push(`${weak.length} weak domains despite the close score, too many for a short targeted plan.`);
  reasons.push(
    severe
      ? `A ${t.broadMissSevereDays}-day plan: the gaps are wide enough that a rushed retake would likely repeat the result.`
      : `A ${t.broadMissDays}-day plan covering every domain before timed mixed practice.`,
  );
  return {
    pattern: "broad-miss",
    weakDomains: weak,
    reasons,
    scheduleDays: severe ? t.broadMissSevereDays : t.broadMissDays,
    pacingTrouble: pacingTroubleNoted,
  };
}

const DAY_MS = 86_400_000;

export interface RecommendInput {
  attemptAt: Date;
  classification: Pick<FailureClassification, "scheduleDays">;
  /** From evaluateRetake; null means the rules set no instant (treated as no constraint). */
  policyEarliestAt: Date | null;
  now: Date;
  /**
   * When the learner started the repair plan, if later than the attempt (an attempt logged
   * days after the fact). Defaults to the attempt.
   */
  planStartAt?: Date;
}

/**
 * Recommended retake instant: the latest of
 * - the policy's earliest allowed instant (advice never undercuts the rules),
 * - the plan start (attempt, or a later plan start) + the schedule's days, so the plan fits,
 * - now, so the recommendation is never in the past.
 *
 * Anchoring on the attempt or plan start rather than on `now` keeps the date stable from one
 * visit to the next; it only moves once the plan's days have already elapsed.
 */
export function recommendRetakeDate(input: RecommendInput): Date {
  const start = Math.max(input.attemptAt.getTime(), input.planStartAt?.getTime() ?? Number.NEGATIVE_INFINITY);
  const candidates = [start + input.classification.scheduleDays * DAY_MS, input.now.getTime()];
  if (input.policyEarliestAt) candidates.push(input.policyEarliestAt.getTime());
  const result = Math.max(...candidates);
  if (Number.isNaN(result)) throw new RangeError("recommendRetakeDate needs valid dates");
  return new Date(result);
}
