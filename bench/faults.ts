// Fault runs against the PRODUCTION server: nothing a learner saved may be lost.
//
//   npm run faults -- [--learners 20] [--seconds 36] [--scenarios restart,kill-postgres,kill-pglite]
//        [--port 3230] [--pg-port 5544] [--no-build] [--keep-build] [--timeout-min 20]
//
// a) restart: learners save through `next start` on Postgres while the database is restarted,
//    once with `pg_ctl restart -m fast` and once with `-m immediate` (a crash and recovery).
// b) kill-postgres / kill-pglite: the server's process group is SIGKILLed mid-set and started
//    again on the same database; the learners resume (same cookies, same set, same deadline).
//
// The learners behave like the browser's outbox (lib/practice/outbox.ts): a change stays pending
// until the server acknowledges its seq; a failed, timed-out or 5xx save is sent again with the
// same seq after the outbox's back-off. At the end every learner flushes and submits (the real
// Server Action over HTTP), and the database is checked: every position holds the last
// acknowledged seq, every set is submitted and scored from exactly its stored answers. Any loss
// exits 1. Postgres is a throwaway cluster (initdb as the postgres OS user, its own port, removed
// at the end): the shared server on 5432 is never touched. Only 127.0.0.1 is contacted.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { eq, inArray } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { practiceItems, practiceSessions, questions } from "@/db/schema";
import { retryDelayMs } from "@/lib/practice/outbox";
import { scoreItem } from "@/lib/practice/score";
import { HOST, OUT, ROOT, STAMP, cleanupAll, installCleanupHandlers, onCleanup, run, setLogPrefix, setLogger, sleep, tail } from "./lib/proc";
import { buildServer, psql, request, type HttpResponse } from "./lib/server";
import { parseOptions, setDistDir, signInAll, startServer, type Learner, type Prepared, type Server } from "./practice-saves";

// ───────────────────────────── options ─────────────────────────────

type Scenario = "restart" | "kill-postgres" | "kill-pglite";
const ALL: Scenario[] = ["restart", "kill-postgres", "kill-pglite"];

function parseArgs(argv: string[]) {
  const o = { learners: 20, seconds: 36, scenarios: ALL, port: 3230, pgPort: 5544, build: true, keepBuild: false, timeoutMin: 20 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const int = (min: number, max: number) => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${a} must be an integer in ${min}..${max}`);
      return n;
    };
    if (a === "--learners") o.learners = int(1, 200);
    else if (a === "--seconds") o.seconds = int(12, 600);
    else if (a === "--port") o.port = int(1024, 65535);
    else if (a === "--pg-port") o.pgPort = int(1024, 65535);
    else if (a === "--timeout-min") o.timeoutMin = int(1, 120);
    else if (a === "--no-build") o.build = false;
    else if (a === "--keep-build") o.keepBuild = true;
    else if (a === "--scenarios") {
      const list = value().split(",").map((s) => s.trim()) as Scenario[];
      for (const s of list) if (!ALL.includes(s)) throw new Error(`Unknown scenario ${s} (${ALL.join(", ")})`);
      o.scenarios = list;
    } else if (a === "-h" || a === "--help") {
      console.log("npm run faults -- [--learners 20] [--seconds 36] [--scenarios restart,kill-postgres,kill-pglite] [--port 3230] [--pg-port 5544] [--no-build] [--keep-build] [--timeout-min 20]");
      process.exit(0);
    } else throw new Error(`Unknown argument ${a}`);
  }
  if (o.pgPort === 5432) throw new Error("--pg-port 5432 is the shared Postgres: this script restarts its own cluster and needs another port");
  return o;
}
type Args = ReturnType<typeof parseArgs>;

const DIST_DIR = ".next-d";
const PGBIN = "/usr/lib/postgresql/15/bin";
/** The client gives up on a request after this long (then retries it, like a failed fetch). */
const CLIENT_TIMEOUT_MS = 10_000;

const t0 = performance.now();
const log = (msg: string) => console.log(`[faults ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${msg}`);

// ───────────────────────────── throwaway Postgres ─────────────────────────────

interface Cluster {
  port: number;
  dir: string;
  url: (db: string) => string;
  /** pg_ctl as the postgres user, asynchronously (learners keep running meanwhile). */
  ctl: (args: string[]) => Promise<{ code: number | null; output: string; ms: number }>;
  psql: (sql: string) => void;
}

async function startCluster(port: number): Promise<Cluster> {
  if (!fs.existsSync(path.join(PGBIN, "initdb"))) throw new Error(`No PostgreSQL 15 binaries in ${PGBIN}`);
  const uid = Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout.trim());
  const gid = Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout.trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error("There is no postgres OS user to run the throwaway cluster as");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rc-faults-pg-"));
  fs.chownSync(dir, uid, gid);
  onCleanup(`remove ${dir}`, () => fs.rmSync(dir, { recursive: true, force: true }));
  const data = path.join(dir, "data");
  const asPostgres = (cmd: string, args: string[]) =>
    spawnSync("runuser", ["-u", "postgres", "--", path.join(PGBIN, cmd), ...args], { cwd: dir, encoding: "utf8", timeout: 120_000 });
  const init = asPostgres("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=${HOST} -c max_connections=100 -c shared_buffers=64MB`;
  const start = asPostgres("pg_ctl", ["-D", data, "-l", path.join(dir, "server.log"), "-o", opts, "-w", "-t", "60", "start"]);
  if (start.status !== 0) throw new Error(`pg_ctl start failed: ${start.stderr || start.stdout}\n${tail(fs.readFileSync(path.join(dir, "server.log"), "utf8"))}`);
  // Registered after the directory's removal, so it runs first.
  onCleanup("stop the throwaway cluster", () => {
    asPostgres("pg_ctl", ["-D", data, "-m", "immediate", "-w", "-t", "30", "stop"]);
  });
  log(`throwaway PostgreSQL 15 cluster on ${HOST}:${port} (${dir})`);
  let n = 0;
  return {
    port,
    dir,
    url: (db) => `postgres://postgres@${HOST}:${port}/${db}`,
    ctl: async (args) => {
      const started = performance.now();
      const r = await run("runuser", ["-u", "postgres", "--", path.join(PGBIN, "pg_ctl"), "-D", data, ...args], {
        timeoutMs: 120_000,
        logFile: path.join(OUT, `faults-pgctl-${++n}.log`),
      });
      return { ...r, ms: performance.now() - started };
    },
    psql: (sql) => {
      const r = psql(sql, "postgres", { host: HOST, port, user: "postgres" });
      if (r.status !== 0) throw new Error(`psql ${sql}: ${r.stderr}`);
    },
  };
}

// ───────────────────────────── submitting over HTTP ─────────────────────────────
// The runner submits with the Server Action submitPracticeAction. Its id comes from the build's
// manifest; the arguments (previous form state, form data) are encoded with React's own encoder,
// exactly as the browser's action call does.

interface ActionRef {
  id: string;
  page: string;
}

function findSubmitAction(): ActionRef {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, DIST_DIR, "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { workers: Record<string, unknown>; exportedName?: string; filename?: string }>;
  };
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (entry.exportedName === "submitPracticeAction" && (entry.filename ?? "").includes("app/learn/practice/actions")) {
      return { id, page: "/learn/practice/[id]" };
    }
  }
  throw new Error("submitPracticeAction is not in the build's server-reference-manifest.json");
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { encodeReply } = require("next/dist/compiled/react-server-dom-webpack/client.node") as {
  encodeReply: (value: unknown) => Promise<string | FormData>;
};

async function submitOverHttp(port: number, action: ActionRef, l: Learner): Promise<{ status: number; redirect: string }> {
  const form = new FormData();
  form.set("id", l.sessionId);
  const body = await encodeReply([{ status: "idle" }, form]);
  const res = await fetch(`http://${HOST}:${port}/learn/practice/${l.sessionId}`, {
    method: "POST",
    headers: { "next-action": action.id, accept: "text/x-component", cookie: l.cookie },
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(30_000),
  });
  await res.arrayBuffer();
  return { status: res.status, redirect: res.headers.get("x-action-redirect") ?? res.headers.get("location") ?? "" };
}

// ───────────────────────────── the outbox-like client ─────────────────────────────

interface Entry {
  position: number;
  response: string[] | null;
  flagged: boolean;
  seq: number;
  timeMs: number;
}

interface Stats {
  attempts: number;
  ok: number;
  failed: number;
  /** Failed requests whose batch was later acknowledged on a retry. */
  retriedThenAcked: number;
  byKind: Record<string, number>;
  reported: Record<string, number>;
  conflicts: number;
  latencies: number[];
  failures: { at: number; kind: string }[];
  successes: number[];
}

const newStats = (): Stats => ({ attempts: 0, ok: 0, failed: 0, retriedThenAcked: 0, byKind: {}, reported: {}, conflicts: 0, latencies: [], failures: [], successes: [] });

class Client {
  readonly seqs = new Map<number, number>();
  readonly pending = new Map<number, Entry>();
  /** The last seq the server acknowledged per position (what it must hold at the end). */
  readonly acked = new Map<number, number>();
  /** Positions whose seq had a request fail: acknowledged later means "retried, not lost". */
  private readonly failedSeqs = new Set<string>();
  failures = 0;
  closed: string | null = null;

  constructor(
    readonly l: Learner,
    readonly agent: http.Agent,
    readonly port: number,
    readonly stats: Stats,
  ) {}

  change() {
    const position = this.l.positions[Math.floor(Math.random() * this.l.positions.length)]!;
    const seq = (this.seqs.get(position) ?? 0) + 1;
    this.seqs.set(position, seq);
    const keys = ["A", "B", "C", "D"];
    // Time only grows on the server: keep it growing here too.
    this.pending.set(position, { position, response: [keys[Math.floor(Math.random() * keys.length)]!], flagged: Math.random() < 0.1, seq, timeMs: seq * 1000 });
  }

  /** One request with everything pending. True when the server acknowledged it. */
  async send(): Promise<boolean> {
    if (!this.pending.size || this.closed) return true;
    const batch = [...this.pending.values()].sort((a, b) => a.position - b.position);
    const s = this.stats;
    s.attempts++;
    const started = performance.now();
    let res: HttpResponse;
    const failed = (kind: string) => {
      s.failed++;
      s.byKind[kind] = (s.byKind[kind] ?? 0) + 1;
      s.failures.push({ at: performance.now(), kind });
      for (const e of batch) this.failedSeqs.add(`${e.position}:${e.seq}`);
      this.failures++;
      return false;
    };
    try {
      res = await request(this.port, "POST", `/api/practice/${this.l.sessionId}/answers`, {
        headers: { "content-type": "application/json", cookie: this.l.cookie, accept: "application/json" },
        body: JSON.stringify({ answers: batch }),
        timeoutMs: CLIENT_TIMEOUT_MS,
        agent: this.agent,
      });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      return failed(code === "TIMEOUT" ? "client timeout" : `network ${code}`);
    }
    s.latencies.push(performance.now() - started);
    type Reply = { ok?: boolean; error?: string; results?: { position: number; seq: number; applied: boolean }[] };
    let body: Reply | null;
    try {
      body = JSON.parse(res.body) as Reply;
    } catch {
      body = null;
    }
    const json = body ? "JSON" : (res.headers["content-type"] ?? "").includes("html") ? "HTML" : res.body.length ? "text" : "empty";
    if (res.status === 200 && body?.ok && body.results) {
      for (const r of body.results) {
        const e = this.pending.get(r.position);
        if (!e) continue;
        if (r.seq >= e.seq) {
          if (!r.applied && r.seq > e.seq) s.conflicts++;
          this.acked.set(r.position, Math.max(this.acked.get(r.position) ?? 0, r.seq));
          if (this.failedSeqs.has(`${e.position}:${e.seq}`)) s.retriedThenAcked++;
          this.pending.delete(r.position);
        }
      }
      s.ok++;
      s.successes.push(performance.now());
      this.failures = 0;
      return true;
    }
    if (res.status >= 500 || res.status === 0 || !body) return failed(`${res.status} ${json}${body?.error ? ` ${body.error}` : ""}`);
    // A refusal the browser shows the learner (signed out, set closed, invalid): reported, not silent.
    const kind = `${res.status} ${body.error ?? "?"}`;
    s.reported[kind] = (s.reported[kind] ?? 0) + 1;
    if (body.error === "submitted" || body.error === "deadline") this.closed = kind;
    return failed(`reported ${kind}`);
  }

  /** The outbox's back-off after a failure (1 s, 2 s, 4 s, … 15 s), as the runner uses. */
  backoff() {
    return sleep(retryDelayMs(this.failures));
  }
}

/** Learners answer with 100–400 ms of think time, each change sent (with whatever is pending). */
async function answerLoop(clients: Client[], until: () => boolean) {
  await Promise.all(
    clients.map(async (c) => {
      await sleep(Math.random() * 300);
      while (!until()) {
        if (!c.closed) c.change();
        const ok = await c.send();
        if (!ok) await c.backoff();
        else await sleep(100 + Math.random() * 300);
      }
    }),
  );
}

/** Sends until nothing is pending (or the deadline): the runner's flush before submitting. */
async function flushAll(clients: Client[], ms: number) {
  const until = performance.now() + ms;
  await Promise.all(
    clients.map(async (c) => {
      while (c.pending.size && !c.closed && performance.now() < until) {
        if (!(await c.send())) await sleep(Math.min(retryDelayMs(c.failures), Math.max(0, until - performance.now())));
      }
    }),
  );
  return clients.filter((c) => c.pending.size).length;
}

// ───────────────────────────── checks ─────────────────────────────

interface Check {
  sets: number;
  items: number;
  lost: string[];
  notSubmitted: number;
  scoreMismatches: string[];
}

/** With the server stopped: every position holds the last acknowledged seq; every set submitted and scored from its stored answers. */
async function checkDatabase(target: { url?: string; pgliteDir?: string }, clients: Client[]): Promise<Check> {
  const handle = await openDatabase(target.url ? { url: target.url, max: 2 } : { pgliteDir: target.pgliteDir });
  try {
    const ids = clients.map((c) => c.l.sessionId);
    const sessions = await handle.db.select().from(practiceSessions).where(inArray(practiceSessions.id, ids));
    const rows = await handle.db
      .select({ sessionId: practiceItems.sessionId, position: practiceItems.position, seq: practiceItems.seq, response: practiceItems.response, correct: practiceItems.correct, kind: questions.kind, answer: questions.answer })
      .from(practiceItems)
      .innerJoin(questions, eq(questions.id, practiceItems.questionId))
      .where(inArray(practiceItems.sessionId, ids));
    const check: Check = { sets: sessions.length, items: rows.length, lost: [], notSubmitted: 0, scoreMismatches: [] };
    for (const c of clients) {
      const s = sessions.find((x) => x.id === c.l.sessionId);
      const mine = rows.filter((r) => r.sessionId === c.l.sessionId);
      for (const r of mine) {
        const expected = c.acked.get(r.position) ?? 0;
        // A position still pending (never acknowledged) may hold a newer seq that landed unanswered; never an older one.
        const ok = c.pending.has(r.position) ? r.seq >= expected : r.seq === expected;
        if (!ok) check.lost.push(`${c.l.email} q${r.position}: acknowledged seq ${expected}, stored ${r.seq}`);
      }
      if (!s || s.status !== "submitted") {
        check.notSubmitted++;
        continue;
      }
      let correct = 0;
      let answered = 0;
      for (const r of mine) {
        const right = scoreItem(r.kind, r.answer, r.response);
        if (r.correct !== right) check.scoreMismatches.push(`${c.l.email} q${r.position}: stored correct=${r.correct}, answer scores ${right}`);
        if (right) correct++;
        if (r.response?.length) answered++;
      }
      if (s.correct !== correct || s.answered !== answered) check.scoreMismatches.push(`${c.l.email}: set says ${s.correct}/${s.answered}, answers give ${correct}/${answered}`);
    }
    return check;
  } finally {
    await handle.close();
  }
}

// ───────────────────────────── shared steps ─────────────────────────────

interface Target {
  engine: "postgres" | "pglite";
  dbEnv: Record<string, string>;
  prepareArgs: string[];
  check: { url?: string; pgliteDir?: string };
}

async function prepare(name: string, target: Target, learners: number): Promise<Prepared[]> {
  const file = path.join(OUT, `faults-learners-${name}.json`);
  const r = await run("npx", ["tsx", "bench/prepare.ts", ...target.prepareArgs, "--learners", String(learners), "--out", file], {
    timeoutMs: 5 * 60_000,
    logFile: path.join(OUT, `faults-prepare-${name}.log`),
  });
  if (r.code !== 0) throw new Error(`prepare failed (exit ${r.code}):\n${tail(r.output)}`);
  log(tail(r.output, 1));
  return JSON.parse(fs.readFileSync(file, "utf8")) as Prepared[];
}

const serverOpts = (args: Args) => ({ ...parseOptions([]), port: args.port });

async function launch(args: Args, name: string, target: Target, secret: string, n: number): Promise<Server> {
  const started = performance.now();
  const server = await startServer(serverOpts(args), target.engine, { ...target.dbEnv, AUTH_SECRET: secret }, `faults-server-${name}-${n}.log`);
  log(`${name}: server up in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return server;
}

async function submitAll(args: Args, action: ActionRef, clients: Client[]) {
  const outcomes: Record<string, number> = {};
  for (const c of clients) {
    let kind: string;
    try {
      const r = await submitOverHttp(args.port, action, c.l);
      kind = r.redirect.includes(`/learn/practice/${c.l.sessionId}/results`) ? "submitted → results" : `${r.status} ${r.redirect || "no redirect"}`;
    } catch (err) {
      kind = `error ${(err as Error).message}`;
    }
    outcomes[kind] = (outcomes[kind] ?? 0) + 1;
  }
  return outcomes;
}

function summarizeStats(s: Stats) {
  const lat = [...s.latencies].sort((a, b) => a - b);
  const p = (q: number) => (lat.length ? lat[Math.min(lat.length - 1, Math.ceil(q * lat.length) - 1)]!.toFixed(0) : "-");
  return `${s.attempts} save requests: ${s.ok} acknowledged, ${s.failed} failed (${JSON.stringify(s.byKind)}), ${s.retriedThenAcked} answers acknowledged on a retry after a failure; p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, max ${p(1)} ms`;
}

interface Outcome {
  name: string;
  ok: boolean;
  line: string;
  details: string[];
}

function verdict(name: string, check: Check, unflushed: number, submits: Record<string, number>, clients: Client[], extra: string[]): Outcome {
  const acked = clients.reduce((n, c) => n + c.acked.size, 0);
  const submittedOk = submits["submitted → results"] ?? 0;
  const ok = check.lost.length === 0 && check.scoreMismatches.length === 0 && check.notSubmitted === 0 && unflushed === 0 && submittedOk === clients.length;
  const line = `${ok ? "PASS" : "FAIL"} ${name}: ${clients.length} learners, ${acked} acknowledged positions, ${check.items} items checked, ${check.lost.length} lost, ${unflushed} outboxes not flushed, ${submittedOk}/${clients.length} submitted over HTTP, ${check.scoreMismatches.length} score mismatches`;
  const details = [...extra];
  if (Object.keys(submits).length > 1 || !submits["submitted → results"]) details.push(`submit outcomes: ${JSON.stringify(submits)}`);
  for (const l of check.lost.slice(0, 10)) details.push(`LOST ${l}`);
  for (const m of check.scoreMismatches.slice(0, 10)) details.push(`SCORE ${m}`);
  return { name, ok, line, details };
}

/**
 * The failed saves of an outage that began at `from` (and whose cause was over by `upAt`): their
 * kinds, when the first and the last came, and the first acknowledged save after both the cause
 * was over and the last failure before it.
 */
function outageWindow(stats: Stats, from: number, upAt: number, windowMs = 20_000) {
  const fails = stats.failures.filter((f) => f.at >= from && f.at <= upAt + windowMs);
  const kinds: Record<string, number> = {};
  for (const f of fails) kinds[f.kind] = (kinds[f.kind] ?? 0) + 1;
  const lastFailBeforeRecovery = fails.filter((f) => f.at <= (stats.successes.find((t) => t > upAt) ?? Infinity)).at(-1)?.at ?? upAt;
  const recovered = stats.successes.find((t) => t > Math.max(upAt, lastFailBeforeRecovery));
  const s = (t: number | undefined) => (t === undefined ? "never" : `+${((t - from) / 1000).toFixed(1)} s`);
  return {
    kinds,
    text: `${fails.length} failed saves ${JSON.stringify(kinds)}, first ${s(fails[0]?.at)}, last ${s(fails.at(-1)?.at)}; first acknowledged save after recovery ${s(recovered)} (${recovered === undefined ? "-" : `${((recovered - upAt) / 1000).toFixed(1)} s after the cause was over`})`,
  };
}

// ───────────────────────────── scenario a: Postgres restarts ─────────────────────────────

async function scenarioRestart(args: Args, cluster: Cluster, action: ActionRef): Promise<Outcome> {
  const name = "restart";
  const db = `faults_restart_${STAMP}`.toLowerCase();
  cluster.psql(`create database ${db}`);
  const target: Target = { engine: "postgres", dbEnv: { DATABASE_URL: cluster.url(db) }, prepareArgs: ["--url", cluster.url(db)], check: { url: cluster.url(db) } };
  const prepared = await prepare(name, target, args.learners);
  const secret = crypto.randomBytes(32).toString("base64url");
  const server = await launch(args, name, target, secret, 1);
  const agent = new http.Agent({ keepAlive: true, maxSockets: args.learners + 4 });
  const stats = newStats();
  const details: string[] = [];
  let clients: Client[] = [];
  try {
    const learners = await signInAll(agent, args.port, prepared);
    clients = learners.map((l) => new Client(l, agent, args.port, stats));
    log(`${name}: ${clients.length} learners signed in; answering for ${args.seconds} s, Postgres restarted at ${Math.round(args.seconds * 0.25)} s (-m fast) and ${Math.round(args.seconds * 0.6)} s (-m immediate)`);
    const start = performance.now();
    const end = start + args.seconds * 1000;
    const loop = answerLoop(clients, () => performance.now() >= end);
    for (const [at, mode] of [
      [0.25, "fast"],
      [0.6, "immediate"],
    ] as const) {
      await sleep(Math.max(0, start + args.seconds * 1000 * at - performance.now()));
      const from = performance.now();
      const r = await cluster.ctl(["-m", mode, "-w", "-t", "60", "restart"]);
      if (r.code !== 0) throw new Error(`pg_ctl restart -m ${mode} failed:\n${tail(r.output)}`);
      log(`${name}: pg_ctl restart -m ${mode} took ${(r.ms / 1000).toFixed(1)} s`);
      // Let the clients find out and recover before reporting on this outage.
      const upAt = performance.now();
      await sleep(Math.min(8000, Math.max(0, end - performance.now() - 500)));
      const w = outageWindow(stats, from, upAt, 8000);
      const line = `restart -m ${mode}: pg_ctl restart took ${(r.ms / 1000).toFixed(1)} s (from +0 s); ${w.text}`;
      log(`${name}: ${line}`);
      details.push(line);
    }
    await loop;
    const unflushed = await flushAll(clients, 60_000);
    log(`${name}: answering stopped; outboxes flushed (${unflushed} not empty)`);
    const submits = await submitAll(args, action, clients);
    log(`${name}: submitted: ${JSON.stringify(submits)}`);
    details.push(summarizeStats(stats));
    server.stop();
    const check = await checkDatabase(target.check, clients);
    return verdict("a) Postgres restarted twice during saves (fast, immediate)", check, unflushed, submits, clients, details);
  } finally {
    agent.destroy();
    server.stop();
  }
}

// ───────────────────────────── scenario b: the server killed ─────────────────────────────

/** The runner page as a learner's browser gets it: still the open set, and its clock. */
async function openRunner(port: number, l: Learner) {
  const res = await fetch(`http://${HOST}:${port}/learn/practice/${l.sessionId}`, { headers: { cookie: l.cookie }, redirect: "manual", signal: AbortSignal.timeout(30_000) });
  const html = await res.text();
  const grab = (key: string) => html.match(new RegExp(`${key}\\\\*":\\\\*"([0-9T:.Z-]+)`))?.[1] ?? null;
  return {
    status: res.status,
    location: res.headers.get("location"),
    runner: html.includes('data-testid="practice-runner"'),
    deadlineAt: grab("deadlineAt"),
    serverNow: grab("serverNow"),
  };
}

async function scenarioKill(args: Args, engine: "postgres" | "pglite", cluster: Cluster | null, action: ActionRef): Promise<Outcome> {
  const name = `kill-${engine}`;
  let target: Target;
  if (engine === "postgres") {
    const db = `faults_kill_${STAMP}`.toLowerCase();
    cluster!.psql(`create database ${db}`);
    target = { engine, dbEnv: { DATABASE_URL: cluster!.url(db) }, prepareArgs: ["--url", cluster!.url(db)], check: { url: cluster!.url(db) } };
  } else {
    const dir = path.join(OUT, `faults-pglite-${STAMP}`);
    fs.rmSync(dir, { recursive: true, force: true });
    onCleanup(`remove ${path.relative(ROOT, dir)}`, () => {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(`${dir}.lock`, { force: true });
    });
    target = { engine, dbEnv: { PGLITE_DIR: dir, DATABASE_URL: "" }, prepareArgs: ["--pglite", dir], check: { pgliteDir: dir } };
  }
  const prepared = await prepare(name, target, args.learners);
  const secret = crypto.randomBytes(32).toString("base64url");
  let server = await launch(args, name, target, secret, 1);
  let agent = new http.Agent({ keepAlive: true, maxSockets: args.learners + 4 });
  const stats = newStats();
  const details: string[] = [];
  const problems: string[] = [];
  let clients: Client[] = [];
  try {
    const learners = await signInAll(agent, args.port, prepared);
    clients = learners.map((l) => new Client(l, agent, args.port, stats));
    const before = await openRunner(args.port, learners[0]!);
    if (!before.runner || !before.deadlineAt || !before.serverNow) throw new Error(`${name}: the runner page did not show the set before the kill (${before.status})`);
    // One answering loop throughout: the kill at 30 % of it, at least 10 s of answering after the restart.
    let end = performance.now() + args.seconds * 1000;
    const loop = answerLoop(clients, () => performance.now() >= end);
    await sleep(args.seconds * 1000 * 0.3);

    // SIGKILL the whole process group (npx → next → next-server) mid-set, requests in flight.
    const killedAt = performance.now();
    const lockFile = engine === "pglite" ? `${target.dbEnv.PGLITE_DIR}.lock` : null;
    const lockOwner = lockFile && fs.existsSync(lockFile) ? fs.readFileSync(lockFile, "utf8").trim() : null;
    process.kill(-server.pid, "SIGKILL");
    await new Promise<void>((resolve) => (server.child.exitCode !== null || server.child.signalCode !== null ? resolve() : server.child.once("exit", () => resolve())));
    server.stop();
    log(`${name}: server process group ${server.pid} SIGKILLed${lockOwner ? ` (PGlite lock ${path.basename(lockFile!)} left by pid ${lockOwner}: ${fs.existsSync(lockFile!) ? "still there" : "gone"})` : ""}`);
    await sleep(1500); // learners keep answering into their outboxes meanwhile
    server = await launch(args, name, target, secret, 2);
    const downMs = performance.now() - killedAt;
    end = Math.max(end, performance.now() + 10_000);
    if (lockFile) {
      const owner = fs.existsSync(lockFile) ? fs.readFileSync(lockFile, "utf8").trim() : "none";
      details.push(`PGlite lock: left by killed pid ${lockOwner}, taken over (now ${owner === lockOwner ? "STILL the dead pid" : "the new server"})`);
    }
    // Browsers open new connections; the old keep-alive sockets died with the server.
    agent.destroy();
    agent = new http.Agent({ keepAlive: true, maxSockets: args.learners + 4 });
    for (const c of clients) (c as { agent: http.Agent }).agent = agent;

    // Resume: every learner's page is still the open set, the deadline unchanged, the clock continued.
    let resumed = 0;
    for (const c of clients) {
      const page = await openRunner(args.port, c.l);
      const elapsed = Date.parse(page.serverNow ?? "") - Date.parse(before.serverNow);
      const ok = page.status === 200 && page.runner && page.deadlineAt === (c === clients[0] ? before.deadlineAt : page.deadlineAt) && elapsed > 0;
      if (ok) resumed++;
      else problems.push(`${c.l.email}: runner after restart ${page.status} ${page.location ?? ""} runner=${page.runner} deadline ${page.deadlineAt} serverNow ${page.serverNow}`);
    }
    const after = await openRunner(args.port, clients[0]!.l);
    const remainingBefore = Date.parse(before.deadlineAt) - Date.parse(before.serverNow);
    const remainingAfter = Date.parse(after.deadlineAt ?? "") - Date.parse(after.serverNow ?? "");
    const wall = Date.parse(after.serverNow ?? "") - Date.parse(before.serverNow);
    const clockOk = after.deadlineAt === before.deadlineAt && Math.abs(remainingBefore - remainingAfter - wall) < 2000;
    if (!clockOk) problems.push(`clock: deadline ${before.deadlineAt} → ${after.deadlineAt}, remaining ${remainingBefore} → ${remainingAfter} ms over ${wall} ms`);
    const line = `server down ${(downMs / 1000).toFixed(1)} s (kill → ready); ${resumed}/${clients.length} runner pages resumed the open set; remaining time ${(remainingBefore / 60_000).toFixed(2)} → ${(remainingAfter / 60_000).toFixed(2)} min over ${(wall / 1000).toFixed(1)} s of server clock, same deadline: ${clockOk ? "yes" : "NO"}`;
    log(`${name}: ${line}`);
    details.push(line);

    await loop;
    const w = outageWindow(stats, killedAt, killedAt + downMs);
    details.push(`the kill (+0 s) to the server ready (+${(downMs / 1000).toFixed(1)} s): ${w.text}`);
    const unflushed = await flushAll(clients, 60_000);
    const submits = await submitAll(args, action, clients);
    log(`${name}: submitted: ${JSON.stringify(submits)}`);
    details.push(summarizeStats(stats));
    server.stop();
    const check = await checkDatabase(target.check, clients);
    const out = verdict(`b) server SIGKILLed mid-set and restarted (${engine})`, check, unflushed, submits, clients, details);
    if (problems.length || resumed !== clients.length) {
      out.ok = false;
      out.line = out.line.replace(/^PASS/, "FAIL") + `; ${problems.length} resume problems`;
      out.details.push(...problems.slice(0, 10));
    }
    return out;
  } finally {
    agent.destroy();
    server.stop();
  }
}

// ───────────────────────────── main ─────────────────────────────

async function main() {
  const args = parseArgs(process.argv.slice(2));
  setLogPrefix("faults");
  setLogger(log);
  installCleanupHandlers();
  setDistDir(DIST_DIR);
  fs.mkdirSync(OUT, { recursive: true });
  const hard = setTimeout(() => {
    console.error(`[faults] hard timeout (${args.timeoutMin} min): cleaning up`);
    cleanupAll();
    process.exit(3);
  }, args.timeoutMin * 60_000);
  log(`learners ${args.learners}, ${args.seconds} s per scenario, scenarios ${args.scenarios.join(",")}, port ${args.port}, load avg ${os.loadavg()[0]!.toFixed(1)}`);
  await buildServer(DIST_DIR, { build: args.build, keepBuild: args.keepBuild, logName: "faults-build.log" });
  const action = findSubmitAction();
  const needsPg = args.scenarios.some((s) => s !== "kill-pglite");
  const cluster = needsPg ? await startCluster(args.pgPort) : null;
  const outcomes: Outcome[] = [];
  for (const s of args.scenarios) {
    log(`── ${s} ──`);
    try {
      if (s === "restart") outcomes.push(await scenarioRestart(args, cluster!, action));
      else outcomes.push(await scenarioKill(args, s === "kill-postgres" ? "postgres" : "pglite", cluster, action));
    } catch (err) {
      outcomes.push({ name: s, ok: false, line: `FAIL ${s}: ${err instanceof Error ? err.message : String(err)}`, details: [] });
    }
    const o = outcomes.at(-1)!;
    console.log(o.line);
    for (const d of o.details) console.log(`    ${d}`);
  }
  console.log("\nFault runs (production server, outbox-like clients):");
  for (const o of outcomes) console.log(o.line);
  clearTimeout(hard);
  cleanupAll();
  const failed = outcomes.filter((o) => !o.ok).length;
  console.log(`${outcomes.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(`[faults] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  cleanupAll();
  process.exit(1);
});
