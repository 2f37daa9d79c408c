// Runs bench/lib/load-child.mjs (autocannon, or virtual users with think time) in its own Node
// process and returns its result. On a 2-core machine the generator still competes with the
// server for CPU: run.ts reports the generator's CPU next to the server's.
import path from "node:path";
import { OUT, ROOT, STAMP, run } from "./proc";

export interface FixedResult {
  n: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  completed: number;
  ok: number;
  rps: number;
  elapsedS: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  non2xx: number;
}

export interface PageStats {
  n: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  statuses: Record<string, number>;
}

export interface ScenarioResult {
  elapsedS: number;
  pages: Record<string, PageStats>;
  byMinute: { requests: number; s5xx: number }[];
}

const CHILD = path.join(ROOT, "bench", "lib", "load-child.mjs");

async function runChild<T>(job: object, timeoutMs: number, echo?: (line: string) => void): Promise<T> {
  const r = await run(process.execPath, [CHILD, JSON.stringify(job)], { timeoutMs, logFile: path.join(OUT, `load-${STAMP}.log`), echo });
  const line = r.output
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .pop();
  if (r.code !== 0 || !line) throw new Error(`load generator failed (exit ${r.code}): ${r.output.slice(-500)}`);
  const parsed = JSON.parse(line) as T & { error?: string };
  if (parsed.error) throw new Error(`load generator: ${parsed.error}`);
  return parsed;
}

/** Closed loop: `connections` clients on one URL for `seconds` (autocannon). */
export function loadFixed(opts: { port: number; path: string; cookie: string; connections: number; seconds: number }): Promise<FixedResult> {
  return runChild<FixedResult>(
    { mode: "fixed", url: `http://127.0.0.1:${opts.port}${opts.path}`, headers: { cookie: opts.cookie, accept: "text/html" }, connections: opts.connections, seconds: opts.seconds },
    (opts.seconds + 60) * 1000,
  );
}

export interface ScenarioUser {
  name: string;
  cookie: string;
  thinkMs: [number, number];
  steps: ({ page: string; method?: string; path: string } | { page: string; save: { sessionId: string; positions: number } })[];
}

export function loadScenario(opts: { port: number; seconds: number; users: ScenarioUser[] }, echo?: (line: string) => void): Promise<ScenarioResult> {
  return runChild<ScenarioResult>({ mode: "scenario", ...opts }, (opts.seconds + 120) * 1000, echo);
}
