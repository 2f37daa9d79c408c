import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";

/** Rows of a raw query on either driver (postgres.js returns an array, PGlite `{ rows }`). */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

interface PostgresJsDb {
  $client?: { unsafe?: (query: string, params: unknown[], options: { prepare: boolean }) => Promise<unknown[]> };
  dialect?: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
}

/**
 * Like queryRows, but on postgres.js as a named prepared statement (kept per connection), so a
 * query the page repeats is not planned again on every request: planning was about half of the
 * cohort page's time. PGlite (and a transaction) take the ordinary path.
 */
export async function queryRowsPrepared<T>(db: Db, query: SQL): Promise<T[]> {
  const pg = db as unknown as PostgresJsDb;
  if (!pg.$client?.unsafe || !pg.dialect) return queryRows<T>(db, query);
  const { sql: text, params } = pg.dialect.sqlToQuery(query);
  return (await pg.$client.unsafe(text, params, { prepare: true })) as T[];
}

/** The Monday (UTC) of the week containing a timestamptz, as a date. */
export function weekOf(column: SQL): SQL {
  return sql`(date_trunc('week', ${column} at time zone 'UTC'))::date`;
}

/** A Postgres array literal parameter: `{a,b}` (values must not need quoting: uuids, ISO dates, numbers). */
export function arrayParam(values: readonly (string | number)[]): string {
  return `{${values.join(",")}}`;
}
