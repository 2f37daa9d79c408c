// The embedded database's footprint on its own: start-up time and idle RSS of a Node process that
// opens PGlite as the server does (db/client.ts), runs the start-up sequence (lib/server/startup.ts:
// migrations, reference data and bank sync, rollups), then sits idle. Measured per run on a NEW
// data directory while the machine has no template of the empty cluster yet (FIRST: the template
// is made, then copied; db/pglite-template.ts), on another NEW directory (copied from that
// template), and then on that directory again (EXISTING). Each run has its own template folder in
// the temp folder, so the figures never depend on (or touch) node_modules/.cache.
// Each measurement is its own child process, so one cannot warm the other's memory.
//
//   npx tsx bench/pglite-footprint.ts [--runs 2] [--idle-s 3]
//       [--no-template]                                          # new directories initialised by PGlite (initdb), as before the template
//       [--options '{"postgresqlconf":["shared_buffers=16MB"]}']   # PGlite options to try instead of db/client.ts (no template)
//
// Prints, per run: time until PGlite is ready, time of the start-up sequence, their total, and the
// process's RSS (and V8 heap, external memory) after the idle wait. This is the database's share
// of `next start`'s figures in `npm run bench` (which adds Next itself: about 100 MB and 1 s).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

interface Figures {
  readyMs: number;
  startUpMs: number;
  rssMb: number;
  heapMb: number;
  externalMb: number;
  rssBeforeMb: number;
  /** After a full garbage collection: what the process keeps once V8 lets go of what start-up dropped. */
  rssAfterGcMb: number | null;
  /** How the cluster came to be (db/client.ts PgliteStart; "options" with --options). */
  start: string;
}

const argv = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
};

async function child(dir: string, idleS: number, optionsJson: string, template: string) {
  const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
  const t0 = performance.now();
  const { startUp } = await import("@/lib/server/startup");
  let handle;
  if (optionsJson) {
    // The same steps as openDatabase, with the options under test.
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle } = await import("drizzle-orm/pglite");
    const schema = await import("@/db/schema");
    const client = new PGlite(path.resolve(dir), JSON.parse(optionsJson) as object);
    await client.waitReady;
    await client.exec("SET TIME ZONE 'UTC'");
    handle = { db: drizzle(client, { schema }) as never, kind: "pglite" as const, pgliteStart: undefined, close: () => client.close() };
  } else {
    const { openDatabase } = await import("@/db/client");
    handle = await openDatabase({ pgliteDir: dir, pgliteTemplate: template === "none" ? false : template });
  }
  const readyMs = performance.now() - t0;
  const t1 = performance.now();
  await startUp(handle);
  const startUpMs = performance.now() - t1;
  await new Promise((r) => setTimeout(r, idleS * 1000));
  const m = process.memoryUsage();
  const gc = (globalThis as { gc?: () => void }).gc;
  let rssAfterGcMb: number | null = null;
  if (gc) {
    gc();
    await new Promise((r) => setTimeout(r, 500));
    rssAfterGcMb = process.memoryUsage().rss / 2 ** 20;
  }
  const start = handle.pgliteStart ?? "options";
  const figures: Figures = { readyMs, startUpMs, rssMb: m.rss / 2 ** 20, heapMb: m.heapUsed / 2 ** 20, externalMb: m.external / 2 ** 20, rssBeforeMb, rssAfterGcMb, start };
  await handle.close();
  console.log(`FIGURES ${JSON.stringify(figures)}`);
}

function measure(dir: string, idleS: number, optionsJson: string, template: string): Figures {
  const r = spawnSync("npx", ["tsx", __filename, "--child", dir, "--idle-s", String(idleS), "--options", optionsJson, "--template", template], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: "", PGLITE_DIR: dir, NODE_ENV: "production", NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --expose-gc`.trim() },
    timeout: 180_000,
  });
  const line = r.stdout.split("\n").find((l) => l.startsWith("FIGURES "));
  if (r.status !== 0 || !line) throw new Error(`child failed (exit ${r.status}):\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
  return JSON.parse(line.slice("FIGURES ".length)) as Figures;
}

async function main() {
  const childDir = opt("--child", "");
  const idleS = Number(opt("--idle-s", "3"));
  const optionsJson = opt("--options", "");
  if (childDir) return child(childDir, idleS, optionsJson, opt("--template", "none"));

  const runs = Number(opt("--runs", "2"));
  const useTemplate = !optionsJson && !argv.includes("--no-template");
  const kinds = useTemplate ? ["first", "new", "existing"] : ["new", "existing"];
  const fmt = (x: number, d = 0) => x.toFixed(d).padStart(6);
  const what = optionsJson ? `options ${optionsJson}` : `db/client.ts as committed, ${useTemplate ? "with" : "without"} the template`;
  console.log(`PGlite footprint (${what}); ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)} at the start`);
  console.log("directory  run  ready ms  start-up ms  total ms   RSS MB  after GC  heap MB  external MB  (RSS before opening)  cluster");
  const rows: { kind: string; f: Figures }[] = [];
  for (let i = 1; i <= runs; i++) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "retake-pglite-footprint-"));
    const template = useTemplate ? path.join(work, "template") : "none";
    try {
      for (const kind of kinds) {
        const dir = path.join(work, kind === "first" ? "first" : "db");
        const f = measure(dir, idleS, optionsJson, template);
        rows.push({ kind, f });
        console.log(`${kind.padEnd(9)} ${String(i).padStart(4)}  ${fmt(f.readyMs)}    ${fmt(f.startUpMs)}    ${fmt(f.readyMs + f.startUpMs)}   ${fmt(f.rssMb)}   ${f.rssAfterGcMb === null ? "     –" : fmt(f.rssAfterGcMb)}   ${fmt(f.heapMb)}      ${fmt(f.externalMb)}   (${f.rssBeforeMb.toFixed(0)})                 ${f.start}`);
      }
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  for (const kind of kinds) {
    const fs_ = rows.filter((r) => r.kind === kind).map((r) => r.f);
    console.log(`median ${kind.padEnd(8)}: total ${median(fs_.map((f) => f.readyMs + f.startUpMs)).toFixed(0)} ms (ready ${median(fs_.map((f) => f.readyMs)).toFixed(0)}), idle RSS ${median(fs_.map((f) => f.rssMb)).toFixed(0)} MB, after a full GC ${median(fs_.map((f) => f.rssAfterGcMb ?? NaN)).toFixed(0)} MB`);
  }
  console.log(`load average at the end ${os.loadavg()[0]!.toFixed(1)}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
