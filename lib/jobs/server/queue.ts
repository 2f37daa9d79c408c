import { sql, type SQL } from "drizzle-orm";
import PgBoss from "pg-boss";
import type { Db } from "@/db/client";

/**
 * The app's job queue is pg-boss (10.x: the last line that runs on Node 20). Its tables live in
 * the "pgboss" schema, installed by migration 0009 on every engine. Jobs are enqueued through the
 * app's own database handle (a Drizzle database or transaction), so a reminder is scheduled in the
 * same transaction as the change that moved its date: it commits or rolls back with it.
 */
export const QUEUES = { reminder: "reminder", mail: "mail", sweep: "reminder-sweep" } as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

const SCHEMA = "pgboss";

type Executor = { executeSql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }> };

/**
 * A pg-boss parameter as node-postgres would send it: arrays as Postgres array literals (pg-boss
 * passes id lists to `$2::uuid[]`), other objects as JSON, dates as ISO instants.
 */
export function pgParam(v: unknown): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return `{${v.map((x) => (x === null || x === undefined ? "NULL" : `"${String(x).replace(/["\\]/g, "\\$&")}"`)).join(",")}}`;
  if (v !== null && typeof v === "object") return JSON.stringify(v);
  return v;
}

/** pg-boss's positional SQL ($1, $2, … possibly repeated) as a Drizzle SQL with bound parameters. */
export function positionalSql(text: string, values: unknown[] = []): SQL {
  const parts = text.split(/\$(\d+)/);
  return sql.join(parts.map((p, i) => (i % 2 === 0 ? sql.raw(p) : sql`${pgParam(values[Number(p) - 1])}`)));
}

export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];
}

/** pg-boss's database interface over a Drizzle database or transaction (either engine). */
export function drizzleExecutor(db: Db): Executor {
  return {
    async executeSql(text, values) {
      return { rows: rowsOf(await db.execute(positionalSql(text, values))) };
    },
  };
}

/**
 * An unstarted pg-boss used only for its send() (argument checks, defaults, the insert), always
 * with a per-call executor: it never opens a connection of its own.
 */
const sender = new PgBoss({
  schema: SCHEMA,
  db: {
    executeSql: () => Promise.reject(new Error("The job sender needs a database per call.")),
  },
});

export interface EnqueueOptions {
  /** Two instances scheduling the same reminder produce one job: the stately queues allow one queued job per key. */
  singletonKey: string;
  startAfter?: Date;
  retryLimit?: number;
  /** Seconds before the first retry; doubled each time with retryBackoff. */
  retryDelay?: number;
  retryBackoff?: boolean;
  /** A job held longer than this by a worker (one that died) is failed and retried. */
  expireInSeconds?: number;
}

/** Enqueues a job on `db` (pass the transaction to make it part of one). Null when an equal job is already queued. */
export async function enqueue(db: Db, queue: QueueName, data: object, opts: EnqueueOptions): Promise<string | null> {
  return sender.send(queue, data, { ...opts, db: drizzleExecutor(db) } as PgBoss.SendOptions);
}

/**
 * Removes jobs that have not started yet (queued or waiting to retry) whose singleton key is `key`,
 * or starts with `keyPrefix`: a reminder whose date moved is replaced, never sent as well.
 */
export async function cancelPending(db: Db, queue: QueueName, match: { key: string } | { keyPrefix: string }): Promise<number> {
  const keyMatch =
    "key" in match ? sql`singleton_key = ${match.key}` : sql`starts_with(singleton_key, ${match.keyPrefix})`;
  const rows = rowsOf(
    await db.execute(
      sql`delete from ${sql.identifier(SCHEMA)}.job where name = ${queue} and state in ('created', 'retry') and ${keyMatch} returning id`,
    ),
  );
  return rows.length;
}

export interface PendingJob {
  id: string;
  singletonKey: string;
  startAfter: Date;
  state: string;
  data: Record<string, unknown>;
}

/** Jobs not finished yet (queued, retrying or running), for tests and the admin view. */
export async function pendingJobs(db: Db, queue: QueueName, keyPrefix = ""): Promise<PendingJob[]> {
  const rows = rowsOf<{ id: string; singleton_key: string; start_after: string | Date; state: string; data: unknown }>(
    await db.execute(sql`
      select id, singleton_key, start_after, state, data from ${sql.identifier(SCHEMA)}.job
      where name = ${queue} and state in ('created', 'retry', 'active') and starts_with(coalesce(singleton_key, ''), ${keyPrefix})
      order by start_after, singleton_key`),
  );
  return rows.map((r) => ({
    id: r.id,
    singletonKey: r.singleton_key,
    startAfter: new Date(r.start_after),
    state: r.state,
    data: (typeof r.data === "string" ? JSON.parse(r.data) : r.data) as Record<string, unknown>,
  }));
}
