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
const { ENGINE, createTestDatabase } = await import("@/test/db");
const { clearReadCache, readCacheEnabled } = await import("@/lib/cache/server/read-cache");
const { coachDashboard, coachLearnerDetail } = await import("./coach");
const { planSummariesForCoach } = await import("./plans");

type Handle = Awaited<ReturnType<typeof createTestDatabase>>;
type Coach = { id: string; email: string; name: string; role: "coach"; timeZone: string };

let h: Handle;
let small: Coach;
let large: Coach;
let someLearner: string;
let tiers: string[];
/**
 * The read cache's versions statement as the query hook sees it: on Postgres it runs as a prepared
 * statement on the driver (queryRowsPrepared), which Drizzle's logger does not see; on PGlite it does.
 */
const versionsSeen = () => (readCacheEnabled() && h.kind !== "postgres" ? 1 : 0);

const DAY = 86_400_000;

/** A coach with n learners, each with two failed attempts (bars, miss categories), two practice sets and a plan. */
async function coachWith(n: number, tag: string, examId: string, questionIds: string[]): Promise<Coach> {
  const db = h.db;
  const [coach] = await db
    .insert(schema.users)
    .values({ email: `coach-${tag}@example.com`, name: `Coach ${tag}`, role: "coach", passwordHash: "x" })
    .returning();
  const [cohort] = await db.insert(schema.cohorts).values({ name: `Cohort ${tag}` }).returning();
  const learners = await db
    .insert(schema.users)
    .values(Array.from({ length: n }, (_, i) => ({ email: `l${i}-${tag}@example.com`, name: `Learner ${tag} ${String(i).padStart(2, "0")}`, passwordHash: "x" })))
    .returning();
  await db.insert(schema.coachAssignments).values(learners.map((l) => ({ learnerId: l.id, coachId: coach!.id })));
  await db.insert(schema.cohortMembers).values(learners.map((l) => ({ cohortId: cohort!.id, learnerId: l.id })));
  const now = Date.now();
  const attempts = await db
    .insert(schema.examAttempts)
    .values(
      learners.flatMap((l, i) => [
        { learnerId: l.id, examId, takenAt: new Date(now - 60 * DAY), outcome: "fail" as const, score: 600 + i },
        { learnerId: l.id, examId, takenAt: new Date(now - 20 * DAY), outcome: "fail" as const, score: 650 + i },
      ]),
    )
    .returning();
  const domains = ["identity-governance", "storage", "compute", "networking", "monitoring"];
  await db.insert(schema.attemptDomainReadings).values(attempts.flatMap((a) => domains.map((domain, d) => ({ attemptId: a.id, domain, bar: 40 + d * 10 }))));
  await db.insert(schema.attemptMissCategories).values(attempts.map((a) => ({ attemptId: a.id, category: "misread" })));
  const sessions = await db
    .insert(schema.practiceSessions)
    .values(
      learners.flatMap((l, i) =>
        [2, 1].map((ago) => ({
          learnerId: l.id,
          examId,
          mode: "timed-mixed" as const,
          size: 5,
          durationMinutes: 10,
          startedAt: new Date(now - ago * DAY),
          deadlineAt: new Date(now - ago * DAY + 10 * 60_000),
          submittedAt: new Date(now - ago * DAY + 5 * 60_000),
          status: "submitted" as const,
          correct: ago === 1 ? 3 : 1,
          answered: 5,
          learnerIndex: i,
        })).map(({ learnerIndex: _, ...s }) => s),
      ),
    )
    .returning();
  await db.insert(schema.practiceItems).values(
    sessions.flatMap((s) => questionIds.slice(0, 5).map((questionId, p) => ({ sessionId: s.id, position: p + 1, questionId, response: ["A"], correct: p < (s.correct ?? 0) }))),
  );
  const plans = await db
    .insert(schema.repairPlans)
    .values(learners.map((l) => ({ learnerId: l.id, coachId: coach!.id, examId, template: "broad-miss", status: "active" as const, startDate: "2026-11-01", lengthDays: 10, targetDate: "2026-11-20" })))
    .returning();
  await db.insert(schema.planTasks).values(
    plans.flatMap((p) => [1, 2, 3].map((day) => ({ planId: p.id, day, position: 1, phase: "rebuild" as const, title: `Day ${day}`, status: day === 1 ? ("accepted" as const) : ("todo" as const) }))),
  );
  someLearner = learners[0]!.id;
  return { id: coach!.id, email: coach!.email, name: coach!.name, role: "coach", timeZone: "UTC" };
}

/** The statements the coach dashboard page issues for its data (rows and plan summaries, as the page loads them). */
async function dashboardStatements(coach: Coach) {
  const seen: string[] = [];
  const stop = onQuery((q) => seen.push(q));
  try {
    const [rows, plans] = await Promise.all([coachDashboard(coach), planSummariesForCoach(coach)]);
    return { rows, plans, statements: seen.length };
  } finally {
    stop();
  }
}

beforeAll(async () => {
  h = await createTestDatabase();
  useDatabaseForTests(h);
  await seedReferenceData(h.db);
  const exam = await getExamByCode(h.db, "AZ-104");
  // Two core and three edge questions, so a swapped tier count shows.
  const core = await h.db.select({ id: schema.questions.id, tier: schema.questions.tier }).from(schema.questions).where(eq(schema.questions.tier, "core")).limit(2);
  const edge = await h.db.select({ id: schema.questions.id, tier: schema.questions.tier }).from(schema.questions).where(eq(schema.questions.tier, "edge")).limit(3);
  const questions = [...core, ...edge];
  tiers = questions.map((q) => q.tier);
  small = await coachWith(3, "s", exam.id, questions.map((q) => q.id));
  large = await coachWith(30, "l", exam.id, questions.map((q) => q.id));
});
afterAll(async () => h?.close());

describe(`coach dashboard statements (${ENGINE})`, () => {
  it("reads 30 learners in the same few statements as 3 (no query per learner)", async () => {
    await dashboardStatements(small); // reads the exam row once; pages then take it from the cache
    // Both cold (the plan summaries come from the read cache, lib/dal/plans.ts).
    clearReadCache(h.db);
    const few = await dashboardStatements(small);
    clearReadCache(h.db);
    const many = await dashboardStatements(large);
    expect(few.rows).toHaveLength(3);
    expect(many.rows).toHaveLength(30);
    // learners with cohorts, attempts (bars and categories inline), last sets, their items, the plans
    // whose end counts toward the recommended date, the submitted sets readiness reads; the coach's
    // learners, the cache's versions, plans, task counts.
    expect(many.statements).toBeLessThanOrEqual(9 + versionsSeen());
    expect(many.statements).toBe(few.statements);
  });

  it("still returns each learner's own retake picture, last practice and plan", async () => {
    const { rows, plans } = await dashboardStatements(large);
    const first = rows.find((r) => r.name === "Learner l 00")!;
    expect(first.overview.history).toHaveLength(2);
    expect(first.overview.latest?.score).toBe(650);
    expect(first.overview.history[1]!.readings.map((r) => r.bar)).toEqual([40, 50, 60, 70, 80]);
    expect(first.overview.history[1]!.misreadCategories).toEqual(["misread"]);
    expect(first.lastPractice).toMatchObject({ correct: 3, size: 5 });
    // The last set got positions 1–3 right: its misses are positions 4 and 5.
    expect(tiers).toEqual(["core", "core", "edge", "edge", "edge"]);
    expect(first.lastPractice).toMatchObject({ coreMisses: 0, edgeMisses: 2 });
    expect(first.cohort).toBe("Cohort l");
    expect(plans.get(first.id)).toMatchObject({ status: "active", done: 1, total: 3 });
    const last = rows.find((r) => r.name === "Learner l 29")!;
    expect(last.overview.latest?.score).toBe(679);
    // Each row carries readiness and the one recommended date, in the learner's zone.
    expect(first.readiness.state).toBe("not-enough-evidence");
    expect(first.recommended.status).toBe("waiting-for-readiness");
  });

  it("reads one learner's detail in a fixed number of statements, and in two from a warm cache", async () => {
    const count = async () => {
      const seen: string[] = [];
      const stop = onQuery((q) => seen.push(q));
      try {
        const detail = await coachLearnerDetail(large, someLearner);
        expect(detail.overview.history).toHaveLength(2);
        expect(detail.trend).toHaveLength(2);
        expect(detail.lastPractice).toMatchObject({ correct: 3, size: 5, coreMisses: 0, edgeMisses: 2 });
      } finally {
        stop();
      }
      return seen.length;
    };
    clearReadCache(h.db);
    const cold = await count();
    // assignment, the cache's versions, attempts, plans for the date, readiness sets, trend sets, trend rows, last set, its items (exam cached).
    expect(cold).toBeLessThanOrEqual(8 + versionsSeen());
    // Warm: the assignment (the ownership check, per request) and the cache's versions.
    expect(await count()).toBe(readCacheEnabled() ? 1 + versionsSeen() : cold);
  });
});
