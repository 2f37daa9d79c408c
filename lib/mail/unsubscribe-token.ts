import crypto from "node:crypto";
import { isReminderKind, type ReminderKind } from "@/lib/notifications/kinds";
import { isUuid } from "@/lib/validation/ids";

/**
 * One-click unsubscribe tokens: `<user id>.<kind>.<HMAC>`, signed with the app's secret under its
 * own purpose label (so no other signed value can be replayed as one). They do not expire: an
 * unsubscribe link in an old mail must keep working. They only ever turn one kind's email off.
 */
const PURPOSE = "retake-coach:unsubscribe:v1";

function mac(secret: string, userId: string, kind: ReminderKind): string {
  return crypto.createHmac("sha256", secret).update(`${PURPOSE}\u0000${userId}\u0000${kind}`).digest("base64url");
}

export function signUnsubscribe(secret: string, userId: string, kind: ReminderKind): string {
  return `${userId}.${kind}.${mac(secret, userId, kind)}`;
}

export function verifyUnsubscribe(secret: string, token: unknown): { userId: string; kind: ReminderKind } | null {
  if (typeof token !== "string" || token.length > 200) return null;
  const [userId, kind, sig, ...rest] = token.split(".");
  if (rest.length || !userId || !kind || !sig || !isUuid(userId) || !isReminderKind(kind)) return null;
  const expected = Buffer.from(mac(secret, userId, kind));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  return { userId, kind };
}
