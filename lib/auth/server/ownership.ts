import { and, eq, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { coachAssignments, users } from "@/db/schema";

// The one ownership rule of the coach's side: "this coach is assigned to this learner". Every
// read and write a coach makes on a learner's data (detail, plans, variations, cycles, takeover,
// reviews) asks it here, as a condition of its own query or as a check.

/**
 * The condition "coach `coachId` is assigned to the learner": `learnerId` is an id, or a column
 * holding one (`repairPlans.learnerId`, `users.id`, or `sql`p.learner_id`` in raw SQL), so a query keeps only that coach's learners'
 * rows. Columns are always qualified, so it fits selects, updates and locking reads alike.
 */
export function coachOwnsLearner(coachId: string, learnerId: string | AnyColumn | SQL): SQL {
  return sql`exists (select 1 from ${coachAssignments} where ${coachAssignments.coachId} = ${coachId} and ${coachAssignments.learnerId} = ${learnerId})`;
}

/** True when the coach is assigned to the learner (one statement). */
export async function isCoachOf(db: Db, coachId: string, learnerId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, learnerId), coachOwnsLearner(coachId, users.id)))
    .limit(1);
  return Boolean(row);
}
