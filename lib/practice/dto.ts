// The shapes that cross from the server to the practice pages. Before submission a question
// carries no answer, no explanation and no reasons: only what the learner may see.
import type { DomainKey } from "@/lib/exam/az104";
import type { SetEvidence } from "./readiness";
import type { CoreEdgeVerdict, PracticeSummary } from "./score";
import type { PracticeMode } from "./draw";

export interface RunnerItem {
  position: number;
  domain: DomainKey;
  kind: "single" | "multiple";
  stem: string;
  options: { key: string; text: string }[];
  response: string[] | null;
  flagged: boolean;
  seq: number;
  /** The learner's own variation of a question they missed (shown as "your variation"). */
  ownVariation?: boolean;
}

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
  status: "active" | "submitted";
  items: RunnerItem[];
}

export interface SaveAnswer {
  position: number;
  response: string[] | null;
  flagged: boolean;
  seq: number;
  timeMs: number;
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
  tier: "core" | "edge";
  kind: "single" | "multiple";
  stem: string;
  options: { key: string; text: string; whyWrong?: string }[];
  answer: string[];
  response: string[] | null;
  correct: boolean | null;
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
  /** The latest score report's bars, to show beside the practice result per domain. */
  scoreReportBars: { domain: DomainKey; bar: number }[];
}
