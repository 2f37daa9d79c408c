import { z } from "zod";
import { PASSWORD_MAX } from "@/lib/auth/password";
import { newPasswordSchema, personNameSchema, safeReturnPath, timeZoneSchema } from "./auth";

/** The password the person has now: only its presence and size are checked here, the hash decides. */
const currentPassword = z
  .string({ error: "Enter your current password." })
  .min(1, "Enter your current password.")
  .max(PASSWORD_MAX, "Enter your current password.");

export const changePasswordSchema = z
  .object({
    currentPassword,
    // The same rule as at registration.
    newPassword: newPasswordSchema,
    confirmPassword: z.string({ error: "Repeat the new password." }).max(PASSWORD_MAX, "Repeat the new password."),
    /** Where the forced change continues; sanitised (same-site paths only), never refused. */
    next: z
      .string()
      .optional()
      .transform((v) => (v ? safeReturnPath(v) : undefined)),
  })
  .superRefine((v, ctx) => {
    if (v.newPassword !== v.confirmPassword) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "The two new passwords do not match." });
    }
    // Only a real password can be "the same as the current one": two empty fields have their own errors.
    if (v.currentPassword && v.newPassword === v.currentPassword) {
      ctx.addIssue({ code: "custom", path: ["newPassword"], message: "Choose a password different from the current one." });
    }
  });
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

export const profileSchema = z.object({
  name: personNameSchema,
  timeZone: timeZoneSchema,
});
export type ProfileInput = z.infer<typeof profileSchema>;

/**
 * Deleting an account asks for the email typed out (so it is never a slip of the mouse) and the
 * current password (so a session left open on a shared computer cannot delete it). The email is
 * compared with the account's own by the action, which knows it.
 */
export const deleteAccountSchema = z.object({
  confirmEmail: z
    .string({ error: "Type your email address to confirm." })
    .trim()
    .toLowerCase()
    .min(1, "Type your email address to confirm.")
    .max(254, "Type your email address to confirm."),
  currentPassword,
});
export type DeleteAccountInput = z.infer<typeof deleteAccountSchema>;
