import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users, type Role } from "@/db/schema";
import { signInSchema } from "@/lib/validation/auth";
import { verifyAgainstDummy, verifyPassword } from "../password";
import { clearKey, lockedUntil, recordFailure, throttleKey } from "./throttle";

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  sessionVersion: number;
}

export type AuthResult =
  | { ok: true; user: AuthenticatedUser }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAt: Date };

/**
 * Checks an email and password. Unknown email, wrong password and deactivated account all give
 * the same answer after the same work (one Argon2 comparison), so neither the message nor the
 * timing tells which it was.
 */
export async function authenticate(
  db: Db,
  input: { email: unknown; password: unknown; ip: string },
  now = new Date(),
): Promise<AuthResult> {
  const parsed = signInSchema.safeParse({ email: input.email, password: input.password });
  if (!parsed.success) {
    await verifyAgainstDummy(typeof input.password === "string" ? input.password.slice(0, 128) : "");
    return { ok: false, reason: "invalid" };
  }
  const { email, password } = parsed.data;
  const accountKey = throttleKey("account", email);
  const ipKey = throttleKey("ip", input.ip);

  const retryAt = await lockedUntil(db, [accountKey, ipKey], now);
  if (retryAt) return { ok: false, reason: "throttled", retryAt };

  const [row] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  const valid = row ? await verifyPassword(row.passwordHash, password) : await verifyAgainstDummy(password);
  if (!row || !valid || !row.active) {
    await recordFailure(db, "account", accountKey, now);
    await recordFailure(db, "ip", ipKey, now);
    return { ok: false, reason: "invalid" };
  }
  await clearKey(db, accountKey);
  return {
    ok: true,
    user: { id: row.id, email: row.email, name: row.name, role: row.role, sessionVersion: row.sessionVersion },
  };
}
