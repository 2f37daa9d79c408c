import "server-only";
import { forbidden, notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { learnerVariationsForCoach, myVariations, variationSource, type VariationSource, type VariationView } from "@/lib/variations/service";
import { sessionIdSchema } from "@/lib/validation/practice";
import type { CurrentUser } from "./session";

// Learners' own variations: the learner reads their own (the learner id is always the signed-in
// user's), their assigned coach reads them; anyone else gets 404.

/** The missed question a variation starts from, in the learner's own submitted set; 404 otherwise. */
export async function getMyVariationSource(user: CurrentUser, sessionId: string, position: string): Promise<VariationSource> {
  if (user.role !== "learner") forbidden();
  const sid = sessionIdSchema.safeParse(sessionId);
  if (!sid.success || !/^\d{1,3}$/.test(position)) notFound();
  const source = await variationSource(await getDb(), user.id, sid.data, Number(position));
  if (!source) notFound();
  return source;
}

export async function getMyVariations(user: CurrentUser): Promise<VariationView[]> {
  if (user.role !== "learner") forbidden();
  return myVariations(await getDb(), user.id);
}

export async function getLearnerVariations(coach: CurrentUser, learnerId: string): Promise<VariationView[]> {
  if (coach.role !== "coach") forbidden();
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(learnerId)) notFound();
  try {
    return await learnerVariationsForCoach(await getDb(), coach, learnerId);
  } catch {
    notFound();
  }
}
