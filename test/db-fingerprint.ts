import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/lib/analytics/server/sql";

/**
 * A fingerprint of the whole test database: one md5 per public table over all of its rows
 * (each row as text, sorted, so the physical order does not matter). Two fingerprints are equal
 * exactly when no table gained, lost or changed a row (md5 collisions aside).
 *
 *   const before = await fingerprint(db);
 *   await somethingThatMustNotWrite();
 *   expect(changedTables(before, await fingerprint(db))).toEqual([]);
 *
 * The table list is read from information_schema on every call, so a table added by a later
 * migration is covered without editing this file (but for the DERIVED ones below). Drizzle's own bookkeeping lives in the
 * "drizzle" schema and is not part of it.
 */
export type Fingerprint = Record<string, string>;

/**
 * Tables written only by triggers, as a consequence of a change to another table the fingerprint
 * already covers: the read cache's tag versions (migration 0014_cache-tags) move exactly when a
 * table they watch changes, so they add nothing, and would count a watched write twice.
 */
const DERIVED = new Set(["cache_tag_versions"]);

let cachedQuery: { tables: string; query: ReturnType<typeof sql.raw> } | null = null;

async function publicTables(db: Db): Promise<string[]> {
  const rows = await queryRows<{ table_name: string }>(
    db,
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  return rows.map((r) => r.table_name).filter((t) => !DERIVED.has(t));
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (name: string) => `'${name.replace(/'/g, "''")}'`;

/** Every public table's digest, keyed by table name (one round trip for the digests). */
export async function fingerprint(db: Db): Promise<Fingerprint> {
  const tables = await publicTables(db);
  const key = tables.join(",");
  if (cachedQuery?.tables !== key) {
    const parts = tables.map(
      (t) => `select ${literal(t)} as name, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from public.${ident(t)} t`,
    );
    cachedQuery = { tables: key, query: sql.raw(parts.join("\nunion all\n")) };
  }
  const rows = await queryRows<{ name: string; digest: string }>(db, cachedQuery.query);
  return Object.fromEntries(rows.map((r) => [r.name, r.digest]));
}

/** The tables whose digest differs between two fingerprints (added or dropped tables included), sorted. */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => before[n] !== after[n]).sort();
}
