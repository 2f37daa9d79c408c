import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { notFound } from "next/navigation";
import { getDb, type Db } from "@/db/client";
import { coachAssignments, planTasks, repairPlans, users } from "@/db/schema";
import { cacheTags, cached, cachedMany } from "@/lib/cache/server/read-cache";
import type { DomainKey } from "@/lib/exam/az104";
import { isoDateInZone } from "@/lib/format";
import type { CycleOffer } from "@/lib/plans/cycles";
import { computeProgress, groupTasksForToday, loopState } from "@/lib/plans/progress";
import { addDays } from "@/lib/plans/dates";
import { coachPlans, isSelfCoached, learnerActivePlan, learnerOwnPlan, planById, type PlanView } from "@/lib/plans/server/repair-plans";
import { nextCycleFor } from "@/lib/plans/server/cycles";
import { coachOwnsLearner, hasRole, isCoachOf, parseId, type Coach, type Learner } from "./guard";
import type { CurrentUser } from "./session";

// The plan pages read their data through the read cache (lib/cache/server/read-cache.ts): a
// plan's rows (plan, tasks with their evidence and reviews, the tasks' practice sets, the
// next-cycle offer) change only on writes to repair_plans, plan_tasks and practice_sessions, whose
// triggers bump the learner's tag "l:<learner>". The offer also reads the answers and questions of
// the plan's closing set, and only once that set is submitted: its practice_items (no trigger) do
// not change after the submission, which bumps the learner through practice_sessions in the same
// transaction; its questions' category, domain and tier are the bank's (tag "bank").
// Who may read is decided per request before any cached read; "today", day dates relative to
// today and the today/overdue/upcoming grouping are computed per request from the cached rows.

/** A plan's rows and its next-cycle offer, as cached. */
interface PlanData {
  view: PlanView;
  offer: CycleOffer | null;
}

/** The tags of an entry holding a learner's plan rows and its offer (see above). */
const planTags = (learnerId: string) => [cacheTags.learner(learnerId), cacheTags.bank];

async function withOfferData(db: Db, view: PlanView | null): Promise<PlanData | null> {
  return view ? { view, offer: await nextCycleFor(db, view.plan.id) } : null;
}

function withDates(view: PlanView) {
  return view.tasks.map((t) => ({ ...t, domain: t.domain as DomainKey | null, date: addDays(view.plan.startDate, t.day - 1) }));
}

export type PlanTaskView = ReturnType<typeof withDates>[number];

function summarise(view: PlanView) {
  const tasks = withDates(view);
  return {
    plan: view.plan,
    tasks,
    progress: computeProgress(tasks),
    loop: loopState(tasks),
  };
}

/** The summary plus the plan's next-cycle offer (lib/plans/cycles.ts), for the pages that may accept it. */
function withOffer(data: PlanData) {
  return { ...summarise(data.view), cycleOffer: data.offer };
}

/** The learner's own active plan with today's tasks first (dates in the learner's zone). */
export async function myPlan(user: Learner) {
  const db = await getDb();
  const data = await cached(db, `plan:active:${user.id}`, planTags(user.id), async () => withOfferData(db, await learnerActivePlan(db, user.id)));
  if (!data) return null;
  const s = withOffer(data);
  const today = isoDateInZone(new Date(), user.timeZone);
  return { ...s, today, groups: groupTasksForToday(s.tasks, today) };
}

/**
 * For the learner's plan page when there is no active plan, and for the self-coached editor: is the
 * learner on their own, and the plan they control (their draft first, else their active plan).
 */
export async function mySelfCoaching(user: Learner) {
  const db = await getDb();
  // isSelfCoached reads coach_assignments, whose trigger bumps the learner too.
  const { selfCoached, own } = await cached(db, `plan:self:${user.id}`, planTags(user.id), async () => {
    const [selfCoached, own] = await Promise.all([isSelfCoached(db, user.id), learnerOwnPlan(db, user.id)]);
    return { selfCoached, own: await withOfferData(db, own) };
  });
  return { selfCoached, own: own ? withOffer(own) : null, today: isoDateInZone(new Date(), user.timeZone) };
}

/** For the learner's assigned coach only (anyone else: 404). */
export async function coachPlanView(coach: Coach, rawLearnerId: string) {
  const learnerId = parseId(rawLearnerId);
  const db = await getDb();
  const [learner] = await db
    .select({ id: users.id, name: users.name, timeZone: users.timeZone })
    .from(users)
    .where(and(eq(users.id, learnerId), coachOwnsLearner(coach.id, users.id)));
  if (!learner) notFound();
  // Per coach: the current plan is this coach's own draft first (another coach's draft is not theirs).
  const { current, history } = await cached(db, `plan:coach:${coach.id}:${learnerId}`, planTags(learnerId), async () => {
    const { current, history } = await coachPlans(db, coach, learnerId);
    return { current: await withOfferData(db, current), history };
  });
  return { learner, current: current ? withOffer(current) : null, history };
}

/** A plan for its learner or the learner's assigned coach (export, print); anyone else: 404. */
export async function readablePlan(user: CurrentUser, rawPlanId: string) {
  const planId = parseId(rawPlanId);
  const db = await getDb();
  // Who may read it is decided on the plan row as it is now, before any cached read.
  const [plan] = await db
    .select({ learnerId: repairPlans.learnerId, status: repairPlans.status, controlledBy: repairPlans.controlledBy })
    .from(repairPlans)
    .where(eq(repairPlans.id, planId));
  if (!plan) notFound();
  if (hasRole(user, ["learner"])) {
    // A draft is the coach's until assigned; a self-made draft is the learner's own.
    if (plan.learnerId !== user.id || (plan.status === "draft" && plan.controlledBy !== "learner")) notFound();
  } else if (hasRole(user, ["coach"])) {
    if (!(await isCoachOf(db, user.id, plan.learnerId))) notFound();
  } else {
    notFound();
  }
  // The same for every reader who may read it: keyed by the plan alone.
  const data = await cached(db, `plan:id:${planId}`, [cacheTags.learner(plan.learnerId)], async () => {
    const view = await planById(db, planId);
    if (!view) return null;
    const [learner] = await db.select({ name: users.name, timeZone: users.timeZone }).from(users).where(eq(users.id, view.plan.learnerId));
    return { view, learner: learner! };
  });
  // Deleted meanwhile (a draft replaced by a new one).
  if (!data) notFound();
  return { ...summarise(data.view), learner: data.learner };
}


export interface CoachPlanSummary {
  planId: string;
  /** The active plan when there is one, else this coach's draft. */
  status: "active" | "draft";
  done: number;
  total: number;
  /** Whole percent accepted, rounded down (as computeProgress). */
  pct: number;
  /** Submitted evidence waiting for the coach's review. */
  waiting: number;
  /** A new draft by this coach exists next to the active plan. */
  hasDraft: boolean;
}

/** Per assigned learner (by id): the plan the dashboard shows. Learners without a draft or active plan are absent. */
export async function planSummariesForCoach(coach: Coach): Promise<Map<string, CoachPlanSummary>> {
  const db = await getDb();
  // The coach's learners, per request: an assignment made or ended shows at once (and decides whose plans are read).
  const learners = await db.select({ id: coachAssignments.learnerId }).from(coachAssignments).where(eq(coachAssignments.coachId, coach.id));
  const out = new Map<string, CoachPlanSummary>();
  if (learners.length === 0) return out;
  // One entry per coach and learner (the coach's own draft is this coach's): the learner's plans and task counts.
  const summaries = await cachedMany(
    db,
    learners.map((l) => ({ key: `plan-summary:${coach.id}:${l.id}`, tags: [cacheTags.learner(l.id)], arg: l.id })),
    (missing) => loadPlanSummaries(db, coach.id, missing),
  );
  learners.forEach((l, i) => {
    const s = summaries[i];
    if (s) out.set(l.id, s);
  });
  return out;
}

/** The summaries of the given learners of the coach (null: no draft of theirs and no active plan), in their order. */
async function loadPlanSummaries(db: Db, coachId: string, learnerIds: string[]): Promise<(CoachPlanSummary | null)[]> {
  const plans = await db
    .select({ id: repairPlans.id, learnerId: repairPlans.learnerId, status: repairPlans.status, coachId: repairPlans.coachId })
    .from(repairPlans)
    .where(and(inArray(repairPlans.status, ["active", "draft"]), inArray(repairPlans.learnerId, learnerIds)));
  if (plans.length === 0) return learnerIds.map(() => null);
  const counts = await db
    .select({
      planId: planTasks.planId,
      total: sql<number>`count(*)`.mapWith(Number),
      accepted: sql<number>`count(*) filter (where ${planTasks.status} = 'accepted')`.mapWith(Number),
      submitted: sql<number>`count(*) filter (where ${planTasks.status} = 'submitted')`.mapWith(Number),
    })
    .from(planTasks)
    .where(inArray(planTasks.planId, plans.map((p) => p.id)))
    .groupBy(planTasks.planId);
  const byPlan = new Map(counts.map((c) => [c.planId, c]));
  return learnerIds.map((learnerId): CoachPlanSummary | null => {
    const mine = plans.filter((p) => p.learnerId === learnerId);
    const active = mine.find((p) => p.status === "active");
    const draft = mine.find((p) => p.status === "draft" && p.coachId === coachId);
    const shown = active ?? draft;
    if (!shown) return null;
    const c = byPlan.get(shown.id) ?? { total: 0, accepted: 0, submitted: 0 };
    return {
      planId: shown.id,
      status: shown.status === "active" ? "active" : "draft",
      done: c.accepted,
      total: c.total,
      pct: c.total === 0 ? 0 : Math.floor((c.accepted * 100) / c.total),
      waiting: c.submitted,
      hasDraft: Boolean(active && draft),
    };
  });
}
