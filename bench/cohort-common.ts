// Shared by bench/generate-scale.ts and bench/cohort-scale.ts: options, database names and
// connections for the cohort-analytics scale benchmark. Only 127.0.0.1:5432 (user postgres,
// trust auth) is contacted; the benchmark creates and drops its own databases only.
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Db } from "@/db/client";
import * as schema from "@/db/schema";

export const PG_SERVER = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** Full size: the figures. `--scale` multiplies them. */
export const FULL = { learners: 100_000, attempts: 1_000_000, practiceAnswers: 10_000_000 } as const;
/** Cohorts have a fixed size, so one cohort looks the same at every scale. */
export const COHORT_SIZE = 500;
export const SET_SIZE = 25;

export function dbNameFor(scale: number): string {
  return `rc_cohort_bench_${String(scale).replace(/[^0-9]/g, "_")}`;
}

export function urlFor(dbName: string): string {
  const url = new URL(PG_SERVER);
  url.pathname = `/${dbName}`;
  return url.toString();
}

export function parseScales(argv: string[], fallback: number[]): number[] {
  const scales: number[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--scale") {
      const v = Number(argv[++i]);
      if (!(v > 0 && v <= 1)) throw new Error(`--scale takes a number in (0, 1], got ${argv[i]}`);
      scales.push(v);
    }
  }
  return scales.length ? scales : fallback;
}

export function flag(argv: string[], name: string): boolean {
  return argv.includes(name);
}

export function option(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(argv[i + 1]);
  if (!Number.isFinite(v)) throw new Error(`${name} takes a number`);
  return v;
}

/** A drizzle handle on the bench database; `settings` are per-connection GUCs (work_mem…). */
export function openBenchDb(dbName: string, settings: Record<string, string> = {}, max = 10) {
  const client = postgres(urlFor(dbName), { max, onnotice: () => {}, connection: { TimeZone: "UTC", ...settings } });
  const db = drizzle(client, { schema }) as unknown as Db;
  return { db, client, close: () => client.end({ timeout: 5 }) };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}
