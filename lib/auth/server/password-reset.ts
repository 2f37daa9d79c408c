import crypto from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog, loginThrottle, passwordResetTokens, users } from "@/db/schema";
import { ActionError } from "@/lib/action-error";
import { formatLongDateTime } from "@/lib/format";
import { composeMail } from "@/lib/mail/compose";
import { queueMail } from "@/lib/mail/server/outbox";
import type { MailSettings } from "@/lib/mail/server/settings";
import { hashPassword } from "../password";
import { clearKey, throttleKey } from "./throttle";

/** A reset link works once, for this long. */
export const RESET_TTL_MS = 30 * 60_000;

/**
 * Requests per hour: per account (keyed by the email asked for, so an address without an account
 * is counted exactly like one with) and per client address. Past either limit the request is
 * answered as always and nothing is sent.
 */
export const RESET_THROTTLE = {
  account: { max: 3, windowMs: 60 * 60_000 },
  address: { max: 20, windowMs: 60 * 60_000 },
} as const;

/** The one answer to every request, whether the account exists, is throttled or not. */
export const RESET_REQUESTED_MESSAGE =
  "If an account uses that email address, a link to choose a new password is on its way. It works once, for 30 minutes. No mail? Check the address and your spam folder, then ask again.";
export const RESET_LINK_INVALID = "This reset link has expired or was already used. Ask for a new one.";

export function hashResetToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/** Counts one request against a key (one statement, so concurrent requests cannot lose a count); true while within the limit. */
async function withinLimit(db: Db, key: string, rule: { max: number; windowMs: number }, now: Date): Promise<boolean> {
  const floorAt = sql`${new Date(now.getTime() - rule.windowMs).toISOString()}::timestamptz`;
  const nowAt = sql`${now.toISOString()}::timestamptz`;
  const [row] = await db
    .insert(loginThrottle)
    .values({ key, failures: 1, windowStart: now })
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: {
        failures: sql`case when ${loginThrottle.windowStart} < ${floorAt} then 1 else ${loginThrottle.failures} + 1 end`,
        windowStart: sql`case when ${loginThrottle.windowStart} < ${floorAt} then ${nowAt} else ${loginThrottle.windowStart} end`,
      },
    })
    .returning({ n: loginThrottle.failures });
  return (row?.n ?? 0) <= rule.max;
}

export type ResetRequestOutcome = "sent" | "no-account" | "throttled";

/**
 * Sends (or keeps in the outbox) a single-use reset link for an active account. The caller answers
 * RESET_REQUESTED_MESSAGE whatever this returns: the outcome is for tests and logs only.
 */
export async function requestPasswordReset(db: Db, settings: MailSettings, input: { email: string; ip: string }, now = new Date()): Promise<ResetRequestOutcome> {
  return db.transaction(async (tx) => {
    const byAccount = await withinLimit(tx, `reset-account:${input.email.toLowerCase()}`, RESET_THROTTLE.account, now);
    const byAddress = await withinLimit(tx, `reset-address:${input.ip.toLowerCase()}`, RESET_THROTTLE.address, now);
    if (!byAccount || !byAddress) return "throttled";
    const [user] = await tx.select().from(users).where(eq(users.email, input.email.toLowerCase())).limit(1);
    if (!user || !user.active) return "no-account";
    const token = crypto.randomBytes(32).toString("base64url");
    const expiresAt = new Date(now.getTime() + RESET_TTL_MS);
    const [row] = await tx
      .insert(passwordResetTokens)
      .values({ userId: user.id, tokenHash: hashResetToken(token), createdAt: now, expiresAt })
      .returning({ id: passwordResetTokens.id });
    const mail = composeMail({
      subject: "Choose a new Retake Coach password",
      name: user.name,
      paragraphs: [
        `Someone, hopefully you, asked to reset the password of the Retake Coach account for ${user.email}.`,
        `The link below works once, until ${formatLongDateTime(expiresAt, user.timeZone)} (${user.timeZone === "UTC" ? "UTC" : `${user.timeZone} time`}). Using it signs you out everywhere.`,
        "If you did not ask for this, ignore this mail: your password stays as it is.",
      ],
      action: { label: "Choose a new password", url: `${settings.origin}/reset-password?token=${token}` },
    });
    await queueMail(tx, { userId: user.id, kind: "password-reset", to: user.email, dedupeKey: `password-reset:${row!.id}`, mail }, settings.smtp);
    return "sent";
  });
}

/** Whether a token would be accepted now (the reset page asks before showing the form; nothing is used up). */
export async function resetTokenIsValid(db: Db, token: string, now = new Date()): Promise<boolean> {
  const [row] = await db
    .select({ id: passwordResetTokens.id })
    .from(passwordResetTokens)
    .innerJoin(users, and(eq(users.id, passwordResetTokens.userId), eq(users.active, true)))
    .where(and(eq(passwordResetTokens.tokenHash, hashResetToken(token)), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, now)));
  return Boolean(row);
}

/**
 * Uses a reset token: the token is spent in the same statement that checks it (so two uses of one
 * link cannot both succeed), the password replaced, every session retired (session version
 * bumped), every other open link of the account spent too. Nobody is signed in.
 */
export async function resetPassword(db: Db, input: { token: string; password: string }, now = new Date()): Promise<void> {
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    const [spent] = await tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(and(eq(passwordResetTokens.tokenHash, hashResetToken(input.token)), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, now)))
      .returning({ userId: passwordResetTokens.userId });
    if (!spent) throw new ActionError("invalid", RESET_LINK_INVALID, { token: [RESET_LINK_INVALID] });
    const [user] = await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(and(eq(users.id, spent.userId), eq(users.active, true)))
      .returning({ id: users.id, email: users.email });
    if (!user) throw new ActionError("invalid", RESET_LINK_INVALID, { token: [RESET_LINK_INVALID] });
    await tx.update(passwordResetTokens).set({ usedAt: now }).where(and(eq(passwordResetTokens.userId, user.id), isNull(passwordResetTokens.usedAt)));
    // The person proved they own the address: a sign-in lock from earlier guesses is lifted.
    await clearKey(tx, throttleKey("account", user.email));
    await tx.insert(auditLog).values({ actorId: user.id, action: "user.password.reset-by-email", entity: "user", entityId: user.id });
  });
}
