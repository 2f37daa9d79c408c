import type { DbHandle } from "@/db/client";
import { env } from "@/lib/env";
import { smtpTransport } from "@/lib/mail/server/outbox";
import { mailSettings } from "@/lib/mail/server/settings";
import { startJobWorker, type JobWorker } from "./worker";

type Global = typeof globalThis & { __retakeCoachJobs?: Promise<JobWorker | null> };
const g = globalThis as Global;

/**
 * Starts this process's queue workers once (after the start-up sequence), unless JOBS=0. Says in
 * the log where mail goes: through SMTP, or into the outbox admins read at /admin/mail.
 */
export function startJobs(handle: DbHandle, log: (line: string) => void): Promise<JobWorker | null> {
  g.__retakeCoachJobs ??= (async () => {
    const e = env();
    const settings = mailSettings();
    if (e.SMTP_URL) log(`mail: sent through SMTP (${new URL(e.SMTP_URL).host}) from ${e.MAIL_FROM}`);
    else log("mail: SMTP_URL is not set, so no mail leaves this server: every mail is kept in the outbox, which admins read at /admin/mail");
    if (!e.AUTH_URL) log(`mail: AUTH_URL is not set, so links in mails point at ${settings.origin}`);
    if (!e.JOBS) {
      log("job queue: JOBS=0, this process runs no queue workers (reminders and mail are sent by the other instances)");
      return null;
    }
    const worker = await startJobWorker(handle, { transport: e.SMTP_URL ? smtpTransport(e.SMTP_URL) : null, settings, log });
    log(`job queue: pg-boss workers started on ${handle.kind} (reminders${e.SMTP_URL ? ", mail" : ""}, sweep every 15 minutes)`);
    return worker;
  })();
  return g.__retakeCoachJobs;
}
