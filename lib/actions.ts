import "server-only";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { getDb, type Db } from "@/db/client";
import type { Role } from "@/db/schema";
import { ActionError } from "@/lib/action-error";
import type { FormState } from "@/lib/form-state";
import { hasRole, type UserOf } from "@/lib/dal/guard";
import { getSessionUser, type CurrentUser } from "@/lib/dal/session";
import { isStorableText, UNSTORABLE_MESSAGE } from "@/lib/validation/storable";

export type { FormState } from "@/lib/form-state";
export { initialFormState } from "@/lib/form-state";

export { ActionError } from "@/lib/action-error";

const SECRET_FIELDS = /password/i;
const MAX_FIELD_LENGTH = 20_000;

/** FormData to a plain object: repeated names (or names ending in "[]") become arrays. */
export function formDataToObject(formData: FormData): Record<string, string | string[]> {
  // No prototype: a field named "toString", "constructor" or "__proto__" is just a field.
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [rawKey, value] of formData.entries()) {
    if (rawKey.startsWith("$ACTION")) continue;
    if (typeof value !== "string") continue;
    const isList = rawKey.endsWith("[]");
    const key = isList ? rawKey.slice(0, -2) : rawKey;
    const existing = out[key];
    if (isList || existing !== undefined) {
      out[key] = Array.isArray(existing) ? [...existing, value] : existing === undefined ? [value] : [existing, value];
    } else {
      out[key] = value;
    }
  }
  return out;
}

function echo(values: Record<string, string | string[]>): Record<string, string | string[]> {
  // Object.fromEntries defines own properties, so even a field named "__proto__" is echoed as data.
  return Object.fromEntries(
    Object.entries(values)
      .filter(([k]) => !SECRET_FIELDS.test(k))
      .map(([k, v]) => [k, Array.isArray(v) ? v.map((s) => s.slice(0, MAX_FIELD_LENGTH)) : v.slice(0, MAX_FIELD_LENGTH)]),
  );
}

export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const out = new Map<string, string[]>();
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "_form";
    out.set(key, [...(out.get(key) ?? []), issue.message]);
  }
  return Object.fromEntries(out);
}

/** Every field of every form is checked for characters no column can store, so no schema can forget it. */
export function unstorableFieldErrors(values: Record<string, string | string[]>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(values)
      .filter(([, v]) => (Array.isArray(v) ? v : [v]).some((s) => !isStorableText(s)))
      .map(([k]) => [k, [UNSTORABLE_MESSAGE]]),
  );
}

interface Context {
  db: Db;
}

type Handler<S extends z.ZodType, U> = (
  input: z.infer<S>,
  ctx: Context & { user: U },
) => Promise<FormState | void>;

/** A schema, or one built per request (from the user's time zone, the exam's pass mark, the clock…). */
type SchemaSource<S extends z.ZodType, U> = S | ((ctx: Context & { user: U }) => S | Promise<S>);

async function run<S extends z.ZodType, U>(
  source: SchemaSource<S, U>,
  formData: FormData,
  user: U,
  handler: Handler<S, U>,
): Promise<FormState> {
  const raw = formDataToObject(formData);
  const db = await getDb();
  const schema = typeof source === "function" ? await source({ db, user }) : source;
  const parsed = await schema.safeParseAsync(raw);
  const unstorable = unstorableFieldErrors(raw);
  if (!parsed.success || Object.keys(unstorable).length) {
    const invalid = parsed.success ? {} : fieldErrors(parsed.error);
    const keys = [...new Set([...Object.keys(unstorable), ...Object.keys(invalid)])];
    const errors = Object.fromEntries(keys.map((k) => [k, [...(Object.hasOwn(unstorable, k) ? unstorable[k]! : []), ...(Object.hasOwn(invalid, k) ? invalid[k]! : [])]]));
    return { status: "error", message: "Please correct the highlighted fields.", errors, values: echo(raw) };
  }
  try {
    const result = await handler(parsed.data, { db, user });
    return result ?? { status: "success" };
  } catch (err) {
    unstable_rethrow(err); // redirect(), notFound(), forbidden() are control flow, not failures
    if (err instanceof ActionError) {
      return { status: "error", message: err.message, errors: err.fieldErrors, values: echo(raw) };
    }
    console.error("[action] unexpected failure", err);
    return { status: "error", message: "Something went wrong on our side. Nothing was saved; please try again.", values: echo(raw) };
  }
}

/** The refusal of every action but the password change while a one-time password is in use. */
export const PASSWORD_CHANGE_REQUIRED_MESSAGE =
  "Replace your one-time password first: choose your own password on the Change password page, then try again.";

export interface AuthedActionOptions {
  /**
   * Also runs for a user who still has to replace a one-time password. Only the password change
   * itself sets this; every other action is refused until it has run.
   */
  duringPasswordChange?: boolean;
}

/**
 * The one wrapper for signed-in form actions: authenticate (user read from the database) →
 * refuse while a one-time password is still in use → validate FormData with zod (all field
 * errors) → authorize the role → run the handler, which checks ownership itself. Every exported
 * action is a public endpoint, so nothing is assumed.
 */
export function authedAction<R extends Role, S extends z.ZodType>(
  roles: readonly R[],
  schema: SchemaSource<S, UserOf<R>>,
  handler: Handler<S, UserOf<R>>,
  options: AuthedActionOptions = {},
) {
  return async (_prev: FormState, formData: FormData): Promise<FormState> => {
    const session = await getSessionUser();
    if (!session) return { status: "error", message: "Your session has ended. Sign in again to continue." };
    if (session.mustChangePassword && !options.duringPasswordChange) return { status: "error", message: PASSWORD_CHANGE_REQUIRED_MESSAGE };
    const user: CurrentUser = { id: session.id, email: session.email, name: session.name, role: session.role, timeZone: session.timeZone };
    // The role guard of lib/dal/guard.ts; refused here as a form message rather than the 403 page.
    if (!hasRole(user, roles)) return { status: "error", message: "Your role does not allow this action." };
    return run(schema, formData, user, handler);
  };
}

/** For the few actions open to signed-out visitors (sign-in, registration). */
export function publicAction<S extends z.ZodType>(schema: S, handler: Handler<S, null>) {
  return async (_prev: FormState, formData: FormData): Promise<FormState> => run(schema, formData, null, handler);
}
