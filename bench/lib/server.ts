// The production server for the bench scripts (page benchmark, soak, practice saves, fault runs):
// build (into its own distDir), local Postgres databases and PGlite directories, `next start` with
// start-up timing, HTTP requests and sign-in.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { HOST, OUT, ROOT, STAMP, killGroupSync, log, onCleanup, run, serverProcess, sleep, statusKb, tail } from "./proc";

export type Engine = "postgres" | "pglite";
export const DEFAULT_DIST_DIR = ".next-e";

export interface PgOptions {
  host: string;
  port: number;
  user: string;
}
export const PG: PgOptions = { host: "127.0.0.1", port: 5432, user: "postgres" };

// ───────── build ─────────

/**
 * `next build` with a non-default distDir rewrites tsconfig.json (adds <distDir>/types) and
 * next-env.d.ts: put both back as they were, unless someone else changed them meanwhile.
 */
export function guardProjectFiles(files: string[], distDir: string): () => void {
  const before = files.map((f) => {
    const p = path.join(ROOT, f);
    return { f, p, text: fs.existsSync(p) ? fs.readFileSync(p, "utf8") : null };
  });
  return () => {
    for (const { f, p, text } of before) {
      const now = fs.existsSync(p) ? fs.readFileSync(p, "utf8") : null;
      if (now === text) continue;
      if (now !== null && now.includes(distDir)) {
        if (text === null) fs.rmSync(p);
        else fs.writeFileSync(p, text);
        log(`restored ${f} (next build had rewritten it for distDir ${distDir})`);
      } else {
        log(`note: ${f} changed during the build, not by it: left as is`);
      }
    }
  };
}

/** Builds into distDir (or, with build false, checks there is a build); the log goes to bench/out/<logName>. */
export async function buildServer(distDir: string, opts: { build: boolean; keepBuild: boolean; logName?: string }): Promise<number> {
  const distPath = path.join(ROOT, distDir);
  let ms = 0;
  if (!opts.build) {
    if (!fs.existsSync(path.join(distPath, "BUILD_ID"))) throw new Error(`--no-build, but there is no build in ${distDir}/ (run once with --keep-build)`);
    log(`using the existing build in ${distDir}/`);
  } else {
    log(`building the production server into ${distDir}/ (next build)…`);
    const restore = onCleanup("restore tsconfig.json/next-env.d.ts", guardProjectFiles(["tsconfig.json", "next-env.d.ts"], distDir));
    const started = Date.now();
    const logName = opts.logName ?? `build-${STAMP}.log`;
    const r = await run("npx", ["next", "build"], {
      env: { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
      timeoutMs: 8 * 60_000,
      logFile: path.join(OUT, logName),
    });
    restore();
    if (r.code !== 0) throw new Error(`next build failed (exit ${r.code}); bench/out/${logName}:\n${tail(r.output)}`);
    ms = Date.now() - started;
    log(`built in ${(ms / 1000).toFixed(0)} s`);
  }
  // `eslint .` does not ignore the build folder: removed afterwards unless kept.
  if (!opts.keepBuild) onCleanup("remove build", () => fs.rmSync(distPath, { recursive: true, force: true }));
  return ms;
}

// ───────── databases ─────────

export function psql(sqlText: string, db = "postgres", pg: PgOptions = PG) {
  return spawnSync("psql", ["-h", pg.host, "-p", String(pg.port), "-U", pg.user, "-d", db, "-v", "ON_ERROR_STOP=1", "-qAtc", sqlText], {
    encoding: "utf8",
    timeout: 60_000,
  });
}

export async function ensurePostgres(pg: PgOptions = PG) {
  const ready = () => spawnSync("pg_isready", ["-h", pg.host, "-p", String(pg.port), "-q"], { timeout: 10_000 }).status === 0;
  if (ready()) return;
  log("PostgreSQL is not accepting connections: trying to start the local cluster (as .ci/run does)");
  const versions = fs.existsSync("/etc/postgresql") ? fs.readdirSync("/etc/postgresql") : [];
  if (versions[0]) spawnSync("pg_ctlcluster", ["--skip-systemctl-redirect", versions[0], "main", "start"], { timeout: 30_000, stdio: "inherit" });
  for (let i = 0; i < 30 && !ready(); i++) await sleep(1000);
  if (!ready()) throw new Error(`PostgreSQL at ${pg.host}:${pg.port} is not ready (pg_isready)`);
}

export interface BenchDatabase {
  engine: Engine;
  /** Postgres database name, or the PGlite directory. */
  name: string;
  env: Record<string, string>;
  /** Arguments for bench/lib/seed.ts. */
  target: string[];
  url: string | null;
  drop: () => void;
}

/** A fresh empty database: `bench_<stamp>_<suffix>` on the local Postgres, or a new PGlite directory under bench/out/. */
export function createDatabase(engine: Engine, suffix: string, pg: PgOptions = PG): BenchDatabase {
  if (engine === "postgres") {
    // BENCH_DB_PREFIX: a prefix of its own for a run that shares the Postgres server with others.
    const name = `${process.env.BENCH_DB_PREFIX ?? "bench"}_${STAMP}_${suffix}`.toLowerCase();
    const c = psql(`create database ${name}`, "postgres", pg);
    if (c.status !== 0) throw new Error(`create database ${name} failed: ${c.stderr}`);
    const drop = onCleanup(`drop database ${name}`, () => {
      const r = psql(`drop database if exists ${name} with (force)`, "postgres", pg);
      if (r.status !== 0) console.error(`[bench] could not drop ${name}: ${r.stderr}`);
    });
    const url = `postgres://${pg.user}@${pg.host}:${pg.port}/${name}`;
    return { engine, name, env: { DATABASE_URL: url }, target: ["--url", url], url, drop };
  }
  const dir = path.join(OUT, `pglite-${STAMP}-${suffix}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const drop = onCleanup(`remove ${path.relative(ROOT, dir)}`, () => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(`${dir}.lock`, { force: true });
  });
  return { engine, name: dir, env: { PGLITE_DIR: dir, DATABASE_URL: "" }, target: ["--pglite", dir], url: null, drop };
}

// ───────── HTTP ─────────

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function request(
  port: number,
  method: string,
  urlPath: string,
  opts: { headers?: Record<string, string>; body?: string; timeoutMs?: number; agent?: http.Agent } = {},
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...opts.headers };
    if (opts.body !== undefined) headers["content-length"] = Buffer.byteLength(opts.body);
    const req = http.request({ host: HOST, port, method, path: urlPath, agent: opts.agent ?? false, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.setTimeout(opts.timeoutMs ?? 15_000, () => req.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })));
    req.on("error", reject);
    req.end(opts.body);
  });
}

export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: HOST, port });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

/** The cookies a browser would keep: a Set-Cookie with Max-Age=0 or an empty value removes one. */
export class CookieJar {
  private cookies = new Map<string, string>();
  absorb(res: HttpResponse) {
    for (const line of res.headers["set-cookie"] ?? []) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  has(name: string) {
    return this.cookies.has(name);
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/**
 * Signs in as a browser does (CSRF cookie + credentials form) and returns the Cookie header.
 * callbackPath is where the form says to go afterwards; agent, the connection pool to use.
 */
export async function signIn(port: number, email: string, password: string, opts: { agent?: http.Agent; callbackPath?: string; timeoutMs?: number } = {}): Promise<string> {
  const jar = new CookieJar();
  const csrf = await request(port, "GET", "/api/auth/csrf", { agent: opts.agent, timeoutMs: opts.timeoutMs });
  if (csrf.status !== 200) throw new Error(`GET /api/auth/csrf → ${csrf.status}`);
  jar.absorb(csrf);
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const form = new URLSearchParams({ csrfToken, email, password, callbackUrl: `http://${HOST}:${port}${opts.callbackPath ?? "/"}` }).toString();
  const res = await request(port, "POST", "/api/auth/callback/credentials", {
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
    body: form,
    timeoutMs: 30_000,
    agent: opts.agent,
  });
  jar.absorb(res);
  const location = String(res.headers.location ?? "");
  if (![200, 302, 303].includes(res.status) || location.includes("error=") || !jar.has("authjs.session-token")) {
    throw new Error(`Sign-in of ${email} failed: ${res.status} location=${location || "-"} cookies=${Object.keys(res.headers).includes("set-cookie")}`);
  }
  return jar.header();
}

// ───────── server ─────────

export interface Server {
  child: ChildProcess;
  /** The process group (npx → next → next-server). */
  pid: number;
  /** The real next-server process (largest RSS in the group). */
  serverPid: number;
  startupMs: number;
  logFile: string;
  rssMb: () => number;
  peakRssMb: () => number;
  stop: () => void;
}

/**
 * `npx next start` in its own process group; start-up time = spawn → first 200 on /sign-in.
 * A busy port is an error, never killed. The log goes to bench/out/<logName>. With profileDir,
 * Next's CLI runs under node with --cpu-prof (refused in NODE_OPTIONS) and serves in-process.
 */
export async function startServer(opts: {
  port: number;
  distDir: string;
  engine: Engine;
  dbEnv: Record<string, string>;
  label: string;
  logName?: string;
  profileDir?: string;
}): Promise<Server> {
  if (await portInUse(opts.port)) throw new Error(`Port ${opts.port} on ${HOST} is already in use; choose another with --port`);
  const logFile = path.join(OUT, opts.logName ?? `server-${STAMP}-${opts.label}.log`);
  const fd = fs.openSync(logFile, "w");
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  delete env.PGLITE_DIR;
  Object.assign(env, {
    NEXT_DIST_DIR: opts.distDir,
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "production",
    AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
    SEED_DEMO: "0",
    TRUST_PROXY: "0",
    ...opts.dbEnv,
  });
  const startArgs = ["start", "-p", String(opts.port), "-H", HOST];
  let cmd = "npx";
  let args = ["next", ...startArgs];
  if (opts.profileDir) {
    fs.rmSync(opts.profileDir, { recursive: true, force: true });
    cmd = process.execPath;
    args = ["--cpu-prof", `--cpu-prof-dir=${opts.profileDir}`, path.join(ROOT, "node_modules", "next", "dist", "bin", "next"), ...startArgs];
  }
  const t0 = performance.now();
  const child = spawn(cmd, args, { cwd: ROOT, env, detached: true, stdio: ["ignore", fd, fd] });
  fs.closeSync(fd);
  const pid = child.pid!;
  const stop = onCleanup(`next start (${opts.label})`, () => killGroupSync(pid));
  let exited = false;
  child.on("exit", () => (exited = true));
  for (;;) {
    if (exited) throw new Error(`next start exited early; ${path.relative(ROOT, logFile)}:\n${tail(fs.readFileSync(logFile, "utf8"))}`);
    if (performance.now() - t0 > 180_000) throw new Error(`The server did not answer /sign-in within 180 s; ${path.relative(ROOT, logFile)}:\n${tail(fs.readFileSync(logFile, "utf8"))}`);
    try {
      const r = await request(opts.port, "GET", "/sign-in", { timeoutMs: 5000 });
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  const startupMs = performance.now() - t0;
  const proc = serverProcess(pid);
  const serverPid = proc?.pid ?? pid;
  return {
    child,
    pid,
    serverPid,
    startupMs,
    logFile,
    rssMb: () => statusKb(serverPid, "VmRSS") / 1024,
    peakRssMb: () => statusKb(serverPid, "VmHWM") / 1024,
    stop,
  };
}

/** Samples the server's RSS every intervalMs until stopped. */
export function sampleRss(server: Server, intervalMs = 500) {
  const samples: { t: number; mb: number }[] = [];
  const t0 = performance.now();
  const timer = setInterval(() => samples.push({ t: (performance.now() - t0) / 1000, mb: server.rssMb() }), intervalMs);
  samples.push({ t: 0, mb: server.rssMb() });
  return {
    samples,
    stop: () => {
      clearInterval(timer);
      return samples;
    },
  };
}
