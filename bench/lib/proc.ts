// Process plumbing shared by the bench scripts (run, soak, practice-saves, faults): a cleanup registry (every process,
// database and directory the benchmark creates is undone on success, failure, Ctrl-C and the
// hard timeout), process-group kills, child runs with a log file, and /proc sampling of the real
// next-server process. Only processes the benchmark started are ever signalled (by process group).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const ROOT = process.cwd();
export const OUT = path.join(ROOT, "bench", "out");
export const HOST = "127.0.0.1";
export const STAMP = `${new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14)}_${process.pid}`;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
export const tail = (text: string, lines = 30) => text.trimEnd().split("\n").slice(-lines).join("\n");

let logPrefix = "bench";
const t0 = Date.now();
export function setLogPrefix(p: string) {
  logPrefix = p;
}
let logger: ((msg: string) => void) | null = null;
/** A script with its own log line format routes the shared pieces' messages through it too. */
export function setLogger(fn: (msg: string) => void) {
  logger = fn;
}
export const log = (msg: string) =>
  logger ? logger(msg) : console.log(`[${logPrefix} ${new Date().toISOString().slice(11, 19)} +${((Date.now() - t0) / 1000).toFixed(0)}s] ${msg}`);

// ───────── cleanup ─────────

const undo: { name: string; fn: () => void }[] = [];
export function onCleanup(name: string, fn: () => void): () => void {
  const entry = { name, fn };
  undo.push(entry);
  return () => {
    const i = undo.indexOf(entry);
    if (i >= 0) {
      undo.splice(i, 1);
      try {
        fn();
      } catch (err) {
        console.error(`[${logPrefix}] cleanup "${name}" failed:`, err);
      }
    }
  };
}
export function cleanupAll() {
  while (undo.length) {
    const { name, fn } = undo.pop()!;
    try {
      fn();
    } catch (err) {
      console.error(`[${logPrefix}] cleanup "${name}" failed:`, err);
    }
  }
}
let installed = false;
/** Runs the registry on exit and on SIGINT/SIGTERM/SIGHUP (exit 130); installs once however often it is called. */
export function installCleanupHandlers() {
  if (installed) return;
  installed = true;
  process.on("exit", cleanupAll);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(sig, () => {
      console.error(`\n[${logPrefix}] ${sig}: cleaning up`);
      cleanupAll();
      process.exit(130);
    });
  }
}

// ───────── /proc ─────────

export const CLK_TCK = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

export interface ProcInfo {
  pid: number;
  state: string;
  ppid: number;
  pgrp: number;
  comm: string;
  ticks: number;
}

export function listProcs(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      const f = stat.slice(close + 2).split(" ");
      out.push({ pid: Number(name), state: f[0]!, ppid: Number(f[1]), pgrp: Number(f[2]), comm, ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

export function statusKb(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return "";
  }
}

/** The real server in a process group: the member with the largest RSS (npx → next → next-server). */
export function serverProcess(groupPid: number): { pid: number; name: string } | null {
  let best: { pid: number; name: string; rss: number } | null = null;
  for (const p of listProcs().filter((x) => x.pgrp === groupPid)) {
    const rss = statusKb(p.pid, "VmRSS");
    if (!best || rss > best.rss) best = { pid: p.pid, name: cmdline(p.pid) || p.comm, rss };
  }
  return best && { pid: best.pid, name: best.name };
}

/** Busy ticks of the whole machine (all CPUs) from /proc/stat. */
export function machineBusyTicks(): number {
  const f = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  return f[0]! + f[1]! + f[2]! + f[5]! + f[6]! + f[7]!;
}

/** CPU ticks (user + system) of the processes that pass the filter. */
export function cpuTicks(filter: (p: ProcInfo) => boolean): number {
  return listProcs()
    .filter(filter)
    .reduce((s, p) => s + p.ticks, 0);
}

export function groupTicks(pgrp: number): number {
  return cpuTicks((p) => p.pgrp === pgrp);
}

/** Kills a detached child's whole process group: TERM, then KILL after a grace period. */
export function killGroupSync(pid: number, graceMs = 8000) {
  // A member that has exited but is not yet reaped (a zombie) no longer counts.
  const alive = () => listProcs().some((p) => p.pgrp === pid && p.state !== "Z");
  if (!alive()) return;
  try {
    process.kill(-pid, "SIGTERM");
  } catch {
    // gone
  }
  const until = Date.now() + graceMs;
  while (alive() && Date.now() < until) spawnSync("sleep", ["0.1"]);
  if (alive()) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // gone
    }
    const hard = Date.now() + 3000;
    while (alive() && Date.now() < hard) spawnSync("sleep", ["0.1"]);
  }
}

export interface RunResult {
  code: number | null;
  output: string;
}

/**
 * Runs a command in its own process group, output to a log file, killed after timeoutMs. Without
 * echo the command writes straight into the log file, so a process it leaves running outside its
 * group (a postmaster started by `pg_ctl restart`) holds no pipe of ours; with echo the output
 * passes through here, line by line, on its way to the file.
 */
export function run(
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; timeoutMs: number; logFile: string; echo?: (line: string) => void },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const echo = opts.echo;
    const fd = echo ? null : fs.openSync(opts.logFile, "w");
    const out = echo ? fs.createWriteStream(opts.logFile) : null;
    const child = spawn(cmd, args, { cwd: ROOT, env: opts.env ?? process.env, detached: true, stdio: ["ignore", fd ?? "pipe", fd ?? "pipe"] });
    if (fd !== null) fs.closeSync(fd);
    let buf = "";
    const chunks: string[] = [];
    const onData = (d: Buffer) => {
      const s = d.toString("utf8");
      chunks.push(s);
      out!.write(s);
      buf += s;
      const lines = buf.split("\n");
      buf = lines.pop()!;
      for (const l of lines) echo!(l);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    const release = onCleanup(`${cmd} ${args.slice(0, 3).join(" ")}`, () => child.pid && killGroupSync(child.pid, 2000));
    const timer = setTimeout(() => {
      console.error(`[${logPrefix}] ${cmd} ${args.join(" ")} exceeded ${opts.timeoutMs} ms: killing it`);
      release();
    }, opts.timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      release();
      out?.end();
      reject(err);
    });
    // The command itself has ended: whatever it left running in its group goes too.
    child.on("exit", () => {
      clearTimeout(timer);
      release();
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      release();
      if (out) {
        out.end();
        resolve({ code, output: chunks.join("") });
      } else {
        resolve({ code, output: fs.readFileSync(opts.logFile, "utf8") });
      }
    });
  });
}
