import "server-only";
import { getDb } from "@/db/client";
import type { PracticeResults, RunnerContent, RunnerSession } from "@/lib/practice/dto";
import {
  domainTrend,
  getResults,
  getRunnerContent,
  getRunnerSession,
  listSessions,
  type SessionSummary,
} from "@/lib/practice/server/sessions";
import { recordReviewsShown } from "@/lib/readiness/server/readiness";
import { sessionIdSchema } from "@/lib/validation/practice";
import type { Learner } from "./guard";

// The practice pages' only way to the data. The learner is always the signed-in user: no learner
// id is ever taken from a URL or a form. Each function takes a Learner (lib/dal/guard.ts).

/** A malformed id is simply "no such set" (null), not a database error. */
function validId(id: string): string | null {
  const parsed = sessionIdSchema.safeParse(id);
  return parsed.success ? parsed.data : null;
}

export async function listMyPracticeSets(user: Learner): Promise<SessionSummary[]> {
  return listSessions(await getDb(), user.id);
}

/** The runner's view of a set: questions without answers, explanations or reasons. */
export async function getMyRunnerSession(user: Learner, id: string): Promise<RunnerSession | null> {
  const sessionId = validId(id);
  if (!sessionId) return null;
  return getRunnerSession(await getDb(), user.id, sessionId);
}

/**
 * The question text of the signed-in learner's active set, for the runner to load after the page:
 * no answers, explanations or reasons. Null for a malformed id or a set that is not theirs;
 * "submitted" once the set is submitted (the review has the text then).
 */
export async function getMyRunnerContent(user: Learner, id: string): Promise<RunnerContent | "submitted" | null> {
  const sessionId = validId(id);
  if (!sessionId) return null;
  return getRunnerContent(await getDb(), user.id, sessionId);
}

/** The full review, only once the set is submitted (null otherwise). */
export async function getMyPracticeResults(user: Learner, id: string): Promise<PracticeResults | null> {
  const sessionId = validId(id);
  if (!sessionId) return null;
  return getResults(await getDb(), user.id, sessionId);
}

/**
 * Records that the signed-in learner was shown the review of one of their submitted sets: its
 * questions no longer count as first exposure for readiness (lib/readiness/server/readiness.ts).
 */
export async function recordMyReviewShown(user: Learner, id: string): Promise<void> {
  const sessionId = validId(id);
  if (!sessionId) return;
  await recordReviewsShown(await getDb(), user.id, sessionId);
}

export type DomainTrendPoint = Awaited<ReturnType<typeof domainTrend>>[number];

export async function getMyDomainTrend(user: Learner): Promise<DomainTrendPoint[]> {
  return domainTrend(await getDb(), user.id);
}
