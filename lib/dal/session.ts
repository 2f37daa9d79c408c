import "server-only";
import { eq } from "drizzle-orm";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/auth";
import { getDb } from "@/db/client";
import { users, type Role } from "@/db/schema";
import { isUuid } from "@/lib/validation/ids";

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  timeZone: string;
}

/** A signed-in user who may still owe a password change (the one-time password is in use). */
export interface SessionUser extends CurrentUser {
  mustChangePassword: boolean;
}

/** Where a user with a one-time password is sent, whatever they asked for. */
export const PASSWORD_CHANGE_PATH = "/account/password";

/**
 * The signed-in user as the database says now: a deactivated or demoted user loses access on
 * the next request, and a token minted before a sign-out (older session version) stops working.
 * Cached per request so a page and its actions look the user up once.
 *
 * This includes a user who still has to replace a one-time password. Only the password change
 * itself, sign-out and the account shell may use it directly; everything else goes through
 * getCurrentUser, which sends such a user to the change page.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id || !isUuid(id)) return null;
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
      mustChangePassword: users.mustChangePassword,
    })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  if (!row || !row.active || row.sessionVersion !== session.sv) return null;
  return { id: row.id, email: row.email, name: row.name, role: row.role, timeZone: row.timeZone, mustChangePassword: row.mustChangePassword };
});

/**
 * The signed-in user with full access, or null when signed out. The one gate for the forced
 * password change: a user still on a one-time password is redirected to PASSWORD_CHANGE_PATH
 * from every page, layout and route handler that asks (requireUser and the role guards of
 * lib/dal/guard.ts ask here), so no page can forget it. Server Actions refuse instead (lib/actions.ts), the autosave API too.
 */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const user = await getSessionUser();
  if (!user) return null;
  if (user.mustChangePassword) redirect(PASSWORD_CHANGE_PATH);
  return { id: user.id, email: user.email, name: user.name, role: user.role, timeZone: user.timeZone };
}

export async function requireUser(returnTo = "/"): Promise<CurrentUser> {
  // The same gate as getCurrentUser, which it then passes: the change page learns where to go next.
  const pending = await getSessionUser();
  if (pending?.mustChangePassword) redirect(returnTo === "/" ? PASSWORD_CHANGE_PATH : `${PASSWORD_CHANGE_PATH}?next=${encodeURIComponent(returnTo)}`);
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/** For the password change and the account shell only: signed in, one-time password or not. */
export async function requireSessionUser(returnTo = "/"): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

export const HOME_BY_ROLE: Record<Role, string> = { learner: "/learn", coach: "/coach", admin: "/admin" };
