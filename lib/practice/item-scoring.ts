// Scoring one item from 0 to 1, with partial credit per part where the item has parts (README,
// "Scoring"). Responses and answers share one encoding: option keys for single, multiple and
// yes/no; "<part>=<key>" per part for hotspot (blank), ordering (place) and matching (target).

import type { QuestionKind } from "../enums";

export type ScoredKind = QuestionKind;

/** One part of a response beside the answer's: what the review shows per blank, place or target. */
export interface PartResult {
  /** 1-based blank, place or target. */
  part: number;
  /** The learner's key for this part, null when left empty; "" when answered twice (tampered). */
  given: string | null;
  expected: string;
  right: boolean;
}

export interface ItemScore {
  /** 0–1, rounded to 4 decimal places. */
  score: number;
  /** The item had a response at all. */
  answered: boolean;
  /** Per part, for kinds with parts; null for single, multiple and yes/no. */
  parts: PartResult[] | null;
}

export const PART_KINDS: ReadonlySet<ScoredKind> = new Set(["hotspot", "ordering", "matching"]);
const PART = /^([1-9])=([A-H])$/;

/** Scores are kept to 4 decimal places, so sums of them (sets, rollups) are exact in SQL numerics. */
export function roundScore(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** The key per part of a "<part>=<key>" list; a part given twice maps to "" (never right). */
export function partsOf(list: readonly string[] | null | undefined): Map<number, string> {
  const out = new Map<number, string>();
  for (const entry of list ?? []) {
    const m = PART.exec(entry);
    if (!m) continue;
    const part = Number(m[1]);
    out.set(part, out.has(part) ? "" : m[2]!);
  }
  return out;
}

export function scoreResponse(kind: ScoredKind, answer: readonly string[], response: readonly string[] | null): ItemScore {
  const answered = Boolean(response && response.length > 0);
  if (PART_KINDS.has(kind)) {
    const expected = partsOf(answer);
    const given = partsOf(response);
    const parts: PartResult[] = [...expected.keys()]
      .sort((a, b) => a - b)
      .map((part) => {
        const g = given.has(part) ? given.get(part)! : null;
        return { part, given: g, expected: expected.get(part)!, right: g !== null && g !== "" && g === expected.get(part) };
      });
    const right = parts.filter((p) => p.right).length;
    return { score: parts.length === 0 ? 0 : roundScore(right / parts.length), answered, parts };
  }
  if (!answered) return { score: 0, answered, parts: null };
  const want = new Set(answer);
  const got = new Set(response);
  let ok = want.size > 0 && got.size === want.size && [...got].every((k) => want.has(k));
  if ((kind === "single" || kind === "yes-no") && (want.size !== 1 || got.size !== 1)) ok = false;
  return { score: ok ? 1 : 0, answered, parts: null };
}

/** A whole set scored: counts for the set's row, and the positions per score for the item rows. */
export function scoreSet(items: readonly { position: number; kind: ScoredKind; answer: readonly string[]; response: readonly string[] | null }[]): {
  answered: number;
  /** Items fully right. */
  correct: number;
  /** The sum of the items' scores. */
  score: number;
  byScore: Map<number, number[]>;
} {
  let answered = 0;
  let correct = 0;
  let score = 0;
  const byScore = new Map<number, number[]>();
  for (const it of items) {
    const s = scoreResponse(it.kind, it.answer, it.response);
    if (s.answered) answered++;
    if (s.score === 1) correct++;
    score += s.score;
    byScore.set(s.score, [...(byScore.get(s.score) ?? []), it.position]);
  }
  return { answered, correct, score: roundScore(score), byScore };
}
