import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

// The plan views and the learner's home read through the read cache (lib/cache/server/read-cache.ts).
// Each write below goes through the service function its server action calls
// (app/coach/plan-actions.ts, app/learn/plan/actions.ts, app/admin/actions.ts, the practice runner):
// the views are read twice first (the second read must be a hit), then the write, then every view
// must load again (a miss) and show the new content, equal to what it shows with the cache off.
// Then: with warm entries, a reader the data layer refuses is still refused, exactly as without the cache.
vi.mock("@/auth", () => ({ auth: vi.fn() }));

const { useDatabaseForTests } = await import("@/db/client");
const { users } = await import("@/db/schema");
const { readCacheStats, clearReadCache } = await import("@/lib/cache/server/read-cache");
const { recordAttempt } = await import("@/lib/attempts/server/attempts");
const { examPolicy, getExamByCode } = await import("@/lib/exam/server/exams");
const { recordRulesCheck } = await import("@/lib/rules-check/server/rules-check");
const { DOMAIN_KEYS } = await import("@/lib/exam/az104");
const { addDays } = await import("@/lib/plans/dates");
const { taskPracticeSet } = await import("@/lib/plans/library");
const { isoDateInZone } = await import("@/lib/format");
const { submitPractice } = await import("@/lib/practice/server/sessions");
const { addTask, assignPlan, createDraftPlan, editTask, moveTask, removeTask, reviewTask, setTargetDate, startRetestForTask, submitEvidence, takeOverPlan } =
  await import("@/lib/plans/server/repair-plans");
const { acceptNextCycle } = await import("@/lib/plans/server/cycles");
const { assignCoach } = await import("@/lib/admin/server/users-and-cohorts");
const { ENGINE, createTestDatabase } = await import("@/test/db");
const { buildWorld } = await import("@/test/world");
const { coachPlanView, myPlan, mySelfCoaching, planSummariesForCoach, readablePlan } = await import("./plans");
const { getMyHome } = await import("./home");
import type { ExamRow } from "@/db/schema";
import type { World } from "@/test/world";
import type { Coach, Learner } from "./guard";

const NOW = new Date();
const TODAY = isoDateInZone(NOW, "UTC");
const NOT_FOUND = "NEXT_HTTP_ERROR_FALLBACK;404";

let h: Awaited<ReturnType<typeof createTestDatabase>>;
let world: World;
let exam: ExamRow;
let owner: Learner;
let otherLearner: Learner;
let coach: Coach;
let otherCoach: Coach;

function learnerOf(u: { id: string; email: string }, name: string): Learner {
  return { id: u.id, email: u.email, name, role: "learner", timeZone: "UTC" };
}
function coachOf(u: { id: string; email: string }, name: string): Coach {
  return { id: u.id, email: u.email, name, role: "coach", timeZone: "UTC" };
}

beforeAll(async () => {
  h = await createTestDatabase();
  useDatabaseForTests(h);
  world = await buildWorld(h.db, { now: NOW, rollups: false });
  exam = await getExamByCode(h.db, "AZ-104");
  owner = learnerOf(world.users.owner, "World owner");
  otherLearner = learnerOf(world.users.otherLearner, "World otherLearner");
  coach = coachOf(world.users.coach, "World coach");
  otherCoach = coachOf(world.users.otherCoach, "World otherCoach");
}, 120_000);
afterAll(async () => h?.close());
afterEach(() => {
  delete process.env.READ_CACHE;
});

/** A refusal's digest (404 / 403 from next/navigation), or "answered". */
async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return "answered";
  } catch (err) {
    return (err as { digest?: string }).digest ?? `error: ${(err as Error).message}`;
  }
}

async function uncached<T>(run: () => Promise<T>): Promise<T> {
  process.env.READ_CACHE = "0";
  try {
    return await run();
  } finally {
    delete process.env.READ_CACHE;
  }
}

/** Reads twice: the second read is served from the cache (hits, no miss). */
async function warm(read: () => Promise<unknown>): Promise<void> {
  await read();
  const before = readCacheStats();
  await read();
  const after = readCacheStats();
  expect(after.misses - before.misses, "a warm read loads nothing").toBe(0);
  expect(after.hits - before.hits, "a warm read is a hit").toBeGreaterThan(0);
}

/**
 * After a write: the read loads again (a miss; or, with `reloaded`, a hit on the entry a read
 * before it in the same round loaded after the write), and shows what it shows with the cache off.
 */
async function fresh<T>(read: () => Promise<T>, what = "view", reloaded = false): Promise<T> {
  const before = readCacheStats();
  const value = await read();
  const misses = readCacheStats().misses - before.misses;
  if (reloaded) expect(misses, `${what}: served from the entry reloaded just before`).toBe(0);
  else expect(misses, `${what}: the write made its entry stale`).toBeGreaterThan(0);
  expect(value, `${what}: the same as with the cache off`).toEqual(await uncached(read));
  return value;
}

type Reads = Record<string, () => Promise<unknown>>;
type Fresh<R extends Reads> = { [K in keyof R]: Awaited<ReturnType<R[K]>> };

/** Warm every view, write, read every view again (fresh). */
async function roundTrip<R extends Reads>(reads: R, write: () => Promise<unknown>): Promise<Fresh<R>> {
  for (const read of Object.values(reads)) await warm(read);
  await write();
  const out: Record<string, unknown> = {};
  // The print view is the same for every reader who may read it: the coach's read is served from
  // the entry the learner's read just loaded.
  for (const [k, read] of Object.entries(reads)) out[k] = await fresh(read, k, k === "printCoach" && "printLearner" in reads);
  return out as Fresh<R>;
}

type PlanTasks = { id: string; title: string; status: string; day: number; position: number; date: string }[];
const byId = (tasks: readonly { id: string }[] | undefined, id: string) => tasks?.find((t) => t.id === id);

describe(`plan views and the learner's home from the read cache (${ENGINE})`, () => {
  // The owner's plan, from a coach's generated draft on: every write through the coach's and the learner's services.
  let planId: string;
  /** The owner's views: the learner's plan page and home, the coach's workspace and dashboard figures, print for both. */
  const ownerReads = () => ({
    learner: () => myPlan(owner),
    home: () => getMyHome(owner, NOW),
    coach: () => coachPlanView(coach, owner.id),
    summaries: () => planSummariesForCoach(coach),
    printLearner: () => readablePlan(owner, planId),
    printCoach: () => readablePlan(coach, planId),
  });

  it("plan generated: the coach's workspace shows the new draft; the learner still sees the active plan and not the draft", async () => {
    planId = world.owner.planId;
    let draftId = "";
    const v = await roundTrip(ownerReads(), async () => {
      draftId = await createDraftPlan(h.db, coach, owner.id, exam, {}, NOW);
    });
    expect(v.coach.current?.plan).toMatchObject({ id: draftId, status: "draft", coachId: coach.id });
    expect(v.coach.current!.tasks.length).toBeGreaterThan(0);
    // The world's earlier draft by this coach was replaced.
    expect(v.coach.history.map((p) => p.id)).toContain(draftId);
    expect(v.coach.history.map((p) => p.id)).not.toContain(world.owner.draftPlanId);
    expect(v.learner?.plan.id).toBe(world.owner.planId);
    expect(v.home.plan?.id).toBe(world.owner.planId);
    expect(v.summaries.get(owner.id)).toMatchObject({ planId: world.owner.planId, status: "active", hasDraft: true });
    expect(await outcome(() => readablePlan(owner, draftId))).toBe(NOT_FOUND);
    expect(await outcome(() => readablePlan(coach, draftId))).toBe("answered");
    planId = draftId;
  });

  it("plan assigned: both sides show the new active plan, the old one archived", async () => {
    const draftId = planId;
    planId = world.owner.planId;
    const v = await roundTrip(ownerReads(), () => assignPlan(h.db, coach, draftId));
    planId = draftId;
    expect(v.learner?.plan).toMatchObject({ id: draftId, status: "active" });
    expect(v.learner!.tasks.length).toBeGreaterThan(0);
    expect(v.home.plan?.id).toBe(draftId);
    expect(v.coach.current?.plan).toMatchObject({ id: draftId, status: "active" });
    expect(v.coach.history.find((p) => p.id === world.owner.planId)?.status).toBe("archived");
    expect(v.summaries.get(owner.id)).toMatchObject({ planId: draftId, status: "active", hasDraft: false, total: v.learner!.tasks.length });
    // The old plan's print view: archived now.
    expect(v.printLearner.plan.status).toBe("archived");
    expect((await readablePlan(owner, draftId)).plan.status).toBe("active");
  });

  /** The task as each view of the active plan shows it. */
  function tasksEverywhere(v: Fresh<ReturnType<typeof ownerReads>>): PlanTasks[] {
    return [v.learner!.tasks, v.coach.current!.tasks, v.printLearner.tasks, v.printCoach.tasks];
  }

  it("task edited (title and day): every view shows the new title and the new day's date", async () => {
    const before = (await myPlan(owner))!;
    const task = before.tasks.find((t) => t.day === 1)!;
    const v = await roundTrip(ownerReads(), () =>
      editTask(h.db, coach, planId, task.id, { title: "Edited: rebuild it by hand", instructions: "New steps.", evidenceRequired: "A screenshot", day: 2 }),
    );
    for (const tasks of tasksEverywhere(v)) {
      expect(byId(tasks, task.id)).toMatchObject({ title: "Edited: rebuild it by hand", day: 2, date: addDays(before.plan.startDate, 1) });
    }
  });

  let addedId = "";
  it("task added: in every view, on today's list of the learner's home, counted on the coach's dashboard", async () => {
    const total = (await planSummariesForCoach(coach)).get(owner.id)!.total;
    const v = await roundTrip(ownerReads(), async () => {
      addedId = await addTask(h.db, coach, planId, { title: "Added: map the route tables", instructions: "", evidenceRequired: "Notes", day: 1, domain: "networking", phase: "rebuild" });
    });
    for (const tasks of tasksEverywhere(v)) expect(byId(tasks, addedId)).toMatchObject({ title: "Added: map the route tables", status: "todo", day: 1 });
    expect(v.learner!.plan.startDate).toBe(TODAY);
    expect(v.learner!.groups.today.map((t) => t.id)).toContain(addedId);
    expect(v.home.plan!.today.map((t) => t.id)).toContain(addedId);
    expect(v.summaries.get(owner.id)!.total).toBe(total + 1);
  });

  it("task moved: every view lists it one place earlier in its day", async () => {
    const dayOne = (await myPlan(owner))!.tasks.filter((t) => t.day === 1);
    expect(dayOne.at(-1)!.id).toBe(addedId);
    const v = await roundTrip(ownerReads(), () => moveTask(h.db, coach, planId, addedId, "up"));
    for (const tasks of tasksEverywhere(v)) {
      const ids = tasks.filter((t) => t.day === 1).map((t) => t.id);
      expect(ids.indexOf(addedId)).toBe(dayOne.length - 2);
    }
  });

  it("task removed: gone from every view and from the counts", async () => {
    const total = (await planSummariesForCoach(coach)).get(owner.id)!.total;
    const v = await roundTrip(ownerReads(), () => removeTask(h.db, coach, planId, addedId));
    for (const tasks of tasksEverywhere(v)) expect(byId(tasks, addedId)).toBeUndefined();
    expect(v.home.plan!.today.map((t) => t.id)).not.toContain(addedId);
    expect(v.summaries.get(owner.id)!.total).toBe(total - 1);
  });

  it("target date set: every view shows it", async () => {
    const current = (await myPlan(owner))!.plan;
    const target = addDays(current.targetDate, 9);
    const v = await roundTrip(ownerReads(), async () => {
      expect(await setTargetDate(h.db, coach, planId, exam, target, false, NOW)).toEqual({ status: "saved" });
    });
    for (const p of [v.learner!.plan, v.coach.current!.plan, v.printLearner.plan, v.printCoach.plan]) expect(p.targetDate).toBe(target);
  });

  /** The plan's first unfinished task that is not a practice set (evidence is handed in for it). */
  async function evidenceTask(): Promise<string> {
    return (await myPlan(owner))!.tasks.find((t) => t.status === "todo" && !taskPracticeSet(t.libraryKey))!.id;
  }

  let reviewedId = "";
  it("evidence submitted: the task waits for review in every view, the dashboard counts it, the home's loop too", async () => {
    reviewedId = await evidenceTask();
    const v = await roundTrip(ownerReads(), async () => {
      expect(await submitEvidence(h.db, owner, reviewedId, { text: "Ran az network vnet peering list.", link: "https://example.com/proof" })).toBe("submitted");
    });
    for (const tasks of tasksEverywhere(v)) expect(byId(tasks, reviewedId)).toMatchObject({ status: "submitted" });
    expect(byId(v.coach.current!.tasks, reviewedId)).toMatchObject({ evidenceText: "Ran az network vnet peering list.", evidenceLink: "https://example.com/proof" });
    expect(v.summaries.get(owner.id)!.waiting).toBe(1);
    expect(v.home.plan!.loop.awaitingReview).toBe(1);
    expect(v.learner!.progress.submitted).toBe(1);
  });

  it("evidence accepted: accepted in every view, done on the dashboard and on the home's progress", async () => {
    const v = await roundTrip(ownerReads(), () => reviewTask(h.db, coach, reviewedId, "accept", "Good proof."));
    for (const tasks of tasksEverywhere(v)) expect(byId(tasks, reviewedId)).toMatchObject({ status: "accepted" });
    expect(byId(v.learner!.tasks, reviewedId)).toMatchObject({ reviewComment: "Good proof.", reviewedBy: coach.id });
    expect(v.summaries.get(owner.id)).toMatchObject({ done: 1, waiting: 0 });
    expect(v.home.plan!.progress.done).toBe(1);
  });

  it("evidence returned: returned with the coach's comment in every view", async () => {
    const taskId = await evidenceTask();
    await submitEvidence(h.db, owner, taskId, { text: "Half done.", link: null });
    const v = await roundTrip(ownerReads(), () => reviewTask(h.db, coach, taskId, "return", "Show the effective routes too."));
    for (const tasks of tasksEverywhere(v)) expect(byId(tasks, taskId)).toMatchObject({ status: "returned" });
    expect(byId(v.coach.current!.tasks, taskId)).toMatchObject({ reviewComment: "Show the effective routes too." });
    expect(v.learner!.progress.returned).toBe(1);
    expect(v.home.plan!.progress.returned).toBe(1);
    expect(v.summaries.get(owner.id)).toMatchObject({ done: 1, waiting: 0 });
  });

  let sessionId = "";
  it("retest started and its set submitted: the task's set shows in every view, then the next-cycle offer", async () => {
    const closing = (await myPlan(owner))!.tasks.findLast((t) => taskPracticeSet(t.libraryKey) !== null)!;
    let v = await roundTrip(ownerReads(), async () => {
      sessionId = await startRetestForTask(h.db, owner, exam, closing.id);
    });
    for (const tasks of tasksEverywhere(v)) expect(byId(tasks, closing.id)).toMatchObject({ practiceSessionId: sessionId, practice: { status: "active", correct: null } });
    expect(v.learner!.cycleOffer).toBeNull();

    // Submitted with nothing answered: every item missed, core gaps, so the plan offers a next cycle.
    v = await roundTrip(ownerReads(), () => submitPractice(h.db, owner.id, sessionId));
    for (const tasks of tasksEverywhere(v)) expect(byId(tasks, closing.id)).toMatchObject({ practice: { status: "submitted", correct: 0 } });
    expect(v.learner!.cycleOffer?.basisSessionId).toBe(sessionId);
    expect(v.coach.current!.cycleOffer?.basisSessionId).toBe(sessionId);
  });

  it("cycle accepted: the new block's tasks in every view, the plan longer, the offer gone", async () => {
    const before = (await myPlan(owner))!.plan;
    let lastDay = 0;
    const v = await roundTrip(ownerReads(), async () => {
      ({ lastDay } = await acceptNextCycle(h.db, coach, planId, sessionId, NOW));
    });
    for (const p of [v.learner!.plan, v.coach.current!.plan, v.printLearner.plan]) expect(p).toMatchObject({ cycle: before.cycle + 1, lengthDays: lastDay });
    for (const tasks of tasksEverywhere(v)) expect(tasks.filter((t) => t.day === lastDay).length).toBeGreaterThan(0);
    expect(v.learner!.cycleOffer).toBeNull();
    expect(v.coach.current!.cycleOffer).toBeNull();
  });

  it("with warm entries, another coach and another learner are refused exactly as without the cache", async () => {
    // Warm every entry a refused reader could be served from: this plan (learner, coach, print),
    // and the other learner's plan through its own coach.
    await warm(() => myPlan(owner));
    await warm(() => coachPlanView(coach, owner.id));
    await warm(() => readablePlan(owner, planId));
    await warm(() => readablePlan(coach, planId));
    await warm(() => readablePlan(otherCoach, world.other.planId));
    await warm(() => coachPlanView(otherCoach, otherLearner.id));
    await warm(() => planSummariesForCoach(coach));
    await warm(() => planSummariesForCoach(otherCoach));

    const refused: [string, () => Promise<unknown>][] = [
      ["another coach, the learner's workspace", () => coachPlanView(otherCoach, owner.id)],
      ["another coach, the plan's print view", () => readablePlan(otherCoach, planId)],
      ["another learner, the plan's print view", () => readablePlan(otherLearner, planId)],
      ["the coach, another coach's learner", () => coachPlanView(coach, otherLearner.id)],
      ["the coach, another coach's learner's plan", () => readablePlan(coach, world.other.planId)],
      ["the learner, another learner's plan", () => readablePlan(owner, world.other.planId)],
    ];
    for (const [what, run] of refused) {
      const withCache = await outcome(run);
      expect(withCache, what).toBe(NOT_FOUND);
      expect(await uncached(() => outcome(run)), what).toBe(withCache);
    }
    expect((await planSummariesForCoach(otherCoach)).has(owner.id)).toBe(false);
    expect((await planSummariesForCoach(coach)).has(otherLearner.id)).toBe(false);

    // A coach's draft stays the coach's: warm for the coach, refused to the learner.
    const draftId = await createDraftPlan(h.db, coach, owner.id, exam, {}, NOW);
    await warm(() => readablePlan(coach, draftId));
    expect(await outcome(() => readablePlan(owner, draftId))).toBe(NOT_FOUND);
    const coachView = await coachPlanView(coach, owner.id);
    expect(coachView.current!.plan.id).toBe(draftId);
    // The learner's own views never show it.
    expect((await myPlan(owner))!.plan.id).toBe(planId);
    expect((await mySelfCoaching(owner)).own?.plan.id).not.toBe(draftId);
  });

  it("the learner moved to another coach: the first coach is refused at once, though warm; the new coach reads", async () => {
    await warm(() => coachPlanView(coach, owner.id));
    await warm(() => readablePlan(coach, planId));
    await warm(() => planSummariesForCoach(coach));
    await assignCoach(h.db, { id: world.users.admin.id }, otherCoach.id, [owner.id]);
    expect(await outcome(() => coachPlanView(coach, owner.id))).toBe(NOT_FOUND);
    expect(await outcome(() => readablePlan(coach, planId))).toBe(NOT_FOUND);
    expect((await planSummariesForCoach(coach)).has(owner.id)).toBe(false);
    const theirs = await coachPlanView(otherCoach, owner.id);
    expect(theirs.current!.plan.id).toBe(planId); // the first coach's draft is not theirs: the active plan
    expect((await planSummariesForCoach(otherCoach)).get(owner.id)).toMatchObject({ planId, status: "active", hasDraft: false });
  });
});

describe(`a self-coached learner's plan and home from the read cache (${ENGINE})`, () => {
  let me: Learner;
  let planId = "";

  beforeAll(async () => {
    const [u] = await h.db.insert(users).values({ email: "self@cache-plans.test", name: "Self", role: "learner", passwordHash: "x", timeZone: "UTC" }).returning();
    me = learnerOf(u!, "Self");
    await recordAttempt(h.db, me, exam, {
      takenAt: new Date(NOW.getTime() - 2 * 3_600_000),
      outcome: "fail",
      score: 640,
      readings: DOMAIN_KEYS.map((domain, i) => ({ domain, bar: [75, 45, 78, 60, 76][i]! })),
      hardestDomains: [],
      slowItemTypes: [],
      misreadCategories: [],
      misreadNotes: "",
      notes: "",
      certExpiresAt: null,
    });
  });

  const selfReads = () => ({
    self: () => mySelfCoaching(me),
    plan: () => myPlan(me),
    home: () => getMyHome(me, NOW),
  });

  it("plan generated by the learner: their editor shows the draft, the home's step says to start it", async () => {
    const v = await roundTrip(selfReads(), async () => {
      planId = await createDraftPlan(h.db, { id: me.id, role: "learner" }, me.id, exam, {}, NOW);
    });
    expect(v.self).toMatchObject({ selfCoached: true, own: { plan: { id: planId, status: "draft", controlledBy: "learner" } } });
    expect(v.plan).toBeNull();
    expect(v.home.step.href).toBe("/learn/plan/edit");
    expect(v.home.plan).toBeNull();
  });

  it("plan started: the plan page and the home show it as the learner's own", async () => {
    const v = await roundTrip(selfReads(), () => assignPlan(h.db, { id: me.id, role: "learner" }, planId));
    expect(v.plan?.plan).toMatchObject({ id: planId, status: "active", controlledBy: "learner" });
    expect(v.self.own?.plan.status).toBe("active");
    expect(v.home.plan).toMatchObject({ id: planId, selfMade: true });
    expect(v.home.step.href).toBe("/learn/plan");
  });

  it("evidence on their own plan: done at once, self-checked on today's list", async () => {
    const task = (await myPlan(me))!.groups.today.find((t) => !taskPracticeSet(t.libraryKey))!;
    const v = await roundTrip(selfReads(), async () => {
      expect(await submitEvidence(h.db, me, task.id, { text: "Did it.", link: null })).toBe("done");
    });
    expect(byId(v.plan!.tasks, task.id)).toMatchObject({ status: "accepted", reviewedBy: null, evidenceText: "Did it." });
    expect(byId(v.self.own!.tasks, task.id)).toMatchObject({ status: "accepted" });
    expect(v.home.plan!.today.find((t) => t.id === task.id)).toMatchObject({ status: "accepted", selfChecked: true });
    expect(v.home.plan!.progress.done).toBe(1);
  });

  it("a coach assigned: no longer self-coached; the coach may read the plan now (refused before)", async () => {
    expect(await outcome(() => coachPlanView(coach, me.id))).toBe(NOT_FOUND);
    const v = await roundTrip(selfReads(), () => assignCoach(h.db, { id: world.users.admin.id }, coach.id, [me.id]));
    expect(v.self.selfCoached).toBe(false);
    expect(v.home.selfCoached).toBe(false);
    expect((await coachPlanView(coach, me.id)).current?.plan).toMatchObject({ id: planId, controlledBy: "learner" });
  });

  it("plan taken over by the coach: the coach's plan on every side", async () => {
    const v = await roundTrip({ ...selfReads(), coach: () => coachPlanView(coach, me.id), print: () => readablePlan(coach, planId) }, () =>
      takeOverPlan(h.db, coach, planId),
    );
    expect(v.plan!.plan).toMatchObject({ controlledBy: "coach", coachId: coach.id });
    expect(v.home.plan!.selfMade).toBe(false);
    expect(v.coach.current!.plan).toMatchObject({ id: planId, controlledBy: "coach", coachId: coach.id });
    expect(v.print.plan.controlledBy).toBe("coach");
  });

  it("rules check taken: the home stops offering it", async () => {
    expect((await getMyHome(me, NOW)).rulesCheckTaken).toBe(false);
    const v = await roundTrip({ home: () => getMyHome(me, NOW) }, () => recordRulesCheck(h.db, me.id, examPolicy(exam), 7, {}));
    expect(v.home.rulesCheckTaken).toBe(true);
  });

  it("values are frozen: a caller that mutates one fails instead of changing the next reader's view", async () => {
    await warm(() => myPlan(me));
    const v = (await myPlan(me))!;
    expect(() => (v.plan as { targetDate: string }).targetDate = "2000-01-01").toThrow(TypeError);
    expect((await myPlan(me))!.plan.targetDate).not.toBe("2000-01-01");
    clearReadCache(h.db);
  });
});
