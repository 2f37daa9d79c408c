import "server-only";
import { forbidden, notFound } from "next/navigation";
import type { Role } from "@/db/schema";
import { isUuid } from "@/lib/validation/ids";
import { requireUser, type CurrentUser } from "./session";

// The one place a role is checked. Pages, layouts and route handlers ask a guard here; the guard
// reads the user from the database (lib/dal/session.ts) and hands back a narrowed user, so a DAL
// function that takes a Coach or an Admin cannot be called with anyone else and checks nothing
// itself. Refusals: signed out → the sign-in page, wrong role → forbidden() (403), an id that is
// not an id → notFound() (404); never a plain Error (a 500). Server Actions get the same narrowed
// user from authedAction (lib/actions.ts), which answers a wrong role in the form instead.

/**
 * A user whose role is one of `R` (a union of roles gives a union of users). A CurrentUser, whose
 * role is any Role, is not one: only a guard below (or hasRole) turns it into one.
 */
export type UserOf<R extends Role> = R extends Role ? CurrentUser & { readonly role: R } : never;

export type Learner = UserOf<"learner">;
export type Coach = UserOf<"coach">;
export type Admin = UserOf<"admin">;
/** Who may read and write the question bank. */
export type BankEditor = UserOf<"coach" | "admin">;

export const BANK_EDITORS = ["coach", "admin"] as const satisfies readonly Role[];

/** True when the user has one of the roles; the user is then typed as such (for route handlers and actions). */
export function hasRole<R extends Role>(user: CurrentUser, roles: readonly R[]): user is UserOf<R> {
  return (roles as readonly Role[]).includes(user.role);
}

/** The signed-in user in one of the roles; signed out → sign-in, any other role → 403. */
export async function requireRole<R extends Role>(roles: readonly R[], returnTo = "/"): Promise<UserOf<R>> {
  const user = await requireUser(returnTo);
  if (!hasRole(user, roles)) forbidden();
  return user;
}

export const requireLearner = (returnTo = "/learn"): Promise<Learner> => requireRole(["learner"], returnTo);
export const requireCoach = (returnTo = "/coach"): Promise<Coach> => requireRole(["coach"], returnTo);
export const requireAdmin = (returnTo = "/admin"): Promise<Admin> => requireRole(["admin"], returnTo);
export const requireBankEditor = (returnTo = "/bank"): Promise<BankEditor> => requireRole(BANK_EDITORS, returnTo);

/**
 * An id from a URL segment: a UUID, else the page is not found (404). Postgres would refuse a
 * malformed value (36 hex digits without dashes, say) with an error, a 500, instead of finding nothing.
 */
export function parseId(raw: string): string {
  if (!isUuid(raw)) notFound();
  return raw;
}

export { coachOwnsLearner, isCoachOf } from "@/lib/auth/server/ownership";
