// Generates the cohort-analytics scale data set on the local Postgres, set-based (generate_series
// and hashes, no row-by-row inserts), then fills the analytics rollups with the same full
// recomputation the app uses (rebuildAnalyticsRollups).
//
//   npx tsx bench/generate-scale.ts --scale 0.01      # 1 000 learners, ~10 000 attempts, ~100 000 answers
//   npx tsx bench/generate-scale.ts --scale 1         # 100 000 learners, ~1 000 000 attempts, ~10 000 000 answers
//   npx tsx bench/generate-scale.ts --scale 1 --drop  # only drop that database
//
// The database is rc_cohort_bench_<scale> on 127.0.0.1:5432 (user postgres); it is dropped and
// recreated on every run and kept afterwards for bench/cohort-scale.ts (drop it with --drop).
// Shape: learners in cohorts of 500; each learner has 0–20 attempts (mean 10) spaced 20–69 days
// apart, the latest 1–150 days ago (about 55 % end in a pass, 7 % of the others are no-shows),
// five score-report bars per attempt that has a report (a per-learner, per-domain strength that
// improves with each attempt, plus noise), 0–3 recorded miss categories, and 0–8 practice sets
// of 25 questions (mean 4) submitted over the learner's history. Everything is deterministic
// (hashes of the row numbers), timed phase by phase.
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { migrateDatabase } from "@/db/migrate";
import { seedReferenceData } from "@/lib/reference/server/sync";
import { rebuildAnalyticsRollups } from "@/lib/analytics/server/rollups";
import { DOMAIN_KEYS, MISS_CATEGORIES } from "@/lib/exam/az104";
import { COHORT_SIZE, FULL, PG_SERVER, SET_SIZE, dbNameFor, flag, openBenchDb, parseScales, urlFor } from "./cohort-common";

const argv = process.argv.slice(2);

async function phase<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const result = await fn();
  console.log(`  ${label.padEnd(44)} ${((performance.now() - t0) / 1000).toFixed(1).padStart(7)} s`);
  return result;
}

async function generate(scale: number): Promise<void> {
  const dbName = dbNameFor(scale);
  const admin = postgres(PG_SERVER, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  if (flag(argv, "--drop")) {
    console.log(`dropped ${dbName}`);
    await admin.end();
    return;
  }
  await admin.unsafe(`create database ${dbName}`);
  await admin.end();

  const learners = Math.round(FULL.learners * scale);
  console.log(`\n== scale ${scale}: ${learners} learners into ${dbName}`);
  const started = performance.now();

  const app = openBenchDb(dbName);
  await phase("migrate + reference data (exam, bank)", async () => {
    await migrateDatabase({ db: app.db, kind: "postgres", url: urlFor(dbName), close: async () => {} });
    await seedReferenceData(app.db);
  });
  await app.close();

  // One session for the bulk load: foreign-key triggers off (session_replication_role), no fsync wait.
  const pg = postgres(urlFor(dbName), {
    max: 1,
    onnotice: () => {},
    connection: { TimeZone: "UTC", work_mem: "256MB", maintenance_work_mem: "512MB", synchronous_commit: "off", session_replication_role: "replica" },
  });
  const [{ id: examId }] = (await pg`select id from exams where code = 'AZ-104'`) as unknown as [{ id: string }];
  const categories = `array[${MISS_CATEGORIES.map((c) => `'${c.key}'`).join(",")}]::text[]`;
  const domains = DOMAIN_KEYS.map((d, i) => `(${i}, '${d}')`).join(",");

  await phase("users", () =>
    pg.unsafe(`
      insert into users (id, email, name, role, password_hash, time_zone)
      select md5('learner' || g)::uuid, 'bench-' || g || '@example.com', 'Bench Learner ' || g, 'learner', 'x', 'UTC'
      from generate_series(1, ${learners}) g`),
  );
  await phase("cohorts + members", async () => {
    const cohorts = Math.ceil(learners / COHORT_SIZE);
    await pg.unsafe(`
      insert into cohorts (id, name) select md5('cohort' || c)::uuid, 'Bench cohort ' || lpad(c::text, 4, '0') from generate_series(1, ${cohorts}) c`);
    await pg.unsafe(`
      insert into cohort_members (cohort_id, learner_id)
      select md5('cohort' || ((g - 1) / ${COHORT_SIZE} + 1))::uuid, md5('learner' || g)::uuid from generate_series(1, ${learners}) g`);
  });
  await phase("attempt plan (staging)", () =>
    pg.unsafe(`
      create unlogged table bench_plan as
      select g as n, md5('learner' || g)::uuid as learner_id,
             abs(hashtext('k' || g)::bigint) % 21 as k,
             20 + abs(hashtext('gap' || g)::bigint) % 50 as gap_days,
             now() - interval '1 day' - (abs(hashtext('last' || g)::bigint) % 150) * interval '1 day'
                   - (abs(hashtext('lh' || g)::bigint) % 86400) * interval '1 second' as last_at,
             abs(hashtext('pass' || g)::bigint) % 100 < 55 as passes
      from generate_series(1, ${learners}) g;
      create unlogged table bench_attempts as
      select n, i, learner_id, md5('attempt' || n || ':' || i)::uuid as id,
             last_at - ((k - i) * gap_days) * interval '1 day'
                     + case when i < k then (abs(hashtext('j' || n || ':' || i)::bigint) % 72) * interval '1 hour' else interval '0' end as taken_at,
             case when i = k and passes then 'pass' when abs(hashtext('ns' || n || ':' || i)::bigint) % 100 < 7 then 'no-show' else 'fail' end::attempt_outcome as outcome
      from bench_plan, generate_series(1, k) i;`),
  );
  await phase("exam_attempts", () =>
    pg.unsafe(`
      insert into exam_attempts (id, learner_id, exam_id, taken_at, outcome, score, cert_expires_at, created_at, updated_at)
      select id, learner_id, '${examId}', taken_at, outcome,
             case outcome when 'pass' then 700 + abs(hashtext('s' || id)::bigint) % 250 when 'fail' then 420 + abs(hashtext('s' || id)::bigint) % 280 end,
             case when outcome = 'pass' and abs(hashtext('cert' || id)::bigint) % 10 > 0 then taken_at + interval '365 days' end,
             taken_at, taken_at
      from bench_attempts`),
  );
  await phase("attempt_domain_readings (5 bars per report)", () =>
    pg.unsafe(`
      insert into attempt_domain_readings (attempt_id, domain, bar)
      select a.id, d.domain,
             least(100, greatest(0, 28 + abs(hashtext('b' || a.n || d.domain)::bigint) % 40 + 3 * a.i + abs(hashtext('bn' || a.id || d.domain)::bigint) % 15 - 7))
      from bench_attempts a cross join (values ${domains}) d(ix, domain)
      where a.outcome <> 'no-show'`),
  );
  await phase("attempt_miss_categories (0-3 per report)", () =>
    pg.unsafe(`
      insert into attempt_miss_categories (attempt_id, category)
      select a.id, (${categories})[1 + (abs(hashtext('cb' || a.id)::bigint) + j * 7) % ${MISS_CATEGORIES.length}]
      from bench_attempts a cross join lateral generate_series(1, abs(hashtext('c' || a.id)::bigint) % 4) j
      where a.outcome <> 'no-show'`),
  );
  await phase("learner_exams", () => pg.unsafe(`insert into learner_exams (learner_id, exam_id) select learner_id, '${examId}' from bench_plan`));

  await phase("practice_sessions (0-8 per learner)", () =>
    pg.unsafe(`
      create unlogged table bench_q as
      select (row_number() over (order by id)) - 1 as idx, id, tier, domain from questions where status = 'published';
      create unlogged table bench_sessions as
      select md5('session' || p.n || ':' || m)::uuid as id, p.n, p.learner_id,
             now() - interval '1 hour' - (abs(hashtext('sd' || p.n || ':' || m)::bigint) % (greatest(p.k, 1) * p.gap_days + 60)) * interval '1 day'
                   - (abs(hashtext('ss' || p.n || ':' || m)::bigint) % 86400) * interval '1 second' as submitted_at
      from bench_plan p cross join lateral generate_series(1, abs(hashtext('m' || p.n)::bigint) % 9) m;
      insert into practice_sessions (id, learner_id, exam_id, mode, size, duration_minutes, started_at, deadline_at, submitted_at, status, answered)
      select id, learner_id, '${examId}', 'timed-mixed', ${SET_SIZE}, ${SET_SIZE * 2}, submitted_at - interval '${SET_SIZE * 2} minutes',
             submitted_at, submitted_at, 'submitted', ${SET_SIZE}
      from bench_sessions;`),
  );
  const [{ q }] = (await pg`select count(*)::int as q from bench_q`) as unknown as [{ q: number }];
  await phase(`practice_items (${SET_SIZE} per set)`, () =>
    pg.unsafe(`
      insert into practice_items (session_id, position, question_id, response, seq, answered_at, time_ms, correct)
      select s.id, pos, q.id, '{a}', 1, s.submitted_at - interval '5 minutes', 60000,
             abs(hashtext(s.id::text || pos)::bigint) % 100 < 42 + abs(hashtext('skill' || s.n || q.domain)::bigint) % 38 + case when q.tier = 'core' then 8 else 0 end
      from bench_sessions s cross join generate_series(1, ${SET_SIZE}) pos
      join bench_q q on q.idx = (abs(hashtext('qo' || s.id)::bigint) + pos * 7) % ${q}`),
  );
  await phase("practice_sessions.correct", () =>
    pg.unsafe(`
      update practice_sessions s set correct = x.c
      from (select session_id, (count(*) filter (where correct))::int as c from practice_items group by session_id) x
      where x.session_id = s.id`),
  );
  await phase("drop staging, vacuum analyze", async () => {
    await pg.unsafe(`drop table bench_plan, bench_attempts, bench_sessions, bench_q`);
    await pg.unsafe(`vacuum analyze`);
  });
  await pg.end();

  const rollups = openBenchDb(dbName, { work_mem: "256MB", maintenance_work_mem: "512MB", synchronous_commit: "off" }, 1);
  await phase("rollups: rebuildAnalyticsRollups (full recompute)", () => rebuildAnalyticsRollups(rollups.db));
  await rollups.close();
  const pg2 = postgres(urlFor(dbName), { max: 1, onnotice: () => {} });
  await phase("vacuum analyze", () => pg2.unsafe(`vacuum analyze`));
  const counts = (await pg2.unsafe(`
    select (select count(*) from users)::int as users, (select count(*) from cohorts)::int as cohorts,
           (select count(*) from exam_attempts)::int as attempts, (select count(*) from attempt_domain_readings)::int as readings,
           (select count(*) from practice_sessions)::int as sets, (select count(*) from practice_items)::int as answers,
           (select count(*) from learner_report_weeks)::int as learner_report_rows, (select count(*) from cohort_practice_weeks)::int as cohort_practice_rows,
           (select count(*) from cohort_report_weeks)::int as cohort_report_rows,
           pg_size_pretty(pg_database_size(current_database())) as size`)) as unknown as Record<string, unknown>[];
  await pg2.end();
  console.log(`  rows: ${JSON.stringify(counts[0])}`);
  console.log(`  total ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function main() {
  for (const scale of parseScales(argv, [0.01])) await generate(scale);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
