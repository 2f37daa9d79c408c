import "server-only";
import { count, desc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { mailOutbox } from "@/db/schema";
import type { Admin } from "./guard";

export const MAIL_STATUSES = ["kept", "queued", "sending", "sent", "failed"] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

export interface OutboxRow {
  id: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/**
 * The mail outbox for admins: without SMTP the only way a mail reaches anyone; with SMTP, where a
 * failing mail shows up. A reset link that was delivered is not shown again (it still works for
 * up to 30 minutes, and only its addressee should hold it).
 */
export async function mailOutboxView(_admin: Admin, status: MailStatus | null, limit = 100): Promise<{ rows: OutboxRow[]; counts: Record<string, number> }> {
  const db = await getDb();
  const rows = await db
    .select()
    .from(mailOutbox)
    .where(status ? eq(mailOutbox.status, status) : undefined)
    .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
    .limit(limit);
  const counts = Object.fromEntries((await db.select({ status: mailOutbox.status, n: count() }).from(mailOutbox).groupBy(mailOutbox.status)).map((r) => [r.status, Number(r.n)]));
  return {
    counts,
    rows: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      to: r.toAddress,
      subject: r.subject,
      text: r.kind === "password-reset" && r.status !== "kept" ? "(The reset link was handed to the mail server; it is not shown here.)" : r.textBody,
      status: r.status,
      attempts: r.attempts,
      lastError: r.lastError,
      createdAt: r.createdAt,
      sentAt: r.sentAt,
    })),
  };
}
