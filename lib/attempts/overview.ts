import type { DomainKey } from "@/lib/exam/az104";
import { isoDateInZone } from "@/lib/format";
import { classifyFailure, type FailureClassification, type PacingNotes } from "@/lib/policy/advice";
import { recommendRetakeDay, type RecommendedDay } from "@/lib/policy/recommended-date";
import type { ReadinessReport } from "@/lib/practice/readiness";
import {
  attemptsLeftAt,
  evaluateRetake,
  formatRuleReason,
  type AttemptOutcome,
  type RetakeDecision,
  type RetakePolicy,
} from "@/lib/policy/retake";

export interface AttemptView {
  id: string;
  takenAt: Date;
  outcome: AttemptOutcome;
  score: number | null;
  certExpiresAt: Date | null;
  readings: { domain: DomainKey; bar: number }[];
  hardestDomains: DomainKey[];
  slowItemTypes: string[];
  misreadCategories: string[];
  misreadNotes: string;
  notes: string;
  /** Time trouble as the learner remembers it; absent or null fields: not said. */
  pacing?: PacingNotes;
}

export interface RetakeOverview {
  decision: RetakeDecision;
  /** The binding rule in words, or null with no attempts. */
  reason: string | null;
  /** Attempts an attempt taken now would still have in its window. */
  attemptsLeftNow: number;
  attemptsUsedNow: number;
  latest: AttemptView | null;
  /** The latest attempt when it is not a pass: the one the advice is about. */
  latestNonPass: AttemptView | null;
  /**
   * The failure pattern of the latest non-pass, and when its schedule would end (attempt + the
   * schedule's days): the end of the repair work when no plan is running. The one recommended
   * retake date is retakeDayOf, which also weighs the plan and readiness.
   */
  advice: (FailureClassification & { scheduleEndAt: Date }) | null;
  /** Oldest first. */
  history: AttemptView[];
}

/**
 * Everything the retake status page (and a coach's view of a learner) shows, from the
 * learner's attempts at one exam. The rules come from the policy module; the advice is
 * separate and never earlier than the rules allow.
 */
const DAY_MS = 86_400_000;

export function buildRetakeOverview(input: {
  attempts: AttemptView[];
  policy: RetakePolicy;
  passingScore: number;
  now: Date;
  /** The exam's length, for the pacing test (default: AZ-104's 100 minutes). */
  examMinutes?: number;
}): RetakeOverview {
  const history = [...input.attempts].sort((a, b) => a.takenAt.getTime() - b.takenAt.getTime());
  const latest = history.at(-1) ?? null;
  const decision = evaluateRetake({
    attempts: history.map((a) => ({ takenAt: a.takenAt, outcome: a.outcome })),
    now: input.now,
    certificationExpiresAt: latest?.outcome === "pass" ? latest.certExpiresAt : null,
    policy: input.policy,
  });
  const attemptsLeftNow = attemptsLeftAt(decision, input.now, input.policy);
  const latestNonPass = latest && latest.outcome !== "pass" ? latest : null;
  let advice: RetakeOverview["advice"] = null;
  if (latestNonPass) {
    const classification = classifyFailure({
      score: latestNonPass.score,
      outcome: latestNonPass.outcome,
      bars: latestNonPass.readings,
      passingScore: input.passingScore,
      pacing: latestNonPass.pacing ?? null,
      examMinutes: input.examMinutes,
    });
    advice = { ...classification, scheduleEndAt: new Date(latestNonPass.takenAt.getTime() + classification.scheduleDays * DAY_MS) };
  }
  return {
    decision,
    reason: latest ? formatRuleReason(decision, input.policy) : null,
    attemptsLeftNow,
    attemptsUsedNow: input.policy.maxAttemptsPerWindow - attemptsLeftNow,
    latest,
    latestNonPass,
    advice,
    history,
  };
}

/** What the recommended date needs to know of a plan: its end (the target date) and whether it still runs. */
export interface PlanForDate {
  id: string;
  status: "active" | "completed";
  targetDate: string;
}

/**
 * The one recommended retake date (lib/policy/recommended-date.ts) from what a page already holds:
 * this overview (the rules and the failure pattern), the plan whose end counts, and readiness.
 * Without a plan, the repair work ends when the failure pattern's schedule would.
 */
export function retakeDayOf(overview: RetakeOverview, plan: PlanForDate | null | undefined, readiness: ReadinessReport, timeZone: string): RecommendedDay {
  const workEnd = plan
    ? { date: plan.targetDate, source: "plan" as const }
    : overview.advice
      ? { date: isoDateInZone(overview.advice.scheduleEndAt, timeZone), source: "schedule" as const }
      : null;
  return recommendRetakeDay({
    latestOutcome: overview.latest?.outcome ?? null,
    policyEarliestAt: overview.decision.earliestAt,
    workEnd,
    readiness,
    timeZone,
  });
}
