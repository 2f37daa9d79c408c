import PgBoss from "pg-boss";
import type { DbHandle } from "@/db/client";
import { deliverQueuedMail, type MailTransport } from "@/lib/mail/server/outbox";
import type { MailSettings } from "@/lib/mail/server/settings";
import { runReminder, sweepReminders, type JobContext, type ReminderJob } from "@/lib/notifications/server/reminders";
import { pgParam, QUEUES, rowsOf } from "./queue";

/**
 * The queue's workers, run by the app's own server processes (started after the start-up
 * sequence by instrumentation.ts). On Postgres pg-boss gets its own small connection pool; on the
 * embedded PGlite it goes through the process's one PGlite connection (pg-boss's custom `db`
 * adapter), whose queries already queue behind the app's transactions. Several processes on one
 * Postgres share the work: pg-boss hands each job to one worker (SKIP LOCKED), and the stately
 * queues hold at most one pending job per singleton key.
 */
export interface WorkerOptions {
  /** Sends queued mail; null: no SMTP (mails are kept, the mail queue gets no jobs). */
  transport: MailTransport | null;
  settings: MailSettings;
  now?: () => Date;
  /** How often an idle worker looks for due jobs (seconds, default 2). */
  pollingIntervalSeconds?: number;
  /** How often expired jobs of dead workers are failed for retry (seconds, default 60). */
  maintenanceIntervalSeconds?: number;
  /** How long a worker's claim on a mail it is sending holds (seconds; tests shorten it). */
  mailClaimSeconds?: number;
  /** Cron of the reminder sweep (default every 15 minutes); null: none (tests run it by hand). */
  sweepCron?: string | null;
  log?: (line: string) => void;
}

export interface JobWorker {
  boss: PgBoss;
  stop(opts?: { graceful?: boolean }): Promise<void>;
}

interface PGliteLike {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  exec(text: string): Promise<{ rows: Record<string, unknown>[] }[]>;
}

/** pg-boss's database interface on PGlite: parameterised statements as queries, its multi-statement scripts (no parameters) as exec. */
export function pgliteExecutor(client: PGliteLike): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (values && values.length) return { rows: (await client.query(text, values.map(pgParam))).rows };
      const results = await client.exec(text);
      return { rows: rowsOf(results.at(-1) ?? { rows: [] }) };
    },
  };
}

export async function startJobWorker(handle: DbHandle, opts: WorkerOptions): Promise<JobWorker> {
  const log = opts.log ?? (() => {});
  const common = {
    schema: "pgboss",
    migrate: true,
    maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds ?? 60,
    schedule: opts.sweepCron !== null,
  };
  const boss =
    handle.kind === "postgres"
      ? new PgBoss({ ...common, connectionString: handle.url!, max: 4, application_name: "retake-coach-jobs" })
      : new PgBoss({ ...common, db: pgliteExecutor((handle.db as unknown as { $client: PGliteLike }).$client) });
  boss.on("error", (err: Error) => log(`job queue error: ${err.message}`));
  await boss.start();

  const ctx: JobContext = { db: handle.db, settings: opts.settings, now: opts.now ?? (() => new Date()) };
  const polling = { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2, batchSize: 1, includeMetadata: true as const };

  await boss.work<ReminderJob>(QUEUES.reminder, polling, async ([job]) => {
    if (job) await runReminder(ctx, job.data);
  });
  if (opts.transport) {
    const transport = opts.transport;
    await boss.work<{ mailId: string }>(QUEUES.mail, polling, async ([job]) => {
      if (job) await deliverQueuedMail(handle.db, transport, opts.settings.from, job.data.mailId, job.retryCount >= job.retryLimit, opts.mailClaimSeconds);
    });
  }
  if (opts.sweepCron !== null) {
    await boss.work(QUEUES.sweep, polling, async () => {
      const r = await sweepReminders(ctx);
      if (r.coaches || r.plans || r.retakes) log(`reminder sweep scheduled ${r.coaches} digest(s), ${r.plans} plan reminder(s), ${r.retakes} retake reminder(s)`);
    });
    await boss.schedule(QUEUES.sweep, opts.sweepCron ?? "*/15 * * * *");
    // Once at start too, so a fresh deployment does not wait for the first quarter hour.
    await boss.send(QUEUES.sweep, {});
  }
  return {
    boss,
    stop: ({ graceful = true } = {}) => boss.stop({ graceful, timeout: 10_000, close: true, wait: true }),
  };
}
