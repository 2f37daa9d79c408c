import crypto from "node:crypto";
import postgres from "postgres";
import { openDatabase, type DbHandle } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

/**
 * A fresh, migrated database for one test file: an in-memory PGlite by default, or a new
 * database on the Postgres server of TEST_DATABASE_URL (dropped again on close).
 */
export async function createTestDatabase(opts: { url?: string; max?: number } = {}): Promise<DbHandle> {
  const serverUrl = opts.url ?? TEST_DATABASE_URL;
  if (!serverUrl) {
    const handle = await openDatabase({ pgliteDir: "memory://" });
    await migrateDatabase(handle);
    return handle;
  }
  const name = `rc_test_${crypto.randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), max: opts.max ?? 10 });
  await migrateDatabase(handle);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const cleanup = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/** The engine this run's integration tests use, for test titles and notices. */
export const ENGINE = TEST_DATABASE_URL ? "postgres" : "pglite";
