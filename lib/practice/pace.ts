// Exam pace: the delivered AZ-104 gives about 100 minutes for about 50 questions, so two minutes a
// question is the pace every timed set is measured against. Pure: no React, Next or database.

/** Seconds a question may take at exam pace (100 minutes / 50 questions). */
export const EXAM_PACE_SECONDS_PER_QUESTION = 120;

/** Minutes a set of `questions` gets at exam pace. */
export function examPaceMinutes(questions: number): number {
  if (!Number.isInteger(questions) || questions < 0) throw new RangeError(`questions must be a non-negative integer, got ${questions}`);
  return (questions * EXAM_PACE_SECONDS_PER_QUESTION) / 60;
}

/**
 * The minutes of a set that drew fewer questions than asked (a domain with a small pool, a bank
 * running short): the requested pace is kept, so 24 questions drawn for "50 in 100 minutes" get
 * 48 minutes, not 100. At least one minute; a full draw keeps the requested minutes exactly.
 */
export function minutesForDrawn(requestedSize: number, requestedMinutes: number, drawn: number): number {
  if (!Number.isInteger(requestedSize) || requestedSize < 1) throw new RangeError(`requestedSize must be a positive integer, got ${requestedSize}`);
  if (!Number.isFinite(requestedMinutes) || requestedMinutes <= 0) throw new RangeError(`requestedMinutes must be positive, got ${requestedMinutes}`);
  if (!Number.isInteger(drawn) || drawn < 0) throw new RangeError(`drawn must be a non-negative integer, got ${drawn}`);
  if (drawn >= requestedSize) return requestedMinutes;
  return Math.max(1, Math.round((requestedMinutes * drawn) / requestedSize));
}

/** True when a set gives no more time per question than the exam does (tighter is fine). */
export function isExamPace(size: number, durationMinutes: number): boolean {
  return size > 0 && durationMinutes > 0 && durationMinutes * 60 <= size * EXAM_PACE_SECONDS_PER_QUESTION;
}

/** Per-question time feedback: a question that took longer than exam pace allows. */
export function overExamPace(timeMs: number): boolean {
  return Number.isFinite(timeMs) && timeMs > EXAM_PACE_SECONDS_PER_QUESTION * 1000;
}
