import "server-only";
import { asc, count, eq, sql } from "drizzle-orm";
import { notFound } from "next/navigation";
import { getDb, type Db } from "@/db/client";
import { cohortMembers, cohorts, users } from "@/db/schema";
import { cohortDetail, listAudit, listCohorts, listUsers } from "@/lib/admin/server/users-and-cohorts";
import { cached, cacheTags } from "@/lib/cache/server/read-cache";
import { parseId, type Admin } from "./guard";

// The admin pages' reads. Each takes an Admin (requireAdmin), so none checks the role again: the
// role is checked per request first, and the cached values are the same for every admin.
//
// Cached (lib/cache/server/read-cache.ts) where every table read bumps a tag in the writing
// transaction: the overview, the people list and the cohort list read only users, cohorts and
// cohort_members, whose triggers (migration 0014) bump "cohort-figures" at commit, so a role
// change, a deactivation, a new person, a rename, an archive or a membership change shows at once.
// Not cached: a cohort's detail page shows each member's coach (coach_assignments, whose trigger
// bumps only the learner's own tag, not a shared one) and the audit log has no trigger at all.

export interface ProgrammeOverview {
  usersByRole: { learner: number; coach: number; admin: number };
  inactive: number;
  cohorts: { id: string; name: string; archived: boolean; learners: number }[];
}

export async function programmeOverview(_admin: Admin): Promise<ProgrammeOverview> {
  const db = await getDb();
  return cached(db, "admin-overview", [cacheTags.cohortFigures], () => loadOverview(db));
}

async function loadOverview(db: Db): Promise<ProgrammeOverview> {
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

/** People, filtered by part of a name or email and by role. */
export async function adminUsers(_admin: Admin, filter: { q?: string; role?: string }) {
  const db = await getDb();
  const key = `admin-users:${JSON.stringify([filter.q ?? "", filter.role ?? ""])}`;
  return cached(db, key, [cacheTags.cohortFigures], () => listUsers(db, filter));
}

/** Every cohort with its learner count, active first. */
export async function adminCohorts(_admin: Admin) {
  const db = await getDb();
  return cached(db, "admin-cohorts", [cacheTags.cohortFigures], () => listCohorts(db));
}

/** One cohort with its members and the coaches to assign; a malformed or unknown id is a 404. */
export async function adminCohort(_admin: Admin, rawId: string) {
  const detail = await cohortDetail(await getDb(), parseId(rawId));
  if (!detail) notFound();
  return detail;
}

/** The latest audit entries matching the filter. */
export async function adminAudit(_admin: Admin, filter: { entity?: string; action?: string; actor?: string }) {
  return listAudit(await getDb(), filter);
}
