// Reads auto_explain plans of one database from the local PostgreSQL server log and summarises
// them: the slowest statements with a plan each, the indexes the plans use, and sequential scans
// on tables that grow with use.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { ROLLUP_TABLES } from "@/lib/analytics/server/rollups";
import { psql } from "./server";

/** Tables whose row count grows with use (attempts, answers, plans, audit…): a Seq Scan on one is flagged. */
export const GROWING_TABLES = [
  "users",
  "exam_attempts",
  "attempt_domain_readings",
  "attempt_miss_categories",
  "practice_sessions",
  "practice_items",
  "repair_plans",
  "plan_tasks",
  "audit_log",
  "login_throttle",
  "cohort_members",
  "coach_assignments",
  "learner_exams",
  ...ROLLUP_TABLES,
];

/** The cluster's log file (`pg_lsclusters`), or null. */
export function postgresLogFile(): string | null {
  const r = spawnSync("pg_lsclusters", ["--no-header"], { encoding: "utf8" });
  for (const line of (r.stdout ?? "").split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f[2] === "5432" && f[6] && fs.existsSync(f[6])) return f[6];
  }
  return null;
}

/** auto_explain for every new connection to `db` (all statements, with actual times). */
export function enableAutoExplain(db: string, minDurationMs = 0) {
  for (const s of [
    `alter database ${db} set session_preload_libraries = 'auto_explain'`,
    `alter database ${db} set auto_explain.log_min_duration = ${minDurationMs}`,
    `alter database ${db} set auto_explain.log_analyze = on`,
    `alter database ${db} set auto_explain.log_buffers = off`,
    `alter database ${db} set auto_explain.log_format = 'text'`,
    `alter database ${db} set auto_explain.log_nested_statements = on`,
  ]) {
    const r = psql(s);
    if (r.status !== 0) throw new Error(`${s}: ${r.stderr}`);
  }
}

export function logSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

export function readLogSlice(file: string, from: number, to: number): string {
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.alloc(Math.max(0, to - from));
    fs.readSync(fd, buf, 0, buf.length, from);
    return buf.toString("utf8");
  } finally {
    fs.closeSync(fd);
  }
}

export interface PlanEntry {
  durationMs: number;
  query: string;
  plan: string;
}

export interface StatementSummary {
  query: string;
  count: number;
  meanMs: number;
  maxMs: number;
  totalMs: number;
  plan: string;
  indexes: string[];
  seqScans: string[];
  growingSeqScans: string[];
}

const ENTRY_START = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \S+ \[\d+\] (\S*)@(\S*) LOG:\s+duration: ([\d.]+) ms\s+plan:/;
const ANY_PREFIX = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/;

/** auto_explain entries of database `db` in a slice of the server log. */
export function parseAutoExplain(text: string, db: string): PlanEntry[] {
  const entries: PlanEntry[] = [];
  let cur: { durationMs: number; lines: string[] } | null = null;
  const flush = () => {
    if (!cur) return;
    // "Query Text: …" (possibly several lines), optionally "Query Parameters: …", then the plan,
    // whose first line is the top node with its "(cost=…)".
    const top = cur.lines.findIndex((l) => l.includes("(cost="));
    const head = (top < 0 ? cur.lines : cur.lines.slice(0, top)).filter((l) => !/^\s*Query Parameters:/.test(l));
    const query = head
      .join(" ")
      .replace(/^\s*Query Text:\s*/, "")
      .replace(/\s+/g, " ")
      // IN lists of different lengths are one statement shape: "$1, $2, …, $N" → "$1…$N".
      .replace(/\$(\d+)(?:, \$\d+)*, \$(\d+)/g, (_, a: string, b: string) => `$${a}…$${b}`)
      .trim();
    const plan = top < 0 ? "" : cur.lines.slice(top).join("\n");
    entries.push({ durationMs: cur.durationMs, query, plan: plan.replace(/^\t/gm, "  ").trimEnd() });
    cur = null;
  };
  for (const line of text.split("\n")) {
    const s = line.match(ENTRY_START);
    if (s) {
      flush();
      if (s[2] === db) cur = { durationMs: Number(s[3]), lines: [] };
      continue;
    }
    if (ANY_PREFIX.test(line)) {
      flush();
      continue;
    }
    if (cur) cur.lines.push(line);
  }
  flush();
  return entries;
}

export function summarise(entries: PlanEntry[]): StatementSummary[] {
  const byQuery = new Map<string, PlanEntry[]>();
  for (const e of entries) {
    if (/^(begin|commit|rollback|set |show |select 1\b)/i.test(e.query) || /\bpg_catalog\./.test(e.query)) continue;
    const list = byQuery.get(e.query) ?? [];
    list.push(e);
    byQuery.set(e.query, list);
  }
  const out: StatementSummary[] = [];
  for (const [query, list] of byQuery) {
    const slowest = list.reduce((a, b) => (b.durationMs > a.durationMs ? b : a));
    const total = list.reduce((s, e) => s + e.durationMs, 0);
    const indexes = new Set<string>();
    const seq = new Set<string>();
    for (const e of list) {
      for (const m of e.plan.matchAll(/(?:Index Scan|Index Only Scan)(?: Backward)? using (\S+) on (\S+)/g)) indexes.add(`${m[1]} (${m[2]})`);
      for (const m of e.plan.matchAll(/Bitmap Index Scan on (\S+)/g)) indexes.add(m[1]!);
      for (const m of e.plan.matchAll(/Seq Scan on (\S+)/g)) seq.add(m[1]!);
    }
    out.push({
      query,
      count: list.length,
      meanMs: total / list.length,
      maxMs: slowest.durationMs,
      totalMs: total,
      plan: slowest.plan,
      indexes: [...indexes],
      seqScans: [...seq],
      growingSeqScans: [...seq].filter((t) => GROWING_TABLES.includes(t)),
    });
  }
  return out.sort((a, b) => b.totalMs - a.totalMs);
}
