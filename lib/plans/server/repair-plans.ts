import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  auditLog,
  coachAssignments,
  examAttempts,
  planTasks,
  practiceSessions,
  repairPlans,
  users,
  type ExamRow,
  type PlanTaskRow,
  type RepairPlanRow,
} from "@/db/schema";
import { ActionError } from "@/lib/action-error";
import { coachOwnsLearner, isCoachOf } from "@/lib/auth/server/ownership";
import { examPolicy } from "@/lib/exam/server/exams";
import { DOMAIN_KEYS, DOMAIN_SHORT_NAMES, type DomainKey } from "@/lib/exam/az104";
import type { Role } from "@/lib/enums";
import { isoDateInZone } from "@/lib/format";
import { addDays, daysBetween } from "@/lib/plans/dates";
import { generatePlan } from "@/lib/plans/generate";
import { taskPracticeSet } from "@/lib/plans/library";
import { evaluateRetake } from "@/lib/policy/retake";
import { startPractice } from "@/lib/practice/server/sessions";
import { diagnoseLatestAttempt } from "./diagnosis";
import { scheduleEvidenceReturned, schedulePlanReminders } from "@/lib/notifications/server/reminders";

/**
 * Who acts on a plan. Without a role (or as a coach) the actor is the learner's coach; as a
 * learner, a self-coached learner working on their own plan.
 */
interface Actor {
  id: string;
  role?: Role;
}

const notYours = () => new ActionError("not-found", "That plan or task does not exist, or it is not yours.");

/** The message a coach hears for a plan the learner still controls; the authorization matrix reads it as a 403. */
export const TAKE_OVER_FIRST = "This is the learner's own plan: take it over first to change it.";
/** The message a learner with a coach hears when making or starting a plan of their own; read as a 403. */
export const COACH_MAKES_PLANS = "Your coach makes your repair plans: ask them, or follow the plan they assign.";

/** True when the learner has no coach: they run the loop on their own. */
export async function isSelfCoached(db: Db, learnerId: string): Promise<boolean> {
  const [row] = await db.select({ id: coachAssignments.learnerId }).from(coachAssignments).where(eq(coachAssignments.learnerId, learnerId)).limit(1);
  return !row;
}

async function assertSelfCoached(db: Db, learnerId: string): Promise<void> {
  if (!(await isSelfCoached(db, learnerId))) throw new ActionError("forbidden", COACH_MAKES_PLANS);
}

/** The coach must be the learner's assigned coach; anyone else sees "not found". */
export async function assertCoachOf(db: Db, coachId: string, learnerId: string): Promise<void> {
  if (!(await isCoachOf(db, coachId, learnerId))) throw notYours();
}

/** Loads a plan the coach may edit (their assigned learner's), locking it for the transaction. */
async function coachPlan(tx: Db, coachId: string, planId: string): Promise<RepairPlanRow> {
  const [plan] = await tx
    .select({ plan: repairPlans })
    .from(repairPlans)
    .where(and(eq(repairPlans.id, planId), coachOwnsLearner(coachId, repairPlans.learnerId)))
    .for("update", { of: repairPlans });
  if (!plan) throw notYours();
  assertOpen(plan.plan);
  // The learner's own plan stays theirs until the coach takes it over.
  if (plan.plan.controlledBy === "learner") throw new ActionError("forbidden", TAKE_OVER_FIRST);
  return plan.plan;
}

function assertOpen(plan: RepairPlanRow): void {
  if (plan.status === "archived" || plan.status === "completed") {
    throw new ActionError("conflict", "This plan is closed; older plans stay readable but cannot change.");
  }
}

/** A self-coached learner's own plan (one they control), locked for the transaction; anything else is "not found". */
async function selfPlan(tx: Db, learnerId: string, planId: string): Promise<RepairPlanRow> {
  const [plan] = await tx
    .select()
    .from(repairPlans)
    .where(and(eq(repairPlans.id, planId), eq(repairPlans.learnerId, learnerId), eq(repairPlans.controlledBy, "learner")))
    .for("update");
  if (!plan) throw notYours();
  assertOpen(plan);
  return plan;
}

/** The plan an editor may change: a learner only their own self-made plan, a coach only a plan they control. */
function editablePlan(tx: Db, actor: Actor, planId: string): Promise<RepairPlanRow> {
  return actor.role === "learner" ? selfPlan(tx, actor.id, planId) : coachPlan(tx, actor.id, planId);
}

async function learnerTimeZone(db: Db, learnerId: string): Promise<string> {
  const [u] = await db.select({ tz: users.timeZone }).from(users).where(eq(users.id, learnerId));
  return u?.tz ?? "UTC";
}

/** The policy's earliest retake instant as a calendar date in the learner's zone (null: no restriction). */
async function policyEarliestDate(db: Db, learnerId: string, exam: ExamRow, now: Date): Promise<{ date: string | null; reason: string }> {
  const attempts = await db
    .select({ takenAt: examAttempts.takenAt, outcome: examAttempts.outcome, certExpiresAt: examAttempts.certExpiresAt })
    .from(examAttempts)
    .where(and(eq(examAttempts.learnerId, learnerId), eq(examAttempts.examId, exam.id)))
    .orderBy(asc(examAttempts.takenAt));
  const latest = attempts.at(-1);
  const d = evaluateRetake({ attempts, now, policy: examPolicy(exam), certificationExpiresAt: latest?.outcome === "pass" ? latest.certExpiresAt : null });
  if (!d.earliestAt) return { date: d.blockedBy === "passed" ? "9999-12-31" : null, reason: d.blockedBy ?? "" };
  const tz = await learnerTimeZone(db, learnerId);
  // An instant inside a day makes that day possible for a booking late in the day; the next day is the first whole one.
  const local = isoDateInZone(d.earliestAt, tz);
  return { date: local, reason: d.blockedBy ?? "" };
}

export interface Diagnosis {
  domain: DomainKey;
  reason: string;
}

/**
 * Builds a draft plan from the learner's latest non-pass: weak domains from the bars (with the
 * reason), the domains the learner felt hardest, and recent practice misses; the template from the
 * failure pattern. A previous draft by this coach is replaced; an active plan is untouched until
 * the new one is assigned.
 */
export async function createDraftPlan(
  db: Db,
  coach: Actor,
  learnerId: string,
  exam: ExamRow,
  opts: { startDate?: string; lengthDays?: number } = {},
  now = new Date(),
): Promise<string> {
  // A self-coached learner makes their own plan with the same generator and rules; nobody else's.
  const self = coach.role === "learner";
  if (self) {
    if (learnerId !== coach.id) throw notYours();
    await assertSelfCoached(db, learnerId);
  } else {
    await assertCoachOf(db, coach.id, learnerId);
  }
  // The latest non-pass with every note the learner left about it (lib/plans/server/diagnosis.ts).
  const { latest, classification, input } = await diagnoseLatestAttempt(db, learnerId, exam);
  const weak = input.weakDomains;
  const tz = await learnerTimeZone(db, learnerId);
  const startDate = opts.startDate ?? isoDateInZone(now, tz);
  const generated = generatePlan({
    ...input,
    startDate,
    lengthDays: classification.pattern === "broad-miss" ? opts.lengthDays : undefined,
  });
  const earliest = await policyEarliestDate(db, learnerId, exam, now);
  const target = earliest.date && earliest.date > generated.recommendedRetakeDate ? earliest.date : generated.recommendedRetakeDate;

  return db.transaction(async (tx) => {
    await tx
      .delete(repairPlans)
      .where(
        and(
          eq(repairPlans.learnerId, learnerId),
          eq(repairPlans.status, "draft"),
          self ? eq(repairPlans.controlledBy, "learner") : and(eq(repairPlans.coachId, coach.id), eq(repairPlans.controlledBy, "coach")),
        ),
      );
    const [plan] = await tx
      .insert(repairPlans)
      .values({
        learnerId,
        coachId: self ? null : coach.id,
        controlledBy: self ? "learner" : "coach",
        examId: exam.id,
        basisAttemptId: latest.id,
        template: generated.template,
        status: "draft",
        startDate: generated.startDate,
        lengthDays: generated.lengthDays,
        targetDate: target,
        weakDomains: generated.weakDomains,
        diagnosis: generated.diagnosis,
      })
      .returning({ id: repairPlans.id });
    await tx.insert(planTasks).values(
      generated.tasks.map((t) => ({
        planId: plan!.id,
        day: t.day,
        position: t.position,
        domain: t.domain,
        phase: t.phase,
        title: t.title,
        instructions: t.instructions,
        evidenceRequired: t.evidenceRequired,
        libraryKey: t.libraryKey,
        cause: t.cause,
      })),
    );
    await tx.insert(auditLog).values({ actorId: coach.id, action: "plan.create", entity: "repair_plan", entityId: plan!.id, after: { template: generated.template, weak, startDate, controlledBy: self ? "learner" : "coach" } });
    return plan!.id;
  });
}

/**
 * Makes a draft the learner's one active plan; a previous active plan is archived (still readable).
 * A self-coached learner starts their own draft the same way, as long as no coach is assigned (a
 * coach's plan is never replaced by the learner).
 */
export async function assignPlan(db: Db, coach: Actor, planId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const plan = await editablePlan(tx, coach, planId);
    if (coach.role === "learner") await assertSelfCoached(tx, coach.id);
    if (plan.status !== "draft") throw new ActionError("conflict", coach.role === "learner" ? "This plan has already started." : "This plan is already assigned.");
    await tx
      .update(repairPlans)
      .set({ status: "archived", updatedAt: new Date() })
      .where(and(eq(repairPlans.learnerId, plan.learnerId), eq(repairPlans.status, "active")));
    await tx.update(repairPlans).set({ status: "active", assignedAt: new Date(), updatedAt: new Date() }).where(eq(repairPlans.id, planId));
    await tx.insert(auditLog).values({ actorId: coach.id, action: "plan.assign", entity: "repair_plan", entityId: planId, after: { status: "active" } });
    // The new plan's "today's tasks" reminder replaces the one pending for the plan it archived.
    await schedulePlanReminders(tx, plan.learnerId);
  });
}

async function taskOfPlan(tx: Db, planId: string, taskId: string): Promise<PlanTaskRow> {
  const [task] = await tx.select().from(planTasks).where(and(eq(planTasks.id, taskId), eq(planTasks.planId, planId)));
  if (!task) throw new ActionError("not-found", "That task is not part of this plan.");
  return task;
}

export interface TaskEdit {
  title: string;
  instructions: string;
  evidenceRequired: string;
  day: number;
}

/** Changes only the coach's columns of one task: a learner's evidence written meanwhile is kept. */
export async function editTask(db: Db, coach: Actor, planId: string, taskId: string, edit: TaskEdit): Promise<void> {
  await db.transaction(async (tx) => {
    const plan = await editablePlan(tx, coach, planId);
    const task = await taskOfPlan(tx, planId, taskId);
    if (edit.day < 1 || edit.day > plan.lengthDays) {
      throw new ActionError("invalid", `Choose a day from 1 to ${plan.lengthDays}.`, { day: [`Choose a day from 1 to ${plan.lengthDays}.`] });
    }
    let position = task.position;
    if (edit.day !== task.day) {
      const [{ max }] = (await tx
        .select({ max: sql<number>`coalesce(max(${planTasks.position}), 0)`.mapWith(Number) })
        .from(planTasks)
        .where(and(eq(planTasks.planId, planId), eq(planTasks.day, edit.day)))) as [{ max: number }];
      position = max + 1;
    }
    await tx
      .update(planTasks)
      .set({ title: edit.title, instructions: edit.instructions, evidenceRequired: edit.evidenceRequired, day: edit.day, position, updatedAt: new Date() })
      .where(eq(planTasks.id, taskId));
    await tx.insert(auditLog).values({
      actorId: coach.id,
      action: "plan.task.edit",
      entity: "plan_task",
      entityId: taskId,
      before: { title: task.title, day: task.day },
      after: { title: edit.title, day: edit.day },
    });
  });
}

export async function addTask(
  db: Db,
  coach: Actor,
  planId: string,
  input: TaskEdit & { domain: DomainKey | null; phase: PlanTaskRow["phase"] },
): Promise<string> {
  return db.transaction(async (tx) => {
    const plan = await editablePlan(tx, coach, planId);
    if (input.day < 1 || input.day > plan.lengthDays) {
      throw new ActionError("invalid", `Choose a day from 1 to ${plan.lengthDays}.`, { day: [`Choose a day from 1 to ${plan.lengthDays}.`] });
    }
    const [{ max }] = (await tx
      .select({ max: sql<number>`coalesce(max(${planTasks.position}), 0)`.mapWith(Number) })
      .from(planTasks)
      .where(and(eq(planTasks.planId, planId), eq(planTasks.day, input.day)))) as [{ max: number }];
    const [row] = await tx
      .insert(planTasks)
      .values({ planId, day: input.day, position: max + 1, domain: input.domain, phase: input.phase, title: input.title, instructions: input.instructions, evidenceRequired: input.evidenceRequired })
      .returning({ id: planTasks.id });
    await tx.insert(auditLog).values({ actorId: coach.id, action: "plan.task.add", entity: "plan_task", entityId: row!.id, after: input });
    return row!.id;
  });
}

export async function removeTask(db: Db, coach: Actor, planId: string, taskId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await editablePlan(tx, coach, planId);
    const task = await taskOfPlan(tx, planId, taskId);
    await tx.delete(planTasks).where(eq(planTasks.id, taskId));
    await tx.insert(auditLog).values({ actorId: coach.id, action: "plan.task.remove", entity: "plan_task", entityId: taskId, before: { title: task.title, day: task.day, status: task.status } });
  });
}

/** Moves a task one place up or down within its day. */
export async function moveTask(db: Db, coach: Actor, planId: string, taskId: string, direction: "up" | "down"): Promise<void> {
  await db.transaction(async (tx) => {
    await editablePlan(tx, coach, planId);
    const task = await taskOfPlan(tx, planId, taskId);
    const sameDay = await tx
      .select({ id: planTasks.id, position: planTasks.position })
      .from(planTasks)
      .where(and(eq(planTasks.planId, planId), eq(planTasks.day, task.day)))
      .orderBy(asc(planTasks.position));
    const i = sameDay.findIndex((t) => t.id === taskId);
    const j = direction === "up" ? i - 1 : i + 1;
    if (j < 0 || j >= sameDay.length) return;
    const other = sameDay[j]!;
    await tx.update(planTasks).set({ position: other.position }).where(eq(planTasks.id, taskId));
    await tx.update(planTasks).set({ position: task.position }).where(eq(planTasks.id, other.id));
  });
}

export type TargetResult = { status: "saved" } | { status: "confirm"; message: string };

/**
 * A target before the policy's earliest date is refused with the reason; one sooner than the
 * template recommends needs the coach's confirmation.
 */
export async function setTargetDate(
  db: Db,
  coach: Actor,
  planId: string,
  exam: ExamRow,
  targetDate: string,
  confirmEarly: boolean,
  now = new Date(),
): Promise<TargetResult> {
  return db.transaction(async (tx) => {
    const plan = await editablePlan(tx, coach, planId);
    const earliest = await policyEarliestDate(tx, plan.learnerId, exam, now);
    if (earliest.date && targetDate < earliest.date) {
      const msg =
        earliest.date === "9999-12-31"
          ? "The learner passed this exam: no retake before the certification expires."
          : `The retake policy allows the next attempt from ${earliest.date} (${earliest.reason === "attempt-limit" ? "attempt limit for the 12-month window" : "waiting period after a failed attempt"}); choose that date or later.`;
      throw new ActionError("conflict", msg, { targetDate: [msg] });
    }
    const recommended = addDays(plan.startDate, plan.lengthDays);
    if (targetDate < recommended && !confirmEarly) {
      return {
        status: "confirm",
        message: `${targetDate} is ${daysBetween(targetDate, recommended)} day(s) before the end of the ${plan.template === "near-pass" ? "near-pass" : "broad-miss"} schedule (${recommended}). A rushed retake tends to repeat the failure: confirm to keep it.`,
      };
    }
    await tx.update(repairPlans).set({ targetDate, updatedAt: new Date() }).where(eq(repairPlans.id, planId));
    await tx.insert(auditLog).values({ actorId: coach.id, action: "plan.target", entity: "repair_plan", entityId: planId, before: { targetDate: plan.targetDate }, after: { targetDate } });
    return { status: "saved" };
  });
}

/** A task of the learner's own active plan (the learner id is the signed-in user's). */
async function learnerTask(tx: Db, learnerId: string, taskId: string) {
  const [row] = await tx
    .select({ task: planTasks, plan: repairPlans })
    .from(planTasks)
    .innerJoin(repairPlans, eq(repairPlans.id, planTasks.planId))
    .where(and(eq(planTasks.id, taskId), eq(repairPlans.learnerId, learnerId), eq(repairPlans.status, "active")));
  if (!row) throw new ActionError("not-found", "That task is not in your current plan (it may have been removed by your coach).");
  return row;
}

/**
 * Writes only the learner's columns, in one conditional statement: a coach's edit meanwhile is kept.
 * On a plan the learner controls (self-coached) the evidence completes the task at once: nobody
 * reviews it, and the learner may still correct it afterwards.
 */
export async function submitEvidence(db: Db, learner: Actor, taskId: string, evidence: { text: string; link: string | null }): Promise<"done" | "submitted"> {
  const { task, plan } = await learnerTask(db, learner.id, taskId);
  if (plan.controlledBy === "learner") {
    const done = await db
      .update(planTasks)
      .set({ evidenceText: evidence.text, evidenceLink: evidence.link, status: "accepted", submittedAt: new Date(), reviewedBy: null, reviewedAt: new Date(), reviewComment: null })
      .where(and(eq(planTasks.id, taskId), eq(planTasks.planId, plan.id), sql`exists (select 1 from ${repairPlans} where ${repairPlans.id} = ${plan.id} and ${repairPlans.controlledBy} = 'learner' and ${repairPlans.status} = 'active')`))
      .returning({ id: planTasks.id });
    if (!done.length) throw new ActionError("conflict", "This plan changed meanwhile (your coach may have taken it over); reload and try again.");
    await db.insert(auditLog).values({ actorId: learner.id, action: "plan.task.done", entity: "plan_task", entityId: taskId, after: { link: evidence.link } });
    return "done";
  }
  if (task.status === "accepted") throw new ActionError("conflict", "Your coach has already accepted this task.");
  const updated = await db
    .update(planTasks)
    .set({ evidenceText: evidence.text, evidenceLink: evidence.link, status: "submitted", submittedAt: new Date() })
    .where(and(eq(planTasks.id, taskId), ne(planTasks.status, "accepted")))
    .returning({ id: planTasks.id });
  if (!updated.length) throw new ActionError("conflict", "This task changed meanwhile; reload and try again.");
  await db.insert(auditLog).values({ actorId: learner.id, action: "plan.task.submit", entity: "plan_task", entityId: taskId, after: { link: evidence.link } });
  return "submitted";
}

/**
 * The learner's coach takes over a plan the learner made for themselves (before the coach was
 * assigned): from now on the coach edits it and reviews new evidence. Tasks the learner already
 * completed stay done.
 */
export async function takeOverPlan(db: Db, coach: Actor, planId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ plan: repairPlans })
      .from(repairPlans)
      .where(and(eq(repairPlans.id, planId), coachOwnsLearner(coach.id, repairPlans.learnerId)))
      .for("update", { of: repairPlans });
    if (!row) throw notYours();
    assertOpen(row.plan);
    if (row.plan.controlledBy !== "learner") throw new ActionError("conflict", "This plan is already a coach's plan.");
    await tx.update(repairPlans).set({ controlledBy: "coach", coachId: coach.id, updatedAt: new Date() }).where(eq(repairPlans.id, planId));
    await tx.insert(auditLog).values({ actorId: coach.id, action: "plan.takeover", entity: "repair_plan", entityId: planId, before: { controlledBy: "learner" }, after: { controlledBy: "coach", coachId: coach.id } });
  });
}

export async function reviewTask(db: Db, coach: Actor, taskId: string, decision: "accept" | "return", comment: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.select({ planId: planTasks.planId, status: planTasks.status }).from(planTasks).where(eq(planTasks.id, taskId));
    if (!row) throw notYours();
    const plan = await coachPlan(tx, coach.id, row.planId);
    if (row.status !== "submitted") throw new ActionError("conflict", "Only submitted evidence can be reviewed.");
    const reviewedAt = new Date();
    await tx
      .update(planTasks)
      .set({ status: decision === "accept" ? "accepted" : "returned", reviewComment: comment || null, reviewedBy: coach.id, reviewedAt })
      .where(eq(planTasks.id, taskId));
    await tx.insert(auditLog).values({ actorId: coach.id, action: `plan.task.${decision}`, entity: "plan_task", entityId: taskId, after: { comment } });
    if (decision === "return") await scheduleEvidenceReturned(tx, plan.learnerId, taskId, reviewedAt);
  });
}

/**
 * Starts the practice set of a task that is one (only those offer a set: never a review, the
 * logistics or a lab), with the task's own size and draw, and links it to the task: the dress
 * rehearsal and pacing drills are drawn like the exam, a domain's retest toward its domain, the
 * weighted set toward the plan's weak domains, a cycle's retest toward the categories it rebuilt.
 */
export async function startRetestForTask(db: Db, learner: Actor, exam: ExamRow, taskId: string): Promise<string> {
  const { task, plan } = await learnerTask(db, learner.id, taskId);
  const set = taskPracticeSet(task.libraryKey);
  if (!set) throw new ActionError("invalid", "This task is not a practice set: do the work it describes and submit its evidence.");
  if (task.practiceSessionId) return task.practiceSessionId;
  const mode = set.draw === "exam-mix" ? "timed-mixed" : "retest";
  const domains = (set.draw === "task-domain" && task.domain ? [task.domain] : set.draw === "plan-domains" ? plan.weakDomains : []) as DomainKey[];
  const categories = set.draw === "categories" ? task.focusCategories.map((category) => ({ category, weight: 1 })) : undefined;
  const sessionId = await startPractice(
    db,
    learner.id,
    exam,
    { mode, size: set.questions, minutes: set.minutes, focusDomains: [] },
    undefined,
    mode === "retest" ? domains.map((d) => ({ domain: d, weight: 1 })) : undefined,
    categories,
  );
  await db.update(planTasks).set({ practiceSessionId: sessionId }).where(eq(planTasks.id, taskId));
  return sessionId;
}

export interface PlanView {
  plan: RepairPlanRow;
  tasks: (PlanTaskRow & { practice: { status: string; correct: number | null; size: number } | null })[];
}

async function withTasks(db: Db, plan: RepairPlanRow): Promise<PlanView> {
  const tasks = await db.select().from(planTasks).where(eq(planTasks.planId, plan.id)).orderBy(asc(planTasks.day), asc(planTasks.position));
  const sessionIds = tasks.map((t) => t.practiceSessionId).filter((x): x is string => Boolean(x));
  const sessions = sessionIds.length
    ? await db.select({ id: practiceSessions.id, status: practiceSessions.status, correct: practiceSessions.correct, size: practiceSessions.size }).from(practiceSessions).where(inArray(practiceSessions.id, sessionIds))
    : [];
  return { plan, tasks: tasks.map((t) => ({ ...t, practice: sessions.find((s) => s.id === t.practiceSessionId) ?? null })) };
}

/** A self-coached learner's plan to edit: their own draft when there is one, else their own active plan. */
export async function learnerOwnPlan(db: Db, learnerId: string): Promise<PlanView | null> {
  const plans = await db
    .select()
    .from(repairPlans)
    .where(and(eq(repairPlans.learnerId, learnerId), eq(repairPlans.controlledBy, "learner"), inArray(repairPlans.status, ["draft", "active"])))
    .orderBy(desc(repairPlans.createdAt));
  const plan = plans.find((p) => p.status === "draft") ?? plans.find((p) => p.status === "active");
  return plan ? withTasks(db, plan) : null;
}

export async function learnerActivePlan(db: Db, learnerId: string): Promise<PlanView | null> {
  const [plan] = await db.select().from(repairPlans).where(and(eq(repairPlans.learnerId, learnerId), eq(repairPlans.status, "active"))).limit(1);
  return plan ? withTasks(db, plan) : null;
}

/** For the assigned coach: the draft or active plan to work on, and the history of all plans. */
export async function coachPlans(db: Db, coach: Actor, learnerId: string): Promise<{ current: PlanView | null; history: RepairPlanRow[] }> {
  await assertCoachOf(db, coach.id, learnerId);
  const plans = await db.select().from(repairPlans).where(eq(repairPlans.learnerId, learnerId)).orderBy(desc(repairPlans.createdAt));
  const current =
    plans.find((p) => p.status === "draft" && p.coachId === coach.id && p.controlledBy === "coach") ??
    plans.find((p) => p.status === "active") ??
    // A self-coached learner's unstarted draft: the coach sees it and may take it over.
    plans.find((p) => p.status === "draft" && p.controlledBy === "learner") ??
    null;
  return { current: current ? await withTasks(db, current) : null, history: plans };
}

export async function planById(db: Db, planId: string): Promise<PlanView | null> {
  const [plan] = await db.select().from(repairPlans).where(eq(repairPlans.id, planId));
  return plan ? withTasks(db, plan) : null;
}

export function domainLabel(d: string | null): string {
  return d && (DOMAIN_KEYS as readonly string[]).includes(d) ? DOMAIN_SHORT_NAMES[d as DomainKey] : "Mixed";
}
