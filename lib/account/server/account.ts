import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog, examAttempts, loginThrottle, mailOutbox, planTasks, repairPlans, users, type Role } from "@/db/schema";
import { ActionError } from "@/lib/action-error";
import { removeLearnerFromRollups } from "@/lib/analytics/server/rollups";
import { THROTTLED_SIGN_IN_ERROR } from "@/lib/auth/messages";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { clearKey, lockedUntil, recordFailure, throttleKey } from "@/lib/auth/server/throttle";
import type { ChangePasswordInput, DeleteAccountInput, ProfileInput } from "@/lib/validation/account";

export const WRONG_CURRENT_PASSWORD = "That is not your current password.";
/** The form-level message beside a field error, as the action wrapper words a validation refusal. */
const CORRECT_FIELDS = "Please correct the highlighted fields. Nothing was changed.";

/** The account's owner, as the action wrapper hands it over (read from the database). */
export interface AccountOwner {
  id: string;
}

/**
 * Checks the password the person has now, with the sign-in's per-account throttle: a wrong one
 * counts as a failed sign-in of the account, so the account page is no faster way to guess a
 * password than the sign-in form (whose lock then holds here too). Only this one account can be
 * tried from a session, so the per-address count of the sign-in adds nothing here.
 */
async function assertCurrentPassword(db: Db, user: { email: string; passwordHash: string }, password: string, now = new Date()): Promise<void> {
  const accountKey = throttleKey("account", user.email);
  if (await lockedUntil(db, [accountKey], now)) throw new ActionError("forbidden", THROTTLED_SIGN_IN_ERROR);
  if (!(await verifyPassword(user.passwordHash, password))) {
    await recordFailure(db, "account", accountKey, now);
    throw new ActionError("invalid", CORRECT_FIELDS, { currentPassword: [WRONG_CURRENT_PASSWORD] });
  }
  await clearKey(db, accountKey);
}

async function accountRow(db: Db, userId: string) {
  const [row] = await db
    .select({ id: users.id, email: users.email, role: users.role, active: users.active, passwordHash: users.passwordHash, mustChangePassword: users.mustChangePassword })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!row || !row.active) throw new ActionError("unauthenticated", "Your session has ended. Sign in again to continue.");
  return row;
}

export interface PasswordChanged {
  email: string;
  /** The password replaced was a one-time password (admin reset, admin create, admin:create). */
  wasOneTime: boolean;
}

/**
 * Replaces the person's password: the current one is required, the one-time-password flag is
 * cleared, and the session version moves on so every session minted before (other browsers, a
 * stolen cookie) stops working. The caller signs the current browser in again with the new
 * password. The write only lands if the password is still the one just checked, so two changes
 * at once cannot both win.
 */
export async function changePassword(db: Db, owner: AccountOwner, input: Pick<ChangePasswordInput, "currentPassword" | "newPassword">): Promise<PasswordChanged> {
  const row = await accountRow(db, owner.id);
  await assertCurrentPassword(db, row, input.currentPassword);
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(and(eq(users.id, owner.id), eq(users.passwordHash, row.passwordHash)))
      .returning({ id: users.id });
    if (!updated.length) throw new ActionError("conflict", "Your password was changed somewhere else just now. Sign in again with the new one.");
    // Who and when only: no password, hash or email goes into the audit log.
    await tx.insert(auditLog).values({ actorId: owner.id, action: "user.password-change", entity: "user", entityId: owner.id, after: { oneTime: row.mustChangePassword } });
  });
  return { email: row.email, wasOneTime: row.mustChangePassword };
}

export async function updateProfile(db: Db, owner: AccountOwner, input: ProfileInput): Promise<void> {
  const updated = await db.update(users).set({ name: input.name, timeZone: input.timeZone }).where(eq(users.id, owner.id)).returning({ id: users.id });
  if (!updated.length) throw new ActionError("unauthenticated", "Your session has ended. Sign in again to continue.");
}

/** Roles that may delete their own account here; coaches and admins are removed by an admin. */
export const SELF_DELETING_ROLES: readonly Role[] = ["learner"];

export const EMAIL_MISMATCH = "Type the email address of this account exactly as shown.";

/**
 * Deletes a learner's own account after the checks a person must pass: the typed email matches
 * the account's and the current password is right (throttled like a sign-in).
 */
export async function deleteLearnerAccount(db: Db, owner: AccountOwner, input: DeleteAccountInput): Promise<void> {
  const row = await accountRow(db, owner.id);
  if (!SELF_DELETING_ROLES.includes(row.role)) throw new ActionError("forbidden", "Only learners can delete their own account; ask an admin.");
  if (input.confirmEmail !== row.email) throw new ActionError("invalid", CORRECT_FIELDS, { confirmEmail: [EMAIL_MISMATCH] });
  await assertCurrentPassword(db, row, input.currentPassword);
  // A deadlock with an admin changing this learner's cohorts at the same instant: one more go.
  try {
    await eraseLearner(db, owner.id, row.passwordHash);
  } catch (err) {
    if (!isDeadlock(err)) throw err;
    await eraseLearner(db, owner.id, row.passwordHash);
  }
}

function isDeadlock(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === "40P01") return true;
  }
  return false;
}

/**
 * Erases a learner and everything they own, in one transaction:
 * - the analytics rollups first lose the learner (lib/analytics/server/rollups.ts, under the learner's
 *   learner_exams locks, as every rollup writer takes them), so cohort figures stay equal to a
 *   recomputation from the remaining rows;
 * - the user row goes, and with it by cascade their enrolments, attempts (bars, categories),
 *   practice sets (answers), repair plans (tasks, evidence), cohort memberships and coach assignment;
 * - audit entries about them keep who-did-what-when but lose their contents (notes, scores,
 *   evidence links, their email in a cohort paste); their sign-in throttle row (keyed by email)
 *   and the mails composed for them go (lib/account/server/export.ts lists every reference to users);
 * - one audit entry records the deletion with the user id and nothing else about the person.
 * With `expectedHash`, the deletion stops if the password changed since it was checked.
 */
export async function eraseLearner(db: Db, learnerId: string, expectedHash?: string): Promise<void> {
  await db.transaction(async (tx) => {
    await removeLearnerFromRollups(tx, learnerId);
    // Re-read under the locks: a role change or a password reset meanwhile stops the deletion.
    const [locked] = await tx.select({ role: users.role, email: users.email, passwordHash: users.passwordHash }).from(users).where(eq(users.id, learnerId)).for("update");
    if (!locked || !SELF_DELETING_ROLES.includes(locked.role) || (expectedHash !== undefined && locked.passwordHash !== expectedHash)) {
      throw new ActionError("conflict", "Your account changed just now; nothing was deleted. Reload the page and try again.");
    }
    await redactAuditEntries(tx, learnerId, locked.email);
    await tx.delete(loginThrottle).where(eq(loginThrottle.key, throttleKey("account", locked.email)));
    // Mails to this person go too: those with their id also go by cascade, this catches any sent to the address alone.
    await tx.delete(mailOutbox).where(or(eq(mailOutbox.userId, learnerId), eq(mailOutbox.toAddress, locked.email)));
    await tx.delete(users).where(eq(users.id, learnerId));
    await tx.insert(auditLog).values({ actorId: null, action: "user.delete-self", entity: "user", entityId: learnerId });
  });
}

const REDACTED = { redacted: "account deleted" };

/** Empties the contents of audit entries by or about the learner; the entries themselves stay. */
async function redactAuditEntries(tx: Db, learnerId: string, email: string): Promise<void> {
  const attempts = tx.select({ id: sql<string>`${examAttempts.id}::text` }).from(examAttempts).where(eq(examAttempts.learnerId, learnerId));
  const plans = tx.select({ id: sql<string>`${repairPlans.id}::text` }).from(repairPlans).where(eq(repairPlans.learnerId, learnerId));
  const tasks = tx
    .select({ id: sql<string>`${planTasks.id}::text` })
    .from(planTasks)
    .innerJoin(repairPlans, eq(repairPlans.id, planTasks.planId))
    .where(eq(repairPlans.learnerId, learnerId));
  await tx
    .update(auditLog)
    .set({ before: null, after: REDACTED })
    .where(
      or(
        eq(auditLog.actorId, learnerId),
        and(eq(auditLog.entity, "user"), eq(auditLog.entityId, learnerId)),
        and(eq(auditLog.entity, "exam_attempt"), inArray(auditLog.entityId, attempts)),
        and(eq(auditLog.entity, "repair_plan"), inArray(auditLog.entityId, plans)),
        and(eq(auditLog.entity, "plan_task"), inArray(auditLog.entityId, tasks)),
      ),
    );
  // A cohort paste lists the emails added: this one becomes a placeholder, the others stay.
  await tx.execute(sql`
    update audit_log set after = jsonb_set(after, '{added}', (
      select jsonb_agg(case when e = to_jsonb(${email}::text) then to_jsonb('(deleted account)'::text) else e end order by n)
      from jsonb_array_elements(after->'added') with ordinality as x(e, n)))
    where action = 'cohort.members.add' and jsonb_typeof(after->'added') = 'array' and after->'added' ? ${email}`);
}
