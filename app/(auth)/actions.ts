"use server";

import { eq, sql } from "drizzle-orm";
import { AuthError } from "next-auth";
import { signIn, signOut } from "@/auth";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { publicAction, type FormState } from "@/lib/actions";
import { GENERIC_SIGN_IN_ERROR, THROTTLED_SIGN_IN_ERROR } from "@/lib/auth/messages";
import { hashPassword } from "@/lib/auth/password";
import { getSessionUser } from "@/lib/dal/session";
import { registerSchema, safeReturnPath, signInSchema } from "@/lib/validation/auth";

async function signInOrExplain(email: string, password: string, redirectTo: string): Promise<FormState> {
  try {
    await signIn("credentials", { email, password, redirectTo });
    return { status: "success" };
  } catch (err) {
    if (err instanceof AuthError) {
      const throttled = (err as AuthError & { code?: string }).code === "throttled";
      return {
        status: "error",
        message: throttled ? THROTTLED_SIGN_IN_ERROR : GENERIC_SIGN_IN_ERROR,
        values: { email },
      };
    }
    throw err; // the redirect after a successful sign-in
  }
}

export const signInAction = publicAction(signInSchema, async ({ email, password, callbackUrl }) =>
  signInOrExplain(email, password, safeReturnPath(callbackUrl)),
);

export const registerAction = publicAction(registerSchema, async (input, { db }) => {
  const passwordHash = await hashPassword(input.password);
  // Role is never taken from the form: self-registration always makes a learner.
  const inserted = await db
    .insert(users)
    .values({ email: input.email, name: input.name, timeZone: input.timeZone, passwordHash, role: "learner" })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id });
  if (inserted.length === 0) {
    return {
      status: "error",
      message: "Please correct the highlighted fields.",
      errors: { email: ["An account with this email already exists. Sign in instead."] },
      values: { name: input.name, email: input.email, timeZone: input.timeZone },
    };
  }
  return signInOrExplain(input.email, input.password, "/learn");
});

/** Signing out also retires every token minted for this user so far (open during a forced password change too). */
export async function signOutAction(): Promise<void> {
  const user = await getSessionUser();
  if (user) {
    const db = await getDb();
    await db.update(users).set({ sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, user.id));
  }
  await signOut({ redirectTo: "/sign-in" });
}
