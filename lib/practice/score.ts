// Scoring practice answers and summarising a set. Percentages here are practice results
// (share of items answered correctly), never an estimate of the scaled exam score.

import { DOMAIN_KEYS, MISS_CATEGORIES, type DomainKey } from "../exam/az104";
import { scoreResponse } from "./item-scoring";
import type { QuestionKind, QuestionTier } from "../enums";

/**
 * A response is correct when its set of option keys equals the answer's set exactly (order and
 * repeats don't matter). A multiple-answer item gives no partial credit; null or [] is wrong.
 */
export function scoreItem(kind: QuestionKind, answer: readonly string[], response: readonly string[] | null): boolean {
  // Fully right, for the kinds scored by part (lib/practice/item-scoring.ts).
  if (kind !== "single" && kind !== "multiple") return scoreResponse(kind, answer, response).score === 1;
  if (response === null) return false;
  const expected = new Set(answer);
  const given = new Set(response);
  if (given.size === 0 || expected.size === 0) return false;
  if (kind === "single" && (expected.size !== 1 || given.size !== 1)) return false;
  if (given.size !== expected.size) return false;
  for (const key of given) if (!expected.has(key)) return false;
  return true;
}

export interface ScoredItem {
  questionId: string;
  domain: DomainKey;
  category: string;
  tier: QuestionTier;
  /** null when the item was left unanswered. */
  correct: boolean | null;
  /** 0–1 with partial credit per part (lib/practice/item-scoring.ts); absent: 1 when correct, else 0. */
  score?: number;
  timeMs?: number;
}

export interface ScoreLine {
  /** Items with a response. */
  answered: number;
  correct: number;
  /** Items in the set, answered or not. */
  total: number;
  /** correct / total × 100, one decimal; unanswered items count as not correct. null when total is 0. */
  pct: number | null;
}

export interface CategoryMisses {
  category: string;
  /** The category's domain from MISS_CATEGORIES, or null for an unknown key. */
  domain: DomainKey | null;
  /** wrong + unanswered */
  misses: number;
  wrong: number;
  unanswered: number;
  /** Items of this category in the set. */
  total: number;
}

export interface PracticeSummary {
  overall: ScoreLine & {
    unanswered: number;
    /** Sum of timeMs over items that report it; null when none do. */
    totalTimeMs: number | null;
    /** Mean timeMs over items that report it; null when none do. */
    meanTimeMs: number | null;
  };
  /** Every domain, in blueprint order; domains absent from the set have total 0 and pct null. */
  perDomain: Record<DomainKey, ScoreLine>;
  /** Categories with at least one miss, most misses first, then by key. */
  missesByCategory: CategoryMisses[];
  coreEdge: {
    coreMisses: number;
    edgeMisses: number;
    coreTotal: number;
    edgeTotal: number;
    /** edgeMisses / (coreMisses + edgeMisses); null when there are no misses. */
    edgeShare: number | null;
  };
}

/**
 * A miss is any item not answered correctly: wrong or unanswered. Counting unanswered items keeps
 * the readiness signal conservative (skipping the hard ones can't look like readiness); the
 * wrong/unanswered split stays available per category for diagnosis.
 */
export function summarize(items: readonly ScoredItem[]): PracticeSummary {
  const line = (): ScoreLine => ({ answered: 0, correct: 0, total: 0, pct: null });
  // Sums of partial credit are kept to 4 decimal places, like each item's score.
  const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
  const finish = (l: ScoreLine): ScoreLine => ({
    ...l,
    correct: r4(l.correct),
    pct: l.total === 0 ? null : Math.round((1000 * l.correct) / l.total) / 10,
  });

  const overall = line();
  let unanswered = 0;
  let timeSum = 0;
  let timed = 0;
  const perDomain = Object.fromEntries(DOMAIN_KEYS.map((d) => [d, line()])) as Record<DomainKey, ScoreLine>;
  const categories = new Map<string, CategoryMisses>();
  const categoryDomain = new Map(MISS_CATEGORIES.map((c) => [c.key, c.domain]));
  const coreEdge = { coreMisses: 0, edgeMisses: 0, coreTotal: 0, edgeTotal: 0 };

  for (const item of items) {
    const answered = item.correct !== null;
    // Partial credit: "correct" figures add the item's score, "misses" add what it lacks (1 − score).
    const credit = answered ? Math.min(1, Math.max(0, item.score ?? (item.correct === true ? 1 : 0))) : 0;
    const miss = 1 - credit;
    for (const l of [overall, perDomain[item.domain]]) {
      if (!l) continue;
      l.total++;
      if (answered) l.answered++;
      l.correct += credit;
    }
    if (!answered) unanswered++;
    if (typeof item.timeMs === "number" && Number.isFinite(item.timeMs)) {
      timeSum += item.timeMs;
      timed++;
    }

    const cat = categories.get(item.category) ?? {
      category: item.category,
      domain: categoryDomain.get(item.category) ?? null,
      misses: 0,
      wrong: 0,
      unanswered: 0,
      total: 0,
    };
    cat.total++;
    if (miss > 0) {
      cat.misses += miss;
      if (answered) cat.wrong += miss;
      else cat.unanswered++;
    }
    categories.set(item.category, cat);

    if (item.tier === "edge") {
      coreEdge.edgeTotal++;
      coreEdge.edgeMisses += miss;
    } else {
      coreEdge.coreTotal++;
      coreEdge.coreMisses += miss;
    }
  }

  const misses = coreEdge.coreMisses + coreEdge.edgeMisses;
  return {
    overall: {
      ...finish(overall),
      unanswered,
      totalTimeMs: timed === 0 ? null : timeSum,
      meanTimeMs: timed === 0 ? null : Math.round(timeSum / timed),
    },
    perDomain: Object.fromEntries(DOMAIN_KEYS.map((d) => [d, finish(perDomain[d])])) as Record<DomainKey, ScoreLine>,
    missesByCategory: [...categories.values()]
      .map((c) => ({ ...c, misses: r4(c.misses), wrong: r4(c.wrong) }))
      .filter((c) => c.misses > 0)
      .sort((a, b) => b.misses - a.misses || a.category.localeCompare(b.category)),
    coreEdge: { ...coreEdge, coreMisses: r4(coreEdge.coreMisses), edgeMisses: r4(coreEdge.edgeMisses), edgeShare: misses === 0 ? null : coreEdge.edgeMisses / misses },
  };
}

/** The core/edge split of a set's misses in one word. Readiness is more than this: lib/practice/readiness.ts. */
export type CoreEdgeVerdict = "no-misses" | "mostly-edge" | "core-gaps";

/** Edge share of misses at or above which misses count as "mostly edge cases". */
export const READINESS_EDGE_SHARE = 0.6;
/** Below this many misses a share is too noisy to call "mostly edge", unless no miss is core. */
export const READINESS_MIN_MISSES = 3;

/**
 * The seed's rule, "mostly edge cases rather than core workflows", applied to a count of misses:
 * - "no-misses": nothing missed.
 * - "mostly-edge": no core item was missed, or there are at least READINESS_MIN_MISSES misses and
 *   the edge share is at least READINESS_EDGE_SHARE.
 * - "core-gaps": otherwise. With only one or two misses, any core miss counts as a core gap.
 * Over a whole set this is practice feedback only; the readiness signal applies it to first-exposure
 * answers in qualifying sets (lib/practice/readiness.ts).
 */
export function coreEdgeVerdict(coreMisses: number, edgeMisses: number): CoreEdgeVerdict {
  const misses = coreMisses + edgeMisses;
  if (misses === 0) return "no-misses";
  if (coreMisses === 0) return "mostly-edge";
  if (misses >= READINESS_MIN_MISSES && edgeMisses / misses >= READINESS_EDGE_SHARE) return "mostly-edge";
  return "core-gaps";
}

/** The core/edge verdict of a whole set's summary (practice feedback, not readiness). */
export function summaryVerdict(summary: PracticeSummary): CoreEdgeVerdict {
  return coreEdgeVerdict(summary.coreEdge.coreMisses, summary.coreEdge.edgeMisses);
}
