import { z } from "zod";

// The one place (besides db/client.ts) that reads process.env, validated once.
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  PGLITE_DIR: z.string().min(1).optional(),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  /**
   * "1": put the demo programme into the database at start-up when it has no account yet
   * (`npm run demo` sets it). Unset or "0": never; a plain start creates no account.
   */
  SEED_DEMO: z
    .enum(["0", "1", "false", "true", "never", "always"], { message: 'SEED_DEMO must be "1" (seed an empty database with the demo) or "0"' })
    .default("0")
    .transform((v) => v === "1" || v === "true" || v === "always"),
  /** Mail through SMTP, e.g. smtp://user:pass@host:587 (smtps:// for TLS from the start). Unset: mails are kept in the outbox for admins (/admin/mail). */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, "SMTP_URL must be an smtp:// or smtps:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** The From of every mail. */
  MAIL_FROM: z.string().trim().min(3).max(200).default("Retake Coach <no-reply@localhost>"),
  /** The site's public URL; links in mails use its origin. Unset: the origin this server listens on. */
  AUTH_URL: z
    .url({ protocol: /^https?$/, error: "AUTH_URL must be an http:// or https:// URL" })
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** "0": this process does not run the job queue's workers (reminders and mail are sent by other instances). */
  JOBS: z
    .enum(["0", "1", "true", "false"])
    .default("1")
    .transform((v) => v === "1" || v === "true"),
  /** Honour X-Forwarded-For for throttling only when a trusted proxy sets it. */
  TRUST_PROXY: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success) {
      const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
      throw new Error(`Invalid environment:\n${lines}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/**
 * The origin links in mails point at: AUTH_URL's when set, otherwise the origin this server
 * listens on (Next sets PORT once it listens). Never the request's Host header, which a client
 * chooses: a reset link must not be steerable to another site.
 */
export function siteOrigin(): string {
  const configured = env().AUTH_URL;
  if (configured) return new URL(configured).origin;
  return `http://localhost:${process.env.PORT || 3000}`;
}
