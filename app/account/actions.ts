"use server";

import { AuthError } from "next-auth";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { signIn, signOut } from "@/auth";
import { changePassword, deleteLearnerAccount, SELF_DELETING_ROLES, updateProfile } from "@/lib/account/server/account";
import { authedAction } from "@/lib/actions";
import { HOME_BY_ROLE, PASSWORD_CHANGE_PATH } from "@/lib/dal/session";
import { ROLES } from "@/lib/enums";
import { changePasswordSchema, deleteAccountSchema, profileSchema } from "@/lib/validation/account";

const EVERYONE = ROLES;
/** The account page with its "password changed" notice. */
const PASSWORD_CHANGED_PATH = "/account?changed=password";

/**
 * Changes the password and signs this browser in again. Changing it moves the user's session
 * version on, which retires every token minted before, this browser's included; a fresh sign-in
 * with the new password (Auth.js's own credentials flow, so the cookie is made exactly as at
 * sign-in) gives this browser a token with the new version. Auth.js's session update
 * (`unstable_update`) is not used: it can be triggered from the browser too, so it must never be
 * able to set the session version.
 *
 * Open while a one-time password is in use (it is how one gets out of that state); a forced change
 * then continues where the person was going.
 */
export const changePasswordAction = authedAction(
  EVERYONE,
  changePasswordSchema,
  async (input, { db, user }) => {
    const changed = await changePassword(db, user, input);
    revalidatePath("/", "layout");
    const next = input.next && input.next !== PASSWORD_CHANGE_PATH && !input.next.startsWith(`${PASSWORD_CHANGE_PATH}?`) ? input.next : HOME_BY_ROLE[user.role];
    try {
      // After a forced change the app opens, straight on to where the person was going; otherwise
      // back to the account page, which says it was done. A redirect, not a message in place: the
      // page must be rendered by a request that carries the new cookie, as the next one does.
      await signIn("credentials", { email: changed.email, password: input.newPassword, redirectTo: changed.wasOneTime ? next : PASSWORD_CHANGED_PATH });
    } catch (err) {
      if (!(err instanceof AuthError)) throw err; // the redirect of a successful sign-in
      // Changed, but this browser could not be signed in again (its address is locked, say).
      redirect("/sign-in?changed=password");
    }
  },
  { duringPasswordChange: true },
);

export const updateProfileAction = authedAction(EVERYONE, profileSchema, async (input, { db, user }) => {
  await updateProfile(db, user, input);
  // The name is in every page's header, the zone in every date.
  revalidatePath("/", "layout");
  return { status: "success", message: "Saved. Dates and times are now shown in your chosen time zone.", values: { name: input.name, timeZone: input.timeZone } };
});

/** Learners only: coaches and admins are people an admin manages (and the last admin must stay). */
export const deleteAccountAction = authedAction(SELF_DELETING_ROLES, deleteAccountSchema, async (input, { db, user }) => {
  await deleteLearnerAccount(db, user, input);
  // The account is gone; its cookie goes too, and the sign-in page says what happened.
  await signOut({ redirectTo: "/sign-in?deleted=1" });
});
