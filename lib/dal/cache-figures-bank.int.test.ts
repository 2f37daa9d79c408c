/**
 * The cohort figures, the admin lists and the question bank are served from the read cache
 * (lib/cache/server/read-cache.ts). For every write that changes what they show, made through
 * the same service function its Server Action calls: warm the view, check that a second read is
 * a hit, write, read again and check the new content. The data layer's refusals are unchanged
 * with a warm cache, and "waiting" follows the instant although the figures are cached per day.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const mocks = vi.hoisted(() => {
  process.env.AUTH_SECRET ??= "cache-figures-bank-test-secret-0123456789abcdef";
  return { session: vi.fn() };
});
vi.mock("@/auth", () => ({ auth: mocks.session }));

const { useDatabaseForTests } = await import("@/db/client");
const { users, questions } = await import("@/db/schema");
const { createTestDatabase, ENGINE } = await import("@/test/db");
const { buildWorld, sessionFor, WORLD_PASSWORD } = await import("@/test/world");
const { readCacheStats, clearReadCache } = await import("@/lib/cache/server/read-cache");
const { getExamByCode } = await import("@/lib/exam/server/exams");
const { AZ104, DOMAIN_KEYS, MISS_CATEGORIES } = await import("@/lib/exam/az104");
const { recordAttempt, updateAttempt, deleteAttempt } = await import("@/lib/attempts/server/attempts");
const { submitPractice } = await import("@/lib/practice/server/sessions");
const { addMembersByEmail, removeMember, updateCohort, changeRole, setActive } = await import("@/lib/admin/server/users-and-cohorts");
const { deleteLearnerAccount } = await import("@/lib/account/server/account");
const { createQuestion, updateQuestion, setQuestionStatus, importQuestions, rowToQuestion } = await import("@/lib/questions/server/bank");
const { copyVariationToBank } = await import("@/lib/variations/server/variations");
const { cohortFiguresFromRollups } = await import("@/lib/analytics/server/queries");
const { resolveWeekRange } = await import("@/lib/analytics/weeks");
const { requireAdmin, requireBankEditor } = await import("./guard");
const { ALL_LEARNERS_COHORT_ID, cohortAnalytics, cohortComparison } = await import("./analytics");
const { bankEntry, bankExport, bankQuestion, bankQuestions } = await import("./bank");
const { adminCohorts, adminUsers, programmeOverview } = await import("./admin");
const csvRoute = await import("@/app/admin/analytics/export.csv/route");
const bankExportRoute = await import("@/app/bank/export.json/route");

type Handle = Awaited<ReturnType<typeof createTestDatabase>>;
type World = Awaited<ReturnType<typeof buildWorld>>;
type Exam = Awaited<ReturnType<typeof getExamByCode>>;
type AttemptInput = Parameters<typeof recordAttempt>[3];

let h: Handle;
let world: World;
let exam: Exam;
let admin: Awaited<ReturnType<typeof requireAdmin>>;
let editor: Awaited<ReturnType<typeof requireBankEditor>>;

const HOUR = 3_600_000;

beforeAll(async () => {
  h = await createTestDatabase();
  useDatabaseForTests(h);
  world = await buildWorld(h.db);
  exam = await getExamByCode(h.db, AZ104.code);
  mocks.session.mockResolvedValue(sessionFor(world, "admin"));
  admin = await requireAdmin();
  mocks.session.mockResolvedValue(sessionFor(world, "coach"));
  editor = await requireBankEditor();
});

afterAll(async () => {
  await h?.close();
});

/** Reads twice; the second read must be served from the cache (hits only, no load). */
async function warm<T>(read: () => Promise<T>): Promise<T> {
  await read();
  const before = readCacheStats();
  const value = await read();
  const after = readCacheStats();
  expect(after.hits).toBeGreaterThan(before.hits);
  expect(after.misses).toBe(before.misses);
  return value;
}

/** A read after a write: it must have loaded again (a miss), not served the old entry. */
async function fresh<T>(read: () => Promise<T>): Promise<T> {
  const before = readCacheStats();
  const value = await read();
  expect(readCacheStats().misses).toBeGreaterThan(before.misses);
  return value;
}

/** The same read with the cache off: what the page showed before the cache. */
async function uncached<T>(read: () => Promise<T>): Promise<T> {
  process.env.READ_CACHE = "0";
  try {
    return await read();
  } finally {
    delete process.env.READ_CACHE;
  }
}

const cohortView = (cohort: string = world.owner.cohortId) => cohortAnalytics(admin, { cohort });
const allView = () => cohortAnalytics(admin, {});
const bar0 = (r: Awaited<ReturnType<typeof cohortView>>) => r.view.report.domains.find((d) => d.domain === DOMAIN_KEYS[0])!.averageBar;
const practiceTotal = (r: Awaited<ReturnType<typeof cohortView>>) => r.view.report.domains.reduce((n, d) => n + d.practiceTotal, 0);
const owner = () => ({ id: world.users.owner.id, timeZone: "UTC" });

function attemptInput(over: Partial<AttemptInput>): AttemptInput {
  return {
    takenAt: new Date(Date.now() - HOUR),
    outcome: "pass",
    score: 820,
    readings: [],
    hardestDomains: [],
    slowItemTypes: [],
    misreadCategories: [],
    misreadNotes: "",
    notes: "",
    certExpiresAt: null,
    ...over,
  } as AttemptInput;
}

describe(`cohort figures from the read cache (${ENGINE})`, () => {
  it("serves a warm read from the cache and agrees with the uncached page", async () => {
    const cachedView = await warm(cohortView);
    expect(cachedView).toEqual(await uncached(cohortView));
    expect(cachedView.view.cohort.id).toBe(world.owner.cohortId);
    expect(cachedView.view.report.learners.members).toBe(2);
    // Cached values are frozen; the page's values built per request (the report) are not.
    expect(Object.isFrozen(cachedView.options)).toBe(true);
    expect(Object.isFrozen(cachedView.view.report)).toBe(false);
  });

  let attemptId = "";
  it("an attempt recorded, edited and deleted changes the figures at once", async () => {
    const before = await warm(cohortView);
    const all = await warm(allView);
    // The owner's latest report (40 days ago) and the deactivated member's: 50 and 45.
    expect(bar0(before)).toBe(47.5);

    attemptId = await recordAttempt(h.db, owner(), exam, attemptInput({}));
    const recorded = await fresh(cohortView);
    expect(recorded.view.report.learners.passed).toBe(before.view.report.learners.passed + 1);
    expect(recorded.view.report.attempts.passes).toBe(before.view.report.attempts.passes + 1);
    expect(recorded.view.report.attempts.total).toBe(before.view.report.attempts.total + 1);
    expect((await fresh(allView)).view.report.attempts.total).toBe(all.view.report.attempts.total + 1);

    await warm(cohortView);
    await updateAttempt(h.db, owner(), exam, attemptId, attemptInput({ outcome: "fail", score: 650, readings: DOMAIN_KEYS.map((domain) => ({ domain, bar: 10 })) }));
    const edited = await fresh(cohortView);
    expect(edited.view.report.learners.passed).toBe(before.view.report.learners.passed);
    expect(edited.view.report.attempts.fails).toBe(before.view.report.attempts.fails + 1);
    // The owner's latest report is now the edited attempt's: (45 + 10) / 2.
    expect(bar0(edited)).toBe(27.5);

    await warm(cohortView);
    await deleteAttempt(h.db, owner(), attemptId);
    const deleted = await fresh(cohortView);
    expect(deleted.view.report.attempts.total).toBe(before.view.report.attempts.total);
    expect(bar0(deleted)).toBe(47.5);
    expect(deleted).toEqual(await uncached(cohortView));
  });

  it("a submitted practice set adds its items to the practice figures", async () => {
    const before = await warm(cohortView);
    const all = await warm(allView);
    await submitPractice(h.db, world.users.owner.id, world.owner.practiceSessionId);
    const after = await fresh(cohortView);
    // Three questions, none answered: three more items, all misses.
    expect(practiceTotal(after)).toBe(practiceTotal(before) + 3);
    expect(after.view.report.tiers.core.misses + after.view.report.tiers.edge.misses).toBe(
      before.view.report.tiers.core.misses + before.view.report.tiers.edge.misses + 3,
    );
    expect(practiceTotal(await fresh(allView))).toBe(practiceTotal(all) + 3);
  });

  it("a question re-classified in the bank moves its practice to the new category", async () => {
    const before = await warm(cohortView);
    const [row] = await h.db.select().from(questions).where(eq(questions.id, world.practiceQuestionIds[0]!));
    // A category of the same domain that the cohort's report does not show yet.
    const category = MISS_CATEGORIES.find((c) => c.domain === row!.domain && !before.view.report.categories.some((r) => r.category === c.key))!.key;
    await updateQuestion(h.db, editor.id, exam.id, { ...rowToQuestion(row!), category });
    const after = await fresh(cohortView);
    const moved = after.view.report.categories.find((c) => c.category === category);
    expect(moved?.practiceTotal).toBeGreaterThan(0);
    expect(after).toEqual(await uncached(cohortView));
  });

  it("a member added and removed changes the cohort's figures and the cohort lists", async () => {
    const before = await warm(cohortView);
    const list = await warm(() => adminCohorts(admin));
    const overview = await warm(() => programmeOverview(admin));
    const count = (rows: readonly { id: string; learners: number }[]) => rows.find((c) => c.id === world.owner.cohortId)!.learners;
    expect(count(list)).toBe(2);

    const results = await addMembersByEmail(h.db, admin, world.owner.cohortId, [world.users.otherLearner.email]);
    expect(results).toEqual([{ email: world.users.otherLearner.email, result: "added" }]);
    const added = await fresh(cohortView);
    expect(added.view.report.learners.members).toBe(before.view.report.learners.members + 1);
    // The other learner's attempt (30 days ago, first bar 45) joins the cohort's reports.
    expect(added.view.report.domains[0]!.learnersWithReport).toBe(before.view.report.domains[0]!.learnersWithReport + 1);
    expect(count(await fresh(() => adminCohorts(admin)))).toBe(3);
    expect(count((await fresh(() => programmeOverview(admin))).cohorts)).toBe(count(overview.cohorts) + 1);

    await warm(cohortView);
    await warm(() => adminCohorts(admin));
    await removeMember(h.db, admin, world.owner.cohortId, world.users.otherLearner.id);
    expect((await fresh(cohortView)).view.report.learners.members).toBe(before.view.report.learners.members);
    expect(count(await fresh(() => adminCohorts(admin)))).toBe(2);
  });

  it("a cohort renamed and archived shows in the options, the view and the lists", async () => {
    await warm(cohortView);
    await warm(() => adminCohorts(admin));
    await warm(() => cohortComparison(admin, { a: world.owner.cohortId }));
    await updateCohort(h.db, admin, world.owner.cohortId, { name: "Cachefig renamed" });
    const renamed = await fresh(cohortView);
    expect(renamed.view.cohort.name).toBe("Cachefig renamed");
    expect(renamed.options.find((o) => o.id === world.owner.cohortId)!.name).toBe("Cachefig renamed");
    expect((await fresh(() => adminCohorts(admin))).find((c) => c.id === world.owner.cohortId)!.name).toBe("Cachefig renamed");
    expect((await fresh(() => cohortComparison(admin, { a: world.owner.cohortId }))).a.cohort.name).toBe("Cachefig renamed");

    await warm(cohortView);
    await warm(() => adminCohorts(admin));
    await updateCohort(h.db, admin, world.owner.cohortId, { archived: true });
    expect((await fresh(cohortView)).options.find((o) => o.id === world.owner.cohortId)!.archived).toBe(true);
    expect((await fresh(() => adminCohorts(admin))).find((c) => c.id === world.owner.cohortId)!.archived).toBe(true);
    await updateCohort(h.db, admin, world.owner.cohortId, { archived: false });
    expect((await fresh(cohortView)).options.find((o) => o.id === world.owner.cohortId)!.archived).toBe(false);
  });

  it("a role change and a deactivation show in the people lists and reload the figures", async () => {
    const other = world.users.otherLearner;
    const overview = await warm(() => programmeOverview(admin));
    await warm(() => adminUsers(admin, { role: "coach" }));
    await warm(() => adminUsers(admin, { q: other.email }));
    await warm(allView);

    await changeRole(h.db, admin, other.id, "coach");
    const changed = await fresh(() => programmeOverview(admin));
    expect(changed.usersByRole).toEqual({ ...overview.usersByRole, learner: overview.usersByRole.learner - 1, coach: overview.usersByRole.coach + 1 });
    expect((await fresh(() => adminUsers(admin, { role: "coach" }))).map((u) => u.id)).toContain(other.id);
    expect((await fresh(() => adminUsers(admin, { q: other.email })))[0]!.role).toBe("coach");
    // The figures are read again (users bumps "cohort-figures") and equal the uncached ones.
    expect(await fresh(allView)).toEqual(await uncached(allView));
    await changeRole(h.db, admin, other.id, "learner");
    expect((await fresh(() => programmeOverview(admin))).usersByRole).toEqual(overview.usersByRole);

    await warm(() => programmeOverview(admin));
    await warm(() => adminUsers(admin, { q: other.email }));
    await setActive(h.db, admin, other.id, false);
    expect((await fresh(() => programmeOverview(admin))).inactive).toBe(overview.inactive + 1);
    expect((await fresh(() => adminUsers(admin, { q: other.email })))[0]!.active).toBe(false);
    expect(await fresh(allView)).toEqual(await uncached(allView));
    await setActive(h.db, admin, other.id, true);
    expect((await fresh(() => programmeOverview(admin))).inactive).toBe(overview.inactive);
  });

  it('"waiting" follows the instant within a cached day, as the rollup query counts it', async () => {
    // A new cohort member who failed for the first time at noon yesterday (UTC): eligible again
    // 24 hours later, at noon today. Asked at 11:59 today they wait; at 12:01 they do not.
    const noonToday = new Date(`${new Date().toISOString().slice(0, 10)}T12:00:00.000Z`);
    const [learner] = await h.db
      .insert(users)
      .values({ email: "cachefig-waiting@world.example", name: "Cachefig Waiting", role: "learner", passwordHash: "x", timeZone: "UTC" })
      .returning({ id: users.id, email: users.email });
    await recordAttempt(h.db, { id: learner!.id, timeZone: "UTC" }, exam, attemptInput({ takenAt: new Date(noonToday.getTime() - 24 * HOUR), outcome: "fail", score: 600, readings: DOMAIN_KEYS.map((domain) => ({ domain, bar: 50 })) }));
    await addMembersByEmail(h.db, admin, world.owner.cohortId, [learner!.email]);

    for (const cohort of [world.owner.cohortId, ALL_LEARNERS_COHORT_ID]) {
      const before = new Date(noonToday.getTime() - 60_000);
      const after = new Date(noonToday.getTime() + 60_000);
      const atBefore = await cohortAnalytics(admin, { cohort }, before);
      // Same UTC day and range: the second instant is served from the same entry.
      const stats = readCacheStats();
      const atAfter = await cohortAnalytics(admin, { cohort }, after);
      expect(readCacheStats().hits).toBe(stats.hits + 1);
      expect(atBefore.view.report.learners.waiting).toBe(atAfter.view.report.learners.waiting + 1);
      expect(atAfter.view.report.learners.eligible).toBe(atBefore.view.report.learners.eligible + 1);
      for (const now of [new Date(`${noonToday.toISOString().slice(0, 10)}T00:00:00.000Z`), before, noonToday, after, new Date(noonToday.getTime() + 11 * HOUR)]) {
        const direct = await cohortFiguresFromRollups(h.db, { examId: exam.id, cohortId: cohort, range: resolveWeekRange({}, now), now });
        expect((await cohortAnalytics(admin, { cohort }, now)).view.report.learners.waiting).toBe(direct.waiting);
      }
    }
  });
});

describe(`the question bank from the read cache (${ENGINE})`, () => {
  const NEW_ID = "cachefig-new-item";
  let template: Awaited<ReturnType<typeof bankQuestion>>;

  beforeAll(async () => {
    template = await uncached(() => bankQuestion(editor, world.questionId));
  });

  it("serves a warm read from the cache and agrees with the uncached one", async () => {
    const list = await warm(() => bankQuestions(editor, {}));
    expect(list).toEqual(await uncached(() => bankQuestions(editor, {})));
    expect(Object.isFrozen(list.rows)).toBe(true);
    expect(await warm(() => bankExport(editor))).toEqual(await uncached(() => bankExport(editor)));
  });

  it("a created question shows in the list and by id (an earlier miss is not kept)", async () => {
    const list = await warm(() => bankQuestions(editor, {}));
    expect(await warm(() => bankQuestion(editor, NEW_ID))).toBeNull();
    expect((await warm(() => bankEntry(editor, NEW_ID))).row).toBeNull();
    await createQuestion(h.db, editor.id, exam.id, { ...rowToQuestion(template!), id: NEW_ID, stem: "Cachefig created stem", status: "draft" });
    const after = await fresh(() => bankQuestions(editor, {}));
    expect(after.rows.length).toBe(list.rows.length + 1);
    expect(after.rows.map((r) => r.id)).toContain(NEW_ID);
    expect((await fresh(() => bankQuestion(editor, NEW_ID)))!.stem).toBe("Cachefig created stem");
    expect((await fresh(() => bankEntry(editor, NEW_ID))).row!.stem).toBe("Cachefig created stem");
  });

  it("an updated question shows its new content in the list, the filter and by id", async () => {
    expect((await warm(() => bankQuestions(editor, { q: "cachefig updated" }))).rows).toEqual([]);
    await warm(() => bankQuestion(editor, NEW_ID));
    await updateQuestion(h.db, editor.id, exam.id, { ...rowToQuestion(template!), id: NEW_ID, stem: "Cachefig updated stem", status: "draft" });
    expect((await fresh(() => bankQuestions(editor, { q: "cachefig updated" }))).rows.map((r) => r.id)).toEqual([NEW_ID]);
    expect((await fresh(() => bankQuestion(editor, NEW_ID)))!.stem).toBe("Cachefig updated stem");
  });

  it("a status change moves the question between the status filters", async () => {
    const retired = await warm(() => bankQuestions(editor, { status: "retired" }));
    expect(retired.rows.map((r) => r.id)).not.toContain(NEW_ID);
    await warm(() => bankEntry(editor, NEW_ID));
    await setQuestionStatus(h.db, editor.id, exam.id, NEW_ID, "retired");
    expect((await fresh(() => bankQuestions(editor, { status: "retired" }))).rows.map((r) => r.id)).toContain(NEW_ID);
    expect((await fresh(() => bankEntry(editor, NEW_ID))).row!.status).toBe("retired");
  });

  it("an import shows in the export and the list", async () => {
    const exported = await warm(() => bankExport(editor));
    const list = await warm(() => bankQuestions(editor, {}));
    const single = exported.entries.find((e) => e.id === world.questionId)!;
    const result = await importQuestions(h.db, editor.id, exam.id, JSON.stringify([{ ...single, id: "cachefig-imported", stem: "Cachefig imported stem, long enough for the importer to accept it." }]));
    expect(result).toEqual({ ok: true, created: 1, updated: 0 });
    const after = await fresh(() => bankExport(editor));
    expect(after.entries.length).toBe(exported.entries.length + 1);
    expect(after.entries.find((e) => e.id === "cachefig-imported")!.stem).toBe("Cachefig imported stem, long enough for the importer to accept it.");
    expect((await fresh(() => bankQuestions(editor, {}))).rows.length).toBe(list.rows.length + 1);
  });

  it("a variation copied to the bank by a coach shows as a draft", async () => {
    const list = await warm(() => bankQuestions(editor, { status: "draft" }));
    const id = await copyVariationToBank(h.db, { id: world.users.coach.id }, world.owner.variationId);
    const after = await fresh(() => bankQuestions(editor, { status: "draft" }));
    expect(after.rows.map((r) => r.id)).toEqual(expect.arrayContaining([...list.rows.map((r) => r.id), id]));
    expect(after.rows.length).toBe(list.rows.length + 1);
    const entry = await fresh(() => bankEntry(editor, id));
    expect(entry.row).toMatchObject({ id, origin: "local", status: "draft" });
    // The learner's own variation stays out of the bank.
    expect(await bankQuestion(editor, world.owner.variationId)).toBeNull();
    const [copy] = await h.db.select({ stem: questions.stem }).from(questions).where(eq(questions.id, world.owner.variationId));
    expect(entry.row!.stem).toBe(copy!.stem);
  });
});

describe(`refusals with a warm cache (${ENGINE})`, () => {
  /** The error a call throws (its digest when Next sets one: forbidden() → "NEXT_HTTP_ERROR_FALLBACK;403"). */
  async function refusal(call: () => Promise<unknown>): Promise<string> {
    try {
      await call();
    } catch (err) {
      return String((err as { digest?: string }).digest ?? (err as Error).message);
    }
    return "allowed";
  }
  const analyticsPage = async () => cohortAnalytics(await requireAdmin(), {});
  const comparePage = async () => cohortComparison(await requireAdmin(), {});
  const bankPage = async () => bankQuestions(await requireBankEditor(), {});
  const bankExportPage = async () => bankExport(await requireBankEditor());

  it("coaches and learners are refused the cohort pages, learners the bank, exactly as without the cache", async () => {
    clearReadCache(h.db);
    mocks.session.mockResolvedValue(sessionFor(world, "admin"));
    await warm(analyticsPage);
    await warm(comparePage);
    await warm(bankPage);
    await warm(bankExportPage);
    for (const persona of ["coach", "otherLearner", "deactivated", "signedOut"] as const) {
      mocks.session.mockResolvedValue(sessionFor(world, persona));
      const calls = persona === "coach" ? [analyticsPage, comparePage] : [analyticsPage, comparePage, bankPage, bankExportPage];
      for (const call of calls) {
        const withCache = await refusal(call);
        expect(withCache).not.toBe("allowed");
        expect(withCache).toBe(await uncached(() => refusal(call)));
        if (persona === "coach" || persona === "otherLearner") expect(withCache).toBe("NEXT_HTTP_ERROR_FALLBACK;403");
      }
    }
  });

  it("the CSV and JSON exports refuse the wrong roles with a warm cache", async () => {
    mocks.session.mockResolvedValue(sessionFor(world, "admin"));
    const csv = await csvRoute.GET(new Request("http://localhost/admin/analytics/export.csv"));
    expect(csv.status).toBe(200);
    mocks.session.mockResolvedValue(sessionFor(world, "coach"));
    expect((await csvRoute.GET(new Request("http://localhost/admin/analytics/export.csv"))).status).toBe(403);
    const json = await bankExportRoute.GET();
    expect(json.status).toBe(200);
    expect(JSON.parse(await json.text())).toEqual((await uncached(() => bankExport(editor))).entries);
    mocks.session.mockResolvedValue(sessionFor(world, "otherLearner"));
    expect((await bankExportRoute.GET()).status).toBe(403);
    expect((await csvRoute.GET(new Request("http://localhost/admin/analytics/export.csv"))).status).toBe(403);
    mocks.session.mockResolvedValue(sessionFor(world, "signedOut"));
    expect((await bankExportRoute.GET()).status).toBe(401);
  });
});

// Last: the owner's account (and with it their variation and sets) is gone afterwards.
describe(`a deleted account (${ENGINE})`, () => {
  it("a learner deleting their account leaves the figures", async () => {
    const before = await warm(cohortView);
    const all = await warm(allView);
    const list = await warm(() => adminCohorts(admin));
    const owner = world.users.owner;
    await deleteLearnerAccount(h.db, { id: owner.id }, { confirmEmail: owner.email, currentPassword: WORLD_PASSWORD });
    const after = await fresh(cohortView);
    expect(after.view.report.learners.members).toBe(before.view.report.learners.members - 1);
    expect(practiceTotal(after)).toBeLessThan(practiceTotal(before));
    expect((await fresh(allView)).view.report.learners.members).toBe(all.view.report.learners.members - 1);
    const count = (rows: readonly { id: string; learners: number }[]) => rows.find((c) => c.id === world.owner.cohortId)!.learners;
    expect(count(await fresh(() => adminCohorts(admin)))).toBe(count(list) - 1);
    expect(after).toEqual(await uncached(cohortView));
  });
});
