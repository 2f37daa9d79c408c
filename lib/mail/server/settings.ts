import { authSecret } from "@/lib/auth/secret";
import { env, siteOrigin } from "@/lib/env";
import type { MailRetry } from "./outbox";

/** What composing and queueing a mail needs to know about this deployment. */
export interface MailSettings {
  /** SMTP is configured: mails are queued for sending; otherwise they are kept in the outbox. */
  smtp: boolean;
  /** Origin of every link in a mail. */
  origin: string;
  /** Signs unsubscribe links. */
  secret: string;
  from: string;
  /** Overrides the mail jobs' retry timing (tests). */
  mailRetry?: MailRetry;
}

export function mailSettings(): MailSettings {
  const e = env();
  return {
    smtp: Boolean(e.SMTP_URL),
    // Read when a mail is composed: Next sets the port it listens on after start-up.
    get origin() {
      return siteOrigin();
    },
    secret: authSecret(),
    from: e.MAIL_FROM,
  };
}
