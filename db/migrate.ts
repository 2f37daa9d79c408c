import path from "node:path";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { Db, DbHandle } from "./client";

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

/** The advisory lock that serialises start-up (migrations and data sync) across server processes. */
export const STARTUP_LOCK_KEY = 72010401;

export interface MigrateOptions {
  migrationsFolder?: string;
  /**
   * Runs after the migrations while the start-up lock is still held (reference-data sync, rollup
   * maintenance), so several processes starting at once never do that work side by side.
   */
  thenUnderLock?: (db: Db) => Promise<void>;
}

/** Applies the committed drizzle-kit migrations in-process, on either driver. */
export async function migrateDatabase(handle: DbHandle, opts: MigrateOptions = {}): Promise<void> {
  const migrationsFolder = opts.migrationsFolder ?? MIGRATIONS_FOLDER;
  if (handle.kind === "pglite") {
    // One process owns an embedded directory (see claimPgliteDir): nothing to serialise.
    await migratePglite(handle.db as never, { migrationsFolder });
    await opts.thenUnderLock?.(handle.db);
    return;
  }
  // Several server processes may start against one Postgres: one session holds an advisory lock
  // while it migrates (a pooled client could take and release the lock on different connections).
  const client = postgres(handle.url!, { max: 1, onnotice: () => {}, connection: { TimeZone: "UTC" } });
  try {
    const db = drizzle(client);
    await db.execute(sql`select pg_advisory_lock(${STARTUP_LOCK_KEY})`);
    try {
      await migratePostgres(db, { migrationsFolder });
      await opts.thenUnderLock?.(handle.db);
    } finally {
      await db.execute(sql`select pg_advisory_unlock(${STARTUP_LOCK_KEY})`);
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}
