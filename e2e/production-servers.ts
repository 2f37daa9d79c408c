// Production servers on Postgres for the specs that need them (production start, two instances):
// a fresh, empty database (on TEST_DATABASE_URL's server when set, else on an embedded PostgreSQL
// from npm started for the spec) and `next start` processes of the build the Playwright web server
// made (the same NEXT_DIST_DIR), each started as a plain production start: no SEED_DEMO, no
// TRUST_PROXY, one shared AUTH_SECRET. Only these specs pay for them.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import postgres from "postgres";

const ROOT = path.resolve(__dirname, "..");
const BASE_PORT = Number(process.env.E2E_PORT ?? 3100);

export interface ProductionServer {
  port: number;
  baseURL: string;
  /** Everything the server printed so far. */
  log: () => string;
}

export interface ProductionStack {
  /** The fresh database's URL (what the servers got as DATABASE_URL). */
  databaseUrl: string;
  /** A small connection to that database for the spec's own checks. */
  sql: postgres.Sql;
  servers: ProductionServer[];
  stop: () => Promise<void>;
}

/** The environment of a plain production start: nothing from the demo or the test runner. */
function serverEnv(databaseUrl: string, authSecret: string): NodeJS.ProcessEnv {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    // Playwright's own variables (and its loader in NODE_OPTIONS) are for the test worker only.
    if (/^(PW_|PLAYWRIGHT_|TEST_|E2E_)/.test(k) || k === "NODE_OPTIONS") continue;
    if (v === undefined || ["DATABASE_URL", "PGLITE_DIR", "SEED_DEMO", "TRUST_PROXY", "AUTH_SECRET"].includes(k)) continue;
    env[k] = v;
  }
  return { ...env, NODE_ENV: "production" as const, NEXT_TELEMETRY_DISABLED: "1", DATABASE_URL: databaseUrl, AUTH_SECRET: authSecret };
}

/**
 * An embedded PostgreSQL through the keeper of scripts/embedded-postgres.mjs (run as a process:
 * Playwright's loader would turn the ES module into CommonJS). Holding the keeper's stdin keeps
 * the cluster; closing it (or this worker ending in any way) stops it and removes its folder.
 */
async function startEmbeddedPostgres(): Promise<{ url: string; version: string; stop: () => Promise<void> }> {
  const keeper = spawn(process.execPath, [path.join(ROOT, "scripts", "embedded-postgres.mjs"), "serve"], {
    detached: true,
    stdio: ["pipe", "pipe", "inherit"],
  });
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => keeper.once("exit", () => resolve(void (exited = true))));
  const line = await new Promise<string>((resolve, reject) => {
    const rl = readline.createInterface({ input: keeper.stdout! });
    rl.once("line", (l) => {
      rl.close();
      resolve(l);
    });
    void exitedPromise.then(() => reject(new Error("embedded Postgres did not start (see its output above)")));
  });
  const { url, version } = JSON.parse(line) as { url: string; version: string };
  return {
    url,
    version,
    stop: async () => {
      if (exited) return;
      keeper.stdin!.end();
      await exitedPromise;
    },
  };
}

async function portAnswers(port: number): Promise<boolean> {
  try {
    await fetch(`http://localhost:${port}/`, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

async function startServer(port: number, env: NodeJS.ProcessEnv, label: string): Promise<{ server: ProductionServer; stop: () => Promise<void> }> {
  if (await portAnswers(port)) throw new Error(`Port ${port} is already in use (E2E_PORT+${port - BASE_PORT}); choose another E2E_PORT.`);
  const next = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, "scripts", "run-tethered.mjs"), process.execPath, next, "start", "-p", String(port)], {
    cwd: ROOT,
    env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d));
  child.stderr!.on("data", (d: Buffer) => (output += d));
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => child.once("exit", () => resolve(void (exited = true))));
  const stop = async () => {
    if (!exited) {
      child.stdin!.end();
      await exitedPromise;
    }
    // Kept beside the test results for reading after a run.
    fs.mkdirSync(path.join(ROOT, "test-results"), { recursive: true });
    fs.writeFileSync(path.join(ROOT, "test-results", `server-${label}-${port}.log`), output);
  };
  const baseURL = `http://localhost:${port}`;
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (exited) throw new Error(`next start on ${port} (${label}) exited during start-up:\n${output.slice(-4000)}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`next start on ${port} (${label}) did not answer /sign-in within 150 s:\n${output.slice(-4000)}`);
    }
    try {
      const res = await fetch(`${baseURL}/sign-in`, { signal: AbortSignal.timeout(10_000) });
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { server: { port, baseURL, log: () => output }, stop };
}

/**
 * A fresh empty Postgres database and `instances` production servers on it, on E2E_PORT+portOffset,
 * +portOffset+1, …, started at the same time (so their start-ups, migrations included, overlap).
 */
export async function startProductionStack(opts: { label: string; portOffset: number; instances: number }): Promise<ProductionStack> {
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const fn of cleanups.reverse()) await fn().catch((e) => console.error(`[${opts.label}] cleanup: ${e}`));
    cleanups.length = 0;
  };
  try {
    let serverUrl = process.env.TEST_DATABASE_URL;
    if (!serverUrl) {
      const embedded = await startEmbeddedPostgres();
      cleanups.push(() => embedded.stop());
      serverUrl = embedded.url;
    }
    const name = `e2e_${opts.label.replace(/\W/g, "_")}_${crypto.randomBytes(4).toString("hex")}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    cleanups.push(async () => {
      const a = postgres(serverUrl!, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    });
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const databaseUrl = url.toString();

    const env = serverEnv(databaseUrl, crypto.randomBytes(32).toString("base64url"));
    const started = await Promise.allSettled(
      Array.from({ length: opts.instances }, (_, i) => startServer(BASE_PORT + opts.portOffset + i, env, `${opts.label}-${i + 1}`)),
    );
    for (const s of started) if (s.status === "fulfilled") cleanups.push(s.value.stop);
    const failed = started.find((s) => s.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;

    const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
    cleanups.push(() => sql.end({ timeout: 5 }));
    return {
      databaseUrl,
      sql,
      servers: started.map((s) => (s as PromiseFulfilledResult<{ server: ProductionServer }>).value.server),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
