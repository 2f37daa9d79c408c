// Cycles: the loop runs until the misses are mostly edge cases. When the retest that closes a
// plan (or its latest cycle) still shows core gaps, the plan offers one more short cycle —
// rebuild, prove and retest — aimed at the categories that retest still missed. The coach
// accepts it (the learner for a plan of their own); accepting appends the block to the plan.
//
// The rule, exactly (pinned by cycles.test.ts):
//   - only an active plan offers a cycle;
//   - "the plan's retest" is the practice set of the last task in plan order that offers a set;
//     until that set is submitted there is nothing to judge (the cycle has not ended);
//   - it offers a cycle when that set's misses are core gaps by the practice rule
//     (lib/practice/score.ts coreEdgeVerdict), and that set has not already answered a cycle;
//   - the cycle aims at the categories of the set's core misses, most missed first, at most
//     MAX_CYCLE_CATEGORIES of them.
// Pure: no React, Next or database.

import { DOMAIN_SHORT_NAMES, MISS_CATEGORIES, type DomainKey } from "@/lib/exam/az104";
import { coreEdgeVerdict } from "@/lib/practice/score";
import type { PlanPhase, PlanStatus, QuestionTier } from "@/lib/enums";
import { CATEGORY_TASKS, GENERAL_TASKS } from "./library";

/** Categories one cycle rebuilds: each is a lab and its proof, so four fill a day. */
export const MAX_CYCLE_CATEGORIES = 4;
/** A cycle is two days: rebuild and prove the categories, then retest them. */
export const CYCLE_DAYS = 2;

export interface CycleSetItem {
  category: string;
  domain: DomainKey;
  tier: QuestionTier;
  /** null: unanswered (a miss). */
  correct: boolean | null;
}

export interface CycleInput {
  planStatus: PlanStatus;
  /** The last task in plan order that offers a practice set, with its set (null: none started). */
  closingSet: { sessionId: string | null; submitted: boolean; items: readonly CycleSetItem[] } | null;
  /** The set the latest accepted cycle answered (null: none yet). */
  basisSessionId: string | null;
}

export interface CycleOffer {
  /** The retest whose result this cycle answers. */
  basisSessionId: string;
  /** Most core misses first. */
  categories: string[];
  domains: DomainKey[];
  coreMisses: number;
  edgeMisses: number;
  reason: string;
}

const LABEL = new Map(MISS_CATEGORIES.map((c) => [c.key, c.label]));
const label = (category: string) => LABEL.get(category) ?? category;

export function nextCycleOffer(input: CycleInput): CycleOffer | null {
  if (input.planStatus !== "active") return null;
  const set = input.closingSet;
  if (!set || !set.sessionId || !set.submitted) return null;
  if (set.sessionId === input.basisSessionId) return null;
  let coreMisses = 0;
  let edgeMisses = 0;
  const byCategory = new Map<string, { n: number; domain: DomainKey }>();
  for (const i of set.items) {
    if (i.correct === true) continue;
    if (i.tier === "edge") {
      edgeMisses++;
      continue;
    }
    coreMisses++;
    const c = byCategory.get(i.category) ?? { n: 0, domain: i.domain };
    c.n++;
    byCategory.set(i.category, c);
  }
  if (coreEdgeVerdict(coreMisses, edgeMisses) !== "core-gaps") return null;
  const ranked = [...byCategory].sort((a, b) => b[1].n - a[1].n || a[0].localeCompare(b[0])).slice(0, MAX_CYCLE_CATEGORIES);
  const categories = ranked.map(([c]) => c);
  const domains = [...new Set(ranked.map(([, v]) => v.domain))];
  return {
    basisSessionId: set.sessionId,
    categories,
    domains,
    coreMisses,
    edgeMisses,
    reason: `The retest still shows core gaps (${coreMisses} core and ${edgeMisses} edge misses): one more short cycle on ${categories.map(label).join(", ")}.`,
  };
}

export interface CycleTask {
  /** 1 or 2: the cycle's own day, placed after the plan's last day by the caller. */
  cycleDay: number;
  position: number;
  domain: DomainKey | null;
  phase: PlanPhase;
  title: string;
  instructions: string;
  evidenceRequired: string;
  libraryKey: string;
  cause: string;
  focusCategories: string[];
}

/**
 * The cycle's tasks: day 1 reads the retest's core misses and rebuilds and proves each category;
 * day 2 retests those categories and sorts the misses. Within the day budget (templates.ts).
 */
export function cycleTasks(offer: CycleOffer): CycleTask[] {
  const cause = `The retest still missed core questions in ${offer.categories.map((c) => `“${label(c)}”`).join(", ")}.`;
  const day1: Omit<CycleTask, "cycleDay" | "position">[] = [
    {
      domain: null,
      phase: GENERAL_TASKS.cycleReview.phase,
      title: GENERAL_TASKS.cycleReview.title,
      instructions: `${GENERAL_TASKS.cycleReview.instructions} Categories to rebuild: ${offer.categories.map(label).join(", ")}.`,
      evidenceRequired: GENERAL_TASKS.cycleReview.evidenceRequired,
      libraryKey: GENERAL_TASKS.cycleReview.key,
      cause,
      focusCategories: [],
    },
  ];
  for (const category of offer.categories) {
    const t = CATEGORY_TASKS[category];
    if (!t) continue;
    for (const part of [t.rebuild, t.prove]) {
      day1.push({
        domain: part.domain,
        phase: part.phase,
        title: part.title,
        instructions: part.instructions,
        evidenceRequired: part.evidenceRequired,
        libraryKey: part.key,
        cause: `The retest still missed core “${label(category)}” questions.`,
        focusCategories: [],
      });
    }
  }
  const names = offer.domains.map((d) => DOMAIN_SHORT_NAMES[d]).join(", ");
  const day2: Omit<CycleTask, "cycleDay" | "position">[] = [
    {
      domain: null,
      phase: GENERAL_TASKS.cycleRetest.phase,
      title: GENERAL_TASKS.cycleRetest.title,
      instructions: `${GENERAL_TASKS.cycleRetest.instructions} Categories: ${offer.categories.map(label).join(", ")} (${names}).`,
      evidenceRequired: GENERAL_TASKS.cycleRetest.evidenceRequired,
      libraryKey: GENERAL_TASKS.cycleRetest.key,
      cause,
      focusCategories: [...offer.categories],
    },
    {
      domain: null,
      phase: GENERAL_TASKS.missReview.phase,
      title: GENERAL_TASKS.missReview.title,
      instructions: GENERAL_TASKS.missReview.instructions,
      evidenceRequired: GENERAL_TASKS.missReview.evidenceRequired,
      libraryKey: GENERAL_TASKS.missReview.key,
      cause,
      focusCategories: [],
    },
  ];
  return [
    ...day1.map((t, i) => ({ ...t, cycleDay: 1, position: i + 1 })),
    ...day2.map((t, i) => ({ ...t, cycleDay: 2, position: i + 1 })),
  ];
}
