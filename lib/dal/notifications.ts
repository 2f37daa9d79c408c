import "server-only";
import { cache } from "react";
import { getDb } from "@/db/client";
import type { ReminderKind } from "@/lib/notifications/kinds";
import { getPreferences, listNotifications, unreadCount, type ChannelPrefs, type NotificationItem } from "@/lib/notifications/server/notifications";
import type { CurrentUser } from "./session";

/** The header bell's number: the signed-in person's unread notifications (once per request). */
export const unreadNotificationCount = cache(async (userId: string): Promise<number> => unreadCount(await getDb(), userId));

/** The person's own notifications, newest first. */
export async function myNotifications(user: CurrentUser, limit = 50): Promise<NotificationItem[]> {
  return listNotifications(await getDb(), user.id, limit);
}

/** The person's own reminder choices, per kind. */
export async function myReminderPreferences(user: CurrentUser): Promise<Record<ReminderKind, ChannelPrefs>> {
  return getPreferences(await getDb(), user.id);
}
