import path from "node:path";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { ensureAnalyticsRollups } from "@/lib/analytics/rollups";
import type { Db, DbHandle } from "./client";

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

/** Applies the committed drizzle-kit migrations in-process, on either driver. */
export async function migrateDatabase(handle: DbHandle, migrationsFolder = MIGRATIONS_FOLDER): Promise<void> {
  if (handle.kind === "pglite") {
    await migratePglite(handle.db as never, { migrationsFolder });
    await ensureAnalyticsRollups(handle.db);
    return;
  }
  // Several server processes may start against one Postgres: one session holds an advisory lock
  // while it migrates (a pooled client could take and release the lock on different connections).
  const client = postgres(handle.url!, { max: 1, onnotice: () => {} });
  try {
    const db = drizzle(client);
    await db.execute(sql`select pg_advisory_lock(72010401)`);
    try {
      await migratePostgres(db, { migrationsFolder });
      // Data migration for the cohort analytics rollups: filled from raw rows once, when missing.
      await ensureAnalyticsRollups(db as unknown as Db);
    } finally {
      await db.execute(sql`select pg_advisory_unlock(72010401)`);
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}
