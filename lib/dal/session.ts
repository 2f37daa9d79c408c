import "server-only";
import { eq } from "drizzle-orm";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/auth";
import { getDb } from "@/db/client";
import { users, type Role } from "@/db/schema";

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  timeZone: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The signed-in user as the database says now: a deactivated or demoted user loses access on
 * the next request, and a token minted before a sign-out (older session version) stops working.
 * Cached per request so a page and its actions look the user up once.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id || !UUID.test(id)) return null;
  const db = await getDb();
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      timeZone: users.timeZone,
      active: users.active,
      sessionVersion: users.sessionVersion,
    })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  if (!row || !row.active || row.sessionVersion !== session.sv) return null;
  return { id: row.id, email: row.email, name: row.name, role: row.role, timeZone: row.timeZone };
});

export async function requireUser(returnTo = "/"): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

export async function requireRole(roles: readonly Role[], returnTo = "/"): Promise<CurrentUser> {
  const user = await requireUser(returnTo);
  if (!roles.includes(user.role)) forbidden();
  return user;
}

export const HOME_BY_ROLE: Record<Role, string> = { learner: "/learn", coach: "/coach", admin: "/admin" };
