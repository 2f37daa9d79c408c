import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Writes, then reads, through the functions the server actions and the save route call: every
// write that changes what the coach dashboard, the score reports and the coach's learner page show
// must show at once, with the read cache warm (the triggers of migration 0014 bump the tags).

vi.mock("@/auth", () => ({ auth: vi.fn() }));
delete process.env.READ_CACHE; // this file is about the cache being on

const { useDatabaseForTests } = await import("@/db/client");
const schema = await import("@/db/schema");
const { seedReferenceData } = await import("@/lib/reference/server/sync");
const { getExamByCode } = await import("@/lib/exam/server/exams");
const { ENGINE, createTestDatabase } = await import("@/test/db");
const { queryRows } = await import("@/lib/analytics/server/sql");
const { readCacheStats } = await import("@/lib/cache/server/read-cache");
const { recordAttempt, updateAttempt, deleteAttempt } = await import("@/lib/attempts/server/attempts");
const { startPractice, saveAnswers, submitPractice } = await import("@/lib/practice/server/sessions");
const { createDraftPlan, assignPlan, addTask, submitEvidence, reviewTask } = await import("@/lib/plans/server/repair-plans");
const { createCohort, addMembersByEmail, updateCohort, assignCoach, setActive } = await import("@/lib/admin/server/users-and-cohorts");
const { updateProfile } = await import("@/lib/account/server/account");
const { mulberry32 } = await import("@/lib/practice/draw");
const { coachDashboardPage, parseDashboardQuery } = await import("./coach-dashboard");
const { coachLearnerDetail } = await import("./coach");
const { getMyAttempt, getMyRetakeOverview } = await import("./attempts");
const { getMyRetakePicture } = await import("./readiness");

type Handle = Awaited<ReturnType<typeof createTestDatabase>>;
type Coach = import("./guard").Coach;
type Learner = import("./guard").Learner;
type AttemptInput = import("@/lib/validation/attempt").AttemptInput;
type DomainKey = import("@/lib/exam/az104").DomainKey;

const DAY = 86_400_000;
const DOMAINS: DomainKey[] = ["identity-governance", "storage", "compute", "networking", "monitoring"];

let h: Handle;
let exam: import("@/db/schema").ExamRow;
let coachA: Coach;
let coachB: Coach;
let admin: { id: string };

function attemptInput(takenAt: Date, score: number, bars: number[], over: Partial<AttemptInput> = {}): AttemptInput {
  return {
    takenAt,
    outcome: "fail",
    score,
    readings: DOMAINS.map((domain, i) => ({ domain, bar: bars[i]! })),
    hardestDomains: [],
    slowItemTypes: [],
    misreadCategories: [],
    misreadNotes: "",
    notes: "",
    certExpiresAt: null,
    ...over,
  };
}

async function person(name: string, role: "learner" | "coach" | "admin") {
  const email = `${name.toLowerCase().replace(/\W+/g, "-")}@example.com`;
  const [u] = await h.db.insert(schema.users).values({ email, name, role, passwordHash: "x", timeZone: "UTC" }).returning();
  return u!;
}

/** A learner of coach A with one failed attempt 40 days ago (recorded as the action records it). */
async function learnerOfA(name: string) {
  const u = await person(name, "learner");
  await h.db.insert(schema.coachAssignments).values({ learnerId: u.id, coachId: coachA.id });
  const learner = { id: u.id, email: u.email, name: u.name, role: "learner", timeZone: "UTC" } as unknown as Learner;
  await recordAttempt(h.db, learner, exam, attemptInput(new Date(Date.now() - 40 * DAY), 600, [50, 60, 70, 80, 90]));
  return learner;
}

const asCoach = (u: { id: string; email: string; name: string }) => ({ id: u.id, email: u.email, name: u.name, role: "coach", timeZone: "UTC" }) as unknown as Coach;

async function rowsOf(coach: Coach) {
  return (await coachDashboardPage(coach, parseDashboardQuery({}))).rows;
}
async function rowOf(coach: Coach, learnerId: string) {
  return (await rowsOf(coach)).find((r) => r.id === learnerId);
}

/** Reads twice: the second read must be served by the cache (hits, no miss); returns its value. */
async function warm<T>(read: () => Promise<T>): Promise<T> {
  await read();
  const before = readCacheStats();
  const value = await read();
  const after = readCacheStats();
  expect(after.misses, "second read missed the cache").toBe(before.misses);
  expect(after.hits).toBeGreaterThan(before.hits);
  return value;
}

/** The digest Next gives a notFound() (or the message of any other error). */
async function refusal(f: () => Promise<unknown>): Promise<string> {
  try {
    await f();
    return "resolved";
  } catch (e) {
    return (e as { digest?: string }).digest ?? String(e);
  }
}

beforeAll(async () => {
  h = await createTestDatabase();
  useDatabaseForTests(h);
  await seedReferenceData(h.db);
  exam = await getExamByCode(h.db, "AZ-104");
  coachA = asCoach(await person("Coach A", "coach"));
  coachB = asCoach(await person("Coach B", "coach"));
  admin = await person("Admin", "admin");
  // A learner of coach B, so B's dashboard is not empty and never shows A's learners.
  const b = await person("Learner of B", "learner");
  await h.db.insert(schema.coachAssignments).values({ learnerId: b.id, coachId: coachB.id });
}, 120_000);
afterAll(async () => h?.close());

describe(`read cache: writes show on the coach dashboard and the score reports (${ENGINE})`, () => {
  it("an attempt recorded, edited and deleted", async () => {
    const l = await learnerOfA("Attempt Learner");
    const reads = () =>
      Promise.all([rowOf(coachA, l.id), getMyRetakeOverview(l), coachLearnerDetail(coachA, l.id), getMyRetakePicture(l)]);
    let [row, mine, detail, picture] = await warm(reads);
    expect(row!.overview.history).toHaveLength(1);
    expect(mine.overview.latest?.score).toBe(600);

    const id = await recordAttempt(h.db, l, exam, attemptInput(new Date(Date.now() - 2 * DAY), 650, [40, 55, 66, 77, 88]));
    [row, mine, detail, picture] = await reads();
    for (const o of [row!.overview, mine.overview, detail.overview, picture.overview]) {
      expect(o.history.map((a) => a.score)).toEqual([600, 650]);
      expect(o.latest).toMatchObject({ id, score: 650 });
    }
    expect(row!.bars.map((b) => b.bar)).toEqual([40, 55, 66, 77, 88]);
    expect(row!.weak).toContain("identity-governance");
    expect((await getMyAttempt(l, id)).readings.map((r) => r.bar)).toEqual([40, 55, 66, 77, 88]);

    await warm(reads);
    await warm(() => getMyAttempt(l, id));
    await updateAttempt(h.db, l, exam, id, attemptInput(new Date(Date.now() - 2 * DAY), 690, [70, 41, 66, 77, 88], { misreadCategories: ["misread"] }));
    [row, mine, detail, picture] = await reads();
    for (const o of [row!.overview, mine.overview, detail.overview, picture.overview]) expect(o.latest).toMatchObject({ id, score: 690 });
    expect(row!.bars.map((b) => b.bar)).toEqual([70, 41, 66, 77, 88]);
    expect(row!.weak).toContain("storage");
    expect(row!.weak).not.toContain("identity-governance");
    const edited = await getMyAttempt(l, id);
    expect(edited).toMatchObject({ score: 690, misreadCategories: ["misread"] });

    await warm(reads);
    await deleteAttempt(h.db, l, id);
    [row, mine, detail, picture] = await reads();
    for (const o of [row!.overview, mine.overview, detail.overview, picture.overview]) {
      expect(o.history.map((a) => a.score)).toEqual([600]);
      expect(o.latest?.score).toBe(600);
    }
    expect(row!.bars.map((b) => b.bar)).toEqual([50, 60, 70, 80, 90]);
    expect(await refusal(() => getMyAttempt(l, id))).toBe("NEXT_HTTP_ERROR_FALLBACK;404");
  });

  it("a practice set started, answered as the save route does, and submitted", async () => {
    const l = await learnerOfA("Practice Learner");
    const reads = () => Promise.all([rowOf(coachA, l.id), coachLearnerDetail(coachA, l.id), getMyRetakePicture(l)]);
    let [row, detail, picture] = await warm(reads);
    expect(row!.lastPractice).toBeNull();
    expect(detail.lastPractice).toBeNull();
    expect(detail.trend).toEqual([]);
    const setsBefore = picture.readiness.history.length;

    const sessionId = await startPractice(h.db, l.id, exam, { mode: "timed-mixed", size: 10, minutes: 20, focusDomains: [] }, mulberry32(5));
    // An open set shows nowhere yet.
    [row, detail] = await warm(reads);
    expect(row!.lastPractice).toBeNull();

    // Answer one single-choice item right, as the answers route saves it.
    const [single] = await queryRows<{ position: number; answer: string[] }>(
      h.db,
      sql`select i.position, q.answer from practice_items i join questions q on q.id = i.question_id
          where i.session_id = ${sessionId} and q.kind = 'single' order by i.position limit 1`,
    );
    expect(single, "the set has a single-choice item").toBeDefined();
    const saved = await saveAnswers(h.db, l.id, sessionId, [{ position: single!.position, response: single!.answer, flagged: false, seq: 1, timeMs: 5000 }]);
    expect(saved).toMatchObject({ ok: true, results: [{ applied: true }] });
    await submitPractice(h.db, l.id, sessionId);

    [row, detail, picture] = await reads();
    const [want] = await queryRows<{ correct: number; size: number; core: number; edge: number }>(
      h.db,
      sql`select s.correct, s.size,
            (count(*) filter (where q.tier = 'core' and i.correct is not true))::int as core,
            (count(*) filter (where q.tier = 'edge' and i.correct is not true))::int as edge
          from practice_sessions s join practice_items i on i.session_id = s.id join questions q on q.id = i.question_id
          where s.id = ${sessionId} group by s.id`,
    );
    expect(want!.correct).toBeGreaterThanOrEqual(1);
    const last = { sessionId, correct: want!.correct, size: want!.size, coreMisses: want!.core, edgeMisses: want!.edge };
    expect(row!.lastPractice).toMatchObject(last);
    expect(detail.lastPractice).toMatchObject(last);
    expect(detail.trend.map((t) => t.sessionId)).toEqual([sessionId]);
    expect(row!.readiness.history.length).toBe(setsBefore + 1);
    expect(picture.readiness.history.length).toBe(setsBefore + 1);
    expect(row!.readiness.history.at(-1)).toMatchObject({ id: sessionId });
  });

  it("a plan drafted, assigned, edited, its evidence submitted and reviewed: the plan cell", async () => {
    const l = await learnerOfA("Plan Learner");
    // A recent fail, so a plan is generated from it.
    await recordAttempt(h.db, l, exam, attemptInput(new Date(Date.now() - 2 * DAY), 560, [45, 50, 48, 70, 72]));
    const plan = async () => (await rowOf(coachA, l.id))!.plan;
    expect(await warm(plan)).toBeNull();

    const planId = await createDraftPlan(h.db, coachA, l.id, exam);
    const [{ n }] = await queryRows<{ n: number }>(h.db, sql`select count(*)::int as n from plan_tasks where plan_id = ${planId}`);
    expect(await plan()).toEqual({ planId, status: "draft", done: 0, total: n, pct: 0, waiting: 0, hasDraft: false });
    // Coach B never sees A's draft (B's dashboard does not even list the learner).
    expect(await rowOf(coachB, l.id)).toBeUndefined();

    await warm(plan);
    await assignPlan(h.db, coachA, planId);
    expect(await plan()).toMatchObject({ planId, status: "active", total: n, done: 0 });

    await warm(plan);
    await addTask(h.db, coachA, planId, { title: "Redo the storage lab", instructions: "", evidenceRequired: "A link", day: 1, domain: "storage", phase: "rebuild" });
    expect(await plan()).toMatchObject({ status: "active", total: n + 1, done: 0, waiting: 0 });

    const [task] = await h.db.select().from(schema.planTasks).where(eq(schema.planTasks.planId, planId)).orderBy(schema.planTasks.day, schema.planTasks.position).limit(1);
    await warm(plan);
    expect(await submitEvidence(h.db, l, task!.id, { text: "Done, notes attached", link: null })).toBe("submitted");
    expect(await plan()).toMatchObject({ total: n + 1, done: 0, waiting: 1 });

    await warm(plan);
    await reviewTask(h.db, coachA, task!.id, "accept", "Good");
    expect(await plan()).toEqual({ planId, status: "active", done: 1, total: n + 1, pct: Math.floor(100 / (n + 1)), waiting: 0, hasDraft: false });
  });

  it("cohort membership and its name, a coach change and a deactivation", async () => {
    const l = await learnerOfA("Member Learner");
    const [u] = await h.db.select().from(schema.users).where(eq(schema.users.id, l.id));
    expect((await warm(() => rowOf(coachA, l.id)))!.cohort).toBeNull();

    const cohortId = await createCohort(h.db, admin, "Spring cohort");
    await addMembersByEmail(h.db, admin, cohortId, [u!.email]);
    expect((await rowOf(coachA, l.id))!.cohort).toBe("Spring cohort");

    await warm(() => rowOf(coachA, l.id));
    await updateCohort(h.db, admin, cohortId, { name: "Spring cohort 2027" });
    expect((await rowOf(coachA, l.id))!.cohort).toBe("Spring cohort 2027");

    // Both dashboards warm, then the learner moves from A to B.
    await warm(() => rowsOf(coachA));
    const bBefore = await warm(() => rowsOf(coachB));
    expect(bBefore.some((r) => r.id === l.id)).toBe(false);
    await assignCoach(h.db, admin, coachB.id, [l.id]);
    expect(await rowOf(coachA, l.id)).toBeUndefined();
    const onB = await rowOf(coachB, l.id);
    expect(onB).toMatchObject({ id: l.id, name: "Member Learner", cohort: "Spring cohort 2027" });
    expect(onB!.overview.latest?.score).toBe(600);
    expect(await refusal(() => coachLearnerDetail(coachA, l.id))).toBe("NEXT_HTTP_ERROR_FALLBACK;404");
    expect((await coachLearnerDetail(coachB, l.id)).learner.id).toBe(l.id);

    await warm(() => rowsOf(coachB));
    await setActive(h.db, admin, l.id, false);
    expect(await rowOf(coachB, l.id)).toBeUndefined();
    expect((await coachDashboardPage(coachB, parseDashboardQuery({}))).assigned).toBe(bBefore.length);
  });

  it("a profile change: the row shows the new name and zone", async () => {
    const l = await learnerOfA("Profile Learner");
    expect(await warm(() => rowOf(coachA, l.id))).toMatchObject({ name: "Profile Learner", timeZone: "UTC" });
    await updateProfile(h.db, { id: l.id }, { name: "Profile Learner Renamed", timeZone: "Pacific/Auckland" });
    const row = await rowOf(coachA, l.id);
    expect(row).toMatchObject({ name: "Profile Learner Renamed", timeZone: "Pacific/Auckland" });
    // The recommended date is the learner's, in their new zone.
    expect(row!.recommended).toEqual((await getMyRetakePicture({ ...l, timeZone: "Pacific/Auckland" } as Learner)).recommended);
  });

  it("with a warm cache, another coach is refused a learner exactly as without it", async () => {
    const l = await learnerOfA("Private Learner");
    await warm(() => coachLearnerDetail(coachA, l.id));
    await warm(() => rowsOf(coachA));
    const warmRefusal = await refusal(() => coachLearnerDetail(coachB, l.id));
    expect(warmRefusal).toBe("NEXT_HTTP_ERROR_FALLBACK;404");
    process.env.READ_CACHE = "0";
    try {
      expect(await refusal(() => coachLearnerDetail(coachB, l.id))).toBe(warmRefusal);
    } finally {
      delete process.env.READ_CACHE;
    }
    expect((await rowsOf(coachB)).some((r) => r.id === l.id)).toBe(false);
    expect((await coachDashboardPage(coachB, parseDashboardQuery({ q: "Private" }))).total).toBe(0);
    // A's own view is still served (and from the cache).
    expect((await warm(() => coachLearnerDetail(coachA, l.id))).learner.id).toBe(l.id);
    const [assignment] = await h.db.select().from(schema.coachAssignments).where(and(eq(schema.coachAssignments.learnerId, l.id), eq(schema.coachAssignments.coachId, coachA.id)));
    expect(assignment).toBeDefined();
  });
});
