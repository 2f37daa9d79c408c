// The read cache on the admin's cohort figures and the bank list, timed in-process (no HTTP) on a
// database seeded as `npm run bench` seeds it (bench/lib/seed.ts: demo programme + a bench cohort
// of 300 learners + 300 more learners of a coach): the median of N warm calls with the cache off
// (READ_CACHE=0: every call loads) and on (every call after the first is a hit), on each engine.
//
//   npx tsx --conditions=react-server bench/figures-cache.ts [--engine pglite|postgres|both] [--runs 20]
//       [--pg-url postgres://postgres@127.0.0.1:5432/postgres] [--reseed]
//
// (--conditions=react-server: the DAL modules import "server-only", which only resolves there.)
// The seeded databases are kept (PGlite in $TMPDIR/retake-figures-cache-pglite, Postgres database
// retake_figures_cache) and reused unless --reseed.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase, useDatabaseForTests as serveDatabase, type DbHandle } from "@/db/client";
import { users } from "@/db/schema";
import { clearReadCache, readCacheStats } from "@/lib/cache/server/read-cache";
import { compareOffOn } from "./lib/cache-timing";
import { cohortAnalytics } from "@/lib/dal/analytics";
import { bankQuestions } from "@/lib/dal/bank";
import type { Admin } from "@/lib/dal/guard";

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : fallback;
};
const ENGINES = opt("--engine", "both") === "both" ? ["pglite", "postgres"] : [opt("--engine", "both")];
const RUNS = Number(opt("--runs", "20"));
const PG_SERVER = opt("--pg-url", "postgres://postgres@127.0.0.1:5432/postgres");
const RESEED = args.includes("--reseed");
const PG_NAME = "retake_figures_cache";
const PGLITE_DIR = path.join(os.tmpdir(), "retake-figures-cache-pglite");

function seed(target: string[], out: string) {
  console.log(`[figures-cache] seeding ${target.join(" ")} (bench/lib/seed.ts)…`);
  const r = spawnSync("npx", ["tsx", "bench/lib/seed.ts", ...target, "--out", out], { stdio: "inherit" });
  if (r.status !== 0) throw new Error("seeding failed");
}

async function open(engine: string): Promise<{ handle: DbHandle; cohortId: string }> {
  const out = path.join(os.tmpdir(), `retake-figures-cache-${engine}.json`);
  if (engine === "pglite") {
    if (RESEED || !fs.existsSync(out) || !fs.existsSync(PGLITE_DIR)) {
      fs.rmSync(PGLITE_DIR, { recursive: true, force: true });
      seed(["--pglite", PGLITE_DIR], out);
    }
    return { handle: await openDatabase({ pgliteDir: PGLITE_DIR }), cohortId: JSON.parse(fs.readFileSync(out, "utf8")).cohortId };
  }
  const url = new URL(PG_SERVER);
  url.pathname = `/${PG_NAME}`;
  const server = postgres(PG_SERVER, { max: 1, onnotice: () => {} });
  const exists = (await server`select 1 from pg_database where datname = ${PG_NAME}`).length > 0;
  if (RESEED || !exists || !fs.existsSync(out)) {
    await server.unsafe(`drop database if exists ${PG_NAME} with (force)`);
    await server.unsafe(`create database ${PG_NAME}`);
    await server.end();
    seed(["--url", url.toString()], out);
  } else await server.end();
  return { handle: await openDatabase({ url: url.toString(), max: 4 }), cohortId: JSON.parse(fs.readFileSync(out, "utf8")).cohortId };
}



async function main() {
  const rows: string[] = [];
  for (const engine of ENGINES) {
    const { handle, cohortId } = await open(engine);
    try {
      serveDatabase(handle);
      const [a] = await handle.db.select().from(users).where(eq(users.email, "admin@example.com"));
      const admin = { id: a!.id, email: a!.email, name: a!.name, role: "admin", timeZone: a!.timeZone } as Admin;
      const cases: [string, () => Promise<unknown>][] = [
        ["cohortAnalytics, all learners, default range", () => cohortAnalytics(admin, {})],
        ["cohortAnalytics, bench cohort (300), default range", () => cohortAnalytics(admin, { cohort: cohortId })],
        ["bankQuestions, no filter", () => bankQuestions(admin, {})],
      ];
      rows.push(...(await compareOffOn({ clearReadCache, readCacheStats }, handle, engine, cases, RUNS)));
    } finally {
      await handle.close();
    }
  }
  console.log(`\nMedian of ${RUNS} warm calls each, in-process:\n${rows.join("\n")}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
