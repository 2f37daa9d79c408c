import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { verifyUnsubscribe } from "@/lib/mail/unsubscribe-token";
import type { ReminderKind } from "../kinds";
import { setPreference } from "./notifications";

/** Turns off one kind's email for the token's person. Null for a token that is not ours (or a person who is gone). */
export async function unsubscribeWithToken(db: Db, secret: string, token: unknown): Promise<{ kind: ReminderKind } | null> {
  const claims = verifyUnsubscribe(secret, token);
  if (!claims) return null;
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.id, claims.userId));
  if (!user) return null;
  await setPreference(db, claims.userId, claims.kind, { email: false });
  return { kind: claims.kind };
}
