import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db, type DbHandle } from "@/db/client";
import { queryRows } from "@/lib/analytics/server/sql";
import { seedReferenceData } from "@/lib/reference/server/sync";
import { ENGINE, createTestDatabase } from "@/test/db";
import { cacheTags, cached, cachedMany, clearReadCache, readCacheStats, tagVersions } from "./read-cache";

let h: DbHandle;
let db: Db;
/** A second process's connection to the same database (Postgres only; PGlite is one process). */
let other: DbHandle | null = null;
let examId: string;

beforeAll(async () => {
  h = await createTestDatabase();
  db = h.db;
  await seedReferenceData(db);
  [{ id: examId }] = await queryRows<{ id: string }>(db, sql`select id from exams where code = 'AZ-104'`);
  if (h.kind === "postgres") other = await openDatabase({ url: h.url!, max: 2 });
}, 120_000);

afterAll(async () => {
  await other?.close();
  await h?.close();
});

afterEach(() => {
  delete process.env.READ_CACHE;
  clearReadCache(db);
});

async function version(tag: string, on: Db = db): Promise<number> {
  return Number((await tagVersions(on, [tag])).get(tag));
}

async function newLearner(name = "Learner"): Promise<string> {
  const [u] = await queryRows<{ id: string }>(
    db,
    sql`insert into users (email, name, password_hash) values (${`${crypto.randomUUID()}@example.com`}, ${name}, 'x') returning id`,
  );
  return u!.id;
}

async function newAttempt(learnerId: string, on: Db = db): Promise<string> {
  const [a] = await queryRows<{ id: string }>(
    on,
    sql`insert into exam_attempts (learner_id, exam_id, taken_at, outcome, score) values (${learnerId}, ${examId}, now(), 'fail', 600) returning id`,
  );
  return a!.id;
}

describe(`read-cache triggers (${ENGINE})`, () => {
  it("a learner's own rows bump that learner's tag, and no one else's", async () => {
    const a = await newLearner();
    const b = await newLearner();
    const tagA = cacheTags.learner(a);
    const v0 = await version(tagA);
    const vb0 = await version(cacheTags.learner(b));
    const attempt = await newAttempt(a);
    const v1 = await version(tagA);
    expect(v1).toBeGreaterThan(v0);
    await db.execute(sql`insert into attempt_domain_readings (attempt_id, domain, bar) values (${attempt}, 'identity-governance', 40)`);
    const v2 = await version(tagA);
    expect(v2).toBeGreaterThan(v1);
    await db.execute(sql`update users set time_zone = 'Europe/Paris' where id = ${a}`);
    const v3 = await version(tagA);
    expect(v3).toBeGreaterThan(v2);
    await db.execute(sql`delete from exam_attempts where id = ${attempt}`);
    expect(await version(tagA)).toBeGreaterThan(v3);
    expect(await version(cacheTags.learner(b))).toBe(vb0);
  });

  it("plan tasks bump the plan's learner; a cohort's rename bumps its members", async () => {
    const a = await newLearner();
    const [plan] = await queryRows<{ id: string }>(
      db,
      sql`insert into repair_plans (learner_id, exam_id, template, start_date, length_days, target_date)
          values (${a}, ${examId}, 'weak-domain-repair', '2026-12-01', 14, '2026-12-20') returning id`,
    );
    const v0 = await version(cacheTags.learner(a));
    await db.execute(sql`insert into plan_tasks (plan_id, day, position, phase, title) values (${plan!.id}, 1, 1, 'diagnose', 'Read the report')`);
    const v1 = await version(cacheTags.learner(a));
    expect(v1).toBeGreaterThan(v0);
    await db.execute(sql`update plan_tasks set status = 'submitted' where plan_id = ${plan!.id}`);
    const v2 = await version(cacheTags.learner(a));
    expect(v2).toBeGreaterThan(v1);

    const [cohort] = await queryRows<{ id: string }>(db, sql`insert into cohorts (name) values ('Winter') returning id`);
    await db.execute(sql`insert into cohort_members (cohort_id, learner_id) values (${cohort!.id}, ${a})`);
    const v3 = await version(cacheTags.learner(a));
    expect(v3).toBeGreaterThan(v2);
    await db.execute(sql`update cohorts set name = 'Winter 2026' where id = ${cohort!.id}`);
    expect(await version(cacheTags.learner(a))).toBeGreaterThan(v3);
  });

  it("shared tags are bumped once per transaction, at commit, and not at all on rollback", async () => {
    const f0 = await version(cacheTags.cohortFigures);
    const b0 = await version(cacheTags.bank);
    await db.transaction(async (tx) => {
      await tx.execute(sql`update questions set updated_at = now() where id in (select id from questions limit 5)`);
      await tx.execute(sql`update questions set updated_at = now() where id in (select id from questions limit 3)`);
    });
    expect(await version(cacheTags.bank)).toBe(b0 + 1);
    expect(await version(cacheTags.cohortFigures)).toBe(f0);

    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`update questions set updated_at = now() where id in (select id from questions limit 1)`);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await version(cacheTags.bank)).toBe(b0 + 1);

    const a = await newLearner(); // a user row changes what the cohort figures count
    expect(await version(cacheTags.cohortFigures)).toBe(f0 + 1);
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into learner_exam_stats (learner_id, exam_id, attempts) values (${a}, ${examId}, 1)`);
      await tx.execute(sql`update learner_exam_stats set attempts = 2 where learner_id = ${a}`);
    });
    expect(await version(cacheTags.cohortFigures)).toBe(f0 + 2);
  });
});

describe(`read-cache reads (${ENGINE})`, () => {
  it("serves a value while its tags are unchanged and reloads after any write to them", async () => {
    const a = await newLearner();
    let loads = 0;
    const read = () =>
      cached(db, `test:attempts:${a}`, [cacheTags.learner(a)], async () => {
        loads++;
        return (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from exam_attempts where learner_id = ${a}`))[0]!.n;
      });
    expect(await read()).toBe(0);
    expect(await read()).toBe(0);
    expect(loads).toBe(1);
    // Written through another connection (another process on Postgres): the next read is fresh.
    await newAttempt(a, other?.db ?? db);
    expect(await read()).toBe(1);
    expect(loads).toBe(2);
    expect(await read()).toBe(1);
    expect(loads).toBe(2);
  });

  it("a write committed while a value loads is never stored as fresh", async () => {
    const a = await newLearner();
    let loads = 0;
    const read = (during?: () => Promise<unknown>) =>
      cached(db, `test:race:${a}`, [cacheTags.learner(a)], async () => {
        loads++;
        const [r] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from exam_attempts where learner_id = ${a}`);
        if (during) await during(); // commits after this load read its data
        return r!.n;
      });
    expect(await read(() => newAttempt(a, other?.db ?? db))).toBe(0);
    expect(await read()).toBe(1);
    expect(loads).toBe(2);
  });

  it("many entries: one version read, one load for the misses, in order", async () => {
    const ids = [await newLearner("A"), await newLearner("B"), await newLearner("C")];
    const loaded: string[][] = [];
    const readAll = () =>
      cachedMany(
        db,
        ids.map((id) => ({ key: `test:name:${id}`, tags: [cacheTags.learner(id)], arg: id })),
        async (missing) => {
          loaded.push(missing);
          const rows = await queryRows<{ id: string; name: string }>(db, sql`select id, name from users where id = any(${`{${missing.join(",")}}`}::uuid[])`);
          return missing.map((id) => rows.find((r) => r.id === id)!.name);
        },
      );
    expect(await readAll()).toEqual(["A", "B", "C"]);
    await db.execute(sql`update users set name = 'Bee' where id = ${ids[1]}`);
    expect(await readAll()).toEqual(["A", "Bee", "C"]);
    expect(loaded).toEqual([ids, [ids[1]]]);
  });

  it("cached values are frozen, and READ_CACHE=0 loads every time", async () => {
    const a = await newLearner();
    const value = await cached(db, `test:frozen:${a}`, [cacheTags.learner(a)], async () => ({ list: [3, 1, 2], at: new Date(0) }));
    expect(() => value.list.sort()).toThrow(TypeError);
    expect(() => ((value as { extra?: number }).extra = 1)).toThrow(TypeError);

    process.env.READ_CACHE = "0";
    let loads = 0;
    const before = readCacheStats();
    for (let i = 0; i < 3; i++) await cached(db, `test:off:${a}`, [cacheTags.learner(a)], async () => ++loads);
    expect(loads).toBe(3);
    expect(readCacheStats()).toEqual(before);
  });
});
