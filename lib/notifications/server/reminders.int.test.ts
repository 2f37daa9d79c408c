import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

// The unsubscribe endpoint verifies tokens with the app's secret: the same one the mails are signed with here.
vi.hoisted(() => {
  process.env.AUTH_SECRET = "reminders-test-secret-0123456789abcdef";
});
import { useDatabaseForTests, type DbHandle } from "@/db/client";
import { coachAssignments, examAttempts, mailOutbox, notifications, planTasks, practiceItems, questions, repairPlans, users, type ExamRow } from "@/db/schema";
import { deleteAttempt, recordAttempt, updateAttempt } from "@/lib/attempts/server/attempts";
import { getExamByCode } from "@/lib/exam/server/exams";
import { DOMAIN_KEYS } from "@/lib/exam/az104";
import { pendingJobs, QUEUES } from "@/lib/jobs/server/queue";
import { smtpTransport } from "@/lib/mail/server/outbox";
import type { MailSettings } from "@/lib/mail/server/settings";
import { verifyUnsubscribe } from "@/lib/mail/unsubscribe-token";
import { seedReferenceData } from "@/lib/reference/server/sync";
import { assignPlan, createDraftPlan, reviewTask, submitEvidence } from "@/lib/plans/server/repair-plans";
import type { AttemptInput } from "@/lib/validation/attempt";
import { createTestDatabase, ENGINE } from "@/test/db";
import { deliverDueMail, runDueReminders } from "@/test/jobs";
import { startSmtpServer, type TestSmtpServer } from "@/test/smtp";
import { scheduleCoachDigest, type JobContext } from "./reminders";
import { setPreference } from "./notifications";

const SECRET = "reminders-test-secret-0123456789abcdef";
const settings: MailSettings = { smtp: true, origin: "https://coach.example", secret: SECRET, from: "Retake Coach <no-reply@coach.example>" };

let h: DbHandle;
let exam: ExamRow;
let smtp: TestSmtpServer;
let transport: ReturnType<typeof smtpTransport>;
const ctx = (): JobContext => ({ db: h.db, settings, now: () => new Date() });
/**
 * Moves the fake clock on by a second. A job enqueued "now" is handed out once start_after <
 * now(), and on PGlite now() is the (frozen) fake clock: without a tick it would never be due.
 */
const tick = () => vi.setSystemTime(new Date(Date.now() + 1000));

function failInput(takenAt: Date): AttemptInput {
  return {
    takenAt,
    outcome: "fail",
    score: 612,
    readings: DOMAIN_KEYS.map((domain, i) => ({ domain, bar: 40 + i * 8 })),
    hardestDomains: [],
    slowItemTypes: [],
    misreadCategories: [],
    misreadNotes: "",
    notes: "",
    certExpiresAt: null,
  };
}

async function person(email: string, name: string, role: "learner" | "coach", timeZone: string) {
  const [u] = await h.db.insert(users).values({ email, name, role, timeZone, passwordHash: "x" }).returning();
  return u!;
}

beforeAll(async () => {
  h = await createTestDatabase();
  useDatabaseForTests(h); // for the unsubscribe route handler
  await seedReferenceData(h.db);
  exam = await getExamByCode(h.db, "AZ-104");
  smtp = await startSmtpServer();
  transport = smtpTransport(smtp.url);
}, 120_000);
afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => {
  (transport as unknown as { close?: () => void }).close?.();
  await smtp?.close();
  await h?.close();
});

describe(`reminders on the job queue (${ENGINE})`, () => {
  it('sends "you may sit again" at the policy\'s exact instant, in the learner\'s zone, with a working unsubscribe', async () => {
    // A first failed attempt in New York the evening before the spring-forward change: the
    // 24-hour wait is 24 real hours, so it ends at 20:30 EDT on the next day (not 19:30).
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-03-08T00:45:00Z"));
    const kim = await person("kim@example.com", "Kim Novak", "learner", "America/New_York");
    const takenAt = new Date("2026-03-08T00:30:00Z"); // 19:30 EST on 7 March
    await recordAttempt(h.db, { id: kim.id, timeZone: kim.timeZone }, exam, failInput(takenAt));
    const due = new Date(takenAt.getTime() + 86_400_000);

    const [job, ...others] = await pendingJobs(h.db, QUEUES.reminder, `retake-eligible:${kim.id}:`);
    expect(others).toEqual([]);
    expect(job!.startAfter.toISOString()).toBe(due.toISOString());

    // One millisecond early: nothing is sent. (On PGlite the database shares the fake clock and
    // does not hand the job out yet; on Postgres it does, and the job waits for the instant.)
    vi.setSystemTime(new Date(due.getTime() - 1));
    expect((await runDueReminders(ctx())).map((r) => r.outcome)).toEqual(ENGINE === "pglite" ? [] : ["deferred"]);
    expect(await deliverDueMail(h.db, transport)).toBe(0);
    expect(smtp.messages).toHaveLength(0);

    // pg-boss hands a job out once start_after < now(): the first millisecond after the instant.
    vi.setSystemTime(new Date(due.getTime() + 1));
    expect((await runDueReminders(ctx())).map((r) => r.outcome)).toEqual(["sent"]);
    tick();
    expect(await deliverDueMail(h.db, transport)).toBe(1);
    const mail = smtp.messages.at(-1)!;
    expect(mail.to).toEqual(["kim@example.com"]);
    expect(mail.subject).toBe("You may sit AZ-104 again");
    expect(mail.text).toMatch(/^Hello Kim Novak,/);
    expect(mail.text).toContain("Sunday, 8 March 2026 at 20:30 (America/New_York time)");
    expect(mail.text).toContain("https://coach.example/learn/status");
    expect(mail.html).toContain("Sunday, 8 March 2026 at 20:30");
    const oneClick = /^<(https:\/\/coach\.example\/api\/unsubscribe\?token=([^>]+))>$/.exec(mail.headers["list-unsubscribe"] ?? "");
    expect(oneClick).not.toBeNull();
    expect(mail.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    expect(verifyUnsubscribe(SECRET, decodeURIComponent(oneClick![2]!))).toEqual({ userId: kim.id, kind: "retake-eligible" });
    expect(mail.text).toContain(`https://coach.example/unsubscribe?token=${oneClick![2]}`);

    // The in-app list has it too, and running the queue again sends nothing more.
    const inApp = await h.db.select().from(notifications).where(eq(notifications.userId, kim.id));
    expect(inApp.map((n) => n.title)).toEqual(["You may sit AZ-104 again"]);
    expect(await runDueReminders(ctx())).toEqual([]);
  });

  it("stops a kind's email through the one-click link of a mail that arrived, and keeps its in-app notice", async () => {
    const { POST } = await import("@/app/api/unsubscribe/route");
    const { NextRequest } = await import("next/server");
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-04-01T10:00:00Z"));
    const uma = await person("uma@example.com", "Uma Unsub", "learner", "Asia/Kolkata");
    const actor = { id: uma.id, timeZone: uma.timeZone };
    await recordAttempt(h.db, actor, exam, failInput(new Date("2026-04-01T09:00:00Z")));
    vi.setSystemTime(new Date("2026-04-02T09:00:01Z"));
    await runDueReminders(ctx());
    tick();
    await deliverDueMail(h.db, transport);
    const mail = smtp.messages.find((m) => m.to[0] === "uma@example.com")!;
    expect(mail.text).toContain("(Asia/Kolkata time)");
    const url = /^<(.+)>$/.exec(mail.headers["list-unsubscribe"]!)![1]!;

    // What a mail client does with List-Unsubscribe-Post (RFC 8058).
    const res = await POST(new NextRequest(url, { method: "POST", body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } }));
    expect(res.status).toBe(200);

    // The next wait ends: the learner is told in the app, and no mail is composed.
    await recordAttempt(h.db, actor, exam, failInput(new Date("2026-04-03T09:00:00Z")));
    vi.setSystemTime(new Date("2026-04-17T09:00:01Z"));
    const mailsBefore = (await h.db.select().from(mailOutbox).where(eq(mailOutbox.userId, uma.id))).length;
    const results = await runDueReminders(ctx());
    expect(results.filter((r) => r.job.kind === "retake-eligible" && (r.job as { learnerId: string }).learnerId === uma.id).map((r) => r.outcome)).toContain("sent");
    expect((await h.db.select().from(mailOutbox).where(eq(mailOutbox.userId, uma.id))).length).toBe(mailsBefore);
    expect((await h.db.select().from(notifications).where(eq(notifications.userId, uma.id))).length).toBe(2);
  });

  it("replaces the pending reminder when an attempt moves and removes it when the wait goes away", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const now = new Date("2026-06-10T12:00:00Z");
    vi.setSystemTime(now);
    const lee = await person("lee@example.com", "Lee Park", "learner", "Europe/Berlin");
    const actor = { id: lee.id, timeZone: lee.timeZone };
    const first = await recordAttempt(h.db, actor, exam, failInput(new Date("2026-06-01T09:00:00Z")));
    // The first wait (24 h) is long over: nothing to remind of.
    expect(await pendingJobs(h.db, QUEUES.reminder, `retake-eligible:${lee.id}:`)).toEqual([]);
    const second = await recordAttempt(h.db, actor, exam, failInput(new Date("2026-06-10T08:00:00Z")));
    let jobs = await pendingJobs(h.db, QUEUES.reminder, `retake-eligible:${lee.id}:`);
    expect(jobs.map((j) => j.startAfter.toISOString())).toEqual(["2026-06-24T08:00:00.000Z"]);

    // Edited to an hour later: the one pending job now carries the new instant.
    await updateAttempt(h.db, actor, exam, second, failInput(new Date("2026-06-10T09:00:00Z")));
    jobs = await pendingJobs(h.db, QUEUES.reminder, `retake-eligible:${lee.id}:`);
    expect(jobs.map((j) => [j.startAfter.toISOString(), j.data.at])).toEqual([["2026-06-24T09:00:00.000Z", "2026-06-24T09:00:00.000Z"]]);

    // Deleted: no wait is left, so no reminder either; and a job that ran late from the old date would be stale.
    await deleteAttempt(h.db, actor, second);
    expect(await pendingJobs(h.db, QUEUES.reminder, `retake-eligible:${lee.id}:`)).toEqual([]);
    void first;
  });

  it("sends a coach's digest at 07:00 in the coach's zone with evidence waiting and new attempts, and nothing on an empty day", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-10-23T12:00:00Z"));
    const coach = await person("coach@example.com", "Casey Coach", "coach", "Europe/Berlin");
    const ana = await person("ana@example.com", "Ana Learner", "learner", "Europe/Berlin");
    await h.db.insert(coachAssignments).values({ coachId: coach.id, learnerId: ana.id });

    // Friday 23 October: the next digest is Saturday 24 October, 07:00 CEST (05:00 UTC).
    expect((await scheduleCoachDigest(h.db, coach.id))?.toISOString()).toBe("2026-10-24T05:00:00.000Z");
    // Ana records an attempt on Friday afternoon (in the window of Saturday's digest).
    const anaAttempt = await recordAttempt(h.db, { id: ana.id, timeZone: ana.timeZone }, exam, failInput(new Date("2026-10-23T11:00:00Z")));
    // Recorded an hour after the exam. (created_at comes from the database clock, which is the
    // real one on Postgres: set it to the fake day the test plays.)
    await h.db.update(examAttempts).set({ createdAt: new Date("2026-10-23T12:00:00Z") }).where(eq(examAttempts.id, anaAttempt));

    vi.setSystemTime(new Date("2026-10-24T05:00:01Z"));
    const sentBefore = smtp.messages.length;
    const results = await runDueReminders(ctx());
    expect(results.filter((r) => r.job.kind === "coach-digest" && r.outcome !== "deferred").map((r) => r.outcome)).toEqual(["sent"]);
    tick();
    await deliverDueMail(h.db, transport);
    const digest = smtp.messages.slice(sentBefore).find((m) => m.to[0] === "coach@example.com")!;
    expect(digest.subject).toMatch(/^Coaching digest for 2026-10-24: 1 learner with a new attempt/);
    expect(digest.text).toContain("Hello Casey Coach,");
    expect(digest.text).toContain("- Ana Learner recorded an attempt: did not pass, 612");
    expect(digest.text).toContain("Since Friday, 23 October 2026 at 07:00 (Europe/Berlin time)");

    // The next digest is Sunday 25 October at 07:00 CET: the clocks went back overnight, so 06:00 UTC.
    const next = await pendingJobs(h.db, QUEUES.reminder, `coach-digest:${coach.id}:`);
    expect(next.map((j) => [j.data.date, j.startAfter.toISOString()])).toEqual([["2026-10-25", "2026-10-25T06:00:00.000Z"]]);

    // Sunday has nothing to say (no evidence, no attempt since Saturday 07:00): no mail, no notification.
    vi.setSystemTime(new Date("2026-10-25T06:00:01Z"));
    const coachMails = async () => (await h.db.select().from(mailOutbox).where(eq(mailOutbox.userId, coach.id))).length;
    const mailsBefore = await coachMails();
    const sunday = await runDueReminders(ctx());
    expect(sunday.filter((r) => r.job.kind === "coach-digest" && r.job.date === "2026-10-25").map((r) => r.outcome)).toEqual(["nothing-to-say"]);
    expect(await coachMails()).toBe(mailsBefore);
    expect((await h.db.select().from(notifications).where(eq(notifications.userId, coach.id))).length).toBe(1);
  });

  it("reminds of today's plan tasks at 07:00 local, tells the learner when evidence comes back, and honours an opt-out", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-02T10:00:00Z"));
    const coach = await person("coach2@example.com", "Robin Coach", "coach", "UTC");
    const mo = await person("mo@example.com", "Mo Learner", "learner", "Asia/Tokyo");
    await h.db.insert(coachAssignments).values({ coachId: coach.id, learnerId: mo.id });
    await recordAttempt(h.db, { id: mo.id, timeZone: mo.timeZone }, exam, failInput(new Date("2026-11-01T01:00:00Z")));
    const planId = await createDraftPlan(h.db, { id: coach.id }, mo.id, exam, { startDate: "2026-11-03" });
    await assignPlan(h.db, { id: coach.id }, planId);
    // The plan starts on 3 November: its first reminder is 07:00 Tokyo time that day (22:00 UTC the day before).
    const jobs = await pendingJobs(h.db, QUEUES.reminder, `plan-today:${mo.id}:`);
    expect(jobs.map((j) => [j.data.date, j.startAfter.toISOString()])).toEqual([["2026-11-03", "2026-11-02T22:00:00.000Z"]]);

    vi.setSystemTime(new Date("2026-11-02T22:00:01Z"));
    const day1 = await h.db.select().from(planTasks).where(and(eq(planTasks.planId, planId), eq(planTasks.day, 1)));
    const results = await runDueReminders(ctx());
    // (On Postgres the next day's job is due by the real clock too: it defers itself to its 07:00.)
    expect(results.filter((r) => r.job.kind === "plan-today" && r.outcome !== "deferred").map((r) => [(r.job as { date?: string }).date, r.outcome])).toEqual([["2026-11-03", "sent"]]);
    const [note] = await h.db.select().from(notifications).where(and(eq(notifications.userId, mo.id), eq(notifications.kind, "plan-today")));
    expect(note!.title).toBe(`Today's plan: ${day1.length} task${day1.length === 1 ? "" : "s"}`);
    expect(note!.body).toContain(day1[0]!.title);
    expect((await pendingJobs(h.db, QUEUES.reminder, `plan-today:${mo.id}:`)).map((j) => j.data.date)).toEqual(["2026-11-04"]);

    // Evidence submitted and sent back: the learner is told, with the coach's comment.
    await submitEvidence(h.db, { id: mo.id }, day1[0]!.id, { text: "I rebuilt the lab and wrote it up.", link: null });
    await reviewTask(h.db, { id: coach.id }, day1[0]!.id, "return", "Add the effective routes output, please.");
    tick();
    const back = await runDueReminders(ctx());
    // (Other people's jobs are due by Postgres's real clock too: only this learner's count here.)
    expect(back.filter((r) => r.job.kind !== "coach-digest" && r.outcome !== "deferred").map((r) => [r.job.kind, r.outcome])).toEqual([["evidence-returned", "sent"]]);
    const before = smtp.messages.length;
    tick();
    await deliverDueMail(h.db, transport);
    const returned = smtp.messages.slice(before).find((m) => m.subject.startsWith("Your coach returned"))!;
    expect(returned.text).toContain("Their comment: Add the effective routes output, please.");
    expect(returned.text).toContain("Hello Mo Learner,");

    // Opting out of "today's plan" emails: the next morning brings the in-app entry only.
    await setPreference(h.db, mo.id, "plan-today", { email: false });
    vi.setSystemTime(new Date("2026-11-03T22:00:01Z"));
    const mails = (await h.db.select().from(mailOutbox).where(eq(mailOutbox.userId, mo.id))).length;
    const day2 = await runDueReminders(ctx());
    const outcome = day2.find((r) => r.job.kind === "plan-today" && "date" in r.job && r.job.date === "2026-11-04" && r.outcome !== "deferred")!.outcome;
    const notes = await h.db.select().from(notifications).where(and(eq(notifications.userId, mo.id), eq(notifications.kind, "plan-today")));
    expect((await h.db.select().from(mailOutbox).where(eq(mailOutbox.userId, mo.id))).length).toBe(mails);
    expect(notes.length).toBe(outcome === "sent" ? 2 : 1);
  });

  it("keeps a mail that SMTP keeps refusing as failed after the last retry, with the error, for admins", async () => {
    const { queueMail } = await import("@/lib/mail/server/outbox");
    const { composeMail } = await import("@/lib/mail/compose");
    await deliverDueMail(h.db, transport); // whatever earlier tests left queued
    const id = await queueMail(h.db, { userId: null, kind: "test", to: "bounce@example.com", dedupeKey: "retry-test", mail: composeMail({ subject: "Retry", name: "X", paragraphs: ["x"] }) }, true, { retryLimit: 1, retryDelay: 0, retryBackoff: false });
    smtp.refuseNext(2, true);
    await deliverDueMail(h.db, transport, 1);
    let [row] = await h.db.select().from(mailOutbox).where(eq(mailOutbox.id, id!));
    expect(row).toMatchObject({ status: "queued", attempts: 1 });
    expect(row!.lastError).toMatch(/Mailbox unavailable/);
    await deliverDueMail(h.db, transport, 1);
    [row] = await h.db.select().from(mailOutbox).where(eq(mailOutbox.id, id!));
    expect(row).toMatchObject({ status: "failed", attempts: 2 });
    expect(smtp.messages.some((m) => m.to[0] === "bounce@example.com")).toBe(false);
  });

  it(`runs the queue's own workers on ${ENGINE}: a reminder due now arrives by mail within seconds`, async () => {
    const { startJobWorker } = await import("@/lib/jobs/server/worker");
    const { notifyReadinessReached } = await import("./reminders");
    const ivy = await person("ivy@example.com", "Ivy Ready", "learner", "UTC");
    await notifyReadinessReached(h.db, ivy.id, exam.id, new Date());
    const worker = await startJobWorker(h, { transport, settings, pollingIntervalSeconds: 0.5, sweepCron: null });
    try {
      const { waitFor } = await import("@/test/smtp");
      await waitFor(() => smtp.messages.some((m) => m.to[0] === "ivy@example.com"), 30_000, "the readiness mail");
    } finally {
      await worker.stop();
    }
    const mail = smtp.messages.find((m) => m.to[0] === "ivy@example.com")!;
    expect(mail.subject).toBe("Your practice says you are ready for AZ-104");
    expect(mail.text).toMatch(/^Hello Ivy Ready,/);
  });

  it("tells a learner once, when a submitted practice set completes the readiness streak", async () => {
    const { startPractice, submitPractice } = await import("@/lib/practice/server/sessions");
    const rae = await person("rae@example.com", "Rae Ready", "learner", "UTC");
    await recordAttempt(h.db, { id: rae.id, timeZone: rae.timeZone }, exam, failInput(new Date(Date.now() - 3 * 86_400_000)));
    /** A qualifying set (timed mixed, 25 questions at exam pace), all answered right but one edge question. */
    const sitSet = async () => {
      const sid = await startPractice(h.db, rae.id, exam, { mode: "timed-mixed", size: 25, minutes: 50, focusDomains: [] });
      const items = await h.db
        .select({ position: practiceItems.position, answer: questions.answer, tier: questions.tier })
        .from(practiceItems)
        .innerJoin(questions, eq(questions.id, practiceItems.questionId))
        .where(eq(practiceItems.sessionId, sid));
      const skipped = items.find((i) => i.tier === "edge")?.position;
      for (const i of items) {
        if (i.position !== skipped) await h.db.update(practiceItems).set({ response: i.answer, seq: 1 }).where(and(eq(practiceItems.sessionId, sid), eq(practiceItems.position, i.position)));
      }
      await submitPractice(h.db, rae.id, sid);
    };
    const readinessJobs = () => pendingJobs(h.db, QUEUES.reminder, `readiness-reached:${rae.id}:`);
    await sitSet();
    expect(await readinessJobs()).toEqual([]);
    await sitSet();
    expect(await readinessJobs()).toHaveLength(1);
    const results = await runDueReminders(ctx());
    expect(results.filter((r) => r.job.kind === "readiness-reached").map((r) => r.outcome)).toEqual(["sent"]);
    // A third good set: readiness still holds since the second, nothing new to say.
    await sitSet();
    expect(await readinessJobs()).toEqual([]);
    const notes = await h.db.select().from(notifications).where(and(eq(notifications.userId, rae.id), eq(notifications.kind, "readiness-reached")));
    expect(notes.map((n) => n.title)).toEqual(["Ready for AZ-104"]);
  });

  it("keeps mails in the outbox when SMTP is not configured, and never queues a job for them", async () => {
    const { queueMail } = await import("@/lib/mail/server/outbox");
    const { composeMail } = await import("@/lib/mail/compose");
    const id = await queueMail(h.db, { userId: null, kind: "test", to: "kept@example.com", dedupeKey: "kept-test", mail: composeMail({ subject: "Kept", name: "X", paragraphs: ["x"] }) }, false);
    const [row] = await h.db.select().from(mailOutbox).where(eq(mailOutbox.id, id!));
    expect(row!.status).toBe("kept");
    expect((await pendingJobs(h.db, QUEUES.mail)).filter((j) => j.data.mailId === id)).toEqual([]);
    // The same dedupe key never makes a second mail.
    expect(await queueMail(h.db, { userId: null, kind: "test", to: "kept@example.com", dedupeKey: "kept-test", mail: composeMail({ subject: "Kept", name: "X", paragraphs: ["x"] }) }, false)).toBeNull();
    void repairPlans;
  });
});
