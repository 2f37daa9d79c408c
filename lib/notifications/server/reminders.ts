import { and, asc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { coachAssignments, examAttempts, exams, planTasks, repairPlans, users } from "@/db/schema";
import { queryRows } from "@/lib/analytics/server/sql";
import { coachOwnsLearner } from "@/lib/auth/server/ownership";
import type { AttemptOutcome } from "@/lib/enums";
import { formatLongDateTime } from "@/lib/format";
import { cancelPending, enqueue, QUEUES } from "@/lib/jobs/server/queue";
import type { MailSettings } from "@/lib/mail/server/settings";
import { addDays, daysBetween } from "@/lib/plans/dates";
import { examPolicy } from "@/lib/exam/server/exams";
import { evaluateRetake } from "@/lib/policy/retake";
import { localDate, localHourOn, nextDailySlot } from "../daily";
import { notify, type Recipient } from "./notifications";

/**
 * Reminders are pg-boss jobs on the "reminder" queue, one per event, each with a singleton key
 * that names it (kind, person, exam or day). Scheduling happens in the transaction of the change
 * that set the date; a change that moves the date first removes the job pending for the old one.
 * A job re-reads the facts when it runs and sends only if they still hold, and what it sends
 * carries a dedupe key, so neither a stale job nor a job run twice can send anything twice.
 */
export type ReminderJob =
  | { kind: "retake-eligible"; learnerId: string; examId: string; at: string }
  | { kind: "plan-today"; learnerId: string; planId: string; date: string }
  | { kind: "coach-digest"; coachId: string; date: string }
  | { kind: "evidence-returned"; learnerId: string; taskId: string; reviewedAt: string }
  | { kind: "readiness-reached"; learnerId: string; examId: string; at: string };

export interface JobContext {
  db: Db;
  settings: MailSettings;
  /** The app's clock (tests move it). */
  now: () => Date;
}

/** A reminder that fails (the database was away) is retried after 30 s, 60 s, 120 s. */
export const REMINDER_RETRY = { retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 } as const;

const keys = {
  retake: (learnerId: string, examId: string) => `retake-eligible:${learnerId}:${examId}`,
  planPrefix: (learnerId: string) => `plan-today:${learnerId}:`,
  digestPrefix: (coachId: string) => `coach-digest:${coachId}:`,
};

async function schedule(db: Db, job: ReminderJob, singletonKey: string, startAfter?: Date): Promise<void> {
  await enqueue(db, QUEUES.reminder, job, { singletonKey, startAfter, ...REMINDER_RETRY });
}

// ---------------------------------------------------------------------------------------------
// Scheduling: called by the services in the transaction of the change
// ---------------------------------------------------------------------------------------------

async function retakeDecision(db: Db, learnerId: string, examId: string, now: Date) {
  const [exam] = await db.select({ policy: exams.policy }).from(exams).where(eq(exams.id, examId));
  if (!exam) return null;
  const attempts = await db
    .select({ takenAt: examAttempts.takenAt, outcome: examAttempts.outcome, certExpiresAt: examAttempts.certExpiresAt })
    .from(examAttempts)
    .where(and(eq(examAttempts.learnerId, learnerId), eq(examAttempts.examId, examId)))
    .orderBy(asc(examAttempts.takenAt));
  const latest = attempts.at(-1);
  if (!latest || latest.outcome === "pass") return null;
  return evaluateRetake({ attempts, now, policy: examPolicy(exam) });
}

/**
 * After any change to a learner's attempts at an exam: the "you may sit again" reminder is set to
 * the policy's earliest instant, replacing the one pending for the old instant (or removed when
 * there is no wait left: a pass, no attempts, a wait already over).
 */
export async function scheduleRetakeReminder(db: Db, learnerId: string, examId: string, now = new Date()): Promise<Date | null> {
  const key = keys.retake(learnerId, examId);
  await cancelPending(db, QUEUES.reminder, { key });
  const decision = await retakeDecision(db, learnerId, examId, now);
  const at = decision?.earliestAt;
  if (!at || at.getTime() <= now.getTime()) return null;
  await schedule(db, { kind: "retake-eligible", learnerId, examId, at: at.toISOString() }, key, at);
  return at;
}

/** The next 07:00 (learner's zone) that falls within the learner's active plan, or null. */
async function nextPlanSlot(db: Db, learnerId: string, after: Date) {
  const [row] = await db
    .select({ planId: repairPlans.id, startDate: repairPlans.startDate, lengthDays: repairPlans.lengthDays, tz: users.timeZone, active: users.active })
    .from(repairPlans)
    .innerJoin(users, eq(users.id, repairPlans.learnerId))
    .where(and(eq(repairPlans.learnerId, learnerId), eq(repairPlans.status, "active")))
    .limit(1);
  if (!row || !row.active) return null;
  let slot = nextDailySlot(after, row.tz);
  if (slot.date < row.startDate) slot = { date: row.startDate, at: localHourOn(row.startDate, row.tz) };
  const lastDay = addDays(row.startDate, row.lengthDays - 1);
  if (slot.date > lastDay) return null;
  return { planId: row.planId, ...slot };
}

/**
 * After a learner's plan changed (a new plan assigned, the active one replaced or closed): the
 * pending "today's tasks" reminder is replaced by one for the next 07:00 of the current plan.
 */
export async function schedulePlanReminders(db: Db, learnerId: string, now = new Date()): Promise<Date | null> {
  await cancelPending(db, QUEUES.reminder, { keyPrefix: keys.planPrefix(learnerId) });
  const slot = await nextPlanSlot(db, learnerId, now);
  if (!slot) return null;
  await schedule(db, { kind: "plan-today", learnerId, planId: slot.planId, date: slot.date }, `${keys.planPrefix(learnerId)}${slot.date}`, slot.at);
  return slot.at;
}

/** The coach's next daily digest (07:00 in the coach's zone); an equal pending job is kept. */
export async function scheduleCoachDigest(db: Db, coachId: string, now = new Date()): Promise<Date | null> {
  const [coach] = await db.select({ tz: users.timeZone, active: users.active, role: users.role }).from(users).where(eq(users.id, coachId));
  if (!coach || !coach.active || coach.role !== "coach") return null;
  const slot = nextDailySlot(now, coach.tz);
  await schedule(db, { kind: "coach-digest", coachId, date: slot.date }, `${keys.digestPrefix(coachId)}${slot.date}`, slot.at);
  return slot.at;
}

/** The coach sent a task's evidence back: the learner hears of it now. */
export async function scheduleEvidenceReturned(db: Db, learnerId: string, taskId: string, reviewedAt: Date): Promise<void> {
  const at = reviewedAt.toISOString();
  await schedule(db, { kind: "evidence-returned", learnerId, taskId, reviewedAt: at }, `evidence-returned:${taskId}:${at}`);
}

/**
 * Readiness reached (two consecutive qualifying practice sets with mostly edge-case misses): the
 * learner hears of it now. For the readiness computation to call when it finds the signal; `at`
 * is the instant of the set that completed it, so the same signal never notifies twice.
 */
export async function notifyReadinessReached(db: Db, learnerId: string, examId: string, at: Date): Promise<void> {
  const iso = at.toISOString();
  await schedule(db, { kind: "readiness-reached", learnerId, examId, at: iso }, `readiness-reached:${learnerId}:${examId}:${iso}`);
}

/**
 * After a practice set is submitted (in its transaction): when that very set completed the
 * readiness streak, the learner hears of it. Later sets while readiness holds say nothing new.
 */
export async function notifyIfReadinessReached(db: Db, learnerId: string, examId: string, submittedAt: Date | null): Promise<boolean> {
  if (!submittedAt) return false;
  const { learnerReadiness } = await import("@/lib/readiness/server/readiness");
  const report = await learnerReadiness(db, learnerId, examId);
  if (!report.ready || report.readyAt?.getTime() !== submittedAt.getTime()) return false;
  await notifyReadinessReached(db, learnerId, examId, report.readyAt);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Running a reminder
// ---------------------------------------------------------------------------------------------

export type ReminderOutcome = "sent" | "nothing-to-say" | "stale" | "deferred" | "skipped";

async function recipient(db: Db, id: string, role: "learner" | "coach"): Promise<Recipient | null> {
  const [u] = await db.select({ id: users.id, email: users.email, name: users.name, timeZone: users.timeZone, active: users.active, role: users.role }).from(users).where(eq(users.id, id));
  if (!u || !u.active || u.role !== role) return null;
  return { id: u.id, email: u.email, name: u.name, timeZone: u.timeZone };
}

function zoneNote(tz: string): string {
  return tz === "UTC" ? "UTC" : `${tz} time`;
}

async function runRetakeEligible(ctx: JobContext, tx: Db, job: Extract<ReminderJob, { kind: "retake-eligible" }>): Promise<ReminderOutcome> {
  const now = ctx.now();
  const at = new Date(job.at);
  const decision = await retakeDecision(tx, job.learnerId, job.examId, now);
  // The history changed since this job was queued (its replacement carries the new instant).
  if (!decision?.earliestAt || decision.earliestAt.getTime() !== at.getTime()) return "stale";
  if (now.getTime() < at.getTime()) {
    // The app's clock is behind the database's: wait for the exact instant.
    await schedule(tx, job, keys.retake(job.learnerId, job.examId), at);
    return "deferred";
  }
  const to = await recipient(tx, job.learnerId, "learner");
  if (!to) return "skipped";
  const [exam] = await tx.select({ code: exams.code }).from(exams).where(eq(exams.id, job.examId));
  const when = `${formatLongDateTime(at, to.timeZone)} (${zoneNote(to.timeZone)})`;
  await notify(tx, ctx.settings, {
    to,
    kind: "retake-eligible",
    dedupeKey: `retake-eligible:${job.learnerId}:${job.examId}:${job.at}`,
    title: `You may sit ${exam?.code ?? "the exam"} again`,
    body: `The retake policy's wait ended on ${when}. Check the recommended date before you book.`,
    href: "/learn/status",
    mail: {
      subject: `You may sit ${exam?.code ?? "the exam"} again`,
      paragraphs: [
        `The retake policy's wait is over: you may sit ${exam?.code ?? "the exam"} again from ${when}.`,
        "Being allowed is not the same as being ready: your status page shows the recommended date and why.",
      ],
      actionLabel: "Open your retake status",
    },
  });
  return "sent";
}

async function runPlanToday(ctx: JobContext, tx: Db, job: Extract<ReminderJob, { kind: "plan-today" }>): Promise<ReminderOutcome> {
  const now = ctx.now();
  const to = await recipient(tx, job.learnerId, "learner");
  if (!to) return "skipped";
  const [plan] = await tx.select().from(repairPlans).where(eq(repairPlans.id, job.planId));
  if (!plan || plan.status !== "active" || plan.learnerId !== job.learnerId) return "stale";
  const slotAt = localHourOn(job.date, to.timeZone);
  if (now.getTime() < slotAt.getTime()) {
    // Early (clock skew, or the learner moved to a zone further west): wait for 07:00 there.
    await schedule(tx, job, `${keys.planPrefix(job.learnerId)}${job.date}`, slotAt);
    return "deferred";
  }
  let outcome: ReminderOutcome = "nothing-to-say";
  // A day already over in the learner's zone (the workers were down) is not "today" any more.
  if (localDate(now, to.timeZone) === job.date) {
    const day = daysBetween(plan.startDate, job.date) + 1;
    const tasks = await tx
      .select({ title: planTasks.title, status: planTasks.status })
      .from(planTasks)
      .where(and(eq(planTasks.planId, plan.id), eq(planTasks.day, day), inArray(planTasks.status, ["todo", "returned"])))
      .orderBy(asc(planTasks.position));
    if (tasks.length) {
      const lines = tasks.map((t) => (t.status === "returned" ? `${t.title} (sent back by your coach)` : t.title));
      await notify(tx, ctx.settings, {
        to,
        kind: "plan-today",
        dedupeKey: `plan-today:${job.learnerId}:${job.date}`,
        title: `Today's plan: ${tasks.length} task${tasks.length === 1 ? "" : "s"}`,
        body: lines.join(" · "),
        href: "/learn/plan",
        mail: {
          subject: `Today's plan, day ${day}: ${tasks.length} task${tasks.length === 1 ? "" : "s"}`,
          paragraphs: [`Day ${day} of your repair plan (${job.date}) has ${tasks.length} task${tasks.length === 1 ? "" : "s"} left:`],
          items: lines,
          actionLabel: "Open today's plan",
        },
      });
      outcome = "sent";
    }
  }
  const next = await nextPlanSlot(tx, job.learnerId, slotAt);
  if (next) await schedule(tx, { kind: "plan-today", learnerId: job.learnerId, planId: next.planId, date: next.date }, `${keys.planPrefix(job.learnerId)}${next.date}`, next.at);
  return outcome;
}

export interface DigestContent {
  evidence: { learner: string; count: number }[];
  attempts: { learner: string; outcome: AttemptOutcome; score: number | null }[];
}

/** What a coach's digest for the 24 hours before `until` says: evidence waiting now, attempts recorded in the window. */
export async function digestContent(db: Db, coachId: string, since: Date, until: Date): Promise<DigestContent> {
  const evidence = await queryRows<{ learner: string; count: number }>(
    db,
    sql`select u.name as learner, count(*)::int as count
        from ${planTasks} t
        join ${repairPlans} p on p.id = t.plan_id and p.status = 'active'
        join ${users} u on u.id = p.learner_id and u.active
        where t.status = 'submitted' and ${coachOwnsLearner(coachId, sql`p.learner_id`)}
        group by u.name order by u.name`,
  );
  const attempts = await db
    .select({ learner: users.name, outcome: examAttempts.outcome, score: examAttempts.score })
    .from(examAttempts)
    .innerJoin(users, and(eq(users.id, examAttempts.learnerId), eq(users.active, true)))
    .where(and(gte(examAttempts.createdAt, since), lt(examAttempts.createdAt, until), coachOwnsLearner(coachId, examAttempts.learnerId)))
    .orderBy(asc(users.name), asc(examAttempts.takenAt));
  return { evidence, attempts };
}

const OUTCOME_TEXT: Record<AttemptOutcome, string> = { pass: "passed", fail: "did not pass", "no-show": "no-show" };

async function runCoachDigest(ctx: JobContext, tx: Db, job: Extract<ReminderJob, { kind: "coach-digest" }>): Promise<ReminderOutcome> {
  const now = ctx.now();
  const to = await recipient(tx, job.coachId, "coach");
  if (!to) return "skipped";
  const until = localHourOn(job.date, to.timeZone);
  if (now.getTime() < until.getTime()) {
    await schedule(tx, job, `${keys.digestPrefix(job.coachId)}${job.date}`, until);
    return "deferred";
  }
  const since = localHourOn(addDays(job.date, -1), to.timeZone);
  const { evidence, attempts } = await digestContent(tx, job.coachId, since, until);
  let outcome: ReminderOutcome = "nothing-to-say";
  if (evidence.length || attempts.length) {
    const waiting = evidence.reduce((n, e) => n + e.count, 0);
    const items = [
      ...evidence.map((e) => `${e.learner}: ${e.count} piece${e.count === 1 ? "" : "s"} of evidence to review`),
      ...attempts.map((a) => `${a.learner} recorded an attempt: ${OUTCOME_TEXT[a.outcome]}${a.score ? `, ${a.score}` : ""}`),
    ];
    const summary = [
      waiting ? `${waiting} piece${waiting === 1 ? "" : "s"} of evidence waiting` : null,
      attempts.length ? `${new Set(attempts.map((a) => a.learner)).size} learner${new Set(attempts.map((a) => a.learner)).size === 1 ? "" : "s"} with a new attempt` : null,
    ]
      .filter(Boolean)
      .join(", ");
    await notify(tx, ctx.settings, {
      to,
      kind: "coach-digest",
      dedupeKey: `coach-digest:${job.coachId}:${job.date}`,
      title: `Your coaching digest: ${summary}`,
      body: items.join(" · "),
      href: "/coach",
      mail: {
        subject: `Coaching digest for ${job.date}: ${summary}`,
        paragraphs: [`Since ${formatLongDateTime(since, to.timeZone)} (${zoneNote(to.timeZone)}):`],
        items,
        actionLabel: "Open your learners",
      },
    });
    outcome = "sent";
  }
  const next = nextDailySlot(until, to.timeZone);
  await schedule(tx, { kind: "coach-digest", coachId: job.coachId, date: next.date }, `${keys.digestPrefix(job.coachId)}${next.date}`, next.at);
  return outcome;
}

async function runEvidenceReturned(ctx: JobContext, tx: Db, job: Extract<ReminderJob, { kind: "evidence-returned" }>): Promise<ReminderOutcome> {
  const to = await recipient(tx, job.learnerId, "learner");
  if (!to) return "skipped";
  const [task] = await tx
    .select({ title: planTasks.title, status: planTasks.status, comment: planTasks.reviewComment, reviewedAt: planTasks.reviewedAt, learnerId: repairPlans.learnerId })
    .from(planTasks)
    .innerJoin(repairPlans, eq(repairPlans.id, planTasks.planId))
    .where(eq(planTasks.id, job.taskId));
  // Resubmitted or reviewed again since: this return is no longer news.
  if (!task || task.learnerId !== job.learnerId || task.status !== "returned" || task.reviewedAt?.toISOString() !== job.reviewedAt) return "stale";
  await notify(tx, ctx.settings, {
    to,
    kind: "evidence-returned",
    dedupeKey: `evidence-returned:${job.taskId}:${job.reviewedAt}`,
    title: `Evidence returned: ${task.title}`,
    body: task.comment ? `Your coach wrote: ${task.comment}` : "Your coach sent it back without a comment.",
    href: "/learn/plan",
    mail: {
      subject: `Your coach returned your evidence for "${task.title}"`,
      paragraphs: [`Your coach sent back the evidence for "${task.title}" on ${formatLongDateTime(new Date(job.reviewedAt), to.timeZone)} (${zoneNote(to.timeZone)}).`, task.comment ? `Their comment: ${task.comment}` : "They left no comment."],
      actionLabel: "Open your plan",
    },
  });
  return "sent";
}

async function runReadinessReached(ctx: JobContext, tx: Db, job: Extract<ReminderJob, { kind: "readiness-reached" }>): Promise<ReminderOutcome> {
  const to = await recipient(tx, job.learnerId, "learner");
  if (!to) return "skipped";
  const [exam] = await tx.select({ code: exams.code }).from(exams).where(eq(exams.id, job.examId));
  await notify(tx, ctx.settings, {
    to,
    kind: "readiness-reached",
    dedupeKey: `readiness-reached:${job.learnerId}:${job.examId}:${job.at}`,
    title: `Ready for ${exam?.code ?? "the exam"}`,
    body: "Your last two qualifying practice sets missed mostly edge cases: the readiness signal.",
    href: "/learn/status",
    mail: {
      subject: `Your practice says you are ready for ${exam?.code ?? "the exam"}`,
      paragraphs: [
        `On ${formatLongDateTime(new Date(job.at), to.timeZone)} (${zoneNote(to.timeZone)}) your second qualifying practice set in a row missed mostly edge cases, not core workflows.`,
        "Your status page shows the recommended retake date with this in mind.",
      ],
      actionLabel: "Open your retake status",
    },
  });
  return "sent";
}

/** Runs one reminder job in one transaction: its notification, its mail and its follow-up job commit together. */
export async function runReminder(ctx: JobContext, job: ReminderJob): Promise<ReminderOutcome> {
  return ctx.db.transaction(async (tx) => {
    switch (job.kind) {
      case "retake-eligible":
        return runRetakeEligible(ctx, tx, job);
      case "plan-today":
        return runPlanToday(ctx, tx, job);
      case "coach-digest":
        return runCoachDigest(ctx, tx, job);
      case "evidence-returned":
        return runEvidenceReturned(ctx, tx, job);
      case "readiness-reached":
        return runReadinessReached(ctx, tx, job);
      default:
        return "skipped";
    }
  });
}

// ---------------------------------------------------------------------------------------------
// The sweep: jobs that should exist and do not (data from before this feature, a coach newly
// assigned, a plan activated by a path without a hook) are scheduled. Runs at worker start and
// every 15 minutes (pg-boss cron, once across all instances); every step is idempotent.
// ---------------------------------------------------------------------------------------------

const pendingWithPrefix = (prefix: ReturnType<typeof sql>) =>
  sql`exists (select 1 from pgboss.job j where j.name = ${QUEUES.reminder} and j.state in ('created', 'retry', 'active') and starts_with(j.singleton_key, ${prefix}))`;

export async function sweepReminders(ctx: JobContext): Promise<{ coaches: number; plans: number; retakes: number }> {
  const now = ctx.now();
  const db = ctx.db;
  const coaches = await queryRows<{ id: string }>(
    db,
    sql`select distinct u.id from ${users} u join ${coachAssignments} ca on ca.coach_id = u.id
        where u.role = 'coach' and u.active and not ${pendingWithPrefix(sql`'coach-digest:' || u.id::text || ':'`)}`,
  );
  for (const c of coaches) await scheduleCoachDigest(db, c.id, now);
  const plans = await queryRows<{ learner_id: string }>(
    db,
    sql`select p.learner_id from ${repairPlans} p join ${users} u on u.id = p.learner_id and u.active
        where p.status = 'active' and not ${pendingWithPrefix(sql`'plan-today:' || p.learner_id::text || ':'`)}`,
  );
  let planCount = 0;
  for (const p of plans) if (await db.transaction((tx) => schedulePlanReminders(tx, p.learner_id, now))) planCount++;
  const waits = await queryRows<{ learner_id: string; exam_id: string }>(
    db,
    sql`select s.learner_id, s.exam_id from learner_exam_stats s join ${users} u on u.id = s.learner_id and u.active
        where s.latest_outcome in ('fail', 'no-show') and s.eligible_at > ${now.toISOString()}::timestamptz
          and not ${pendingWithPrefix(sql`'retake-eligible:' || s.learner_id::text || ':' || s.exam_id::text`)}`,
  );
  let retakes = 0;
  for (const w of waits) if (await db.transaction((tx) => scheduleRetakeReminder(tx, w.learner_id, w.exam_id, now))) retakes++;
  return { coaches: coaches.length, plans: planCount, retakes };
}
