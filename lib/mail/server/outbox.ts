import { and, eq, sql } from "drizzle-orm";
import nodemailer from "nodemailer";
import type { Db } from "@/db/client";
import { mailOutbox } from "@/db/schema";
import { enqueue, QUEUES } from "@/lib/jobs/server/queue";
import type { ComposedMail } from "../compose";

/** What sends a composed message: nodemailer's SMTP transport in the app, anything alike in tests. */
export interface MailTransport {
  sendMail(message: { from: string; to: string; subject: string; text: string; html: string; headers: Record<string, string>; messageId?: string }): Promise<unknown>;
}

export function smtpTransport(url: string): MailTransport {
  // Pooled: a digest morning sends many mails over a few connections, not one handshake each.
  return nodemailer.createTransport(url, { pool: true, maxConnections: 3 } as never) as unknown as MailTransport;
}

/** Retries of a mail that SMTP refused: 1 min, 2, 4, 8, 16 (then "failed", for admins to see). */
export const MAIL_RETRY = { retryLimit: 5, retryDelay: 60, retryBackoff: true, expireInSeconds: 120 } as const;
/** How long a worker's claim on a mail holds: past it, a crashed worker's mail may be sent by another. */
const CLAIM_SECONDS = 120;

export interface QueueMailInput {
  userId: string | null;
  kind: string;
  to: string;
  /** Names the event the mail reports: the same key never makes a second mail. */
  dedupeKey: string;
  mail: ComposedMail;
}

/**
 * Stores a mail and, when SMTP is configured, enqueues the job that sends it, on `db` (the
 * caller's transaction when there is one). Without SMTP the mail is "kept" for admins to read.
 * Returns the row id, or null when a mail with this dedupe key exists already.
 */
export type MailRetry = Partial<Record<"retryLimit" | "retryDelay" | "expireInSeconds", number> & { retryBackoff: boolean }>;

export async function queueMail(db: Db, input: QueueMailInput, smtp: boolean, retry: MailRetry = {}): Promise<string | null> {
  const [row] = await db
    .insert(mailOutbox)
    .values({
      userId: input.userId,
      kind: input.kind,
      toAddress: input.to,
      subject: input.mail.subject,
      textBody: input.mail.text,
      htmlBody: input.mail.html,
      headers: input.mail.headers,
      status: smtp ? "queued" : "kept",
      dedupeKey: input.dedupeKey,
    })
    .onConflictDoNothing({ target: mailOutbox.dedupeKey })
    .returning({ id: mailOutbox.id });
  if (!row) return null;
  if (smtp) await enqueue(db, QUEUES.mail, { mailId: row.id }, { singletonKey: `mail:${row.id}`, ...MAIL_RETRY, ...retry });
  return row.id;
}

export type DeliveryResult = "sent" | "already-done";

/**
 * Sends one queued mail. A conditional update claims it first, so two workers never send the same
 * row; a claim held by a live worker makes this attempt fail (pg-boss retries it later), a lapsed
 * claim (its worker died) is taken over. On an SMTP error the mail goes back to "queued" with the
 * error, or to "failed" on the last attempt, and the error is rethrown for pg-boss's retry.
 *
 * Delivery is at least once only in one narrow case: a worker that dies after the SMTP server
 * accepted the message and before the row says "sent" (SMTP has no way to ask "did you get it?").
 */
export async function deliverQueuedMail(
  db: Db,
  transport: MailTransport,
  from: string,
  mailId: string,
  lastAttempt: boolean,
  claimSeconds = CLAIM_SECONDS,
): Promise<DeliveryResult> {
  const claimed = await db
    .update(mailOutbox)
    .set({ status: "sending", claimedUntil: sql`now() + make_interval(secs => ${claimSeconds})`, attempts: sql`${mailOutbox.attempts} + 1` })
    .where(
      and(
        eq(mailOutbox.id, mailId),
        sql`(${mailOutbox.status} = 'queued' or (${mailOutbox.status} = 'sending' and ${mailOutbox.claimedUntil} < now()))`,
      ),
    )
    .returning();
  const row = claimed[0];
  if (!row) {
    const [current] = await db.select({ status: mailOutbox.status }).from(mailOutbox).where(eq(mailOutbox.id, mailId));
    if (!current || current.status !== "sending") return "already-done";
    throw new Error(`Mail ${mailId} is being sent by another worker.`);
  }
  try {
    await transport.sendMail({
      from,
      to: row.toAddress,
      subject: row.subject,
      text: row.textBody,
      html: row.htmlBody,
      headers: row.headers as Record<string, string>,
      messageId: `<${row.id}@retake-coach>`,
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await db
      .update(mailOutbox)
      .set({ status: lastAttempt ? "failed" : "queued", lastError: message.slice(0, 1000), claimedUntil: null })
      .where(eq(mailOutbox.id, mailId));
    throw err;
  }
  await db.update(mailOutbox).set({ status: "sent", sentAt: sql`now()`, claimedUntil: null, lastError: null }).where(eq(mailOutbox.id, mailId));
  return "sent";
}
