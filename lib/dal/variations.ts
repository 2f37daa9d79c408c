import "server-only";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { learnerVariationsForCoach, myVariations, variationSource, type VariationSource, type VariationView } from "@/lib/variations/server/variations";
import { sessionIdSchema } from "@/lib/validation/practice";
import { parseId, type Coach, type Learner } from "./guard";

// Learners' own variations: the learner reads their own (the learner id is always the signed-in
// user's), their assigned coach reads them; anyone else gets 404.

/** The missed question a variation starts from, in the learner's own submitted set; 404 otherwise. */
export async function getMyVariationSource(user: Learner, sessionId: string, position: string): Promise<VariationSource> {
  const sid = sessionIdSchema.safeParse(sessionId);
  if (!sid.success || !/^\d{1,3}$/.test(position)) notFound();
  const source = await variationSource(await getDb(), user.id, sid.data, Number(position));
  if (!source) notFound();
  return source;
}

export async function getMyVariations(user: Learner): Promise<VariationView[]> {
  return myVariations(await getDb(), user.id);
}

export async function getLearnerVariations(coach: Coach, learnerId: string): Promise<VariationView[]> {
  const id = parseId(learnerId);
  try {
    return await learnerVariationsForCoach(await getDb(), coach, id);
  } catch {
    notFound();
  }
}
