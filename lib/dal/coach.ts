import "server-only";
import { asc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { coachAssignments, cohortMembers, cohorts, users } from "@/db/schema";
import type { CurrentUser } from "./session";

export interface AssignedLearner {
  id: string;
  name: string;
  email: string;
  cohort: string | null;
}

/** Only the learners assigned to this coach; the coach id comes from the verified user, never from input. */
export async function listAssignedLearners(coach: CurrentUser): Promise<AssignedLearner[]> {
  if (coach.role !== "coach") return [];
  const db = await getDb();
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email, cohort: cohorts.name })
    .from(coachAssignments)
    .innerJoin(users, eq(users.id, coachAssignments.learnerId))
    .leftJoin(cohortMembers, eq(cohortMembers.learnerId, users.id))
    .leftJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
    .where(eq(coachAssignments.coachId, coach.id))
    .orderBy(asc(users.name));
  // A learner in two cohorts appears once, with the cohorts joined.
  const byId = new Map<string, AssignedLearner>();
  for (const r of rows) {
    const prev = byId.get(r.id);
    if (prev) prev.cohort = [prev.cohort, r.cohort].filter(Boolean).join(", ");
    else byId.set(r.id, { ...r });
  }
  return [...byId.values()];
}
