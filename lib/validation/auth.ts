import { z } from "zod";
import { PASSWORD_MAX, PASSWORD_MIN } from "@/lib/auth/password";

const email = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .max(254, "An email address has at most 254 characters.")
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com." }));

export const signInSchema = z.object({
  email,
  // Sign-in only rejects what can never be a password; the length rule is for new passwords.
  password: z
    .string({ error: "Enter your password." })
    .min(1, "Enter your password.")
    .max(PASSWORD_MAX, `A password has at most ${PASSWORD_MAX} characters.`),
  callbackUrl: z.string().max(2000).optional(),
});

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z
  .string()
  .trim()
  .min(1, "Choose a time zone.")
  .max(64, "Choose a time zone from the list.")
  .refine(isValidTimeZone, "Choose a time zone from the list.");

export const newPasswordSchema = z
  .string({ error: "Choose a password." })
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`);

/** A person's display name: registration and the account page. */
export const personNameSchema = z
  .string({ error: "Enter your name." })
  .trim()
  .min(1, "Enter your name.")
  .max(100, "A name has at most 100 characters.")
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "A name cannot contain control characters.");

export const registerSchema = z
  .object({
    name: personNameSchema,
    email,
    password: newPasswordSchema,
    confirmPassword: z.string({ error: "Repeat the password." }).max(PASSWORD_MAX),
    timeZone: timeZoneSchema,
  })
  .superRefine((v, ctx) => {
    if (v.password !== v.confirmPassword) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "The two passwords do not match." });
    }
  });

/** Only same-site relative paths are followed after sign-in (no open redirects). */
export function safeReturnPath(raw: string | null | undefined): string {
  if (!raw || typeof raw !== "string") return "/";
  // The proxy hands an absolute URL of this site; only its path is kept, so no host is trusted.
  if (/^https?:\/\//i.test(raw)) {
    try {
      const url = new URL(raw);
      raw = `${url.pathname}${url.search}`;
    } catch {
      return "/";
    }
  }
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return "/";
  if (/[\u0000-\u001f]/.test(raw)) return "/";
  return raw.slice(0, 2000);
}
