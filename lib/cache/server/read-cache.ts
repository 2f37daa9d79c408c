import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { arrayParam, queryRowsPrepared } from "@/lib/analytics/server/sql";

/**
 * The read cache: what a page shows that changes only on writes (a learner's attempts and score
 * reports, plans, readiness and last practice; the cohort figures; the bank), kept in this
 * process's memory and served only while the versions of its tags are unchanged.
 *
 * Invalidation is in the database, not in the code that writes: triggers (migration
 * 0014_cache-tags) bump a tag's version in the same transaction as every write to a table a
 * cached view reads. So a write from any server action, route handler, background job, script or
 * another `next start` process invalidates exactly what it changed, at its commit; nothing has
 * to remember to call an invalidation, and two processes on one Postgres never disagree.
 *
 * A read costs one small statement (the versions of its tags). The versions are read *before*
 * the value is loaded, so a write that commits while the value loads leaves an entry under the
 * old versions, which the next read refuses: a stale view cannot be stored as fresh.
 *
 * Values are the data, never markup, and never anything derived from the clock: pages derive
 * "eligible now", countdowns and "today" from the cached instants at render time. Entries are
 * keyed by what they hold (a learner's id, a figures query); authorization is the page's and the
 * data layer's, per request, before any cached read (see lib/dal/guard.ts).
 *
 * Cached values are deep-frozen: a caller that mutates one fails loudly instead of corrupting
 * what the next request sees. READ_CACHE=0 turns the cache off (every read loads).
 */

/** Tags of the cached views; the triggers in migration 0014 use the same names. */
export const cacheTags = {
  learner: (learnerId: string) => `l:${learnerId}`,
  cohortFigures: "cohort-figures",
  bank: "bank",
} as const;

interface Entry {
  versions: string[];
  value: unknown;
  storedAt: number;
}

/** At most this many entries per database (least recently used go first). */
const MAX_ENTRIES = 5_000;
/** An entry unread for this long is dropped on the next sweep, so memory follows use. */
const IDLE_MS = 15 * 60_000;

const stores = new WeakMap<object, Map<string, Entry>>();
const stats = { hits: 0, misses: 0 };

function storeFor(db: Db): Map<string, Entry> {
  let store = stores.get(db);
  if (!store) {
    store = new Map();
    stores.set(db, store);
  }
  return store;
}

export function readCacheEnabled(): boolean {
  return process.env.READ_CACHE !== "0";
}

/** Counts since the process started (for tests and the benchmark). */
export function readCacheStats(): { hits: number; misses: number } {
  return { ...stats };
}

function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return value;
  if (value instanceof Map) {
    for (const [k, v] of value) {
      deepFreeze(k);
      deepFreeze(v);
    }
  } else if (value instanceof Set) {
    for (const v of value) deepFreeze(v);
  } else if (!(value instanceof Date)) {
    for (const v of Object.values(value)) deepFreeze(v);
  }
  // Dates stay unfrozen-in-place (their setters ignore freezing); nothing here mutates them.
  return Object.freeze(value);
}

/** The current version of each tag ("1" for a tag never bumped), in one statement. */
export async function tagVersions(db: Db, tags: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(tags)];
  const out = new Map(unique.map((t) => [t, "1"]));
  if (unique.length === 0) return out;
  // Tags are learner ids and fixed names (no commas, braces or quotes), safe in an array literal.
  const rows = await queryRowsPrepared<{ tag: string; version: string | number }>(
    db,
    sql`select tag, version::text as version from cache_tag_versions where tag = any(${arrayParam(unique)}::text[])`,
  );
  for (const r of rows) out.set(r.tag, String(r.version));
  return out;
}

let lastSweep = 0;
function sweep(store: Map<string, Entry>, now: number) {
  if (now - lastSweep < 60_000 && store.size <= MAX_ENTRIES) return;
  lastSweep = now;
  for (const [k, e] of store) if (now - e.storedAt > IDLE_MS) store.delete(k);
  while (store.size > MAX_ENTRIES) store.delete(store.keys().next().value!);
}

export interface CacheItem<K> {
  /** What the entry holds, unique across the app (e.g. `dashboard-row:<coach>:<learner>`). */
  key: string;
  tags: readonly string[];
  /** Passed back to load for the items that missed. */
  arg: K;
}

/**
 * Several entries in one go: one statement for all their tags' versions, then `load` once with
 * every item that missed (in the order given), which must return one value per item.
 */
export async function cachedMany<K, V>(db: Db, items: readonly CacheItem<K>[], load: (missing: K[]) => Promise<V[]>): Promise<V[]> {
  if (!readCacheEnabled() || items.length === 0) return items.length ? load(items.map((i) => i.arg)) : [];
  const store = storeFor(db);
  const versions = await tagVersions(
    db,
    items.flatMap((i) => i.tags),
  );
  const now = Date.now();
  const out: V[] = new Array(items.length);
  const missing: number[] = [];
  items.forEach((item, i) => {
    const entry = store.get(item.key);
    const want = item.tags.map((t) => versions.get(t)!);
    if (entry && entry.versions.length === want.length && entry.versions.every((v, j) => v === want[j])) {
      // Most recently used last.
      store.delete(item.key);
      entry.storedAt = now;
      store.set(item.key, entry);
      out[i] = entry.value as V;
      stats.hits++;
    } else {
      missing.push(i);
    }
  });
  if (missing.length) {
    stats.misses += missing.length;
    const loaded = await load(missing.map((i) => items[i]!.arg));
    if (loaded.length !== missing.length) throw new Error(`read cache: load returned ${loaded.length} values for ${missing.length} items`);
    missing.forEach((idx, j) => {
      const item = items[idx]!;
      const value = deepFreeze(loaded[j]!);
      // Stored under the versions read before loading (see the module comment).
      store.set(item.key, { versions: item.tags.map((t) => versions.get(t)!), value, storedAt: now });
      out[idx] = value;
    });
    sweep(store, now);
  }
  return out;
}

/** One entry: served while its tags' versions are unchanged, else loaded and stored. */
export async function cached<V>(db: Db, key: string, tags: readonly string[], load: () => Promise<V>): Promise<V> {
  const [value] = await cachedMany(db, [{ key, tags, arg: null }], async () => [await load()]);
  return value as V;
}

/** Drops every entry (tests). */
export function clearReadCache(db: Db): void {
  stores.get(db)?.clear();
}
