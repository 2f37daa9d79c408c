// Times the admin cohort page's queries (lib/analytics/server/queries.ts) read from the rollups against
// the same figures computed directly from raw rows, on databases made by bench/generate-scale.ts.
//
//   npx tsx bench/cohort-scale.ts --scale 0.01 --scale 1 [--runs 40] [--warmup 20] [--direct-runs 5]
//
// For every scale, cohort (all learners, and "Bench cohort 0001": 500 learners at every scale)
// and range (the page's default, the last 12 weeks; and the last 104 weeks) it checks that both
// ways give identical figures, then prints the median (and min–max) of several runs of each and
// their ratio. With two or more scales it also prints each rollup median relative to the
// smallest scale's; the rollup runs of the scales are interleaved so that load from other work
// on the machine hits them alike. Each run issues the page's five queries at once on a pool of
// 10, as the page does. The machine is shared: read medians, not single runs.
import { performance } from "node:perf_hooks";
import { isDeepStrictEqual } from "node:util";
import { ALL_LEARNERS_COHORT_ID } from "@/db/schema";
import { cohortFiguresDirect, cohortFiguresFromRollups, type FigureQuery } from "@/lib/analytics/server/queries";
import { canonicalFigures } from "@/lib/analytics/report";
import { queryRows } from "@/lib/analytics/server/sql";
import { addWeeks, resolveWeekRange, weekStartOf } from "@/lib/analytics/weeks";
import { sql } from "drizzle-orm";
import { dbNameFor, fmtMs, median, openBenchDb, option, parseScales } from "./cohort-common";

const argv = process.argv.slice(2);
const RUNS = option(argv, "--runs", 40);
const DIRECT_RUNS = option(argv, "--direct-runs", 5);
const WARMUP = option(argv, "--warmup", 20);

interface Result {
  scale: number;
  cohort: string;
  range: string;
  rollup: number[];
  direct: number[];
  equal: boolean;
}

interface Target {
  scale: number;
  db: ReturnType<typeof openBenchDb>;
  examId: string;
  cohortId: string;
}

/** Opens one scale's database and finds what the cases need. */
async function openScale(scale: number): Promise<Target> {
  const dbName = dbNameFor(scale);
  const db = openBenchDb(dbName);
  const [exam] = await queryRows<{ id: string }>(db.db, sql`select id from exams where code = 'AZ-104'`);
  const [cohort] = await queryRows<{ id: string }>(db.db, sql`select id from cohorts where name = 'Bench cohort 0001'`);
  const [sizes] = await queryRows<Record<string, number>>(
    db.db,
    sql`select (select count(*) from users)::int as learners, (select count(*) from exam_attempts)::int as attempts,
               (select count(*) from practice_items)::int as answers`,
  );
  if (!exam || !cohort) throw new Error(`${dbName} is not a generated bench database: run bench/generate-scale.ts --scale ${scale}`);
  console.log(`scale ${scale}: ${dbName} ${JSON.stringify(sizes)}`);
  return { scale, db, examId: exam.id, cohortId: cohort.id };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

function line(r: Result): string {
  const mr = median(r.rollup);
  const md = median(r.direct);
  return (
    `  ${String(r.scale).padEnd(5)} ${r.cohort.padEnd(14)} ${r.range.padEnd(15)} rollups ${fmtMs(mr).padStart(9)} (${fmtMs(Math.min(...r.rollup))}–${fmtMs(Math.max(...r.rollup))})` +
    `   direct ${fmtMs(md).padStart(9)} (${fmtMs(Math.min(...r.direct))}–${fmtMs(Math.max(...r.direct))})   ratio ${(md / mr).toFixed(1).padStart(6)}×   figures equal: ${r.equal ? "yes" : "NO"}`
  );
}

/**
 * Every case on every scale. The rollup runs of the scales are interleaved (scale A, scale B,
 * scale A, …) so that a burst of load from other work on the machine hits all scales alike;
 * the slow direct runs follow, scale by scale.
 */
async function benchAll(targets: Target[]): Promise<Result[]> {
  const now = new Date();
  const thisWeek = weekStartOf(now);
  const ranges = {
    "last 12 weeks": resolveWeekRange({}, now),
    "last 104 weeks": resolveWeekRange({ from: addWeeks(thisWeek, -103), to: thisWeek }, now),
  };
  const results: Result[] = [];
  for (const cohortLabel of ["all learners", "cohort of 500"] as const) {
    for (const [rangeLabel, range] of Object.entries(ranges)) {
      const q = (t: Target): FigureQuery => ({ examId: t.examId, cohortId: cohortLabel === "all learners" ? ALL_LEARNERS_COHORT_ID : t.cohortId, range, now });
      const rows = new Map<number, Result>();
      for (const t of targets) {
        const equal = isDeepStrictEqual(canonicalFigures(await cohortFiguresFromRollups(t.db.db, q(t))), canonicalFigures(await cohortFiguresDirect(t.db.db, q(t))));
        rows.set(t.scale, { scale: t.scale, cohort: cohortLabel, range: rangeLabel, rollup: [], direct: [], equal });
        // Warm-up: each pooled connection prepares the statements and, after five executions,
        // settles on Postgres's generic plan, the steady state of a long-running server.
        for (let i = 0; i < WARMUP; i++) await cohortFiguresFromRollups(t.db.db, q(t));
      }
      for (let i = 0; i < RUNS; i++) for (const t of targets) rows.get(t.scale)!.rollup.push(await timed(() => cohortFiguresFromRollups(t.db.db, q(t))));
      for (const t of targets) for (let i = 0; i < DIRECT_RUNS; i++) rows.get(t.scale)!.direct.push(await timed(() => cohortFiguresDirect(t.db.db, q(t))));
      for (const r of rows.values()) {
        results.push(r);
        console.log(line(r));
      }
    }
  }
  return results;
}

async function main() {
  const scales = parseScales(argv, [0.01, 1]).sort((a, b) => a - b);
  console.log(`cohort page queries: medians of ${RUNS} runs from the rollups, ${DIRECT_RUNS} runs computed directly from raw rows`);
  const targets: Target[] = [];
  try {
    for (const scale of scales) targets.push(await openScale(scale));
    console.log(`  scale cohort         range          from the rollups (min–max)              directly from raw rows (min–max)`);
    const all = await benchAll(targets);
    if (scales.length > 1) {
      const base = scales[0]!;
      console.log(`\nrollup medians relative to scale ${base} (target: within 20 %)`);
      for (const r of all.filter((x) => x.scale !== base)) {
        const b = all.find((x) => x.scale === base && x.cohort === r.cohort && x.range === r.range)!;
        const rel = median(r.rollup) / median(b.rollup);
        const relMin = Math.min(...r.rollup) / Math.min(...b.rollup);
        console.log(
          `  scale ${r.scale} ${r.cohort.padEnd(14)} ${r.range.padEnd(15)} median ${fmtMs(median(r.rollup)).padStart(9)} vs ${fmtMs(median(b.rollup)).padStart(9)} = ${(rel * 100).toFixed(0).padStart(3)} %` +
            `   fastest ${fmtMs(Math.min(...r.rollup)).padStart(9)} vs ${fmtMs(Math.min(...b.rollup)).padStart(9)} = ${(relMin * 100).toFixed(0).padStart(3)} %`,
        );
      }
    }
    const bad = all.filter((r) => !r.equal);
    if (bad.length) {
      console.error(`\nFigures differ between rollups and direct computation in ${bad.length} case(s).`);
      process.exitCode = 1;
    }
  } finally {
    for (const t of targets) await t.db.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
