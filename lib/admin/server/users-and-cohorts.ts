import crypto from "node:crypto";
import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog, coachAssignments, cohortMembers, cohorts, users, type Role } from "@/db/schema";
import { ActionError } from "@/lib/action-error";
import { isOneOf, ROLES } from "@/lib/enums";
import { applyMembershipChange } from "@/lib/analytics/server/rollups";
import { hashPassword } from "@/lib/auth/password";

interface Actor {
  id: string;
}

/** A one-time password: shown to the admin once, never stored in clear. */
export function oneTimePassword(): string {
  return crypto.randomBytes(12).toString("base64url");
}

export async function listUsers(db: Db, filter: { q?: string; role?: string }) {
  const where: SQL[] = [];
  if (isOneOf(ROLES, filter.role)) where.push(eq(users.role, filter.role));
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(users.email, like), ilike(users.name, like))!);
  }
  return db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role, active: users.active, timeZone: users.timeZone, createdAt: users.createdAt })
    .from(users)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(users.role), asc(users.name))
    .limit(500);
}

export async function createStaff(db: Db, actor: Actor, input: { name: string; email: string; role: Role; timeZone: string }): Promise<string> {
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const inserted = await tx.insert(users).values({ ...input, passwordHash, mustChangePassword: true }).onConflictDoNothing({ target: users.email }).returning({ id: users.id });
    if (!inserted.length) throw new ActionError("conflict", "An account with this email exists already.", { email: ["An account with this email exists already."] });
    await tx.insert(auditLog).values({ actorId: actor.id, action: "user.create", entity: "user", entityId: inserted[0]!.id, after: { email: input.email, role: input.role } });
  });
  return password;
}

async function lockedUser(tx: Db, id: string) {
  const [u] = await tx.select().from(users).where(eq(users.id, id)).for("update");
  if (!u) throw new ActionError("not-found", "That user does not exist.");
  return u;
}

/** Keeps at least one active admin, so the programme can never lock itself out. */
async function assertAnotherAdmin(tx: Db, exceptId: string): Promise<void> {
  const [{ n }] = (await tx
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.active, true), sql`${users.id} <> ${exceptId}`))) as [{ n: number }];
  if (n === 0) throw new ActionError("conflict", "This is the last active admin: make someone else an admin first.");
}

export async function changeRole(db: Db, actor: Actor, userId: string, role: Role): Promise<void> {
  await db.transaction(async (tx) => {
    const u = await lockedUser(tx, userId);
    if (u.role === role) return;
    if (u.role === "admin") await assertAnotherAdmin(tx, userId);
    await tx.update(users).set({ role }).where(eq(users.id, userId));
    // A learner's coach assignment or a coach's learners no longer make sense after a role change.
    if (u.role === "coach") await tx.delete(coachAssignments).where(eq(coachAssignments.coachId, userId));
    if (u.role === "learner") await tx.delete(coachAssignments).where(eq(coachAssignments.learnerId, userId));
    await tx.insert(auditLog).values({ actorId: actor.id, action: "user.role", entity: "user", entityId: userId, before: { role: u.role }, after: { role } });
  });
}

export async function setActive(db: Db, actor: Actor, userId: string, active: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    const u = await lockedUser(tx, userId);
    if (u.active === active) return;
    if (!active && u.role === "admin") await assertAnotherAdmin(tx, userId);
    if (!active && userId === actor.id) throw new ActionError("conflict", "You cannot deactivate yourself.");
    await tx.update(users).set({ active }).where(eq(users.id, userId));
    await tx.insert(auditLog).values({ actorId: actor.id, action: active ? "user.reactivate" : "user.deactivate", entity: "user", entityId: userId, before: { active: u.active }, after: { active } });
  });
}

/** Sets a one-time password and retires the user's existing sessions. */
export async function resetPassword(db: Db, actor: Actor, userId: string): Promise<string> {
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await lockedUser(tx, userId);
    await tx.update(users).set({ passwordHash, mustChangePassword: true, sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, userId));
    await tx.insert(auditLog).values({ actorId: actor.id, action: "user.password-reset", entity: "user", entityId: userId });
  });
  return password;
}

export async function listCohorts(db: Db) {
  return db
    .select({ id: cohorts.id, name: cohorts.name, archived: cohorts.archived, learners: sql<number>`count(${cohortMembers.learnerId})`.mapWith(Number) })
    .from(cohorts)
    .leftJoin(cohortMembers, eq(cohortMembers.cohortId, cohorts.id))
    .groupBy(cohorts.id)
    .orderBy(asc(cohorts.archived), asc(cohorts.name));
}

export async function createCohort(db: Db, actor: Actor, name: string): Promise<string> {
  const [row] = await db.insert(cohorts).values({ name }).returning({ id: cohorts.id });
  await db.insert(auditLog).values({ actorId: actor.id, action: "cohort.create", entity: "cohort", entityId: row!.id, after: { name } });
  return row!.id;
}

export async function updateCohort(db: Db, actor: Actor, id: string, patch: { name?: string; archived?: boolean }): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(cohorts).where(eq(cohorts.id, id)).for("update");
    if (!before) throw new ActionError("not-found", "That cohort does not exist.");
    await tx.update(cohorts).set(patch).where(eq(cohorts.id, id));
    await tx.insert(auditLog).values({ actorId: actor.id, action: "cohort.update", entity: "cohort", entityId: id, before: { name: before.name, archived: before.archived }, after: patch });
  });
}

export async function cohortDetail(db: Db, id: string) {
  const [cohort] = await db.select().from(cohorts).where(eq(cohorts.id, id));
  if (!cohort) return null;
  const coach = sql<string | null>`(select c.name from coach_assignments ca join users c on c.id = ca.coach_id where ca.learner_id = ${users.id})`;
  const members = await db
    .select({ id: users.id, name: users.name, email: users.email, active: users.active, coach })
    .from(cohortMembers)
    .innerJoin(users, eq(users.id, cohortMembers.learnerId))
    .where(eq(cohortMembers.cohortId, id))
    .orderBy(asc(users.name));
  const coaches = await db.select({ id: users.id, name: users.name }).from(users).where(and(eq(users.role, "coach"), eq(users.active, true))).orderBy(asc(users.name));
  return { cohort, members, coaches };
}

export type AddResult = { email: string; result: "added" | "already a member" | "no such learner" | "not a learner" | "invalid email" };

/** Adds learners by email, one result per line; the whole paste is one transaction. */
export async function addMembersByEmail(db: Db, actor: Actor, cohortId: string, emails: string[]): Promise<AddResult[]> {
  return db.transaction(async (tx) => {
    const [cohort] = await tx.select().from(cohorts).where(eq(cohorts.id, cohortId)).for("update");
    if (!cohort) throw new ActionError("not-found", "That cohort does not exist.");
    if (cohort.archived) throw new ActionError("conflict", "This cohort is archived; restore it to change its members.");
    const normalised = emails.map((e) => e.trim().toLowerCase()).filter(Boolean);
    const valid = normalised.filter((e) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e) && e.length <= 254);
    const found = valid.length ? await tx.select({ id: users.id, email: users.email, role: users.role }).from(users).where(inArray(users.email, valid)) : [];
    const byEmail = new Map(found.map((u) => [u.email, u]));
    const addedIds: string[] = [];
    const results: AddResult[] = [];
    for (const email of normalised) {
      const u = byEmail.get(email);
      if (!valid.includes(email)) results.push({ email, result: "invalid email" });
      else if (!u) results.push({ email, result: "no such learner" });
      else if (u.role !== "learner") results.push({ email, result: "not a learner" });
      else {
        const inserted = await tx.insert(cohortMembers).values({ cohortId, learnerId: u.id }).onConflictDoNothing().returning({ id: cohortMembers.learnerId });
        if (inserted.length) addedIds.push(u.id);
        results.push({ email, result: inserted.length ? "added" : "already a member" });
      }
    }
    // The cohort's analytics rollups follow its membership in the same transaction.
    await applyMembershipChange(tx, cohortId, addedIds, 1);
    const added = results.filter((r) => r.result === "added").map((r) => r.email);
    if (added.length) await tx.insert(auditLog).values({ actorId: actor.id, action: "cohort.members.add", entity: "cohort", entityId: cohortId, after: { added } });
    return results;
  });
}

export async function removeMember(db: Db, actor: Actor, cohortId: string, learnerId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const removed = await tx
      .delete(cohortMembers)
      .where(and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.learnerId, learnerId)))
      .returning({ id: cohortMembers.learnerId });
    if (!removed.length) throw new ActionError("not-found", "That learner is not in this cohort.");
    // The cohort's analytics rollups follow its membership in the same transaction.
    await applyMembershipChange(tx, cohortId, [learnerId], -1);
    await tx.insert(auditLog).values({ actorId: actor.id, action: "cohort.members.remove", entity: "cohort", entityId: cohortId, before: { learnerId } });
  });
}

/** Assigns one coach to the given learners (replacing their previous coach). */
export async function assignCoach(db: Db, actor: Actor, coachId: string, learnerIds: string[]): Promise<number> {
  return db.transaction(async (tx) => {
    const [coach] = await tx.select({ role: users.role, active: users.active }).from(users).where(eq(users.id, coachId));
    if (!coach || coach.role !== "coach" || !coach.active) throw new ActionError("invalid", "Choose an active coach.", { coachId: ["Choose an active coach."] });
    const learners = await tx.select({ id: users.id }).from(users).where(and(inArray(users.id, learnerIds), eq(users.role, "learner")));
    if (learners.length !== learnerIds.length) throw new ActionError("invalid", "Some of the chosen people are not learners.");
    const before = await tx.select().from(coachAssignments).where(inArray(coachAssignments.learnerId, learnerIds));
    for (const l of learners) {
      await tx
        .insert(coachAssignments)
        .values({ learnerId: l.id, coachId })
        .onConflictDoUpdate({ target: coachAssignments.learnerId, set: { coachId, assignedAt: new Date() } });
    }
    await tx.insert(auditLog).values({
      actorId: actor.id,
      action: "coach.assign",
      entity: "coach_assignment",
      before: before.map((b) => ({ learnerId: b.learnerId, coachId: b.coachId })),
      after: { coachId, learnerIds },
    });
    return learners.length;
  });
}

export async function listAudit(db: Db, filter: { entity?: string; action?: string; actor?: string }, limit = 200) {
  const where: SQL[] = [];
  if (filter.entity) where.push(eq(auditLog.entity, filter.entity));
  if (filter.action) where.push(ilike(auditLog.action, `${filter.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  if (filter.actor) where.push(ilike(users.email, `%${filter.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  return db
    .select({ id: auditLog.id, at: auditLog.at, action: auditLog.action, entity: auditLog.entity, entityId: auditLog.entityId, before: auditLog.before, after: auditLog.after, actor: users.email })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.at))
    .limit(limit);
}

export interface FirstAdminResult {
  userId: string;
  created: boolean;
  password: string;
}

/**
 * The operator's way in (`npm run admin:create`): creates the account, or promotes and
 * reactivates an existing one, as an admin with a fresh one-time password that must be replaced
 * at the first sign-in. Every session of an existing account is retired.
 */
export async function createOrPromoteAdmin(db: Db, input: { email: string; name: string; timeZone?: string }): Promise<FirstAdminResult> {
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(users).where(eq(users.email, input.email)).for("update");
    if (existing) {
      await tx
        .update(users)
        .set({ role: "admin", active: true, name: input.name, passwordHash, mustChangePassword: true, sessionVersion: sql`${users.sessionVersion} + 1` })
        .where(eq(users.id, existing.id));
      if (existing.role === "learner") await tx.delete(coachAssignments).where(eq(coachAssignments.learnerId, existing.id));
      if (existing.role === "coach") await tx.delete(coachAssignments).where(eq(coachAssignments.coachId, existing.id));
      await tx.insert(auditLog).values({
        actorId: null,
        action: "user.promote-admin",
        entity: "user",
        entityId: existing.id,
        before: { role: existing.role, active: existing.active },
        after: { role: "admin", active: true, via: "admin:create" },
      });
      return { userId: existing.id, created: false, password };
    }
    const [row] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, role: "admin", timeZone: input.timeZone ?? "UTC", passwordHash, mustChangePassword: true })
      .returning({ id: users.id });
    await tx.insert(auditLog).values({ actorId: null, action: "user.create", entity: "user", entityId: row!.id, after: { email: input.email, role: "admin", via: "admin:create" } });
    return { userId: row!.id, created: true, password };
  });
}
