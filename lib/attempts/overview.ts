import type { DomainKey } from "@/lib/exam/az104";
import { classifyFailure, recommendRetakeDate, type FailureClassification } from "@/lib/policy/advice";
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
  advice: (FailureClassification & { recommendedAt: Date }) | null;
  /** Oldest first. */
  history: AttemptView[];
}

/**
 * Everything the retake status page (and a coach's view of a learner) shows, from the
 * learner's attempts at one exam. The rules come from the policy module; the advice is
 * separate and never earlier than the rules allow.
 */
export function buildRetakeOverview(input: {
  attempts: AttemptView[];
  policy: RetakePolicy;
  passingScore: number;
  now: Date;
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
    });
    const recommendedAt = recommendRetakeDate({
      attemptAt: latestNonPass.takenAt,
      classification,
      policyEarliestAt: decision.earliestAt,
      now: input.now,
    });
    advice = { ...classification, recommendedAt };
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
