// Runs the integration project on the embedded database, then again on real Postgres when
// TEST_DATABASE_URL is set (concurrency tests only mean something there).
import { spawnSync } from "node:child_process";

const extra = process.argv.slice(2);
const runs = [{ engine: "PGlite (in-memory)", env: { ...process.env, TEST_DATABASE_URL: "" } }];
if (process.env.TEST_DATABASE_URL) {
  runs.push({ engine: "Postgres (TEST_DATABASE_URL)", env: process.env });
} else {
  console.log("[integration] TEST_DATABASE_URL is not set: the Postgres run (and its concurrency tests) is skipped.");
}

for (const run of runs) {
  console.log(`\n[integration] engine: ${run.engine}`);
  const r = spawnSync("npx", ["vitest", "run", "--project", "integration", ...extra], { stdio: "inherit", env: run.env });
  if (r.status !== 0) {
    console.error(`[integration] failed on ${run.engine}`);
    process.exit(r.status ?? 1);
  }
}
