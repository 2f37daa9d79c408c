// The database half of a practice save, in-process (no HTTP, no Next, no Auth.js):
//
//   npx tsx bench/db-saves.ts [--learners 50] [--seconds 10] [--warmup 2] [--engines postgres,pglite] [--pool 10]
//
// Each of --learners concurrent loops does what POST /api/practice/<id>/answers does against the
// database: the DAL's user-row lookup (getCurrentUser) and saveAnswers() with one answer and an
// increasing seq. The same drivers and pool as the app (openDatabase; postgres.js pool of 10
// unless --pool). Compare with bench/practice-saves.ts to see what HTTP + Next + Auth.js add.
// Uses a fresh bench_db_<timestamp> database / PGlite directory under bench/out/, removed afterwards.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { eq, sql } from "drizzle-orm";
import { openDatabase, type DbHandle } from "@/db/client";
import { practiceItems, users } from "@/db/schema";
import { saveAnswers } from "@/lib/practice/server/sessions";
import { prepareBenchData, type BenchLearner } from "./practice-common";

type Engine = "postgres" | "pglite";

function parseArgs(argv: string[]) {
  const o = { learners: 50, seconds: 10, warmup: 2, engines: ["postgres", "pglite"] as Engine[], pool: 10 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[++i];
    if (v === undefined) throw new Error(`${a} needs a value`);
    if (a === "--learners") o.learners = Number(v);
    else if (a === "--seconds") o.seconds = Number(v);
    else if (a === "--warmup") o.warmup = Number(v);
    else if (a === "--pool") o.pool = Number(v);
    else if (a === "--engines") o.engines = v.split(",").map((s) => s.trim()) as Engine[];
    else throw new Error(`Unknown argument ${a}`);
  }
  for (const e of o.engines) if (e !== "postgres" && e !== "pglite") throw new Error(`Unknown engine ${e}`);
  return o;
}

const clkTck = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;
/** CPU ticks of the given Postgres backends (this run's pool; other sessions share the server). */
function postgresTicks(pids: Set<number>): number {
  let sum = 0;
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      sum += Number(f[11]) + Number(f[12]);
    } catch {
      // exited
    }
  }
  return sum;
}

interface Learner extends BenchLearner {
  seq: number;
  acked: Map<number, number>;
}

async function oneSave(handle: DbHandle, l: Learner): Promise<boolean> {
  // getCurrentUser's query (lib/dal/session.ts)
  const [row] = await handle.db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, timeZone: users.timeZone, active: users.active, sessionVersion: users.sessionVersion })
    .from(users)
    .where(eq(users.id, l.learnerId))
    .limit(1);
  if (!row?.active) return false;
  const position = l.positions[Math.floor(Math.random() * l.positions.length)]!;
  const seq = ++l.seq;
  const r = await saveAnswers(handle.db, l.learnerId, l.sessionId, [{ position, response: [["A", "B", "C", "D"][seq % 4]!], flagged: false, seq, timeMs: 1000 }]);
  const ok = r.ok && r.results[0]?.applied === true;
  if (ok) l.acked.set(position, seq);
  return ok;
}

async function phase(handle: DbHandle, learners: Learner[], seconds: number) {
  const lat: number[] = [];
  let ok = 0;
  let errors = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  let last = start;
  await Promise.all(
    learners.map(async (l) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        let good = false;
        try {
          good = await oneSave(handle, l);
        } catch (err) {
          if (errors < 3) console.error("[db-saves] error:", err);
        }
        const t1 = performance.now();
        last = Math.max(last, t1);
        lat.push(t1 - t0);
        if (good) ok++;
        else errors++;
      }
    }),
  );
  lat.sort((a, b) => a - b);
  const pct = (q: number) => lat[Math.min(lat.length - 1, Math.max(0, Math.ceil(q * lat.length) - 1))] ?? NaN;
  return { ok, errors, elapsedS: (last - start) / 1000, p50: pct(0.5), p95: pct(0.95), p99: pct(0.99) };
}

async function runEngine(o: ReturnType<typeof parseArgs>, engine: Engine) {
  const stamp = `${Date.now()}_${process.pid}`;
  let handle: DbHandle;
  let cleanup: () => void;
  if (engine === "postgres") {
    const db = `bench_db_${stamp}`;
    const psql = (sql: string) => spawnSync("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qAtc", sql], { encoding: "utf8", timeout: 30_000 });
    const c = psql(`create database ${db}`);
    if (c.status !== 0) throw new Error(`create database failed: ${c.stderr}`);
    cleanup = () => void psql(`drop database if exists ${db} with (force)`);
    handle = await openDatabase({ url: `postgres://postgres@127.0.0.1:5432/${db}`, max: o.pool });
  } else {
    const dir = path.join(process.cwd(), "bench", "out", `db-saves-pglite-${stamp}`);
    cleanup = () => {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(`${dir}.lock`, { force: true });
    };
    handle = await openDatabase({ pgliteDir: dir });
  }
  process.once("exit", cleanup);
  try {
    const learners: Learner[] = (await prepareBenchData(handle, o.learners)).map((l) => ({ ...l, seq: 0, acked: new Map() }));
    if (o.warmup) await phase(handle, learners, o.warmup);
    const backends = new Set<number>();
    if (engine === "postgres") {
      const rows = (await handle.db.execute(sql`select pid from pg_stat_activity where datname = current_database()`)) as unknown as { pid: number }[];
      for (const r of rows) backends.add(Number(r.pid));
    }
    const cpu0 = process.cpuUsage();
    const pg0 = postgresTicks(backends);
    const t0 = performance.now();
    const r = await phase(handle, learners, o.seconds);
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const pgCpuS = (postgresTicks(backends) - pg0) / clkTck;
    // Correctness: every item holds the last acknowledged seq.
    let mismatches = 0;
    for (const l of learners) {
      const rows = await handle.db.select({ position: practiceItems.position, seq: practiceItems.seq }).from(practiceItems).where(eq(practiceItems.sessionId, l.sessionId));
      for (const row of rows) if (row.seq !== (l.acked.get(row.position) ?? 0)) mismatches++;
    }
    const n = r.ok + r.errors;
    return {
      engine,
      saves: r.ok,
      perSec: r.ok / r.elapsedS,
      p50: r.p50,
      p95: r.p95,
      p99: r.p99,
      errors: r.errors,
      procCpuMsPerSave: ((cpu.user + cpu.system) / 1000) / n,
      procCpuPct: (100 * (cpu.user + cpu.system)) / 1e6 / wall,
      pgCpuMsPerSave: (1000 * pgCpuS) / n,
      mismatches,
    };
  } finally {
    await handle.close();
    cleanup();
  }
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  fs.mkdirSync(path.join(process.cwd(), "bench", "out"), { recursive: true });
  const hard = setTimeout(() => {
    console.error("[db-saves] hard timeout (5 min)");
    process.exit(3);
  }, 5 * 60_000);
  console.log(`[db-saves] ${o.learners} concurrent loops, ${o.seconds} s (warm-up ${o.warmup} s), postgres pool ${o.pool}, load avg ${os.loadavg()[0]!.toFixed(1)}`);
  const results = [];
  for (const e of o.engines) results.push(await runEngine(o, e));
  console.log("| engine (in-process) | saves/s | p50 ms | p95 ms | p99 ms | errors | this process CPU | ms CPU/save (node) | ms CPU/save (postgres) | seq check |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
  for (const r of results) {
    console.log(
      `| ${r.engine} | ${r.perSec.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.errors} | ${r.procCpuPct.toFixed(0)}% | ${r.procCpuMsPerSave.toFixed(2)} | ${r.engine === "postgres" ? r.pgCpuMsPerSave.toFixed(2) : "(in node)"} | ${r.mismatches ? `${r.mismatches} MISMATCHES` : "OK"} |`,
    );
  }
  clearTimeout(hard);
}

main().catch((err) => {
  console.error("[db-saves] failed:", err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});
