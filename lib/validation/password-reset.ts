import { z } from "zod";
import { PASSWORD_MAX } from "@/lib/auth/password";
import { newPasswordSchema } from "./auth";

const email = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .max(254, "An email address has at most 254 characters.")
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com." }));

export const requestResetSchema = z.object({ email });

/** A token as the reset mail writes it: 32 random bytes in base64url. */
export const resetTokenSchema = z.string({ error: "This reset link is incomplete. Open the link from the mail again." }).regex(/^[A-Za-z0-9_-]{43}$/, "This reset link is incomplete. Open the link from the mail again.");

export const resetPasswordSchema = z
  .object({
    token: resetTokenSchema,
    password: newPasswordSchema,
    confirmPassword: z.string({ error: "Repeat the password." }).max(PASSWORD_MAX),
  })
  .superRefine((v, ctx) => {
    if (v.password !== v.confirmPassword) ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "The two passwords do not match." });
  });
