import "server-only";
import { and, eq } from "drizzle-orm";
import { forbidden, notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { coachAssignments, users } from "@/db/schema";
import type { DomainKey } from "@/lib/exam/az104";
import { isoDateInZone } from "@/lib/format";
import { computeProgress, groupTasksForToday, loopState } from "@/lib/plans/progress";
import { addDays } from "@/lib/plans/dates";
import { coachPlans, learnerActivePlan, planById, type PlanView } from "@/lib/repair-plans/service";
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

/** The learner's own active plan with today's tasks first (dates in the learner's zone). */
export async function myPlan(user: CurrentUser) {
  if (user.role !== "learner") forbidden();
  const view = await learnerActivePlan(await getDb(), user.id);
  if (!view) return null;
  const s = summarise(view);
  const today = isoDateInZone(new Date(), user.timeZone);
  return { ...s, today, groups: groupTasksForToday(s.tasks, today) };
}

/** For the learner's assigned coach only (anyone else: 404). */
export async function coachPlanView(coach: CurrentUser, learnerId: string) {
  if (coach.role !== "coach") forbidden();
  if (!/^[0-9a-f-]{36}$/i.test(learnerId)) notFound();
  const db = await getDb();
  const [learner] = await db
    .select({ id: users.id, name: users.name, timeZone: users.timeZone })
    .from(coachAssignments)
    .innerJoin(users, eq(users.id, coachAssignments.learnerId))
    .where(and(eq(coachAssignments.coachId, coach.id), eq(coachAssignments.learnerId, learnerId)));
  if (!learner) notFound();
  const { current, history } = await coachPlans(db, coach, learnerId);
  return { learner, current: current ? summarise(current) : null, history };
}

/** A plan for its learner or the learner's assigned coach (export, print); anyone else: 404. */
export async function readablePlan(user: CurrentUser, planId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(planId)) notFound();
  const db = await getDb();
  const view = await planById(db, planId);
  if (!view) notFound();
  if (user.role === "learner") {
    if (view.plan.learnerId !== user.id || view.plan.status === "draft") notFound();
  } else if (user.role === "coach") {
    const [a] = await db
      .select({ id: coachAssignments.learnerId })
      .from(coachAssignments)
      .where(and(eq(coachAssignments.coachId, user.id), eq(coachAssignments.learnerId, view.plan.learnerId)));
    if (!a) notFound();
  } else {
    notFound();
  }
  const [learner] = await db.select({ name: users.name, timeZone: users.timeZone }).from(users).where(eq(users.id, view.plan.learnerId));
  return { ...summarise(view), learner: learner! };
}

