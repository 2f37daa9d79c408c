import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Statements are observed through the database's query hook, which is only wired when the
// database is opened with DB_QUERY_LOG set.
process.env.DB_QUERY_LOG = "1";

vi.mock("@/auth", () => ({ auth: vi.fn() }));

const { onQuery, useDatabaseForTests } = await import("@/db/client");
const schema = await import("@/db/schema");
const { seedReferenceData } = await import("@/lib/reference/server/sync");
const { getExamByCode } = await import("@/lib/exam/server/exams");
const { DOMAIN_KEYS } = await import("@/lib/exam/az104");
const { weakDomains } = await import("@/lib/policy/advice");
const { ENGINE, createTestDatabase } = await import("@/test/db");
const { clearReadCache, readCacheEnabled } = await import("@/lib/cache/server/read-cache");
const { coachDashboard } = await import("./coach");
const { planSummariesForCoach } = await import("./plans");
const { coachDashboardPage, dashboardSearch, parseDashboardQuery, DASHBOARD_PAGE_SIZE } = await import("./coach-dashboard");

type Handle = Awaited<ReturnType<typeof createTestDatabase>>;
type Coach = import("./guard").Coach;
type Query = Parameters<typeof coachDashboardPage>[1];

let h: Handle;
let big: Coach;
let other: Coach;
let bigIds: Set<string>;
let otherIds: Set<string>;

const DAY = 86_400_000;
const HOUR = 3_600_000;
const NOW = new Date("2026-12-04T12:00:00Z");
const q = (over: Partial<Query> = {}): Query => ({ ...parseDashboardQuery({}), ...over });

/**
 * Histories that exercise every rule of the policy: none, a fresh first fail (24 h), a later fail
 * (14 days), five in a window (attempt limit), a window that ended (new window), a pass with and
 * without a known expiry, a no-show without bars, waits just ended and just not ended.
 */
function historyFor(i: number): { ago: number; outcome: "pass" | "fail" | "no-show"; score: number | null; expires?: Date | null }[] {
  const s = 450 + ((i * 37) % 240);
  switch (i % 10) {
    case 0:
      return [];
    case 1:
      return [{ ago: (i % 3) * 10 * HOUR, outcome: "fail", score: s }];
    case 2:
      return [{ ago: 40 * DAY, outcome: "fail", score: s - 30 }, { ago: ((i % 4) * 5 + 1) * DAY, outcome: "fail", score: s }];
    case 3:
      return [0, 1, 2, 3, 4].map((k) => ({ ago: (200 - k * 30) * DAY, outcome: "fail" as const, score: s - 10 * k }));
    case 4:
      return [{ ago: 500 * DAY, outcome: "fail", score: s }, { ago: (i % 5) * HOUR + 2 * HOUR, outcome: "fail", score: s + 5 }];
    case 5:
      return [{ ago: 60 * DAY, outcome: "fail", score: s }, { ago: 20 * DAY, outcome: "pass", score: 720 + (i % 50), expires: new Date(NOW.getTime() + (i % 7) * 30 * DAY) }];
    case 6:
      return [{ ago: 10 * DAY, outcome: "pass", score: 800, expires: null }];
    case 7:
      return [{ ago: 30 * DAY, outcome: "fail", score: s }, { ago: 3 * DAY, outcome: "no-show", score: null }];
    case 8:
      return [{ ago: 14 * DAY + 50 * DAY, outcome: "fail", score: s }, { ago: 14 * DAY, outcome: "fail", score: s + 1 }];
    default:
      return [{ ago: 24 * HOUR, outcome: "fail", score: null }];
  }
}

async function coachWith(n: number, tag: string, examId: string, questionIds: string[]): Promise<{ coach: Coach; ids: string[] }> {
  const db = h.db;
  const [coach] = await db.insert(schema.users).values({ email: `coach-${tag}@example.com`, name: `Coach ${tag}`, role: "coach", passwordHash: "x" }).returning();
  const [cohort] = await db.insert(schema.cohorts).values({ name: `Cohort ${tag}` }).returning();
  const learners = await db
    .insert(schema.users)
    .values(Array.from({ length: n }, (_, i) => ({ email: `${tag}${i}@example.com`, name: `Learner ${tag} ${String(i).padStart(3, "0")}`, passwordHash: "x" })))
    .returning();
  await db.insert(schema.coachAssignments).values(learners.map((l) => ({ learnerId: l.id, coachId: coach!.id })));
  await db.insert(schema.cohortMembers).values(learners.map((l) => ({ cohortId: cohort!.id, learnerId: l.id })));
  const attemptRows = learners.flatMap((l, i) =>
    historyFor(i).map((a) => ({ learnerId: l.id, examId, takenAt: new Date(NOW.getTime() - a.ago), outcome: a.outcome, score: a.score, certExpiresAt: a.expires ?? null })),
  );
  const attempts = attemptRows.length ? await db.insert(schema.examAttempts).values(attemptRows).returning() : [];
  // Bars vary per attempt: some absolutely weak, some only relatively weak, some none weak; no-shows have none.
  const readings = attempts.flatMap((a, k) =>
    a.outcome === "no-show" ? [] : DOMAIN_KEYS.map((domain, d) => ({ attemptId: a.id, domain, bar: 45 + ((k * 13 + d * 17) % 50) })),
  );
  if (readings.length) await db.insert(schema.attemptDomainReadings).values(readings);
  // Every third learner practised; every fourth has a plan, every eighth with evidence waiting, some a draft only.
  const practised = learners.filter((_, i) => i % 3 === 0);
  if (practised.length) {
    const sessions = await db
      .insert(schema.practiceSessions)
      .values(practised.map((l) => ({ learnerId: l.id, examId, mode: "timed-mixed" as const, size: 5, durationMinutes: 10, startedAt: new Date(NOW.getTime() - DAY), deadlineAt: new Date(NOW.getTime() - DAY + 600_000), submittedAt: new Date(NOW.getTime() - DAY + 300_000), status: "submitted" as const, correct: 2, answered: 5 })))
      .returning();
    await db.insert(schema.practiceItems).values(sessions.flatMap((s) => questionIds.slice(0, 5).map((questionId, p) => ({ sessionId: s.id, position: p + 1, questionId, response: ["A"], correct: p < 2 }))));
  }
  const planned = learners.filter((_, i) => i % 4 === 0 || i % 11 === 5);
  if (planned.length) {
    const plans = await db
      .insert(schema.repairPlans)
      .values(planned.map((l) => ({ learnerId: l.id, coachId: coach!.id, examId, template: "broad-miss", status: (learners.indexOf(l) % 4 === 0 ? "active" : "draft") as "active" | "draft", startDate: "2026-11-01", lengthDays: 10, targetDate: "2026-11-20" })))
      .returning();
    await db.insert(schema.planTasks).values(
      plans.flatMap((p, k) => [1, 2, 3].map((day) => ({ planId: p.id, day, position: 1, phase: "rebuild" as const, title: `Day ${day}`, status: day === 1 ? ("accepted" as const) : day === 2 && k % 2 === 0 ? ("submitted" as const) : ("todo" as const) }))),
    );
  }
  // As requireCoach hands it over (the guard's narrowing is a type; the test stands in for the guard).
  const verified = { id: coach!.id, email: coach!.email, name: coach!.name, role: "coach", timeZone: "UTC" } as unknown as Coach;
  return { coach: verified, ids: learners.map((l) => l.id) };
}

/** Every page of a query, walked with the page numbers the result reports. */
async function allPages(coach: Coach, query: Query) {
  const first = await coachDashboardPage(coach, { ...query, page: 1 }, NOW);
  const pages = [first];
  for (let p = 2; p <= first.pageCount; p++) pages.push(await coachDashboardPage(coach, { ...query, page: p }, NOW));
  return { first, rows: pages.flatMap((x) => x.rows) };
}

/** The reference: the whole list as the TypeScript policy and advice see it (the dashboard before paging). */
async function oracle(coach: Coach) {
  const [rows, plans] = await Promise.all([coachDashboard(coach, NOW), planSummariesForCoach(coach)]);
  return rows.map((r) => {
    const bars = [...r.overview.history].reverse().find((a) => a.readings.length)?.readings ?? [];
    return {
      id: r.id,
      name: r.name,
      score: r.overview.latest?.score ?? 9999,
      eligibleAt: r.overview.decision.allowed ? NOW : r.overview.decision.earliestAt,
      weak: r.overview.advice?.weakDomains ?? weakDomains(bars),
      plan: plans.get(r.id) ?? null,
    };
  });
}
const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

beforeAll(async () => {
  h = await createTestDatabase();
  useDatabaseForTests(h);
  await seedReferenceData(h.db);
  const exam = await getExamByCode(h.db, "AZ-104");
  const core = await h.db.select({ id: schema.questions.id }).from(schema.questions).where(eq(schema.questions.tier, "core")).limit(2);
  const edge = await h.db.select({ id: schema.questions.id }).from(schema.questions).where(eq(schema.questions.tier, "edge")).limit(3);
  const questions = [...core, ...edge].map((x) => x.id);
  const a = await coachWith(120, "a", exam.id, questions);
  const b = await coachWith(7, "b", exam.id, questions);
  big = a.coach;
  other = b.coach;
  bigIds = new Set(a.ids);
  otherIds = new Set(b.ids);
}, 120_000);
afterAll(async () => h?.close());

describe(`coach dashboard, paged in SQL (${ENGINE})`, () => {
  it("pages 50 at a time with exact bounds, and clamps a page past the end to the last", async () => {
    const p1 = await coachDashboardPage(big, q(), NOW);
    expect(p1).toMatchObject({ total: 120, assigned: 120, page: 1, pageCount: 3, from: 1, to: 50 });
    expect(p1.rows).toHaveLength(DASHBOARD_PAGE_SIZE);
    expect(p1.rows[0]!.name).toBe("Learner a 000");
    const p2 = await coachDashboardPage(big, q({ page: 2 }), NOW);
    expect(p2).toMatchObject({ from: 51, to: 100 });
    expect(p2.rows[0]!.name).toBe("Learner a 050");
    const p3 = await coachDashboardPage(big, q({ page: 3 }), NOW);
    expect(p3).toMatchObject({ from: 101, to: 120 });
    expect(p3.rows).toHaveLength(20);
    const past = await coachDashboardPage(big, q({ page: 9 }), NOW);
    expect(past).toMatchObject({ page: 3, from: 101, to: 120 });
    const { rows } = await allPages(big, q());
    expect(rows.map((r) => r.id).sort()).toEqual([...bigIds].sort());
  });

  it("never shows another coach's learners, whatever the search, filter or page", async () => {
    for (const query of [q(), q({ sort: "eligible" }), q({ sort: "score" }), q({ q: "Learner" }), q({ weak: "networking" }), q({ plan: "none" }), q({ within: 30 })]) {
      const { rows } = await allPages(big, query);
      expect(rows.every((r) => bigIds.has(r.id) && !otherIds.has(r.id))).toBe(true);
    }
    const searchOther = await coachDashboardPage(big, q({ q: "Learner b" }), NOW);
    expect(searchOther).toMatchObject({ total: 0, assigned: 120, rows: [], from: 0, to: 0 });
    const small = await coachDashboardPage(other, q(), NOW);
    expect(small.rows.map((r) => r.id).sort()).toEqual([...otherIds].sort());
    expect(small).toMatchObject({ total: 7, pageCount: 1, from: 1, to: 7 });
  });

  it("searches by name or email, with LIKE wildcards taken literally", async () => {
    const r = await coachDashboardPage(big, q({ q: "learner a 01" }), NOW);
    expect(r.rows.map((x) => x.name)).toEqual(Array.from({ length: 10 }, (_, i) => `Learner a 01${i}`));
    expect((await coachDashboardPage(big, q({ q: "a7@example" }), NOW)).rows.map((x) => x.name)).toEqual(["Learner a 007"]);
    expect((await coachDashboardPage(big, q({ q: "%" }), NOW)).total).toBe(0);
    expect((await coachDashboardPage(big, q({ q: "_" }), NOW)).total).toBe(0);
  });

  it("sorts by eligibility and filters by days until eligible exactly as the retake policy decides", async () => {
    const ref = (await oracle(big)).sort(byName);
    const eligible = [...ref].sort((a, b) => (a.eligibleAt?.getTime() ?? Infinity) - (b.eligibleAt?.getTime() ?? Infinity));
    const { rows } = await allPages(big, q({ sort: "eligible" }));
    expect(rows.map((r) => r.name)).toEqual(eligible.map((r) => r.name));
    expect(rows.map((r) => r.eligibleAt?.getTime() ?? null)).toEqual(eligible.map((r) => r.eligibleAt?.getTime() ?? null));
    // Several rules are in play, not only "allowed now".
    expect(new Set(rows.map((r) => r.overview.decision.blockedBy))).toEqual(new Set([null, "wait", "attempt-limit", "passed"]));
    for (const within of [0, 1, 14, 30, 200]) {
      const limit = NOW.getTime() + within * 86_400_000;
      const want = ref.filter((r) => r.eligibleAt !== null && r.eligibleAt.getTime() <= limit).map((r) => r.name);
      const got = await allPages(big, q({ within }));
      expect(got.rows.map((r) => r.name), `within ${within}`).toEqual(want);
      expect(got.first.total).toBe(want.length);
    }
  });

  it("sorts by lowest latest score, learners without a score last", async () => {
    const ref = (await oracle(big)).sort(byName).sort((a, b) => a.score - b.score);
    const { rows } = await allPages(big, q({ sort: "score" }));
    expect(rows.map((r) => r.name)).toEqual(ref.map((r) => r.name));
    expect(rows.at(-1)!.overview.latest?.score ?? null).toBeNull();
  });

  it("filters by weak domain and by repair plan as the advice and the plan summaries decide", async () => {
    const ref = (await oracle(big)).sort(byName);
    for (const weak of DOMAIN_KEYS) {
      const want = ref.filter((r) => r.weak.includes(weak)).map((r) => r.name);
      expect(want.length, `some but not all learners weak in ${weak}`).toBeGreaterThan(0);
      expect(want.length).toBeLessThan(ref.length);
      const { rows } = await allPages(big, q({ weak }));
      expect(rows.map((r) => r.name), weak).toEqual(want);
      expect(rows.every((r) => r.weak.includes(weak))).toBe(true);
    }
    const none = await allPages(big, q({ plan: "none" }));
    expect(none.rows.map((r) => r.name)).toEqual(ref.filter((r) => r.plan === null).map((r) => r.name));
    const waiting = await allPages(big, q({ plan: "waiting" }));
    expect(waiting.rows.map((r) => r.name)).toEqual(ref.filter((r) => (r.plan?.waiting ?? 0) > 0).map((r) => r.name));
    expect(waiting.rows.length).toBeGreaterThan(0);
    // Filters combine, and the sort applies within them.
    const combined = await allPages(big, q({ weak: "storage", plan: "none", sort: "score" }));
    const wantCombined = ref.filter((r) => r.weak.includes("storage") && r.plan === null).sort((a, b) => a.score - b.score);
    expect(combined.rows.map((r) => r.name)).toEqual(wantCombined.map((r) => r.name));
  });

  it("gives each row of the page what the whole-list dashboard gives it", async () => {
    const full = new Map((await coachDashboard(big, NOW)).map((r) => [r.id, r]));
    const plans = await planSummariesForCoach(big);
    const page = await coachDashboardPage(big, q({ page: 2 }), NOW);
    for (const r of page.rows) {
      const f = full.get(r.id)!;
      expect(r.cohort).toBe("Cohort a");
      expect(r.overview.decision).toEqual(f.overview.decision);
      expect(r.lastPractice).toEqual(f.lastPractice);
      expect(r.readiness).toEqual(f.readiness);
      expect(r.recommended).toEqual(f.recommended);
      expect(r.plan).toEqual(plans.get(r.id) ?? null);
    }
    expect(page.rows.some((r) => r.lastPractice !== null && r.plan !== null && r.plan.hasDraft === false)).toBe(true);
  });

  it("reads a page in the same few statements at 7 learners as at 120, cold and warm", async () => {
    const count = async (coach: Coach, query: Query) => {
      let n = 0;
      const stop = onQuery(() => n++);
      try {
        expect((await coachDashboardPage(coach, query, NOW)).rows.length).toBeGreaterThan(0);
      } finally {
        stop();
      }
      return n;
    };
    // The read cache's versions statement runs prepared on the Postgres driver, out of sight of
    // Drizzle's logger; on PGlite the hook sees it.
    const versions = readCacheEnabled() && h.kind !== "postgres" ? 1 : 0;
    await count(other, q());
    for (const query of [q(), q({ sort: "eligible", within: 60 }), q({ sort: "score", weak: "compute", plan: "none" })]) {
      // Cold: the page statement, the cache's versions, then for the rows that missed: attempts,
      // plans for the date, the row details, readiness's sets.
      clearReadCache(h.db);
      const few = await count(other, query);
      const many = await count(big, query);
      expect(many).toBe(few);
      expect(many).toBeLessThanOrEqual(5 + versions);
      // Warm: the page statement and the cache's versions, whatever the class size.
      const warm = readCacheEnabled() ? 1 + versions : few;
      expect(await count(other, query)).toBe(warm);
      expect(await count(big, query)).toBe(warm);
    }
  });

  it("reads the query from the URL and writes it back for paging links", () => {
    const parsed = parseDashboardQuery({ q: "  ama ", weak: "networking", within: "14", plan: "waiting", sort: "score", page: "3" });
    expect(parsed).toEqual({ q: "ama", weak: "networking", within: 14, plan: "waiting", sort: "score", page: 3 });
    expect(dashboardSearch(parsed, 2)).toBe("?q=ama&weak=networking&within=14&plan=waiting&sort=score&page=2");
    expect(parseDashboardQuery({ weak: "dns", within: "-1", plan: "x", sort: "drop table", page: "0" })).toEqual({ q: "", weak: null, within: null, plan: null, sort: "name", page: 1 });
    expect(dashboardSearch(parseDashboardQuery({}))).toBe("");
  });
});
