// The read cache on the coach dashboard (lib/dal/coach-dashboard.ts) and the coach's learner page
// (lib/dal/coach.ts), timed in-process (no HTTP) on a database seeded as `npm run bench` seeds it
// (bench/lib/seed.ts: coach1 coaches 30 learners, bench-coach300 coaches 300, all with attempts,
// bars, categories and submitted sets): the median of N warm calls with the cache off
// (READ_CACHE=0: every call loads every row) and on (every call after the first is served from
// the cache: the page statement and the versions statement only), on each engine.
//
//   npx tsx bench/dashboard-cache.ts [--engine pglite|postgres|both] [--runs 20]
//       [--pg-url postgres://postgres@127.0.0.1:5432/postgres] [--reseed]
//
// --before <file>: also times another coachDashboardPage (the same cases, no cache), e.g. the one
// before the cache, saved from git into the git-ignored bench/out/:
//   git show 2a653b6:lib/dal/coach-dashboard.ts | sed 's#from "\./#from "@/lib/dal/#' > bench/out/coach-dashboard-before.ts
//   npx tsx bench/dashboard-cache.ts --before bench/out/coach-dashboard-before.ts
// The seeded databases are kept (PGlite in $TMPDIR/retake-dashboard-cache-pglite, Postgres database
// retake_dashboard_cache) and reused unless --reseed.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import Module from "node:module";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import type { DbHandle } from "@/db/client";
import { compareOffOn } from "./lib/cache-timing";
import type { Coach } from "@/lib/dal/guard";

// The DAL modules import "server-only", which throws outside React Server Components; under the
// react-server condition, next/navigation (notFound) does not load. So: the normal conditions,
// with "server-only" resolved to its own empty module, and the app's modules loaded after that.
const loader = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolve = loader._resolveFilename;
loader._resolveFilename = function (request, ...rest) {
  return resolve.call(this, request === "server-only" ? path.resolve("node_modules/server-only/empty.js") : request, ...rest);
};
const app = async () => ({
  ...(await import("@/db/client")),
  ...(await import("@/db/schema")),
  ...(await import("@/lib/cache/server/read-cache")),
  ...(await import("@/lib/dal/coach")),
  ...(await import("@/lib/dal/coach-dashboard")),
});
let A: Awaited<ReturnType<typeof app>>;

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : fallback;
};
const ENGINES = opt("--engine", "both") === "both" ? ["pglite", "postgres"] : [opt("--engine", "both")];
const RUNS = Number(opt("--runs", "20"));
const PG_SERVER = opt("--pg-url", "postgres://postgres@127.0.0.1:5432/postgres");
const RESEED = args.includes("--reseed");
const BEFORE = opt("--before", "");
const PG_NAME = "retake_dashboard_cache";
/** bench/lib/seed.ts's 300-learner coach (not imported: that module seeds when loaded). */
const COACH300_EMAIL = "bench-coach300@example.com";
const PGLITE_DIR = path.join(os.tmpdir(), "retake-dashboard-cache-pglite");

function seed(target: string[], out: string) {
  console.log(`[dashboard-cache] seeding ${target.join(" ")} (bench/lib/seed.ts)…`);
  const r = spawnSync("npx", ["tsx", "bench/lib/seed.ts", ...target, "--open-sets", "0", "--out", out], { stdio: "inherit" });
  if (r.status !== 0) throw new Error("seeding failed");
}

async function open(engine: string): Promise<DbHandle> {
  const out = path.join(os.tmpdir(), `retake-dashboard-cache-${engine}.json`);
  if (engine === "pglite") {
    if (RESEED || !fs.existsSync(out) || !fs.existsSync(PGLITE_DIR)) {
      fs.rmSync(PGLITE_DIR, { recursive: true, force: true });
      seed(["--pglite", PGLITE_DIR], out);
    }
    return A.openDatabase({ pgliteDir: PGLITE_DIR });
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
  return A.openDatabase({ url: url.toString(), max: 10 });
}



async function coachBy(handle: DbHandle, email: string): Promise<{ coach: Coach; learners: number; someLearner: string | null }> {
  const [c] = await handle.db.select().from(A.users).where(eq(A.users.email, email));
  if (!c) throw new Error(`no coach ${email}: reseed (--reseed)`);
  const assigned = await handle.db.select({ id: A.coachAssignments.learnerId }).from(A.coachAssignments).where(eq(A.coachAssignments.coachId, c.id));
  const coach = { id: c.id, email: c.email, name: c.name, role: "coach", timeZone: c.timeZone } as Coach;
  // A learner the dashboard shows whose id the pages accept (the seed's bench learners have md5
  // ids, not RFC 4122 UUIDs, which parseId refuses: coach1's demo learners have real ones).
  const rfc4122 = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
  const someLearner: string | null = (await A.coachDashboardPage(coach, A.parseDashboardQuery({}))).rows.find((r) => rfc4122.test(r.id))?.id ?? null;
  return { coach, learners: assigned.length, someLearner };
}

async function main() {
  A = await app();
  const before: typeof A.coachDashboardPage | null = BEFORE ? (await import(path.resolve(BEFORE))).coachDashboardPage : null;
  const rows: string[] = [];
  for (const engine of ENGINES) {
    const handle = await open(engine);
    try {
      const serve = A.useDatabaseForTests;
      serve(handle);
      const cases: [string, () => Promise<unknown>][] = [];
      for (const email of ["coach1@example.com", COACH300_EMAIL]) {
        const { coach, learners, someLearner } = await coachBy(handle, email);
        for (const [sortLabel, sp] of [["page 1 by name", {}], ["by eligibility", { sort: "eligible" }]] as const) {
          if (before) cases.push([`BEFORE coachDashboardPage, ${learners} learners, ${sortLabel}`, () => before(coach, A.parseDashboardQuery(sp))]);
          cases.push([`coachDashboardPage, ${learners} learners, ${sortLabel}`, () => A.coachDashboardPage(coach, A.parseDashboardQuery(sp))]);
        }
        if (someLearner && learners < 100) cases.push([`coachLearnerDetail, one learner`, () => A.coachLearnerDetail(coach, someLearner)]);
      }
      rows.push(...(await compareOffOn(A, handle, engine, cases, RUNS)));
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
