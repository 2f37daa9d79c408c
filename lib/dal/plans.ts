import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { notFound } from "next/navigation";
import { getDb, type Db } from "@/db/client";
import { planTasks, repairPlans, users } from "@/db/schema";
import type { DomainKey } from "@/lib/exam/az104";
import { isoDateInZone } from "@/lib/format";
import { computeProgress, groupTasksForToday, loopState } from "@/lib/plans/progress";
import { addDays } from "@/lib/plans/dates";
import { coachPlans, isSelfCoached, learnerActivePlan, learnerOwnPlan, planById, type PlanView } from "@/lib/plans/server/repair-plans";
import { nextCycleFor } from "@/lib/plans/server/cycles";
import { coachOwnsLearner, hasRole, isCoachOf, parseId, type Coach, type Learner } from "./guard";
import type { CurrentUser } from "./session";

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
async function withOffer(db: Db, view: PlanView) {
  return { ...summarise(view), cycleOffer: await nextCycleFor(db, view.plan.id) };
}

/** The learner's own active plan with today's tasks first (dates in the learner's zone). */
export async function myPlan(user: Learner) {
  const db = await getDb();
  const view = await learnerActivePlan(db, user.id);
  if (!view) return null;
  const s = await withOffer(db, view);
  const today = isoDateInZone(new Date(), user.timeZone);
  return { ...s, today, groups: groupTasksForToday(s.tasks, today) };
}

/**
 * For the learner's plan page when there is no active plan, and for the self-coached editor: is the
 * learner on their own, and the plan they control (their draft first, else their active plan).
 */
export async function mySelfCoaching(user: Learner) {
  const db = await getDb();
  const [selfCoached, own] = await Promise.all([isSelfCoached(db, user.id), learnerOwnPlan(db, user.id)]);
  return { selfCoached, own: own ? await withOffer(db, own) : null, today: isoDateInZone(new Date(), user.timeZone) };
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
  const { current, history } = await coachPlans(db, coach, learnerId);
  return { learner, current: current ? await withOffer(db, current) : null, history };
}

/** A plan for its learner or the learner's assigned coach (export, print); anyone else: 404. */
export async function readablePlan(user: CurrentUser, rawPlanId: string) {
  const planId = parseId(rawPlanId);
  const db = await getDb();
  const view = await planById(db, planId);
  if (!view) notFound();
  if (hasRole(user, ["learner"])) {
    // A draft is the coach's until assigned; a self-made draft is the learner's own.
    if (view.plan.learnerId !== user.id || (view.plan.status === "draft" && view.plan.controlledBy !== "learner")) notFound();
  } else if (hasRole(user, ["coach"])) {
    if (!(await isCoachOf(db, user.id, view.plan.learnerId))) notFound();
  } else {
    notFound();
  }
  const [learner] = await db.select({ name: users.name, timeZone: users.timeZone }).from(users).where(eq(users.id, view.plan.learnerId));
  return { ...summarise(view), learner: learner! };
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
  const plans = await db
    .select({ id: repairPlans.id, learnerId: repairPlans.learnerId, status: repairPlans.status, coachId: repairPlans.coachId })
    .from(repairPlans)
    .where(and(inArray(repairPlans.status, ["active", "draft"]), coachOwnsLearner(coach.id, repairPlans.learnerId)));
  const out = new Map<string, CoachPlanSummary>();
  if (plans.length === 0) return out;
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
  const learnerIds = [...new Set(plans.map((p) => p.learnerId))];
  for (const learnerId of learnerIds) {
    const mine = plans.filter((p) => p.learnerId === learnerId);
    const active = mine.find((p) => p.status === "active");
    const draft = mine.find((p) => p.status === "draft" && p.coachId === coach.id);
    const shown = active ?? draft;
    if (!shown) continue;
    const c = byPlan.get(shown.id) ?? { total: 0, accepted: 0, submitted: 0 };
    out.set(learnerId, {
      planId: shown.id,
      status: shown.status === "active" ? "active" : "draft",
      done: c.accepted,
      total: c.total,
      pct: c.total === 0 ? 0 : Math.floor((c.accepted * 100) / c.total),
      waiting: c.submitted,
      hasDraft: Boolean(active && draft),
    });
  }
  return out;
}
