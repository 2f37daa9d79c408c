import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env } from "@/lib/env";
import { clearCopy, copyTemplateInto, defaultTemplateRoot, discardTemplate, ensureTemplate, isEmptyDir, templateTarball } from "./pglite-template";
import * as schema from "./schema";

export type Schema = typeof schema;
/** Either driver's database; a transaction is assignable to it too. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface DbHandle {
  db: Db;
  kind: "pglite" | "postgres";
  /** The connection URL when kind is "postgres". */
  url?: string;
  /** When kind is "pglite": how the cluster came to be (db/pglite-template.ts). */
  pgliteStart?: PgliteStart;
  close(): Promise<void>;
}

export const DEFAULT_PGLITE_DIR = ".data/pglite";

/**
 * A 16 MB shared buffer pool instead of Postgres's 128 MB: PGlite's WebAssembly memory never
 * shrinks, and the pool fills with pages a small database reads once (start-up syncs the whole
 * bank). The pages stay in the operating system's file cache. Measured with
 * bench/pglite-footprint.ts (two runs each): idle RSS of the database alone on an existing
 * directory 409–415 → 220–223 MB, on a new one 889–908 → 360–398 MB.
 *
 * A new database starts from a copy of the template of the empty cluster (db/pglite-template.ts,
 * made by the app on its first new database) instead of PGlite's initdb. Measured with
 * `npx tsx bench/pglite-footprint.ts` against `--no-template` (two runs each, 2 CPUs shared, load
 * average 2.9–3.5; PGlite ready / with the start-up sequence): a new directory 4.2 / 5.4–5.5 s →
 * 1.0–1.4 / 3.2–3.7 s, idle RSS after GC 384–394 → 277–301 MB; an existing one unchanged (0.5–0.9 /
 * 0.8–1.7 s); the first new directory on a machine, which makes the template, 5.0–5.3 / 6.1–6.5 s
 * (once per PGlite version and options). At load 4: 2.8–3.2 / 4.0–4.3 s → 0.85–1.1 / 2.2–3.1 s,
 * first 4.5–5.1 s; at load 1.3–1.9: 2.7–2.9 / 3.3–3.6 s → 1.1–1.2 / 2.3–3.5 s, first 4.0–5.6 /
 * 4.8–6.8 s. The migrations run 0.5–1 s longer after the template than after initdb; the cause is
 * not known (neither WebAssembly tier-up, tried with --no-liftoff, nor the relcache init files, nor
 * how the files are copied). In memory (the integration tests' fresh databases) PGlite is ready in
 * 1.0–1.5 s instead of 5.0–7.9 s at load 8–9 (0.4 s instead of 1.5 s at load 2).
 */
export const PGLITE_OPTIONS = { startParams: [...PGlite.defaultStartParams, "-c", "shared_buffers=16MB"] };

/**
 * Statement observation for diagnosis and for tests that pin how many statements a page costs:
 * only with DB_QUERY_LOG set when the database is opened ("1": listeners only; "stderr": also one
 * line per statement). Off, Drizzle gets no logger and nothing is paid per query.
 */
type QueryListener = (query: string) => void;
const queryListeners = new Set<QueryListener>();

/** Calls fn for every statement run through a database opened with DB_QUERY_LOG set; returns the unsubscribe. */
export function onQuery(fn: QueryListener): () => void {
  queryListeners.add(fn);
  return () => queryListeners.delete(fn);
}

function queryLogger() {
  const mode = process.env.DB_QUERY_LOG;
  if (!mode || mode === "0") return undefined;
  return {
    logQuery(query: string) {
      if (mode === "stderr") console.error(`[db] ${query.replace(/\s+/g, " ").slice(0, 300)}`);
      for (const fn of queryListeners) fn(query);
    },
  };
}

/**
 * PGlite corrupts a data directory that two processes open at once, so the directory is claimed
 * with an exclusive lock file beside it. A lock left by a dead process is taken over.
 */
function claimPgliteDir(dir: string): () => void {
  const lockPath = `${path.resolve(/*turbopackIgnore: true*/ dir)}.lock`;
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  for (let tries = 0; tries < 2; tries++) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      const release = () => {
        try {
          if (fs.readFileSync(lockPath, "utf8") === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
      process.once("exit", release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const owner = Number(fs.readFileSync(lockPath, "utf8").trim());
      if (owner === process.pid) return () => {};
      if (owner > 0 && isAlive(owner)) {
        throw new Error(
          `The embedded database in ${path.resolve(dir)} is already open in process ${owner}. ` +
            `Stop that process first, or set PGLITE_DIR to another directory (or DATABASE_URL to use Postgres).`,
        );
      }
      fs.unlinkSync(lockPath); // stale: its owner is gone
    }
  }
  throw new Error(`Could not claim the embedded database directory ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** "existing": a directory with a cluster; "template": copied from the template; "initdb": made by PGlite. */
export type PgliteStart = "existing" | "template" | "initdb";

/**
 * Opens PGlite on dir (null: in memory). A new database starts from the template of an empty
 * cluster (db/pglite-template.ts) when one can be had; if that fails in any way, the directory is
 * emptied again and PGlite initialises it itself, as without a template.
 */
async function openPglite(dir: string | null, templateRoot: string | false | undefined): Promise<{ client: PGlite; start: PgliteStart }> {
  const ready = async (client: PGlite) => {
    await client.waitReady;
    return client;
  };
  const fresh = dir === null || isEmptyDir(dir);
  if (fresh && templateRoot !== false) {
    const template = await ensureTemplate(templateRoot ?? defaultTemplateRoot(), PGLITE_OPTIONS).catch(() => null);
    let client: PGlite | undefined;
    try {
      if (template && dir === null) {
        const tarball = templateTarball(template);
        if (!tarball) throw new Error("its tarball does not match its manifest");
        client = new PGlite({ ...PGLITE_OPTIONS, loadDataDir: tarball });
      } else if (template && dir !== null && copyTemplateInto(template, dir)) {
        client = new PGlite(dir, PGLITE_OPTIONS);
      }
      if (client) return { client: await ready(client), start: "template" };
    } catch (err) {
      console.warn(`[db] the embedded database template did not open (${err instanceof Error ? err.message : String(err)}); initialising the database instead`);
      await client?.close().catch(() => {});
      if (dir !== null) clearCopy(dir);
      if (template) discardTemplate(template);
    }
  }
  if (dir === null) return { client: await ready(new PGlite(PGLITE_OPTIONS)), start: "initdb" };
  const start = fresh || !fs.existsSync(path.join(dir, "PG_VERSION")) ? "initdb" : "existing";
  return { client: await ready(new PGlite(dir, PGLITE_OPTIONS)), start };
}

export interface OpenOptions {
  /** A postgres:// URL; without it the embedded database is used. */
  url?: string;
  /** Embedded database directory, or "memory://" for a throwaway in-memory one. */
  pgliteDir?: string;
  max?: number;
  /**
   * Folder of the embedded database template (default node_modules/.cache/retake-coach);
   * false: a new embedded database is initialised by PGlite (initdb), as without a template.
   */
  pgliteTemplate?: string | false;
}

export async function openDatabase(opts: OpenOptions): Promise<DbHandle> {
  if (opts.url) {
    const client = postgres(opts.url, {
      max: opts.max ?? 10,
      onnotice: () => {},
      // Keep instants as Date objects in UTC regardless of the server's TimeZone setting.
      connection: { TimeZone: "UTC" },
    });
    const db = drizzlePostgres(client, { schema, logger: queryLogger() }) as unknown as Db;
    return { db, kind: "postgres", url: opts.url, close: () => client.end({ timeout: 5 }) };
  }
  const dir = opts.pgliteDir ?? DEFAULT_PGLITE_DIR;
  const inMemory = dir.startsWith("memory://");
  const release = inMemory ? () => {} : claimPgliteDir(dir);
  try {
    const { client, start } = await openPglite(inMemory ? null : path.resolve(/*turbopackIgnore: true*/ dir), opts.pgliteTemplate);
    await client.exec("SET TIME ZONE 'UTC'");
    const db = drizzlePglite(client, { schema, logger: queryLogger() }) as unknown as Db;
    return {
      db,
      kind: "pglite",
      pgliteStart: start,
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

type Global = typeof globalThis & { __retakeCoachDb?: Promise<DbHandle> };
const g = globalThis as Global;

/**
 * The process's database, opened once (kept on globalThis so dev reloads reuse it). Opening is
 * all this does: migrations, reference data and the optional demo seed belong to the start-up
 * module (lib/server/startup.ts), which instrumentation.ts runs before the first request.
 */
export function getDbHandle(): Promise<DbHandle> {
  if (!g.__retakeCoachDb) {
    const e = env();
    g.__retakeCoachDb = openDatabase({ url: e.DATABASE_URL, pgliteDir: e.PGLITE_DIR });
    g.__retakeCoachDb.catch(() => {
      g.__retakeCoachDb = undefined;
    });
  }
  return g.__retakeCoachDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

/** Tests hand the process a database they prepared (fresh, migrated) instead of the default. */
export function useDatabaseForTests(handle: DbHandle): void {
  g.__retakeCoachDb = Promise.resolve(handle);
}
