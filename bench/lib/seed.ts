// Seeds a realistic programme for `npm run bench` and `npm run soak`, BEFORE the server starts
// (a PGlite directory can be open in one process only), then times the admin cohort page's
// queries directly on that database.
//
//   npx tsx bench/lib/seed.ts (--url postgres://… | --pglite <dir>) [--cohort-learners 300] [--coach-learners 300] [--open-sets 12] --out <file.json>
//
// On top of the demo programme (db/seed: admin, coach1 with 7 learners, coach2, learner1..14):
// - "Bench cohort": --cohort-learners learners made with set-based SQL (deterministic hashes, as
//   bench/generate-scale.ts does), each with 1–6 exam attempts 20–69 days apart (the latest 1–150
//   days ago), score-report bars, miss categories and 0–6 submitted 25-question practice sets;
// - the first 23 of them are coach1's (so coach1 coaches 30 learners) and can sign in
//   (password BENCH_PASSWORD);
// - the next --coach-learners bench learners (made beyond the cohort where it is too small, with
//   the same kind of history) are coached by bench-coach300@example.com (BENCH_PASSWORD): the
//   coach dashboard at 300 learners;
// - the analytics rollups are rebuilt with the app's own full recomputation;
// - learner1 and the first --open-sets coached bench learners each get an open 50-question set.
// Writes personas (emails, passwords, open set ids), the bench cohort id, row counts and the
// cohort-query timings as JSON.
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import { isDeepStrictEqual } from "node:util";
import { eq, sql } from "drizzle-orm";
import { openDatabase, type Db } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { ALL_LEARNERS_COHORT_ID, users } from "@/db/schema";
import { DEMO_PASSWORD, seedDemo } from "@/lib/demo/seed";
import { cohortFiguresDirect, cohortFiguresFromRollups, type FigureQuery } from "@/lib/analytics/server/queries";
import { canonicalFigures } from "@/lib/analytics/report";
import { rebuildAnalyticsRollups } from "@/lib/analytics/server/rollups";
import { queryRows } from "@/lib/analytics/server/sql";
import { resolveWeekRange } from "@/lib/analytics/weeks";
import { getExamByCode } from "@/lib/exam/server/exams";
import { hashPassword } from "@/lib/auth/password";
import { AZ104, DOMAIN_KEYS, MISS_CATEGORIES } from "@/lib/exam/az104";
import { startPractice } from "@/lib/practice/server/sessions";

export const BENCH_PASSWORD = "retake-bench-2026";
export const COACHED_EXTRA = 23;
export const COACH300_EMAIL = "bench-coach300@example.com";
const SET_SIZE = 25;

function parseArgs(argv: string[]) {
  const o = { url: "", pglite: "", cohortLearners: 300, coachLearners: 300, openSets: 12, out: "", runs: 20 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i] ?? "";
    if (a === "--url") o.url = v();
    else if (a === "--pglite") o.pglite = v();
    else if (a === "--cohort-learners") o.cohortLearners = Number(v());
    else if (a === "--coach-learners") o.coachLearners = Number(v());
    else if (a === "--open-sets") o.openSets = Number(v());
    else if (a === "--runs") o.runs = Number(v());
    else if (a === "--out") o.out = v();
    else throw new Error(`Unknown argument ${a}`);
  }
  if (!o.url === !o.pglite) throw new Error("Give exactly one of --url or --pglite");
  if (!o.out) throw new Error("--out <file.json> is required");
  if (!(o.cohortLearners >= COACHED_EXTRA)) throw new Error(`--cohort-learners must be at least ${COACHED_EXTRA}`);
  return o;
}

const exec = (db: Db, text: string) => db.execute(sql.raw(text));

/** Bench learners 1..n form the cohort; learners up to `total` (≥ n) exist with the same kind of history outside it. */
async function seedCohort(db: Db, examId: string, n: number, total: number, coachId: string, coach300Id: string, passwordHash: string) {
  const categories = `array[${MISS_CATEGORIES.map((c) => `'${c.key}'`).join(",")}]::text[]`;
  const domains = DOMAIN_KEYS.map((d, i) => `(${i}, '${d}')`).join(",");
  const [cohort] = await queryRows<{ id: string }>(db, sql`insert into cohorts (name) values ('Bench cohort') returning id`);
  const cohortId = cohort!.id;
  await exec(db, `
    insert into users (id, email, name, role, password_hash, time_zone)
    select md5('bench-learner' || g)::uuid, 'bench-cohort-' || g || '@example.com', 'Bench Learner ' || lpad(g::text, 3, '0'), 'learner',
           case when g <= ${COACHED_EXTRA} then '${passwordHash}' else 'x' end, 'UTC'
    from generate_series(1, ${total}) g`);
  await exec(db, `insert into cohort_members (cohort_id, learner_id) select '${cohortId}', md5('bench-learner' || g)::uuid from generate_series(1, ${n}) g`);
  await exec(db, `insert into coach_assignments (learner_id, coach_id) select md5('bench-learner' || g)::uuid, '${coachId}' from generate_series(1, ${COACHED_EXTRA}) g`);
  await exec(db, `insert into coach_assignments (learner_id, coach_id) select md5('bench-learner' || g)::uuid, '${coach300Id}' from generate_series(${COACHED_EXTRA + 1}, ${total}) g`);
  await exec(db, `insert into learner_exams (learner_id, exam_id) select md5('bench-learner' || g)::uuid, '${examId}' from generate_series(1, ${total}) g`);
  await exec(db, `
    create table bench_seed_attempts as
    select g as n, i, md5('bench-learner' || g)::uuid as learner_id, md5('bench-attempt' || g || ':' || i)::uuid as id,
           now() - interval '1 day' - (abs(hashtext('last' || g)::bigint) % 150) * interval '1 day'
                 - ((k - i) * gap) * interval '1 day' + case when i < k then (abs(hashtext('j' || g || ':' || i)::bigint) % 72) * interval '1 hour' else interval '0' end as taken_at,
           case when i = k and passes then 'pass' when abs(hashtext('ns' || g || ':' || i)::bigint) % 100 < 7 then 'no-show' else 'fail' end::attempt_outcome as outcome
    from (select g, 1 + abs(hashtext('k' || g)::bigint) % 6 as k, 20 + abs(hashtext('gap' || g)::bigint) % 50 as gap,
                 abs(hashtext('pass' || g)::bigint) % 100 < 45 as passes
          from generate_series(1, ${total}) g) p, generate_series(1, k) i`);
  await exec(db, `
    insert into exam_attempts (id, learner_id, exam_id, taken_at, outcome, score, cert_expires_at, created_at, updated_at)
    select id, learner_id, '${examId}', taken_at, outcome,
           case outcome when 'pass' then 700 + abs(hashtext('s' || id)::bigint) % 250 when 'fail' then 420 + abs(hashtext('s' || id)::bigint) % 280 end,
           case when outcome = 'pass' then taken_at + interval '365 days' end, taken_at, taken_at
    from bench_seed_attempts`);
  await exec(db, `
    insert into attempt_domain_readings (attempt_id, domain, bar)
    select a.id, d.domain, least(100, greatest(0, 28 + abs(hashtext('b' || a.n || d.domain)::bigint) % 40 + 3 * a.i + abs(hashtext('bn' || a.id || d.domain)::bigint) % 15 - 7))
    from bench_seed_attempts a cross join (values ${domains}) d(ix, domain) where a.outcome <> 'no-show'`);
  await exec(db, `
    insert into attempt_miss_categories (attempt_id, category)
    select distinct a.id, (${categories})[1 + (abs(hashtext('cb' || a.id)::bigint) + j * 7) % ${MISS_CATEGORIES.length}]
    from bench_seed_attempts a cross join lateral generate_series(1, abs(hashtext('c' || a.id)::bigint) % 4) j where a.outcome <> 'no-show'`);
  await exec(db, `create table bench_seed_q as select (row_number() over (order by id)) - 1 as idx, id, tier, domain from questions where status = 'published'`);
  await exec(db, `
    create table bench_seed_sessions as
    select md5('bench-session' || g || ':' || m)::uuid as id, g as n, md5('bench-learner' || g)::uuid as learner_id,
           now() - interval '1 hour' - (abs(hashtext('sd' || g || ':' || m)::bigint) % 200) * interval '1 day' as submitted_at
    from generate_series(1, ${total}) g cross join lateral generate_series(1, case when g <= ${COACHED_EXTRA} then 2 else 0 end + abs(hashtext('m' || g)::bigint) % 5) m`);
  await exec(db, `
    insert into practice_sessions (id, learner_id, exam_id, mode, size, duration_minutes, started_at, deadline_at, submitted_at, status, answered)
    select id, learner_id, '${examId}', 'timed-mixed', ${SET_SIZE}, ${SET_SIZE * 2}, submitted_at - interval '${SET_SIZE * 2} minutes', submitted_at, submitted_at, 'submitted', ${SET_SIZE}
    from bench_seed_sessions`);
  const [{ q }] = (await queryRows<{ q: number }>(db, sql`select count(*)::int as q from bench_seed_q`)) as [{ q: number }];
  await exec(db, `
    insert into practice_items (session_id, position, question_id, response, seq, answered_at, time_ms, correct)
    select s.id, pos, q.id, '{a}', 1, s.submitted_at - interval '5 minutes', 60000,
           abs(hashtext(s.id::text || pos)::bigint) % 100 < 42 + abs(hashtext('skill' || s.n || q.domain)::bigint) % 38
    from bench_seed_sessions s cross join generate_series(1, ${SET_SIZE}) pos
    join bench_seed_q q on q.idx = (abs(hashtext('qo' || s.id)::bigint) + pos * 7) % ${q}`);
  await exec(db, `
    update practice_sessions s set correct = x.c
    from (select session_id, (count(*) filter (where correct))::int as c from practice_items group by session_id) x where x.session_id = s.id`);
  await exec(db, `drop table bench_seed_attempts`);
  await exec(db, `drop table bench_seed_sessions`);
  await exec(db, `drop table bench_seed_q`);
  return cohortId;
}

async function timeCohortQueries(db: Db, examId: string, cohortId: string, runs: number) {
  const now = new Date();
  const range = resolveWeekRange({}, now);
  const out: { cohort: string; rollupMs: number; directMs: number; equal: boolean }[] = [];
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  for (const [label, id] of [
    ["all learners", ALL_LEARNERS_COHORT_ID],
    ["bench cohort", cohortId],
  ] as const) {
    const q: FigureQuery = { examId, cohortId: id, range, now };
    const equal = isDeepStrictEqual(canonicalFigures(await cohortFiguresFromRollups(db, q)), canonicalFigures(await cohortFiguresDirect(db, q)));
    for (let i = 0; i < 5; i++) await cohortFiguresFromRollups(db, q);
    const rollup: number[] = [];
    const direct: number[] = [];
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      await cohortFiguresFromRollups(db, q);
      rollup.push(performance.now() - t);
      if (i < Math.max(3, runs / 4)) {
        t = performance.now();
        await cohortFiguresDirect(db, q);
        direct.push(performance.now() - t);
      }
    }
    out.push({ cohort: label, rollupMs: median(rollup), directMs: median(direct), equal });
  }
  return out;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const t0 = performance.now();
  const handle = await openDatabase(o.url ? { url: o.url } : { pgliteDir: o.pglite });
  try {
    await migrateDatabase(handle);
    await seedDemo(handle.db);
    const db = handle.db;
    const exam = await getExamByCode(db, AZ104.code);
    const [coach] = await db.select({ id: users.id }).from(users).where(eq(users.email, "coach1@example.com"));
    const [learner1] = await db.select({ id: users.id }).from(users).where(eq(users.email, "learner1@example.com"));
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    const [coach300] = await db
      .insert(users)
      .values({ email: COACH300_EMAIL, name: "Bench Coach 300", role: "coach", passwordHash })
      .returning({ id: users.id });
    const total = Math.max(o.cohortLearners, COACHED_EXTRA + o.coachLearners);
    const cohortId = await seedCohort(db, exam.id, o.cohortLearners, total, coach!.id, coach300!.id, passwordHash);
    await rebuildAnalyticsRollups(db);
    const setOptions = { mode: "timed-mixed" as const, size: 50, minutes: 100, focusDomains: [] };
    const learnerSet = await startPractice(db, learner1!.id, exam, setOptions);
    const soakLearners: { email: string; password: string; sessionId: string }[] = [];
    for (let g = 1; g <= Math.min(o.openSets, COACHED_EXTRA); g++) {
      const email = `bench-cohort-${g}@example.com`;
      const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
      soakLearners.push({ email, password: BENCH_PASSWORD, sessionId: await startPractice(db, u!.id, exam, setOptions) });
    }
    await exec(db, "analyze");
    const seedMs = performance.now() - t0;
    const [counts] = await queryRows<Record<string, number>>(
      db,
      sql`select (select count(*) from users)::int as users, (select count(*) from coach_assignments where coach_id = ${coach!.id})::int as coach1_learners,
                 (select count(*) from coach_assignments where coach_id = ${coach300!.id})::int as coach300_learners,
                 (select count(*) from exam_attempts)::int as attempts, (select count(*) from practice_sessions)::int as practice_sets,
                 (select count(*) from practice_items)::int as practice_answers, (select count(*) from cohort_report_weeks)::int as cohort_report_rows`,
    );
    const cohortQueries = await timeCohortQueries(db, exam.id, cohortId, o.runs);
    const result = {
      engine: handle.kind,
      seedMs,
      counts,
      cohortId,
      cohortQueries,
      personas: {
        learner: { email: "learner1@example.com", password: DEMO_PASSWORD, sessionId: learnerSet },
        coach: { email: "coach1@example.com", password: DEMO_PASSWORD },
        coach2: { email: "coach2@example.com", password: DEMO_PASSWORD },
        coach300: { email: COACH300_EMAIL, password: BENCH_PASSWORD },
        admin: { email: "admin@example.com", password: DEMO_PASSWORD },
        soakLearners,
      },
    };
    fs.writeFileSync(o.out, JSON.stringify(result, null, 2));
    console.log(`[seed] ${handle.kind}: ${JSON.stringify(counts)} in ${(seedMs / 1000).toFixed(1)} s`);
  } finally {
    await handle.close();
  }
}

main().catch((err) => {
  console.error("[seed] failed:", err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
