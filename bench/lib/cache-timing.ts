// The read cache off against on, in-process: the part bench/dashboard-cache.ts, plan-cache.ts and
// figures-cache.ts share. The cache's functions are passed in, not imported here, because each
// script loads the app's modules its own way (server-only and React's server condition).
import { performance } from "node:perf_hooks";
import type { DbHandle } from "@/db/client";

export interface ReadCacheApi {
  clearReadCache(db: DbHandle["db"]): void;
  readCacheStats(): { hits: number; misses: number };
}

export type Case = [label: string, call: () => Promise<unknown>];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** The median of `runs` calls after three warm ones, with the cache on or off (READ_CACHE=0), and the hits and misses of the timed calls. */
export async function timeCall(api: ReadCacheApi, handle: DbHandle, cache: boolean, runs: number, call: () => Promise<unknown>) {
  if (cache) delete process.env.READ_CACHE;
  else process.env.READ_CACHE = "0";
  api.clearReadCache(handle.db);
  for (let i = 0; i < 3; i++) await call(); // warm: statements prepared, the exam row read, the entries stored
  const before = api.readCacheStats();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await call();
    ms.push(performance.now() - t);
  }
  const after = api.readCacheStats();
  delete process.env.READ_CACHE;
  return { median: median(ms), hits: after.hits - before.hits, misses: after.misses - before.misses };
}

/** Each case off, then on; prints one line per case and returns the lines. */
export async function compareOffOn(api: ReadCacheApi, handle: DbHandle, engine: string, cases: Case[], runs: number): Promise<string[]> {
  const width = Math.max(...cases.map(([label]) => label.length));
  const lines: string[] = [];
  for (const [label, call] of cases) {
    const off = await timeCall(api, handle, false, runs, call);
    const on = await timeCall(api, handle, true, runs, call);
    const line = `${engine.padEnd(8)} ${label.padEnd(width)} off ${off.median.toFixed(2).padStart(7)} ms   on ${on.median.toFixed(2).padStart(7)} ms   (${(off.median / on.median).toFixed(1)}×; on: ${on.hits} hits, ${on.misses} misses)`;
    console.log(line);
    lines.push(line);
  }
  return lines;
}
