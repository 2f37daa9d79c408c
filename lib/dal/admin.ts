import "server-only";
import { asc, count, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { cohortMembers, cohorts, users } from "@/db/schema";
import type { CurrentUser } from "./session";

export interface ProgrammeOverview {
  usersByRole: { learner: number; coach: number; admin: number };
  inactive: number;
  cohorts: { id: string; name: string; archived: boolean; learners: number }[];
}

export async function programmeOverview(admin: CurrentUser): Promise<ProgrammeOverview> {
  if (admin.role !== "admin") throw new Error("programmeOverview is for admins");
  const db = await getDb();
  const roleRows = await db
    .select({ role: users.role, n: count(), inactive: sql<number>`count(*) filter (where not ${users.active})`.mapWith(Number) })
    .from(users)
    .groupBy(users.role);
  const usersByRole = { learner: 0, coach: 0, admin: 0 };
  let inactive = 0;
  for (const r of roleRows) {
    usersByRole[r.role] = Number(r.n);
    inactive += r.inactive;
  }
  const cohortRows = await db
    .select({ id: cohorts.id, name: cohorts.name, archived: cohorts.archived, learners: count(cohortMembers.learnerId) })
    .from(cohorts)
    .leftJoin(cohortMembers, eq(cohortMembers.cohortId, cohorts.id))
    .groupBy(cohorts.id)
    .orderBy(asc(cohorts.name));
  return { usersByRole, inactive, cohorts: cohortRows.map((c) => ({ ...c, learners: Number(c.learners) })) };
}
