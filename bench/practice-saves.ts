// Practice-save load benchmark against the PRODUCTION server, on real Postgres and on PGlite.
//
//   npx tsx bench/practice-saves.ts [--learners 50] [--seconds 20] [--warmup 5]
//        [--engines postgres,pglite] [--no-build] [--keep-build] [--port 3200] [--timeout-min 12]
//        [--rate saves/s] [--probes] [--profile]
//
// For each engine: a fresh database (bench_<timestamp>_saves on the local Postgres, or a fresh PGlite
// directory under bench/out/) is prepared with bench/prepare.ts, `next start` serves the build in
// .next-bench, every learner signs in over HTTP as a browser does (CSRF cookie, credentials form
// POST, session cookie), then `--learners` virtual learners each loop "save one answer, await the
// reply" for a warm-up and a measured phase. Afterwards the server is stopped, the stored sequence
// numbers are checked against the last acknowledged ones (bench/verify.ts), and the database is
// dropped. Only 127.0.0.1 is contacted. See bench/README.md.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import {
  CLK_TCK,
  OUT,
  ROOT,
  STAMP,
  cleanupAll,
  cpuTicks,
  installCleanupHandlers,
  log,
  machineBusyTicks,
  run,
  serverProcess,
  setLogger,
  sleep,
  statusKb,
  tail,
} from "./lib/proc";
import {
  buildServer,
  createDatabase,
  ensurePostgres,
  request,
  signIn,
  startServer as startProductionServer,
  type Engine,
  type HttpResponse,
  type PgOptions,
  type Server,
} from "./lib/server";

export type { Engine, Server };

// ───────────────────────────── options ─────────────────────────────

export interface Options {
  learners: number;
  seconds: number;
  warmup: number;
  engines: Engine[];
  build: boolean;
  keepBuild: boolean;
  port: number;
  timeoutMin: number;
  pgHost: string;
  pgPort: number;
  pgUser: string;
  profile: boolean;
  probes: boolean;
  rate: number;
}

export function parseOptions(argv: string[]): Options {
  const o: Options = {
    learners: 50,
    seconds: 20,
    warmup: 5,
    engines: ["postgres", "pglite"],
    build: true,
    keepBuild: false,
    port: 3200,
    timeoutMin: 12,
    pgHost: "127.0.0.1",
    pgPort: 5432,
    pgUser: "postgres",
    profile: false,
    probes: false,
    rate: 0,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const int = (min: number, max: number) => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${flag} must be an integer in ${min}..${max}`);
      return n;
    };
    switch (flag) {
      case "--learners": o.learners = int(1, 2000); break;
      case "--seconds": o.seconds = int(1, 600); break;
      case "--warmup": o.warmup = int(0, 120); break;
      case "--engines": {
        const list = value().split(",").map((s) => s.trim()).filter(Boolean);
        for (const e of list) if (e !== "postgres" && e !== "pglite") throw new Error(`Unknown engine ${e} (postgres, pglite)`);
        o.engines = list as Engine[];
        break;
      }
      case "--no-build": o.build = false; break;
      case "--keep-build": o.keepBuild = true; break;
      case "--profile": o.profile = true; break;
      case "--probes": o.probes = true; break;
      case "--rate": o.rate = int(0, 100_000); break;
      case "--port": o.port = int(1024, 65535); break;
      case "--timeout-min": o.timeoutMin = int(1, 120); break;
      case "--pg-port": o.pgPort = int(1, 65535); break;
      case "--pg-user": o.pgUser = value(); break;
      case "-h":
      case "--help":
        console.log("npx tsx bench/practice-saves.ts [--learners 50] [--seconds 20] [--warmup 5] [--engines postgres,pglite] [--no-build] [--keep-build] [--port 3200] [--timeout-min 12] [--pg-port 5432] [--pg-user postgres] [--profile] [--probes] [--rate saves/s]");
        process.exit(0);
        break;
      default:
        throw new Error(`Unknown argument ${a}`);
    }
  }
  return o;
}

/** BENCH_DIST_DIR lets two benchmark runs on one checkout build into separate directories. */
let DIST_DIR = process.env.BENCH_DIST_DIR || ".next-bench";
/** The build directory, for scripts that reuse this one's pieces (bench/faults.ts). */
export function setDistDir(dir: string) {
  DIST_DIR = dir;
}
/** A request of this benchmark that takes longer counts as an error (network:TIMEOUT). */
const REQUEST_TIMEOUT_MS = 10_000;

/** This script's log line: `[bench HH:MM:SS] …` (also for the shared pieces in bench/lib/). */
const benchLog = (msg: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`);

/** A request over the learners' keep-alive agent. */
const call = (agent: http.Agent, port: number, method: string, urlPath: string, opts: { headers?: Record<string, string>; body?: string; timeoutMs?: number } = {}) =>
  request(port, method, urlPath, { timeoutMs: REQUEST_TIMEOUT_MS, ...opts, agent });

// ───────────────────────────── server ─────────────────────────────

export async function startServer(opts: Options, engine: Engine, dbEnv: Record<string, string>, logName = `server-${engine}.log`): Promise<Server> {
  const server = await startProductionServer({
    port: opts.port,
    distDir: DIST_DIR,
    engine,
    dbEnv,
    label: engine,
    logName,
    profileDir: opts.profile ? path.join(OUT, `profile-${engine}`) : undefined,
  });
  log(`${engine}: server up in ${(server.startupMs / 1000).toFixed(1)} s (pid group ${server.pid})`);
  return server;
}

// ───────────────────────────── learners ─────────────────────────────

export interface Prepared {
  email: string;
  password: string;
  sessionId: string;
  /** Single-choice positions (bench/practice-common.ts): the only ones a one-key save fits. */
  positions: number[];
}

export interface Learner extends Prepared {
  cookie: string;
  seq: number;
  acked: Map<number, number>;
  uncertain: Set<number>;
}

async function signInLearner(agent: http.Agent, port: number, p: Prepared): Promise<Learner> {
  const cookie = await signIn(port, p.email, p.password, { agent, callbackPath: "/learn", timeoutMs: REQUEST_TIMEOUT_MS });
  return { ...p, cookie, seq: 0, acked: new Map(), uncertain: new Set() };
}

/** Signs every learner in (a few at a time: each is one Argon2 verification on the server). */
export async function signInAll(agent: http.Agent, port: number, prepared: Prepared[]): Promise<Learner[]> {
  const learners: Learner[] = new Array(prepared.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(4, prepared.length) }, async () => {
      while (next < prepared.length) {
        const i = next++;
        learners[i] = await signInLearner(agent, port, prepared[i]!);
      }
    }),
  );
  return learners;
}

type SaveOutcome = { ok: true } | { ok: false; kind: string };

export function saveBody(position: number, seq: number): string {
  const keys = ["A", "B", "C", "D"];
  return JSON.stringify({
    answers: [{ position, response: [keys[Math.floor(Math.random() * keys.length)]], flagged: Math.random() < 0.1, seq, timeMs: 1000 + Math.floor(Math.random() * 60_000) }],
  });
}

async function saveOnce(agent: http.Agent, port: number, l: Learner, position: number): Promise<SaveOutcome> {
  const seq = ++l.seq;
  let res: HttpResponse;
  try {
    res = await call(agent, port, "POST", `/api/practice/${l.sessionId}/answers`, {
      headers: { "content-type": "application/json", cookie: l.cookie, accept: "application/json" },
      body: saveBody(position, seq),
    });
  } catch (err) {
    l.uncertain.add(position); // it may or may not have landed
    return { ok: false, kind: `network:${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
  if (res.status !== 200) {
    l.uncertain.add(position);
    return { ok: false, kind: `http:${res.status}` };
  }
  try {
    const body = JSON.parse(res.body) as { ok: boolean; results?: { position: number; seq: number; applied: boolean }[] };
    const r = body.results?.[0];
    if (!body.ok || !r || !r.applied || r.seq !== seq || r.position !== position) {
      l.uncertain.add(position);
      return { ok: false, kind: "not-applied" };
    }
  } catch {
    l.uncertain.add(position);
    return { ok: false, kind: "bad-json" };
  }
  l.acked.set(position, seq);
  l.uncertain.delete(position);
  return { ok: true };
}

// ───────────────────────────── load phase ─────────────────────────────

interface PhaseResult {
  saves: number;
  errors: number;
  errorKinds: Record<string, number>;
  elapsedMs: number;
  latencies: number[];
}

type Op = (l: Learner) => Promise<SaveOutcome>;

/**
 * Closed loop: every learner sends, awaits the reply, sends again. With rate > 0 (saves/s over all
 * learners) each learner paces itself to one request per learners/rate seconds (randomly phased),
 * still awaiting each reply; a learner that falls behind sends at once.
 */
async function loadPhase(agent: http.Agent, port: number, learners: Learner[], seconds: number, op?: Op, rate = 0): Promise<PhaseResult> {
  const doOne: Op = op ?? ((l) => saveOnce(agent, port, l, l.positions[Math.floor(Math.random() * l.positions.length)]!));
  const latencies: number[] = [];
  const errorKinds: Record<string, number> = {};
  let saves = 0;
  let errors = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  let lastDone = start;
  await Promise.all(
    learners.map(async (l) => {
      const interval = rate > 0 ? (1000 * learners.length) / rate : 0;
      let due = start + Math.random() * interval;
      while (performance.now() < end) {
        if (interval) {
          const wait = due - performance.now();
          if (wait > 0) await sleep(wait);
          due += interval;
          if (performance.now() >= end) break;
        }
        const t0 = performance.now();
        const outcome = await doOne(l);
        const t1 = performance.now();
        lastDone = Math.max(lastDone, t1);
        latencies.push(t1 - t0);
        if (outcome.ok) saves++;
        else {
          errors++;
          errorKinds[outcome.kind] = (errorKinds[outcome.kind] ?? 0) + 1;
          if (errors <= 3) console.error(`[bench]   error: ${outcome.kind}`);
        }
      }
    }),
  );
  return { saves, errors, errorKinds, elapsedMs: lastDone - start, latencies };
}

/**
 * Decomposition (--probes): the same closed loop against cheaper requests on the same server, to
 * see where a save's server time goes. Not part of the target.
 */
const PROBES: { name: string; what: string; op: (agent: http.Agent, port: number) => Op }[] = [
  {
    name: "save, no cookie",
    what: "POST …/answers without a session → 401: Next routing + route module + Auth.js init, no JWT, no database",
    op: (agent, port) => async (l) => {
      const r = await call(agent, port, "POST", `/api/practice/${l.sessionId}/answers`, { headers: { "content-type": "application/json" }, body: saveBody(1, 1) });
      return r.status === 401 ? { ok: true } : { ok: false, kind: `http:${r.status}` };
    },
  },
  {
    name: "GET /api/auth/session",
    what: "Auth.js session read: JWT decrypt + re-encrypt (the work auth() does per request), no database",
    op: (agent, port) => async (l) => {
      const r = await call(agent, port, "GET", "/api/auth/session", { headers: { cookie: l.cookie } });
      return r.status === 200 ? { ok: true } : { ok: false, kind: `http:${r.status}` };
    },
  },
  {
    name: "save, wrong set",
    what: "POST …/answers to another learner's set → 404: auth() + user row + the UPDATE (matches nothing) + the ownership SELECT",
    op: (agent, port) => async (l) => {
      const other = "00000000-0000-4000-8000-000000000000";
      const r = await call(agent, port, "POST", `/api/practice/${other}/answers`, {
        headers: { "content-type": "application/json", cookie: l.cookie },
        body: saveBody(1, 1),
      });
      return r.status === 404 ? { ok: true } : { ok: false, kind: `http:${r.status}` };
    },
  },
];

interface ProbeResult {
  name: string;
  what: string;
  perSec: number;
  p50: number;
  p95: number;
  errors: number;
  serverCpuMsPerReq: number;
}

function percentile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

// ───────────────────────────── samplers ─────────────────────────────

interface Samples {
  wallS: number;
  /** All CPUs busy, in % of one CPU (200% = both CPUs of a 2-CPU machine). */
  machinePct: number;
  /** What other processes (not this server, its Postgres, or this driver) used meanwhile. */
  othersPct: number;
  serverCpuS: number;
  serverCpuPct: number;
  postgresCpuPct: number | null;
  driverCpuPct: number;
  rssMb: number;
  peakRssMb: number;
  pool: { meanActive: number; maxActive: number; meanConnections: number; maxConnections: number } | null;
  loadAvg: number;
}

async function startSampling(serverGroup: number, serverPid: number, pg: postgres.Sql | null, dbName: string | null) {
  // Postgres CPU = the backends serving the bench database (other sessions share this Postgres).
  const backends = new Set<number>();
  if (pg && dbName) {
    const rows = await pg<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${dbName} and pid <> pg_backend_pid()`;
    for (const r of rows) backends.add(r.pid);
  }
  const t0 = performance.now();
  const machine0 = machineBusyTicks();
  const serverTicks0 = cpuTicks((p) => p.pgrp === serverGroup);
  const pgTicks0 = pg ? cpuTicks((p) => backends.has(p.pid)) : 0;
  const driver0 = process.cpuUsage();
  const active: number[] = [];
  const conns: number[] = [];
  let stopped = false;
  const poll = (async () => {
    while (!stopped && pg && dbName) {
      try {
        const rows = await pg<{ state: string | null; n: number }[]>`
          select state, count(*)::int as n from pg_stat_activity
          where datname = ${dbName} and pid <> pg_backend_pid() group by state`;
        active.push(rows.filter((r) => r.state === "active").reduce((s, r) => s + r.n, 0));
        conns.push(rows.reduce((s, r) => s + r.n, 0));
      } catch {
        // sampling is best effort
      }
      await sleep(200);
    }
  })();
  return async (): Promise<Samples> => {
    stopped = true;
    await poll;
    const wallS = (performance.now() - t0) / 1000;
    const serverTicks = cpuTicks((p) => p.pgrp === serverGroup) - serverTicks0;
    const pgTicks = pg ? cpuTicks((p) => backends.has(p.pid)) - pgTicks0 : 0;
    const d = process.cpuUsage(driver0);
    const machinePct = (100 * (machineBusyTicks() - machine0)) / CLK_TCK / wallS;
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
    const serverCpuPct = (100 * serverTicks) / CLK_TCK / wallS;
    const postgresCpuPct = pg ? (100 * pgTicks) / CLK_TCK / wallS : null;
    const driverCpuPct = (100 * (d.user + d.system)) / 1e6 / wallS;
    return {
      wallS,
      machinePct,
      othersPct: Math.max(0, machinePct - serverCpuPct - (postgresCpuPct ?? 0) - driverCpuPct),
      serverCpuS: serverTicks / CLK_TCK,
      serverCpuPct,
      postgresCpuPct,
      driverCpuPct,
      rssMb: statusKb(serverPid, "VmRSS") / 1024,
      peakRssMb: statusKb(serverPid, "VmHWM") / 1024,
      pool: pg ? { meanActive: mean(active), maxActive: Math.max(0, ...active), meanConnections: mean(conns), maxConnections: Math.max(0, ...conns) } : null,
      loadAvg: os.loadavg()[0]!,
    };
  };
}

// ───────────────────────────── one engine ─────────────────────────────

interface EngineResult {
  engine: Engine;
  learners: number;
  seconds: number;
  saves: number;
  savesPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  errorKinds: Record<string, number>;
  samples: Samples;
  serverProcess: string;
  verify: { checkedItems: number; mismatchCount: number; ok: boolean; detail?: string };
  probes: ProbeResult[];
}

async function benchEngine(opts: Options, engine: Engine): Promise<EngineResult> {
  log(`── ${engine} ──`);
  const pgServer: PgOptions = { host: opts.pgHost, port: opts.pgPort, user: opts.pgUser };
  if (engine === "postgres") await ensurePostgres(pgServer);
  const db = createDatabase(engine, "saves", pgServer);
  const { env: dbEnv, target, url } = db;
  const dbName = url ? db.name : null;

  try {
    const learnersFile = path.join(OUT, `learners-${engine}.json`);
    const prep = await run("npx", ["tsx", "bench/prepare.ts", ...target, "--learners", String(opts.learners), "--out", learnersFile], {
      timeoutMs: 5 * 60_000,
      logFile: path.join(OUT, `prepare-${engine}.log`),
    });
    if (prep.code !== 0) throw new Error(`prepare failed (exit ${prep.code}):\n${tail(prep.output)}`);
    log(tail(prep.output, 1));
    const prepared = JSON.parse(fs.readFileSync(learnersFile, "utf8")) as Prepared[];

    const server = await startServer(opts, engine, dbEnv);
    const agent = new http.Agent({ keepAlive: true, maxSockets: opts.learners + 4, maxFreeSockets: opts.learners + 4 });
    let pg: postgres.Sql | null = null;
    let result: Omit<EngineResult, "verify" | "probes">;
    const probes: ProbeResult[] = [];
    let learners: Learner[];
    try {
      const t = Date.now();
      learners = await signInAll(agent, opts.port, prepared);
      log(`${engine}: ${learners.length} learners signed in over HTTP in ${((Date.now() - t) / 1000).toFixed(1)} s`);

      // One authenticated request each before the load: the session as Auth.js sees it, and a save
      // through the app's own user lookup.
      for (const l of learners) {
        const s = await call(agent, opts.port, "GET", "/api/auth/session", { headers: { cookie: l.cookie } });
        const email = (JSON.parse(s.body || "{}") as { user?: { email?: string } }).user?.email;
        if (s.status !== 200 || email !== l.email) throw new Error(`/api/auth/session for ${l.email} → ${s.status} ${s.body.slice(0, 200)}`);
        const first = await saveOnce(agent, opts.port, l, l.positions[0]!);
        if (!first.ok) throw new Error(`The first authenticated save of ${l.email} failed: ${first.kind}`);
      }
      log(`${engine}: every session cookie works (GET /api/auth/session + one save each)`);

      if (opts.warmup > 0) {
        const w = await loadPhase(agent, opts.port, learners, opts.warmup, undefined, opts.rate);
        log(`${engine}: warm-up ${opts.warmup} s: ${w.saves} saves, ${w.errors} errors`);
      }

      if (url) pg = postgres(url, { max: 1, onnotice: () => {} });
      const proc = serverProcess(server.pid);
      const stopSampling = await startSampling(server.pid, proc?.pid ?? server.pid, pg, dbName);
      log(`${engine}: measuring ${opts.seconds} s with ${opts.learners} concurrent learners${opts.rate ? `, paced to ${opts.rate} saves/s in all` : ""}…`);
      const m = await loadPhase(agent, opts.port, learners, opts.seconds, undefined, opts.rate);
      const samples = await stopSampling();
      const sorted = Float64Array.from(m.latencies).sort();
      const arr = Array.from(sorted);
      result = {
        engine,
        learners: opts.learners,
        seconds: opts.seconds,
        saves: m.saves,
        savesPerSec: m.saves / (m.elapsedMs / 1000),
        p50: percentile(arr, 0.5),
        p95: percentile(arr, 0.95),
        p99: percentile(arr, 0.99),
        max: arr[arr.length - 1] ?? NaN,
        errors: m.errors,
        errorKinds: m.errorKinds,
        samples,
        serverProcess: proc ? `${proc.pid} ${proc.name}` : "?",
      };
      log(`${engine}: ${m.saves} saves, ${result.savesPerSec.toFixed(0)}/s, p50 ${result.p50.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms, ${m.errors} errors`);

      if (opts.probes) {
        const probeSeconds = Math.max(3, Math.min(10, Math.round(opts.seconds / 2)));
        for (const probe of PROBES) {
          const stop = await startSampling(server.pid, proc?.pid ?? server.pid, null, null);
          const r = await loadPhase(agent, opts.port, learners, probeSeconds, probe.op(agent, opts.port));
          const smp = await stop();
          const lat = Array.from(Float64Array.from(r.latencies).sort());
          probes.push({
            name: probe.name,
            what: probe.what,
            perSec: r.saves / (r.elapsedMs / 1000),
            p50: percentile(lat, 0.5),
            p95: percentile(lat, 0.95),
            errors: r.errors,
            serverCpuMsPerReq: (1000 * smp.serverCpuS) / Math.max(1, r.latencies.length),
          });
          log(`${engine}: probe "${probe.name}": ${probes.at(-1)!.perSec.toFixed(0)}/s, p50 ${probes.at(-1)!.p50.toFixed(1)} ms`);
        }
      }
    } finally {
      agent.destroy();
      if (pg) await pg.end({ timeout: 2 }).catch(() => {});
      server.stop();
      log(`${engine}: server stopped`);
    }

    // Correctness: with the server gone, every item holds the last acknowledged seq.
    const expectFile = path.join(OUT, `expect-${engine}.json`);
    fs.writeFileSync(
      expectFile,
      JSON.stringify(learners.map((l) => ({ sessionId: l.sessionId, seqs: Object.fromEntries(l.acked), uncertain: [...l.uncertain] }))),
    );
    const v = await run("npx", ["tsx", "bench/verify.ts", ...target, "--expect", expectFile], { timeoutMs: 2 * 60_000, logFile: path.join(OUT, `verify-${engine}.log`) });
    let verify: EngineResult["verify"];
    try {
      const line = v.output.trim().split("\n").filter((s) => s.startsWith("{")).pop() ?? "{}";
      const parsed = JSON.parse(line) as { checkedItems?: number; mismatchCount?: number; mismatches?: unknown[] };
      verify = {
        checkedItems: parsed.checkedItems ?? 0,
        mismatchCount: parsed.mismatchCount ?? -1,
        ok: v.code === 0 && parsed.mismatchCount === 0,
        detail: v.code === 0 ? undefined : tail(v.output, 5),
      };
    } catch {
      verify = { checkedItems: 0, mismatchCount: -1, ok: false, detail: tail(v.output, 5) };
    }
    log(`${engine}: verified ${verify.checkedItems} items (${learners.length} sets): ${verify.ok ? "every stored seq = last acknowledged seq" : `FAILED ${verify.detail ?? ""}`}`);
    return { ...result, verify, probes };
  } finally {
    db.drop();
  }
}

// ───────────────────────────── report ─────────────────────────────

function printReport(opts: Options, results: EngineResult[]) {
  const rows = [
    ["engine", "learners", "seconds", "saves", "saves/s", "p50 ms", "p95 ms", "p99 ms", "errors"],
    ...results.map((r) => [
      r.engine,
      String(r.learners),
      String(r.seconds),
      String(r.saves),
      r.savesPerSec.toFixed(0),
      r.p50.toFixed(1),
      r.p95.toFixed(1),
      r.p99.toFixed(1),
      String(r.errors),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => "| " + row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ") + " |";
  console.log("");
  console.log(
    `Practice saves, production server (next start), ${os.cpus().length} CPUs, Node ${process.version}, 1 save per request, each learner awaits its reply, ${opts.rate ? `paced to ${opts.rate} saves/s in all` : "no think time"}`,
  );
  console.log(line(rows[0]!));
  console.log("|" + widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":")).join("|") + "|");
  for (const row of rows.slice(1)) console.log(line(row));
  console.log("");
  for (const r of results) {
    const s = r.samples;
    const pool = s.pool ? `; Postgres CPU ${s.postgresCpuPct!.toFixed(0)}% (its backends for the bench database); app connections ${s.pool.meanConnections.toFixed(1)} (max ${s.pool.maxConnections}), active ${s.pool.meanActive.toFixed(1)} avg / ${s.pool.maxActive} max` : "";
    const cpuPerSave = (1000 * s.serverCpuS) / Math.max(1, r.saves + r.errors);
    console.log(
      `${r.engine.padEnd(8)} server RSS ${s.rssMb.toFixed(0)} MB (peak ${s.peakRssMb.toFixed(0)} MB); server CPU ${s.serverCpuPct.toFixed(0)}% = ${cpuPerSave.toFixed(1)} ms per save; driver CPU ${s.driverCpuPct.toFixed(0)}%${pool}; other processes ${s.othersPct.toFixed(0)}% (machine ${s.machinePct.toFixed(0)}% of ${os.cpus().length * 100}%); load avg ${s.loadAvg.toFixed(1)}; max latency ${r.max.toFixed(0)} ms`,
    );
    if (r.errors) console.log(`${"".padEnd(8)} errors: ${JSON.stringify(r.errorKinds)}`);
    console.log(`${"".padEnd(8)} correctness: ${r.verify.ok ? "OK" : "FAILED"}: ${r.verify.checkedItems} items checked, ${r.verify.mismatchCount} mismatches`);
  }
  if (results.some((r) => r.probes.length)) {
    console.log(`\nProbes (same ${opts.learners}-learner closed loop, other requests; server CPU per request is what limits throughput here):`);
    for (const r of results) {
      for (const p of r.probes) {
        console.log(`  ${r.engine.padEnd(8)} ${p.name.padEnd(22)} ${p.perSec.toFixed(0).padStart(5)}/s  p50 ${p.p50.toFixed(1).padStart(6)} ms  p95 ${p.p95.toFixed(1).padStart(6)} ms  server CPU ${p.serverCpuMsPerReq.toFixed(2)} ms/req${p.errors ? `  ${p.errors} errors` : ""}`);
      }
    }
    for (const p of PROBES) console.log(`    ${p.name}: ${p.what}`);
  }
  const pgR = results.find((r) => r.engine === "postgres");
  const liteR = results.find((r) => r.engine === "pglite");
  if (pgR && liteR) {
    console.log(
      `\nPGlite / Postgres: throughput ×${(liteR.savesPerSec / pgR.savesPerSec).toFixed(2)}, p50 ×${(liteR.p50 / pgR.p50).toFixed(2)}, p95 ×${(liteR.p95 / pgR.p95).toFixed(2)}`,
    );
  }
  console.log(`Target (≥ 300 saves/s, p95 < 100 ms, 0 errors at 50 learners):`);
  for (const r of results) {
    const met = r.savesPerSec >= 300 && r.p95 < 100 && r.errors === 0 && r.verify.ok;
    const why = [r.savesPerSec < 300 && `${r.savesPerSec.toFixed(0)} saves/s < 300`, r.p95 >= 100 && `p95 ${r.p95.toFixed(0)} ms ≥ 100`, r.errors > 0 && `${r.errors} errors`, !r.verify.ok && "correctness check failed"].filter(Boolean);
    console.log(`  ${r.engine.padEnd(8)} ${met ? "MET" : `NOT MET (${why.join(", ")})`}${opts.learners !== 50 ? ` [ran with ${opts.learners} learners]` : ""}`);
  }
}

// ───────────────────────────── main ─────────────────────────────

async function main() {
  const opts = parseOptions(process.argv.slice(2));
  setLogger(benchLog);
  installCleanupHandlers();
  fs.mkdirSync(OUT, { recursive: true });
  const hardTimeout = setTimeout(() => {
    console.error(`[bench] hard timeout (${opts.timeoutMin} min): cleaning up and exiting`);
    cleanupAll();
    process.exit(3);
  }, opts.timeoutMin * 60_000);
  log(`learners ${opts.learners}, warm-up ${opts.warmup} s, measured ${opts.seconds} s, engines ${opts.engines.join(",")}, port ${opts.port}, load avg ${os.loadavg()[0]!.toFixed(1)}`);
  await buildServer(DIST_DIR, { build: opts.build, keepBuild: opts.keepBuild, logName: "build.log" });
  const results: EngineResult[] = [];
  for (const engine of opts.engines) results.push(await benchEngine(opts, engine));
  printReport(opts, results);
  const file = path.join(OUT, `results-${STAMP}.json`);
  fs.writeFileSync(file, JSON.stringify({ options: opts, results }, null, 2));
  console.log(`\n(raw figures: ${path.relative(ROOT, file)})`);
  clearTimeout(hardTimeout);
  cleanupAll();
}

// Run as a script; imported (by bench/faults.ts), it only lends its pieces.
if (path.resolve(process.argv[1] ?? "") === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`[bench] failed: ${err instanceof Error ? err.message : String(err)}`);
    cleanupAll();
    process.exit(1);
  });
}
