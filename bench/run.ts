// `npm run bench`: where a page's time goes, against the framework's floor, on both engines.
//
//   npm run bench [-- --engines postgres,pglite] [--seconds 5] [--warmup 2] [--clients 1,10,50]
//                 [--no-build] [--keep-build] [--dist-dir .next-e] [--port 3204] [--saves-port 3205]
//                 [--no-saves] [--no-queries] [--cohort-learners 300] [--coach-learners 300] [--port2 3206]
//                 [--timeout-min 18]
//
// Builds the production server once (its own distDir; tsconfig.json/next-env.d.ts restored), then
// per engine: start-up time on a new database, seeding of a realistic programme (bench/lib/seed.ts,
// before the server starts), start-up on the seeded database, idle RSS, every page and the floor
// (/floor: a dynamic page of the same build rendering a constant) under 1, 10 and 50 signed-in
// clients (autocannon in its own process), RSS under and after load; on Postgres the statements
// each page runs under load, with plans (auto_explain, read from the server log); on Postgres also
// two `next start` processes on the same database behind a round-robin client (for the record: on
// 2 cores it cannot scale). Then the practice-save benchmark (bench/practice-saves.ts, short) on
// the same build, and first-load JS per route. Prints one table, then the query section; writes
// both to bench/results/<YYYY-MM-DD>.md (the directory is made if missing; a second run that day
// replaces the file) and the raw figures to bench/out/bench-<ts>.json.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { firstLoadJs, type RouteJs } from "./lib/first-load-js";
import { loadFixed, type FixedResult } from "./lib/load";
import { enableAutoExplain, logSize, parseAutoExplain, postgresLogFile, readLogSlice, summarise, type StatementSummary } from "./lib/pglog";
import { CLK_TCK, OUT, ROOT, STAMP, cleanupAll, groupTicks, installCleanupHandlers, log, machineBusyTicks, run, sleep, tail } from "./lib/proc";
import { buildServer, createDatabase, DEFAULT_DIST_DIR, ensurePostgres, psql, sampleRss, signIn, startServer, request, type Engine, type Server } from "./lib/server";

interface Options {
  engines: Engine[];
  seconds: number;
  warmup: number;
  clients: number[];
  build: boolean;
  keepBuild: boolean;
  distDir: string;
  port: number;
  savesPort: number;
  saves: boolean;
  queries: boolean;
  cohortLearners: number;
  coachLearners: number;
  port2: number;
  timeoutMin: number;
}

function parseOptions(argv: string[]): Options {
  const o: Options = {
    engines: ["postgres", "pglite"],
    seconds: 5,
    warmup: 2,
    clients: [1, 10, 50],
    build: true,
    keepBuild: false,
    distDir: DEFAULT_DIST_DIR,
    port: 3204,
    savesPort: 3205,
    saves: true,
    queries: true,
    cohortLearners: 300,
    coachLearners: 300,
    port2: 3206,
    timeoutMin: 18,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${a} needs a value`);
      return x;
    };
    const int = (min: number, max: number) => {
      const n = Number(v());
      if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${a} must be an integer in ${min}..${max}`);
      return n;
    };
    switch (a) {
      case "--engines":
        o.engines = v().split(",").filter(Boolean) as Engine[];
        for (const e of o.engines) if (e !== "postgres" && e !== "pglite") throw new Error(`Unknown engine ${e}`);
        break;
      case "--seconds": o.seconds = int(1, 120); break;
      case "--warmup": o.warmup = int(0, 60); break;
      case "--clients": o.clients = v().split(",").map(Number); break;
      case "--no-build": o.build = false; break;
      case "--keep-build": o.keepBuild = true; break;
      case "--dist-dir": o.distDir = v(); break;
      case "--port": o.port = int(1024, 65535); break;
      case "--saves-port": o.savesPort = int(1024, 65535); break;
      case "--no-saves": o.saves = false; break;
      case "--no-queries": o.queries = false; break;
      case "--cohort-learners": o.cohortLearners = int(23, 100_000); break;
      case "--coach-learners": o.coachLearners = int(1, 100_000); break;
      case "--port2": o.port2 = int(1024, 65535); break;
      case "--timeout-min": o.timeoutMin = int(1, 120); break;
      case "-h":
      case "--help":
        console.log(fs.readFileSync(__filename, "utf8").split("\n").slice(0, 6).join("\n"));
        process.exit(0);
        break;
      default:
        throw new Error(`Unknown argument ${a}`);
    }
  }
  return o;
}

interface SeedResult {
  seedMs: number;
  counts: Record<string, number>;
  cohortId: string;
  cohortQueries: { cohort: string; rollupMs: number; directMs: number; equal: boolean }[];
  personas: {
    learner: { email: string; password: string; sessionId: string };
    coach: { email: string; password: string };
    coach2: { email: string; password: string };
    coach300: { email: string; password: string };
    admin: { email: string; password: string };
    soakLearners: { email: string; password: string; sessionId: string }[];
  };
}

interface Page {
  key: string;
  label: string;
  path: string;
  persona: "learner" | "coach" | "coach300" | "admin";
}

function pagesFor(seed: SeedResult): Page[] {
  return [
    { key: "learn", label: "learner home", path: "/learn", persona: "learner" },
    { key: "status", label: "retake status", path: "/learn/status", persona: "learner" },
    { key: "practice", label: "practice question", path: `/learn/practice/${seed.personas.learner.sessionId}`, persona: "learner" },
    { key: "coach", label: "coach dashboard (30)", path: "/coach", persona: "coach" },
    { key: "coach300", label: "coach dashboard (300)", path: "/coach", persona: "coach300" },
    { key: "cohort", label: "admin cohort page", path: `/admin/analytics?cohort=${seed.cohortId}`, persona: "admin" },
  ];
}
const FLOOR: Page = { key: "floor", label: "floor (/floor)", path: "/floor", persona: "learner" };

interface Measure extends FixedResult {
  clients: number;
  serverCpuPct: number;
  machinePct: number;
}

interface EngineResult {
  engine: Engine;
  startupNewMs: number;
  startupSeededMs: number;
  rssNewIdleMb: number;
  rssIdleMb: number;
  rssLoadMaxMb: number;
  rssAfterMb: number;
  peakRssMb: number;
  seed: SeedResult;
  pages: { page: Page; runs: Measure[] }[];
  floor: Measure[];
  queries: { page: Page; statements: StatementSummary[]; entries: number }[];
  /** Estimated rows (pg_class.reltuples) of the tables some plan scanned sequentially. */
  tableRows: Record<string, number>;
  /** Postgres only: the same database behind two `next start` processes, clients dealt round-robin. */
  twoProcess: { page: Page; runs: Measure[] }[];
  loadAvg: number;
}

/**
 * autocannon stops at the deadline with up to `clients` requests still in the server; they would
 * be served during the next measurement. Wait for about the time the server needs to finish them.
 */
async function drain(clients: number, rps: number) {
  await sleep(Math.min(10_000, (1000 * clients) / Math.max(rps, 1)) + 300);
}

async function measure(server: Server, port: number, p: string, cookie: string, clients: number, seconds: number): Promise<Measure> {
  const t0 = performance.now();
  const m0 = machineBusyTicks();
  const s0 = groupTicks(server.pid);
  const r = await loadFixed({ port, path: p, cookie, connections: clients, seconds });
  const wall = (performance.now() - t0) / 1000;
  await drain(clients, r.rps);
  return {
    ...r,
    clients,
    serverCpuPct: (100 * (groupTicks(server.pid) - s0)) / CLK_TCK / wall,
    machinePct: (100 * (machineBusyTicks() - m0)) / CLK_TCK / wall,
  };
}

async function signInPersonas(port: number, seed: SeedResult): Promise<Record<Page["persona"], string>> {
  const p = seed.personas;
  return {
    learner: await signIn(port, p.learner.email, p.learner.password),
    coach: await signIn(port, p.coach.email, p.coach.password),
    coach300: await signIn(port, p.coach300.email, p.coach300.password),
    admin: await signIn(port, p.admin.email, p.admin.password),
  };
}

async function checkPage(port: number, page: Page, cookie: string) {
  const r = await request(port, "GET", page.path, { headers: { cookie, accept: "text/html" }, timeoutMs: 60_000 });
  if (r.status !== 200) throw new Error(`${page.label} ${page.path} → ${r.status} ${String(r.headers.location ?? "")}`);
  if (/name="password"/.test(r.body)) throw new Error(`${page.label} ${page.path} served the sign-in form: the session cookie did not work`);
}

async function benchEngine(o: Options, engine: Engine): Promise<EngineResult> {
  log(`── ${engine} ──`);
  if (engine === "postgres") await ensurePostgres();

  // Start-up on a new database (the server migrates it; SEED_DEMO=0, so nothing is seeded).
  const fresh = createDatabase(engine, "new");
  let s = await startServer({ port: o.port, distDir: o.distDir, engine, dbEnv: fresh.env, label: `${engine}-new` });
  const startupNewMs = s.startupMs;
  await sleep(1000);
  const rssNewIdleMb = s.rssMb();
  s.stop();
  log(`${engine}: start-up on a new ${engine === "postgres" ? "database" : "data directory"}: ${(startupNewMs / 1000).toFixed(1)} s, RSS ${rssNewIdleMb.toFixed(0)} MB`);

  // The seeded database: PGlite reuses the directory the server just created (an existing data
  // directory); Postgres gets a second database.
  let db = fresh;
  if (engine === "postgres") {
    fresh.drop();
    db = createDatabase(engine, "main");
  }
  const seedFile = path.join(OUT, `seed-${STAMP}-${engine}.json`);
  log(`${engine}: seeding the programme (demo + bench cohort of ${o.cohortLearners}, coach1 with 30 learners, a coach with ${o.coachLearners})…`);
  const sr = await run("npx", ["tsx", "bench/lib/seed.ts", ...db.target, "--cohort-learners", String(o.cohortLearners), "--coach-learners", String(o.coachLearners), "--out", seedFile], {
    timeoutMs: 5 * 60_000,
    logFile: path.join(OUT, `seed-${STAMP}-${engine}.log`),
  });
  if (sr.code !== 0) throw new Error(`seed failed:\n${tail(sr.output)}`);
  const seed = JSON.parse(fs.readFileSync(seedFile, "utf8")) as SeedResult;
  log(`${engine}: ${tail(sr.output, 1)}`);

  s = await startServer({ port: o.port, distDir: o.distDir, engine, dbEnv: db.env, label: `${engine}-main` });
  const startupSeededMs = s.startupMs;
  log(`${engine}: start-up on the seeded ${engine === "postgres" ? "database" : "existing data directory"}: ${(startupSeededMs / 1000).toFixed(1)} s`);
  const cookies = await signInPersonas(o.port, seed);
  const pages = pagesFor(seed);
  for (const p of [FLOOR, ...pages]) await checkPage(o.port, p, cookies[p.persona]);
  await sleep(3000);
  const rssIdleMb = s.rssMb();
  log(`${engine}: signed in, every page answers 200; idle RSS ${rssIdleMb.toFixed(0)} MB`);

  const rss = sampleRss(s);
  const runAll = async (page: Page): Promise<Measure[]> => {
    if (o.warmup) await drain(10, (await loadFixed({ port: o.port, path: page.path, cookie: cookies[page.persona], connections: 10, seconds: o.warmup })).rps);
    const out: Measure[] = [];
    for (const c of o.clients) {
      const m = await measure(s, o.port, page.path, cookies[page.persona], c, o.seconds);
      out.push(m);
      log(`${engine}: ${page.label.padEnd(22)} ${String(c).padStart(2)} clients: ${m.rps.toFixed(0).padStart(4)}/s p50 ${fmt(m.p50)} p95 ${fmt(m.p95)} ms${nonOk(m) ? `, ${nonOk(m)} not 200` : ""} (server CPU ${m.serverCpuPct.toFixed(0)}%, machine ${m.machinePct.toFixed(0)}%)`);
    }
    return out;
  };
  // The floor is measured before and after the pages; the table uses the mean of the two.
  const floorA = await runAll(FLOOR);
  const pageRuns: EngineResult["pages"] = [];
  for (const p of pages) pageRuns.push({ page: p, runs: await runAll(p) });
  const floorB = await runAll(FLOOR);
  const floor = floorA.map((a, i) => meanMeasure(a, floorB[i]!));
  const samples = rss.stop();
  const rssLoadMaxMb = Math.max(...samples.map((x) => x.mb));
  await sleep(5000);
  const rssAfterMb = s.rssMb();
  const peakRssMb = s.peakRssMb();

  // Two processes on the same database, for the record: a second `next start` beside the first,
  // the clients dealt round-robin between them (each process signs its own cookies).
  const twoProcess: EngineResult["twoProcess"] = [];
  if (engine === "postgres") {
    const s2 = await startServer({ port: o.port2, distDir: o.distDir, engine, dbEnv: db.env, label: `${engine}-second` });
    const both = [
      { server: s, port: o.port, cookies },
      { server: s2, port: o.port2, cookies: await signInPersonas(o.port2, seed) },
    ];
    for (const p of [FLOOR, pages[0]!]) {
      await checkPage(o.port2, p, both[1]!.cookies[p.persona]);
      if (o.warmup) await measureRoundRobin(both, p, 10, o.warmup);
      const runs: Measure[] = [];
      for (const c of o.clients.filter((x) => x >= 10)) {
        const m = await measureRoundRobin(both, p, c, o.seconds);
        runs.push(m);
        log(`${engine}: two processes, ${p.label.padEnd(14)} ${String(c).padStart(2)} clients: ${m.rps.toFixed(0).padStart(4)}/s p50 ${fmt(m.p50)} p95 ${fmt(m.p95)} ms (servers' CPU ${m.serverCpuPct.toFixed(0)}%, machine ${m.machinePct.toFixed(0)}%)`);
      }
      twoProcess.push({ page: p, runs });
    }
    s2.stop();
  }
  s.stop();
  log(`${engine}: RSS under load max ${rssLoadMaxMb.toFixed(0)} MB, 5 s after ${rssAfterMb.toFixed(0)} MB (peak ${peakRssMb.toFixed(0)} MB)`);

  const queries: EngineResult["queries"] = [];
  const tableRows: Record<string, number> = {};
  if (engine === "postgres" && o.queries) {
    const logFile = postgresLogFile();
    if (!logFile) log("postgres: no server log file found (pg_lsclusters): query plans skipped");
    else {
      log(`postgres: capturing plans (auto_explain on ${db.name}, every statement, 10 clients × 3 s per page) from ${logFile}`);
      enableAutoExplain(db.name, 0);
      const cap = await startServer({ port: o.port, distDir: o.distDir, engine, dbEnv: db.env, label: "postgres-plans" });
      const c2 = await signInPersonas(o.port, seed);
      for (const p of pages) {
        await drain(10, (await loadFixed({ port: o.port, path: p.path, cookie: c2[p.persona], connections: 10, seconds: 1 })).rps);
        const from = logSize(logFile);
        await drain(10, (await loadFixed({ port: o.port, path: p.path, cookie: c2[p.persona], connections: 10, seconds: 3 })).rps);
        const entries = parseAutoExplain(readLogSlice(logFile, from, logSize(logFile)), db.name);
        queries.push({ page: p, statements: summarise(entries), entries: entries.length });
      }
      cap.stop();
      // Row counts of the tables scanned sequentially: on a small table the planner rightly prefers
      // a Seq Scan even where an index exists, so the flag is to be read with the size.
      const flagged = [...new Set(queries.flatMap((q) => q.statements.flatMap((st) => st.seqScans)))];
      if (flagged.length) {
        const r = psql(`select relname || '=' || greatest(reltuples, 0)::bigint from pg_class where relkind = 'r' and relname in (${flagged.map((t) => `'${t.replace(/'/g, "")}'`).join(",")})`, db.name);
        for (const line of r.stdout.trim().split("\n").filter(Boolean)) {
          const [t, n] = line.split("=");
          tableRows[t!] = Number(n);
        }
      }
      log(`postgres: ${queries.reduce((a, q) => a + q.entries, 0)} plans read`);
    }
  }
  db.drop();
  return { engine, startupNewMs, startupSeededMs, rssNewIdleMb, rssIdleMb, rssLoadMaxMb, rssAfterMb, peakRssMb, seed, pages: pageRuns, floor, queries, tableRows, twoProcess, loadAvg: os.loadavg()[0]! };
}

/**
 * One page on several servers at once: the clients are dealt round-robin (client i to server
 * i mod n), each server's share loaded by its own autocannon process. req/s and counts add up;
 * p50 is the request-weighted mean of the servers' p50s and p95 the worse of their p95s (the
 * exact merged percentile would need every latency).
 */
async function measureRoundRobin(servers: { server: Server; port: number; cookies: Record<Page["persona"], string> }[], page: Page, clients: number, seconds: number): Promise<Measure> {
  const t0 = performance.now();
  const m0 = machineBusyTicks();
  const s0 = servers.map((x) => groupTicks(x.server.pid));
  const share = servers.map((_, i) => Math.floor(clients / servers.length) + (i < clients % servers.length ? 1 : 0));
  const rs = await Promise.all(servers.map((x, i) => loadFixed({ port: x.port, path: page.path, cookie: x.cookies[page.persona], connections: share[i]!, seconds })));
  const wall = (performance.now() - t0) / 1000;
  const rps = rs.reduce((a, r) => a + r.rps, 0);
  await drain(clients, rps);
  const completed = rs.reduce((a, r) => a + r.completed, 0);
  const sum = (k: "ok" | "errors" | "timeouts" | "non2xx" | "n") => rs.reduce((a, r) => a + r[k], 0);
  const weighted = (k: "p50") => (completed ? rs.reduce((a, r) => a + (r[k] ?? 0) * r.completed, 0) / completed : null);
  const worst = (k: "p95" | "p99" | "max") => Math.max(...rs.map((r) => r[k] ?? 0));
  return {
    ...rs[0]!,
    n: sum("n"),
    rps,
    completed,
    ok: sum("ok"),
    errors: sum("errors"),
    timeouts: sum("timeouts"),
    non2xx: sum("non2xx"),
    p50: weighted("p50"),
    p95: worst("p95"),
    p99: worst("p99"),
    max: worst("max"),
    clients,
    serverCpuPct: (100 * servers.reduce((a, x, i) => a + groupTicks(x.server.pid) - s0[i]!, 0)) / CLK_TCK / wall,
    machinePct: (100 * (machineBusyTicks() - m0)) / CLK_TCK / wall,
  };
}

function meanMeasure(a: Measure, b: Measure): Measure {
  const avg = (x: number | null, y: number | null) => (x === null || y === null ? (x ?? y) : (x + y) / 2);
  return { ...a, rps: (a.rps + b.rps) / 2, p50: avg(a.p50, b.p50), p95: avg(a.p95, b.p95), p99: avg(a.p99, b.p99), serverCpuPct: (a.serverCpuPct + b.serverCpuPct) / 2, machinePct: (a.machinePct + b.machinePct) / 2, non2xx: a.non2xx + b.non2xx, errors: a.errors + b.errors, timeouts: a.timeouts + b.timeouts, completed: a.completed + b.completed, ok: a.ok + b.ok };
}

const fmt = (x: number | null | undefined, d = 1) => (x === null || x === undefined || !Number.isFinite(x) ? "–" : x.toFixed(d));
const nonOk = (m: FixedResult) => m.completed - m.ok + m.errors + m.timeouts;

interface SavesResult {
  engine: string;
  learners: number;
  savesPerSec: number;
  p50: number;
  p95: number;
  errors: number;
  verify: { ok: boolean };
}

async function runSaves(o: Options): Promise<SavesResult[]> {
  log(`practice saves: bench/practice-saves.ts on the same build (50 learners, 2 s warm-up, ${o.seconds} s measured)…`);
  const r = await run(
    "npx",
    ["tsx", "bench/practice-saves.ts", "--no-build", "--keep-build", "--learners", "50", "--seconds", String(o.seconds), "--warmup", "2", "--port", String(o.savesPort), "--engines", o.engines.join(",")],
    { env: { ...process.env, BENCH_DIST_DIR: o.distDir }, timeoutMs: 8 * 60_000, logFile: path.join(OUT, `saves-${STAMP}.log`) },
  );
  const m = r.output.match(/\(raw figures: (\S+)\)/);
  if (r.code !== 0 || !m) throw new Error(`practice-saves failed (exit ${r.code}):\n${tail(r.output)}`);
  return (JSON.parse(fs.readFileSync(path.join(ROOT, m[1]!), "utf8")) as { results: SavesResult[] }).results;
}

// ───────── report ─────────

function table(rows: string[][], rightFrom = 3): string[] {
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => "| " + r.map((c, i) => (i < rightFrom ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join(" | ") + " |";
  return [line(rows[0]!), "|" + w.map((x, i) => (i < rightFrom ? "-".repeat(x + 2) : "-".repeat(x + 1) + ":")).join("|") + "|", ...rows.slice(1).map(line)];
}

function report(o: Options, results: EngineResult[], saves: SavesResult[] | null, savesError: string | null, js: RouteJs[], buildMs: number, totalS: number): string[] {
  const L: string[] = [];
  L.push(`# npm run bench — ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`);
  L.push("");
  L.push(
    `${os.cpus().length} CPUs, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}, load average at the end ${os.loadavg()[0]!.toFixed(1)}. Production server (next start), one Node process. ` +
      `Load: autocannon in its own process on the same machine (it competes with the server for the 2 CPUs: "srv CPU" is the server's share of one CPU; "machine" is every CPU's busy time from /proc/stat, nominally of 200 %, though this sandbox's counter can read higher: read it as "saturated" or not). ` +
      `Closed loop, ${o.seconds} s per row after a ${o.warmup} s warm-up per page; every client signed in (the floor too). ×floor = page req/s ÷ floor req/s at the same clients. ` +
      `Targets: ×floor ≥ 0.50 at 10 clients; at 50 clients p95 ≤ 1.5 × the floor's p95 ("p95 ×floor"). ` +
      `"two processes" rows (Postgres): the same database behind two next start processes, the clients dealt round-robin between them; ×floor is against the one-process floor. For the record: on 2 cores the processes share the same CPUs as each other, Postgres and the load generator.`,
  );
  L.push("");
  const rows: string[][] = [["engine", "what", "clients", "req/s", "p50 ms", "p95 ms", "floor req/s", "floor p50", "floor p95", "×floor", "p95 ×floor", "not 200", "srv CPU %", "machine %", "target"]];
  for (const r of results) {
    r.floor.forEach((f) => rows.push([r.engine, FLOOR.label, String(f.clients), fmt(f.rps, 0), fmt(f.p50), fmt(f.p95), "", "", "", "1.00", "1.00", String(nonOk(f)), fmt(f.serverCpuPct, 0), fmt(f.machinePct, 0), ""]));
    for (const { page, runs } of r.pages) {
      runs.forEach((m, i) => {
        const f = r.floor[i]!;
        const ratio = m.rps / f.rps;
        const p95Ratio = m.p95 !== null && f.p95 ? m.p95 / f.p95 : null;
        const target = m.clients === 10 ? (ratio >= 0.5 ? "met" : "NOT MET") : m.clients === 50 ? (p95Ratio !== null && p95Ratio <= 1.5 ? "met" : "NOT MET") : "";
        rows.push([r.engine, page.label, String(m.clients), fmt(m.rps, 0), fmt(m.p50), fmt(m.p95), fmt(f.rps, 0), fmt(f.p50), fmt(f.p95), ratio.toFixed(2), fmt(p95Ratio, 2), String(nonOk(m)), fmt(m.serverCpuPct, 0), fmt(m.machinePct, 0), target]);
      });
    }
    for (const { page, runs } of r.twoProcess) {
      for (const m of runs) {
        const f = r.floor.find((x) => x.clients === m.clients);
        rows.push([r.engine, `two processes: ${page.label}`, String(m.clients), fmt(m.rps, 0), fmt(m.p50), fmt(m.p95), fmt(f?.rps, 0), fmt(f?.p50), fmt(f?.p95), f ? (m.rps / f.rps).toFixed(2) : "", f?.p95 && m.p95 !== null ? (m.p95 / f.p95).toFixed(2) : "", String(nonOk(m)), fmt(m.serverCpuPct, 0), fmt(m.machinePct, 0), "for the record"]);
      }
    }
  }
  if (saves) for (const s of saves) rows.push([s.engine, "answer saves (POST autosave)", String(s.learners), fmt(s.savesPerSec, 0), fmt(s.p50), fmt(s.p95), "", "", "", "", "", String(s.errors), "", "", s.verify.ok ? "seq check ok" : "SEQ CHECK FAILED"]);
  else rows.push(["", "answer saves", "", "", "", "", "", "", "", "", "", "", "", "", `failed: ${savesError ?? "skipped"}`.slice(0, 60)]);
  for (const r of results)
    for (const q of r.seed.cohortQueries) rows.push([r.engine, `cohort queries, ${q.cohort} (rollups; direct)`, "1", "", fmt(q.rollupMs), "", "", "", "", "", "", "", "", "", `direct ${fmt(q.directMs)} ms, ${q.equal ? "equal" : "DIFFERENT"}`]);
  for (const r of results) {
    const what = r.engine === "postgres" ? ["new database", "seeded database"] : ["new data dir", "existing data dir"];
    rows.push([r.engine, `start-up → /sign-in 200, ${what[0]}`, "", "", fmt(r.startupNewMs, 0), "", "", "", "", "", "", "", "", "", `RSS ${fmt(r.rssNewIdleMb, 0)} MB`]);
    rows.push([r.engine, `start-up → /sign-in 200, ${what[1]}`, "", "", fmt(r.startupSeededMs, 0), "", "", "", "", "", "", "", "", "", ""]);
    rows.push([r.engine, "RSS MB idle / under load (max) / 5 s after / peak", "", "", "", "", "", "", "", "", "", "", "", "", `${fmt(r.rssIdleMb, 0)} / ${fmt(r.rssLoadMaxMb, 0)} / ${fmt(r.rssAfterMb, 0)} / ${fmt(r.peakRssMb, 0)}`]);
  }
  L.push(...table(rows));
  L.push("");
  L.push(`Start-up and cohort rows: the figure in "p50 ms" is the single time (start-up) or the median (cohort queries, timed in-process on the seeded database, no HTTP). Seed: ${results.map((r) => `${r.engine} ${JSON.stringify(r.seed.counts)}`).join("; ")}.`);
  L.push(`Build ${fmt(buildMs / 1000, 0)} s; whole run ${fmt(totalS / 60, 1)} min.`);
  L.push("");
  L.push("## First-load JavaScript per route (gzip, from the build's manifests)");
  L.push("");
  L.push(
    ...table(
      [["route", "files", "raw KB", "gzip KB"], ...js.map((j) => [j.route === "/learn/practice/[id]" ? `**${j.route}** (practice runner)` : j.route, String(j.files), fmt(j.rawKb, 0), fmt(j.gzipKb, 1)])],
      1,
    ),
  );
  L.push("");
  for (const r of results) {
    if (!r.queries.length) continue;
    L.push(`## Queries under load (${r.engine}, auto_explain, 10 clients × 3 s per page; statements by total time, the slowest execution's plan)`);
    L.push("");
    const withRows = (tables: string[]) => tables.map((t) => (r.tableRows[t] !== undefined ? `${t} (${r.tableRows[t]} rows)` : t)).join(", ");
    for (const q of r.queries) {
      const flagged = q.statements.filter((s) => s.growingSeqScans.length);
      L.push(`### ${q.page.label} (${q.page.path.replace(/[0-9a-f-]{36}/, "<id>")}): ${q.entries} statements logged, ${q.statements.length} distinct${flagged.length ? `, **Seq Scan on growing tables: ${withRows([...new Set(flagged.flatMap((s) => s.growingSeqScans))])}**` : ", no Seq Scan on a growing table"}`);
      L.push("");
      for (const s of q.statements.slice(0, 3)) {
        L.push(`- ${s.count}× mean ${fmt(s.meanMs, 2)} ms, max ${fmt(s.maxMs, 2)} ms, total ${fmt(s.totalMs, 0)} ms; indexes: ${s.indexes.join(", ") || "none"}${s.seqScans.length ? `; Seq Scan on ${withRows(s.seqScans)}` : ""}${s.growingSeqScans.length ? " ⚠" : ""}`);
        L.push("");
        L.push("  ```sql");
        L.push(`  ${s.query.slice(0, 600)}${s.query.length > 600 ? " …" : ""}`);
        L.push("  ```");
        L.push("  ```");
        for (const pl of s.plan.split("\n").slice(0, 30)) L.push(`  ${pl}`);
        L.push("  ```");
      }
      const otherSeq = q.statements.slice(3).filter((s) => s.growingSeqScans.length);
      for (const s of otherSeq) L.push(`- also ⚠ Seq Scan on ${withRows(s.growingSeqScans)}: ${s.count}× mean ${fmt(s.meanMs, 2)} ms: \`${s.query.slice(0, 200)}\``);
      L.push("");
    }
  }
  return L;
}

async function main() {
  const o = parseOptions(process.argv.slice(2));
  installCleanupHandlers();
  fs.mkdirSync(OUT, { recursive: true });
  const started = performance.now();
  const hard = setTimeout(() => {
    console.error(`[bench] hard timeout (${o.timeoutMin} min): cleaning up`);
    cleanupAll();
    process.exit(3);
  }, o.timeoutMin * 60_000);
  log(`engines ${o.engines.join(",")}, clients ${o.clients.join(",")}, ${o.seconds} s per row, port ${o.port}, load avg ${os.loadavg()[0]!.toFixed(1)}`);
  const buildMs = await buildServer(o.distDir, { build: o.build, keepBuild: o.keepBuild || o.saves });
  const js = firstLoadJs(path.join(ROOT, o.distDir));
  const results: EngineResult[] = [];
  for (const e of o.engines) results.push(await benchEngine(o, e));
  let saves: SavesResult[] | null = null;
  let savesError: string | null = null;
  const leftMin = o.timeoutMin - (performance.now() - started) / 60_000;
  if (o.saves && leftMin < 4) {
    savesError = `skipped: ${leftMin.toFixed(1)} min left of --timeout-min ${o.timeoutMin}`;
    log(`practice saves ${savesError}`);
  } else if (o.saves) {
    try {
      saves = await runSaves(o);
    } catch (err) {
      savesError = err instanceof Error ? err.message.split("\n")[0]! : String(err);
      log(`practice saves failed: ${savesError}`);
    }
  }
  if (o.saves && !o.keepBuild) fs.rmSync(path.join(ROOT, o.distDir), { recursive: true, force: true });
  const lines = report(o, results, saves, savesError, js, buildMs, (performance.now() - started) / 1000);
  console.log("\n" + lines.join("\n"));
  // The committed record: one file per day (bench/README.md links the latest from the README).
  const resultsDir = path.join(ROOT, "bench", "results");
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${new Date().toISOString().slice(0, 10)}.md`);
  fs.writeFileSync(file, lines.join("\n") + "\n");
  fs.writeFileSync(path.join(OUT, `bench-${STAMP}.json`), JSON.stringify({ options: o, results, saves, js }, null, 2));
  console.log(`\n(written to ${path.relative(ROOT, file)})`);
  clearTimeout(hard);
  cleanupAll();
}

main().catch((err) => {
  console.error(`[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  cleanupAll();
  process.exit(1);
});
