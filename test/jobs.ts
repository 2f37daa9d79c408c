/**
 * Running queued jobs by hand in tests, one at a time, with the app's clock under the test's
 * control. pg-boss hands out a job once start_after < the database's now(): on Postgres that is
 * the real clock (so a fake app clock in the past finds every job due, and the handler itself
 * checks the instant), on the embedded PGlite it is the process's clock, fake timers included.
 */
import PgBoss from "pg-boss";
import type { Db } from "@/db/client";
import { drizzleExecutor, QUEUES } from "@/lib/jobs/server/queue";
import { deliverQueuedMail, type MailTransport } from "@/lib/mail/server/outbox";
import { runReminder, type JobContext, type ReminderJob, type ReminderOutcome } from "@/lib/notifications/server/reminders";

export function testBoss(db: Db): PgBoss {
  return new PgBoss({ schema: "pgboss", db: drizzleExecutor(db) });
}

/**
 * Runs the reminder jobs that are due by the database clock, at most `max`. A job that deferred
 * itself is due again at once under a fake clock on Postgres: the run stops when the same job
 * comes back deferred a second time. Returns what each job did.
 */
export async function runDueReminders(ctx: JobContext, max = 50): Promise<{ job: ReminderJob; outcome: ReminderOutcome }[]> {
  const boss = testBoss(ctx.db);
  const done: { job: ReminderJob; outcome: ReminderOutcome }[] = [];
  const deferred = new Set<string>();
  for (let i = 0; i < max; i++) {
    const [job] = await boss.fetch<ReminderJob>(QUEUES.reminder, { includeMetadata: true, batchSize: 1 });
    if (!job) break;
    const key = job.singletonKey ?? job.id;
    if (deferred.has(key)) {
      // Put it back untouched for the next run.
      await boss.cancel(QUEUES.reminder, job.id);
      await boss.resume(QUEUES.reminder, job.id);
      break;
    }
    const outcome = await runReminder(ctx, job.data);
    await boss.complete(QUEUES.reminder, job.id);
    done.push({ job: job.data, outcome });
    if (outcome === "deferred") deferred.add(key);
  }
  return done;
}

/** Sends due queued mail through `transport` (at most `max` jobs, retries included); returns how many were sent. */
export async function deliverDueMail(db: Db, transport: MailTransport, max = 50, from = "Retake Coach <no-reply@test.example>"): Promise<number> {
  const boss = testBoss(db);
  let sent = 0;
  for (let i = 0; i < max; i++) {
    const [job] = await boss.fetch<{ mailId: string }>(QUEUES.mail, { includeMetadata: true, batchSize: 1 });
    if (!job) break;
    try {
      if ((await deliverQueuedMail(db, transport, from, job.data.mailId, job.retryCount >= job.retryLimit)) === "sent") sent++;
      await boss.complete(QUEUES.mail, job.id);
    } catch (err) {
      if (process.env.MAIL_TEST_DEBUG) console.log("mail job failed", err);
      await boss.fail(QUEUES.mail, job.id, { message: (err as Error).message });
    }
  }
  return sent;
}
