import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { notificationPreferences, notifications } from "@/db/schema";
import { composeMail, type MailContent } from "@/lib/mail/compose";
import { queueMail } from "@/lib/mail/server/outbox";
import type { MailSettings } from "@/lib/mail/server/settings";
import { signUnsubscribe } from "@/lib/mail/unsubscribe-token";
import { KIND_INFO, REMINDER_KINDS, type ReminderKind } from "../kinds";

export interface ChannelPrefs {
  email: boolean;
  inApp: boolean;
}

export const DEFAULT_PREFS: ChannelPrefs = { email: true, inApp: true };

export async function getPreferences(db: Db, userId: string): Promise<Record<ReminderKind, ChannelPrefs>> {
  const rows = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
  return Object.fromEntries(
    REMINDER_KINDS.map((k) => {
      const r = rows.find((x) => x.kind === k);
      return [k, r ? { email: r.email, inApp: r.inApp } : { ...DEFAULT_PREFS }];
    }),
  ) as Record<ReminderKind, ChannelPrefs>;
}

export async function setPreference(db: Db, userId: string, kind: ReminderKind, prefs: Partial<ChannelPrefs>): Promise<void> {
  const values = { ...DEFAULT_PREFS, ...prefs };
  await db
    .insert(notificationPreferences)
    .values({ userId, kind, ...values })
    .onConflictDoUpdate({
      target: [notificationPreferences.userId, notificationPreferences.kind],
      set: { ...prefs, updatedAt: sql`now()` },
    });
}

export interface Recipient {
  id: string;
  email: string;
  name: string;
  timeZone: string;
}

export interface NotifyInput {
  to: Recipient;
  kind: ReminderKind;
  /** Names the event: a second notify with the same key adds nothing (another instance, a retry). */
  dedupeKey: string;
  title: string;
  body: string;
  /** Same-site path, for the in-app entry and the mail's button. */
  href: string;
  mail: Omit<MailContent, "name" | "action"> & { actionLabel: string };
}

/** Sends one reminder through the channels the person has left on: the in-app list and email. */
export async function notify(db: Db, settings: MailSettings, input: NotifyInput): Promise<{ inApp: boolean; mailId: string | null }> {
  const prefs = (await getPreferences(db, input.to.id))[input.kind];
  let inApp = false;
  if (prefs.inApp) {
    const rows = await db
      .insert(notifications)
      .values({ userId: input.to.id, kind: input.kind, title: input.title, body: input.body, href: input.href, dedupeKey: input.dedupeKey })
      .onConflictDoNothing({ target: notifications.dedupeKey })
      .returning({ id: notifications.id });
    inApp = rows.length > 0;
  }
  let mailId: string | null = null;
  if (prefs.email) {
    const token = encodeURIComponent(signUnsubscribe(settings.secret, input.to.id, input.kind));
    const mail = composeMail(
      { ...input.mail, name: input.to.name, action: { label: input.mail.actionLabel, url: `${settings.origin}${input.href}` } },
      { pageUrl: `${settings.origin}/unsubscribe?token=${token}`, oneClickUrl: `${settings.origin}/api/unsubscribe?token=${token}`, kindLabel: KIND_INFO[input.kind].label },
    );
    mailId = await queueMail(db, { userId: input.to.id, kind: input.kind, to: input.to.email, dedupeKey: input.dedupeKey, mail }, settings.smtp, settings.mailRetry);
  }
  return { inApp, mailId };
}

export interface NotificationItem {
  id: string;
  kind: string;
  title: string;
  body: string;
  href: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export async function listNotifications(db: Db, userId: string, limit = 50): Promise<NotificationItem[]> {
  return db
    .select({ id: notifications.id, kind: notifications.kind, title: notifications.title, body: notifications.body, href: notifications.href, createdAt: notifications.createdAt, readAt: notifications.readAt })
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}

export async function unreadCount(db: Db, userId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Marks one of the user's own notifications read; false when it is not theirs (or does not exist). */
export async function markRead(db: Db, userId: string, id: string): Promise<boolean> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning({ id: notifications.id });
  return rows.length > 0;
}

export async function markAllRead(db: Db, userId: string): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}
