import "server-only";
import { forbidden } from "next/navigation";
import { getDb } from "@/db/client";
import type { PracticeResults, RunnerSession } from "@/lib/practice/dto";
import {
  domainTrend,
  getResults,
  getRunnerSession,
  listSessions,
  type SessionSummary,
} from "@/lib/practice-sessions/service";
import { recordReviewsShown } from "@/lib/readiness/service";
import { sessionIdSchema } from "@/lib/validation/practice";
import type { CurrentUser } from "./session";

// The practice pages' only way to the data. The learner is always the signed-in user: no learner
// id is ever taken from a URL or a form.

function learnerOnly(user: CurrentUser): void {
  if (user.role !== "learner") forbidden();
}

/** A malformed id is simply "no such set" (null), not a database error. */
function validId(id: string): string | null {
  const parsed = sessionIdSchema.safeParse(id);
  return parsed.success ? parsed.data : null;
}

export async function listMyPracticeSets(user: CurrentUser): Promise<SessionSummary[]> {
  learnerOnly(user);
  return listSessions(await getDb(), user.id);
}

/** The runner's view of a set: questions without answers, explanations or reasons. */
export async function getMyRunnerSession(user: CurrentUser, id: string): Promise<RunnerSession | null> {
  learnerOnly(user);
  const sessionId = validId(id);
  if (!sessionId) return null;
  return getRunnerSession(await getDb(), user.id, sessionId);
}

/** The full review, only once the set is submitted (null otherwise). */
export async function getMyPracticeResults(user: CurrentUser, id: string): Promise<PracticeResults | null> {
  learnerOnly(user);
  const sessionId = validId(id);
  if (!sessionId) return null;
  return getResults(await getDb(), user.id, sessionId);
}

/**
 * Records that the signed-in learner was shown the review of one of their submitted sets: its
 * questions no longer count as first exposure for readiness (lib/readiness/service.ts).
 */
export async function recordMyReviewShown(user: CurrentUser, id: string): Promise<void> {
  learnerOnly(user);
  const sessionId = validId(id);
  if (!sessionId) return;
  await recordReviewsShown(await getDb(), user.id, sessionId);
}

export type DomainTrendPoint = Awaited<ReturnType<typeof domainTrend>>[number];

export async function getMyDomainTrend(user: CurrentUser): Promise<DomainTrendPoint[]> {
  learnerOnly(user);
  return domainTrend(await getDb(), user.id);
}
