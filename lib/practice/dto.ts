// The shapes that cross from the server to the practice pages. Before submission a question
// carries no answer, no explanation and no reasons: only what the learner may see.
import type { DomainKey } from "@/lib/exam/az104";
import type { SetEvidence } from "./readiness";
import type { CoreEdgeVerdict, PracticeSummary } from "./score";
import type { PracticeMode, PracticeStatus, QuestionKind, QuestionTier } from "../enums";

export type ItemKind = QuestionKind;

/** A table, or a code or output block with its language: shown beside a question or in a case study's exhibits tab. */
export type ExhibitView =
  | { type: "table"; title: string; columns: string[]; rows: string[][] }
  | { type: "code"; title: string; language: string; text: string };

/**
 * What the runner needs of every item to navigate, save, time and review the set: no question text.
 * The page sends this for all items; the text comes as RunnerItemContent.
 */
export interface RunnerItemState {
  position: number;
  domain: DomainKey;
  kind: ItemKind;
  /** The yes/no series or case study the item belongs to, and its 1-based place there. */
  group?: { id: string; order: number; size: number };
  /** Left behind for good (a yes/no solution moved past, a case study's section left): no more changes. */
  closed?: boolean;
  /** Time spent on the item so far, as the server has it (a case study's section clock reads it). */
  timeMs?: number;
  response: string[] | null;
  flagged: boolean;
  seq: number;
  /** The learner's own variation of a question they missed (shown as "your variation"). */
  ownVariation?: boolean;
}

/** The question of an item as the learner sees it before submitting: no answer, no reasons. */
export interface RunnerItemContent {
  position: number;
  /** The question; for a yes/no item, the proposed solution. */
  stem: string;
  /** Options (single, multiple, yes/no), steps (ordering) or values (matching): key and text only. */
  options: { key: string; text: string }[];
  /** A hotspot's statement or code with {{n}} blanks, and each blank's choices (key and text only). */
  hotspot?: { format: "statement" | "code"; language?: string; text: string; blanks: { key: string; text: string }[][] };
  /** How many steps an ordering puts in order. */
  places?: number;
  /** A matching's targets (text only) and whether a value may be used more than once. */
  matching?: { targets: string[]; reuseValues: boolean };
  exhibits?: ExhibitView[];
}

/** An item whole: its state and its question (how lib/practice/item-views.ts builds it). */
export type RunnerItem = RunnerItemState & Omit<RunnerItemContent, "position">;

/**
 * The question text of a set (or part of it): items' content by position, and the full texts of
 * the yes/no series and case studies they belong to.
 */
export interface RunnerContent {
  items: RunnerItemContent[];
  groups: RunnerGroup[];
}

/** What the runner needs of a series or case study without its texts: its kind, items, and a case study's minutes. */
export type RunnerGroupState =
  | { id: string; kind: "yes-no-series"; positions: number[] }
  | { id: string; kind: "case-study"; minutes: number; positions: number[] };

export interface RunnerSession {
  id: string;
  mode: PracticeMode;
  size: number;
  durationMinutes: number;
  startedAt: string;
  deadlineAt: string;
  /** The server's clock when the page was made, for the countdown's offset. */
  serverNow: string;
  graceMs: number;
  status: PracticeStatus;
  /** Every item's state (no question text). */
  items: RunnerItemState[];
  /** The yes/no series and case studies of the set, with the positions of their items (no texts). */
  groups?: RunnerGroupState[];
  /**
   * The question text the page carries: only the item shown first (and its group's texts). The
   * runner fetches the rest once (GET /api/practice/[id]/content).
   */
  content: RunnerContent;
}

export type RunnerGroup =
  | { id: string; kind: "yes-no-series"; scenario: string; goal: string; exhibits: ExhibitView[]; positions: number[] }
  | {
      id: string;
      kind: "case-study";
      title: string;
      overview: string;
      environment: string;
      requirements: string;
      exhibits: ExhibitView[];
      /** The section's own time. */
      minutes: number;
      positions: number[];
    };

export interface SaveAnswer {
  position: number;
  response: string[] | null;
  flagged: boolean;
  seq: number;
  timeMs: number;
  /** The learner left the item for good (a yes/no solution, a case study's section): it takes no later save. */
  closed?: boolean;
}

export type SaveResult =
  | { ok: true; results: { position: number; seq: number; applied: boolean }[] }
  | { ok: false; error: "deadline" | "submitted" | "not-found" | "invalid" | "unauthenticated"; message: string }
  /** The database could not be reached: nothing was saved or refused; send the same batch again. */
  | { ok: false; error: "unavailable"; message: string; retryAfterMs: number };

export interface ReviewItem {
  position: number;
  questionId: string;
  domain: DomainKey;
  category: string;
  tier: QuestionTier;
  kind: ItemKind;
  stem: string;
  options: { key: string; text: string; whyWrong?: string }[];
  /** A hotspot's template and blanks, reasons included (after submission only). */
  hotspot?: { format: "statement" | "code"; language?: string; text: string; blanks: { choices: { key: string; text: string; whyWrong?: string }[]; why?: string }[] };
  /** A matching's targets with the why of each, and its reuse rule. */
  matching?: { targets: { text: string; why: string }[]; reuseValues: boolean };
  exhibits?: ExhibitView[];
  group?: { id: string; order: number; size: number };
  answer: string[];
  response: string[] | null;
  correct: boolean | null;
  /** 0–1 with partial credit per part; null when unanswered. */
  score: number | null;
  /** Per blank, place or target: the learner's key beside the right one. Null for kinds without parts. */
  parts: { part: number; given: string | null; expected: string; right: boolean }[] | null;
  timeMs: number;
  explanation: string;
  flagged: boolean;
  /** The learner's own variation: practice only, never counted for readiness. */
  ownVariation?: boolean;
}

export interface PracticeResults {
  id: string;
  mode: PracticeMode;
  startedAt: string;
  submittedAt: string;
  durationMinutes: number;
  summary: PracticeSummary;
  /** The whole set's core/edge split in one word: practice feedback, never readiness. */
  practiceVerdict: CoreEdgeVerdict;
  /** What the set says about readiness (lib/practice/readiness.ts): practice, or evidence and its verdict. */
  evidence: SetEvidence;
  items: ReviewItem[];
  /** The set's yes/no series and case studies (scenario, tabs, exhibits) for the review. */
  groups?: RunnerGroup[];
  /** The latest score report's bars, to show beside the practice result per domain. */
  scoreReportBars: { domain: DomainKey; bar: number }[];
}
