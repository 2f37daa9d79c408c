// The read cache on the plan views (lib/dal/plans.ts) and the learner's home (lib/dal/home.ts),
// timed in-process (no HTTP): the median of N warm calls with the cache off (READ_CACHE=0: every
// call loads every row) and on (every call after the first is served from the cache: the
// versions statement, plus the access check where the function has one), on each engine.
//
// The learner is test/world.ts's owner with a generated plan assigned by their coach (createDraftPlan,
// as the coach's "Generate" button) whose closing retest was taken and submitted, so the plan offers
// its next cycle and the offer reads that set's answers, as a learner's plan does mid-loop.
//
//   npx tsx bench/plan-cache.ts [--engine pglite|postgres|both] [--runs 20]
//       [--pg-url postgres://postgres@127.0.0.1:5432/postgres]
//
// Each engine gets a fresh database (PGlite in memory; a temporary Postgres database, dropped after).
import Module from "node:module";
import path from "node:path";
import { compareOffOn } from "./lib/cache-timing";
import type { Coach, Learner } from "@/lib/dal/guard";

// The DAL modules import "server-only", which throws outside React Server Components: resolve it
// to its own empty module, then load the app's modules (as bench/dashboard-cache.ts does).
const loader = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolve = loader._resolveFilename;
loader._resolveFilename = function (request, ...rest) {
  return resolve.call(this, request === "server-only" ? path.resolve("node_modules/server-only/empty.js") : request, ...rest);
};
/** The app's modules, loaded after the resolver above is in place (no top-level await: tsx compiles this file as CommonJS). */
async function app() {
  const { useDatabaseForTests: serveDatabase } = await import("@/db/client");
  const { clearReadCache, readCacheStats } = await import("@/lib/cache/server/read-cache");
  const { getExamByCode } = await import("@/lib/exam/server/exams");
  const { taskPracticeSet } = await import("@/lib/plans/library");
  const { assignPlan, createDraftPlan, startRetestForTask } = await import("@/lib/plans/server/repair-plans");
  const { submitPractice } = await import("@/lib/practice/server/sessions");
  const { createTestDatabase } = await import("@/test/db");
  const { buildWorld } = await import("@/test/world");
  const { coachPlanView, myPlan, readablePlan } = await import("@/lib/dal/plans");
  const { getMyHome } = await import("@/lib/dal/home");
  return { serveDatabase, clearReadCache, readCacheStats, getExamByCode, taskPracticeSet, assignPlan, createDraftPlan, startRetestForTask, submitPractice, createTestDatabase, buildWorld, coachPlanView, myPlan, readablePlan, getMyHome };
}

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : fallback;
};
const ENGINES = opt("--engine", "both") === "both" ? ["pglite", "postgres"] : [opt("--engine", "both")];
const RUNS = Number(opt("--runs", "20"));
const PG_SERVER = opt("--pg-url", "postgres://postgres@127.0.0.1:5432/postgres");


async function main() {
  const a = await app();
  const { serveDatabase, getExamByCode, taskPracticeSet, assignPlan, createDraftPlan, startRetestForTask, submitPractice, createTestDatabase, buildWorld, coachPlanView, myPlan, readablePlan, getMyHome } = a;
  const rows: string[] = [];
  for (const engine of ENGINES) {
    const handle = await createTestDatabase(engine === "pglite" ? { url: "" } : { url: PG_SERVER });
    try {
      serveDatabase(handle);
      const world = await buildWorld(handle.db, { rollups: false });
      const exam = await getExamByCode(handle.db, "AZ-104");
      const owner: Learner = { id: world.users.owner.id, email: world.users.owner.email, name: "World owner", role: "learner", timeZone: "UTC" };
      const coach: Coach = { id: world.users.coach.id, email: world.users.coach.email, name: "World coach", role: "coach", timeZone: "UTC" };
      const planId = await createDraftPlan(handle.db, coach, owner.id, exam);
      await assignPlan(handle.db, coach, planId);
      const plan = (await myPlan(owner))!;
      const closing = plan.tasks.findLast((t) => taskPracticeSet(t.libraryKey) !== null)!;
      await submitPractice(handle.db, owner.id, await startRetestForTask(handle.db, owner, exam, closing.id));
      const tasks = (await myPlan(owner))!.tasks.length;
      const cases: [string, () => Promise<unknown>][] = [
        [`myPlan (learner's plan page), ${tasks} tasks`, () => myPlan(owner)],
        [`coachPlanView (coach's workspace)`, () => coachPlanView(coach, owner.id)],
        [`readablePlan (print, learner)`, () => readablePlan(owner, planId)],
        [`getMyHome (learner's home)`, () => getMyHome(owner)],
      ];
      rows.push(...(await compareOffOn(a, handle, engine, cases, RUNS)));
    } finally {
      await handle.close();
    }
  }
  console.log(`\nMedian of ${RUNS} warm calls each, in-process:\n${rows.join("\n")}`);
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
