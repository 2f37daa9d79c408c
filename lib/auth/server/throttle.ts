import { and, eq, gt, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { loginThrottle } from "@/db/schema";

/**
 * Failed sign-ins are counted per account and per client address in the database (so a restart
 * does not reset them). Crossing the limit inside the window locks that key for lockMs.
 */
export const THROTTLE_RULES = {
  account: { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  ip: { maxFailures: 50, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
} as const;

export type ThrottleKind = keyof typeof THROTTLE_RULES;

export function throttleKey(kind: ThrottleKind, value: string): string {
  return `${kind}:${value.toLowerCase()}`;
}

/** The latest instant until which any of the keys is locked, or null when none is. */
export async function lockedUntil(db: Db, keys: string[], now: Date): Promise<Date | null> {
  if (keys.length === 0) return null;
  const rows = await db
    .select({ lockedUntil: loginThrottle.lockedUntil })
    .from(loginThrottle)
    .where(and(inArray(loginThrottle.key, keys), gt(loginThrottle.lockedUntil, now)));
  let latest: Date | null = null;
  for (const r of rows) if (r.lockedUntil && (!latest || r.lockedUntil > latest)) latest = r.lockedUntil;
  return latest;
}

export async function recordFailure(db: Db, kind: ThrottleKind, key: string, now: Date): Promise<void> {
  const rule = THROTTLE_RULES[kind];
  const windowFloor = new Date(now.getTime() - rule.windowMs);
  const lockUntil = new Date(now.getTime() + rule.lockMs);
  // Raw SQL parameters go to the drivers as ISO strings (postgres.js does not serialise Date here).
  const floorAt = sql`${windowFloor.toISOString()}::timestamptz`;
  const nowAt = sql`${now.toISOString()}::timestamptz`;
  const lockAt = sql`${lockUntil.toISOString()}::timestamptz`;
  // One statement, so concurrent failures cannot lose a count.
  await db
    .insert(loginThrottle)
    .values({ key, failures: 1, windowStart: now, lockedUntil: rule.maxFailures <= 1 ? lockUntil : null })
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: {
        failures: sql`case when ${loginThrottle.windowStart} < ${floorAt} then 1 else ${loginThrottle.failures} + 1 end`,
        windowStart: sql`case when ${loginThrottle.windowStart} < ${floorAt} then ${nowAt} else ${loginThrottle.windowStart} end`,
        lockedUntil: sql`case
          when (case when ${loginThrottle.windowStart} < ${floorAt} then 1 else ${loginThrottle.failures} + 1 end) >= ${rule.maxFailures}
          then ${lockAt} else ${loginThrottle.lockedUntil} end`,
      },
    });
}

export async function clearKey(db: Db, key: string): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.key, key));
}
