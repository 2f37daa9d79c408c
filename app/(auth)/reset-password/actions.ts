"use server";

import { redirect } from "next/navigation";
import { publicAction } from "@/lib/actions";
import { resetPassword } from "@/lib/auth/server/password-reset";
import { resetPasswordSchema } from "@/lib/validation/password-reset";

/** Sets a new password from a reset link; every session ends and nobody is signed in by it. */
export const resetPasswordAction = publicAction(resetPasswordSchema, async ({ token, password }, { db }) => {
  await resetPassword(db, { token, password });
  redirect("/sign-in?changed=password");
});
