// Readiness: the repair loop's stopping signal, measured so that it cannot be memorised.
//
// The seed's rule is "repeat until the misses are mostly edge cases rather than core workflows".
// Measured over any set, that rule rewards recognition: a learner who has read the review of every
// question in the bank answers them all and is told they are ready. So readiness reads only
//   1. qualifying sets: an exam mix (the blueprint's "Timed mixed"), 25 questions or more, timed at
//      exam pace (about two minutes a question, no slacker);
//   2. first exposure: within such a set, only the answers to questions the learner met for the
//      first time. A question is already met when it was in one of the learner's earlier sets, when
//      its review was shown to them, or when the review of a sibling that gives its answer away was
//      shown (`givesAway`, data in the bank). A learner's own variations never count;
//   3. enough of it: a qualifying set counts as evidence only with READINESS_MIN_FRESH such answers.
// A set of evidence is "mostly edge cases" or "core gaps" by the same core/edge rule the practice
// results use (lib/practice/score.ts). The learner is ready after READY_STREAK sets of evidence in a
// row at "mostly edge cases", all since their latest exam attempt (a new attempt is new evidence
// that they were not ready, so earlier sets stop counting).
//
// Pure: no React, Next or database. The server counts first exposure when a set is submitted and
// stores the counts on the set (practice_sessions.fresh_*), so the history never shifts afterwards.

import type { PracticeMode, QuestionTier } from "../enums";
import { EXAM_PACE_SECONDS_PER_QUESTION, isExamPace } from "./pace";
import { coreEdgeVerdict } from "./score";

/** A qualifying set has at least this many questions (half the delivered exam). */
export const QUALIFYING_MIN_QUESTIONS = 25;
/** The exam mix: the only mode drawn by the blueprint's weights alone. */
export const QUALIFYING_MODE: PracticeMode = "timed-mixed";
/** First-exposure answers a qualifying set needs before its core/edge split is evidence. */
export const READINESS_MIN_FRESH = 20;
/** Sets of evidence in a row at "mostly edge cases" that make a learner ready. */
export const READY_STREAK = 2;

export interface SetShape {
  mode: PracticeMode;
  /** Questions in the set (the learner's own variations not included). */
  size: number;
  durationMinutes: number;
}

export interface ExamConditions {
  qualifying: boolean;
  /** What the set lacked, in words (empty when it qualifies). */
  missing: string[];
}

/** Whether a set was sat under exam conditions: exam mix, 25+ questions, exam pace. */
export function examConditions(set: SetShape): ExamConditions {
  const missing: string[] = [];
  if (set.mode !== QUALIFYING_MODE) missing.push("an exam mix (a Timed mixed set, not a domain focus or a weighted retest)");
  if (set.size < QUALIFYING_MIN_QUESTIONS) missing.push(`${QUALIFYING_MIN_QUESTIONS} questions or more (this set had ${set.size})`);
  if (!isExamPace(set.size, set.durationMinutes)) {
    const perQuestion = set.size > 0 ? Math.round((set.durationMinutes * 60) / set.size) : 0;
    missing.push(`exam pace, about ${EXAM_PACE_SECONDS_PER_QUESTION / 60} minutes a question (this set allowed ${perQuestion} seconds)`);
  }
  return { qualifying: missing.length === 0, missing };
}

export interface ExposureItem {
  questionId: string;
  tier: QuestionTier;
  /** null: unanswered (a miss). */
  correct: boolean | null;
  /** 0–1 with partial credit per part; a miss counts 1 − score. Absent: 1 when correct, else 0. */
  score?: number;
  /** A learner's own variation: served in their retests, never evidence of readiness. */
  private?: boolean;
}

export interface ReviewSeen {
  questionId: string;
  /** When the learner was first shown the question's review (answer and explanation). */
  seenAt: Date;
}

export interface ExposureHistory {
  /** Question ids of the learner's sets started before this one: met, whether reviewed or not. */
  metBefore: ReadonlySet<string>;
  /** The reviews the learner was shown. */
  reviews: readonly ReviewSeen[];
  /** Per question: the siblings whose answer its review gives away. */
  givesAway: ReadonlyMap<string, readonly string[]>;
}

/** Question ids whose answer the learner had seen before `at`: reviewed ones and the siblings they give away. */
export function seenBefore(at: Date, reviews: readonly ReviewSeen[], givesAway: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set<string>();
  for (const r of reviews) {
    if (r.seenAt.getTime() >= at.getTime()) continue;
    seen.add(r.questionId);
    for (const sibling of givesAway.get(r.questionId) ?? []) seen.add(sibling);
  }
  return seen;
}

/**
 * The items of a set the learner met for the first time. `answeredBy` is when the answers were
 * final (the submission): a review shown before then, even in another tab during the set, counts.
 */
export function firstExposureItems<T extends ExposureItem>(items: readonly T[], answeredBy: Date, history: ExposureHistory): T[] {
  const seen = seenBefore(answeredBy, history.reviews, history.givesAway);
  const inSet = new Set<string>();
  return items.filter((i) => {
    const first = !i.private && !history.metBefore.has(i.questionId) && !seen.has(i.questionId) && !inSet.has(i.questionId);
    inSet.add(i.questionId);
    return first;
  });
}

export interface FreshCount {
  /** First-exposure items in the set. */
  fresh: number;
  /** Of those, core items not answered correctly (wrong or unanswered). */
  coreMisses: number;
  edgeMisses: number;
}

export function countFresh(items: readonly ExposureItem[]): FreshCount {
  let coreMisses = 0;
  let edgeMisses = 0;
  for (const i of items) {
    const credit = i.correct === null ? 0 : Math.min(1, Math.max(0, i.score ?? (i.correct ? 1 : 0)));
    if (credit === 1) continue;
    if (i.tier === "edge") edgeMisses += 1 - credit;
    else coreMisses += 1 - credit;
  }
  // Kept to 4 decimal places, as each item's score (and the set's stored counts).
  const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
  return { fresh: items.length, coreMisses: r4(coreMisses), edgeMisses: r4(edgeMisses) };
}

export type SetEvidence =
  /** Not under exam conditions: its core/edge split is practice, never readiness. */
  | { kind: "practice"; missing: string[] }
  /** Submitted before first exposure was recorded: not measured, never evidence. */
  | { kind: "not-measured" }
  /** Under exam conditions, but too few of its questions were new to the learner. */
  | { kind: "not-enough-evidence"; fresh: number; missing: string[] }
  | { kind: "core-gaps" | "mostly-edge"; fresh: number; coreMisses: number; edgeMisses: number };

/** What one submitted set says about readiness. `fresh` is null for a set never measured. */
export function setEvidence(set: SetShape & { fresh: FreshCount | null }): SetEvidence {
  const conditions = examConditions(set);
  if (!conditions.qualifying) return { kind: "practice", missing: conditions.missing };
  if (!set.fresh) return { kind: "not-measured" };
  const { fresh, coreMisses, edgeMisses } = set.fresh;
  if (fresh < READINESS_MIN_FRESH) {
    return {
      kind: "not-enough-evidence",
      fresh,
      missing: [`${READINESS_MIN_FRESH} or more questions you meet for the first time (this set had ${fresh})`],
    };
  }
  const verdict = coreEdgeVerdict(coreMisses, edgeMisses);
  return { kind: verdict === "core-gaps" ? "core-gaps" : "mostly-edge", fresh, coreMisses, edgeMisses };
}

export interface ReadinessSet extends SetShape {
  id: string;
  startedAt: Date;
  submittedAt: Date;
  /** First-exposure counts stored at submission; null when never measured. */
  fresh: FreshCount | null;
}

export type ReadinessState = "not-enough-evidence" | "core-gaps" | "mostly-edge";

export interface ReadinessHistoryEntry {
  id: string;
  submittedAt: Date;
  evidence: SetEvidence;
  /** False for sets started before the latest exam attempt: shown, not counted. */
  counts: boolean;
}

export interface ReadinessReport {
  /** The latest set of evidence's verdict, or "not-enough-evidence" when there is none. */
  state: ReadinessState;
  /** READY_STREAK sets of evidence in a row at "mostly edge cases", the latest among them. */
  ready: boolean;
  /** When readiness began to hold: the submission that completed the current streak. */
  readyAt: Date | null;
  /** Sets of evidence in a row at "mostly edge cases", ending with the latest. */
  streak: number;
  /** What is still missing before "ready", in words (empty when ready). */
  missing: string[];
  /** Every set, oldest first. */
  history: ReadinessHistoryEntry[];
}

const isEvidence = (e: SetEvidence): e is Extract<SetEvidence, { kind: "core-gaps" | "mostly-edge" }> =>
  e.kind === "core-gaps" || e.kind === "mostly-edge";

/**
 * The learner's readiness from their submitted sets. Only sets started at or after `since` (the
 * latest exam attempt) count. A qualifying set with too few first-exposure answers is no evidence
 * either way: it neither counts toward nor breaks a streak.
 */
export function assessReadiness(sets: readonly ReadinessSet[], opts: { since: Date | null }): ReadinessReport {
  const sorted = [...sets].sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());
  const since = opts.since?.getTime() ?? Number.NEGATIVE_INFINITY;
  const history: ReadinessHistoryEntry[] = sorted.map((s) => ({
    id: s.id,
    submittedAt: s.submittedAt,
    evidence: setEvidence(s),
    counts: s.startedAt.getTime() >= since,
  }));
  const counted = history.filter((h) => h.counts);
  const evidence = counted.filter((h) => isEvidence(h.evidence));

  let streak = 0;
  for (let i = evidence.length - 1; i >= 0 && evidence[i]!.evidence.kind === "mostly-edge"; i--) streak++;
  const ready = streak >= READY_STREAK;
  // The streak's READY_STREAK-th set: readiness has held since then, however long the run grows.
  const readyAt = ready ? evidence[evidence.length - streak + READY_STREAK - 1]!.submittedAt : null;

  const latest = evidence.at(-1);
  const state: ReadinessState = latest ? (latest.evidence.kind as ReadinessState) : "not-enough-evidence";

  const missing: string[] = [];
  if (!ready) {
    const latestQualifying = [...counted].reverse().find((h) => h.evidence.kind !== "practice" && h.evidence.kind !== "not-measured");
    if (latestQualifying?.evidence.kind === "not-enough-evidence" && latestQualifying !== latest) {
      missing.push(
        `Your latest qualifying set had ${latestQualifying.evidence.fresh} questions you met for the first time; ${READINESS_MIN_FRESH} are needed for a set to count.`,
      );
    }
    if (!latest) {
      missing.push(
        `A qualifying set since your latest attempt: a Timed mixed set of ${QUALIFYING_MIN_QUESTIONS} questions or more at exam pace (about ${EXAM_PACE_SECONDS_PER_QUESTION / 60} minutes a question), with ${READINESS_MIN_FRESH} or more questions new to you.`,
      );
    } else if (latest.evidence.kind === "core-gaps") {
      missing.push(
        `Your latest qualifying set missed core workflows (${latest.evidence.coreMisses} core and ${latest.evidence.edgeMisses} edge misses on new questions): repair them, then ${READY_STREAK} qualifying sets in a row at mostly edge cases.`,
      );
    } else {
      const left = READY_STREAK - streak;
      missing.push(`${left} more qualifying set${left === 1 ? "" : "s"} in a row at mostly edge cases, on questions new to you.`);
    }
  }
  return { state, ready, readyAt, streak, missing, history };
}
