/**
 * Two app instances' queue workers on one Postgres: every reminder is sent exactly once, also
 * when one instance dies in the middle of the run (while it holds a mail it was sending) and is
 * started again. Real clock, real pg-boss workers (each with its own connection pool and its own
 * app database pool), a real SMTP server.
 */
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DbHandle } from "@/db/client";
import { mailOutbox, notifications, users, type ExamRow } from "@/db/schema";
import { recordAttempt } from "@/lib/attempts/server/attempts";
import { getExamByCode } from "@/lib/exam/server/exams";
import { DOMAIN_KEYS } from "@/lib/exam/az104";
import { smtpTransport, type MailTransport } from "@/lib/mail/server/outbox";
import type { MailSettings } from "@/lib/mail/server/settings";
import { seedReferenceData } from "@/lib/reference/server/sync";
import { createTestDatabase } from "@/test/db";
import { startSmtpServer, waitFor, type TestSmtpServer } from "@/test/smtp";
import { enqueue, pendingJobs, QUEUES } from "./queue";
import { startJobWorker, type JobWorker } from "./worker";

const LEARNERS = 12;
const settings: MailSettings = {
  smtp: true,
  origin: "https://coach.example",
  secret: "two-workers-secret-0123456789abcdef",
  from: "Retake Coach <no-reply@coach.example>",
  // Quick retries, and a dead worker's mail job expires after 4 s instead of 2 minutes.
  mailRetry: { retryLimit: 20, retryDelay: 1, retryBackoff: false, expireInSeconds: 4 },
};

let h: DbHandle;
let smtp: TestSmtpServer;
let exam: ExamRow;
const handles: DbHandle[] = [];
const workers: JobWorker[] = [];

async function instance(transport: MailTransport): Promise<JobWorker> {
  // Each instance has its own app pool, as a separate process would.
  const own = await openDatabase({ url: h.url!, max: 4 });
  handles.push(own);
  const worker = await startJobWorker(own, { transport, settings, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1, mailClaimSeconds: 3, sweepCron: null });
  workers.push(worker);
  return worker;
}

beforeAll(async () => {
  h = await createTestDatabase({ max: 6 });
  await seedReferenceData(h.db);
  exam = await getExamByCode(h.db, "AZ-104");
  smtp = await startSmtpServer();
}, 120_000);
afterAll(async () => {
  for (const w of workers) await w.stop({ graceful: false }).catch(() => {});
  for (const x of handles) await x.close().catch(() => {});
  await smtp?.close();
  await h?.close();
});

describe("two queue workers on one Postgres", () => {
  it("send each reminder exactly once, also across an instance that dies mid-run and restarts", { timeout: 300_000 }, async () => {
    const learners = await h.db
      .insert(users)
      .values(Array.from({ length: LEARNERS }, (_, i) => ({ email: `w${i}@example.com`, name: `Worker Learner ${i}`, role: "learner" as const, timeZone: "UTC", passwordHash: "x" })))
      .returning();
    // First failed attempts whose 24-hour waits end over the next ~10 seconds.
    const start = Date.now();
    for (const [i, l] of learners.entries()) {
      await recordAttempt(h.db, { id: l.id, timeZone: "UTC" }, exam, {
        takenAt: new Date(start - 86_400_000 + 1_500 + i * 750),
        outcome: "fail",
        score: 600,
        readings: DOMAIN_KEYS.map((domain) => ({ domain, bar: 50 })),
        hardestDomains: [],
        slowItemTypes: [],
        misreadCategories: [],
        misreadNotes: "",
        notes: "",
        certExpiresAt: null,
      });
    }
    const scheduled = await pendingJobs(h.db, QUEUES.reminder, "retake-eligible:");
    expect(scheduled).toHaveLength(LEARNERS);

    // The second instance schedules the same reminders too: the singleton key keeps one job each.
    for (const j of scheduled) {
      expect(await enqueue(h.db, QUEUES.reminder, j.data, { singletonKey: j.singletonKey, startAfter: j.startAfter })).toBeNull();
    }
    expect(await pendingJobs(h.db, QUEUES.reminder, "retake-eligible:")).toHaveLength(LEARNERS);

    // Instance A's mail transport freezes on its first two mails (a process stuck mid-SMTP, then
    // killed: the server never accepts them); instance B's works.
    let frozen = 0;
    const real = smtpTransport(smtp.url);
    const freezing: MailTransport = { sendMail: (m) => (frozen < 2 ? (frozen++, new Promise(() => {})) : real.sendMail(m)) };
    const a = await instance(freezing);
    await waitFor(() => frozen >= 1, 30_000, "instance A to hold a mail");
    const b = await instance(smtpTransport(smtp.url));
    await waitFor(() => frozen >= 2 || smtp.messages.length >= 4, 30_000, "a second frozen mail or progress");

    // A dies: no graceful shutdown, its mails stay claimed by it and its jobs stay active.
    const survivingAt = smtp.messages.length;
    await a.stop({ graceful: false });
    const stillPending = (await pendingJobs(h.db, QUEUES.reminder, "retake-eligible:")).filter((j) => j.state === "created").length;
    // ...and comes back a little later as a new instance.
    await new Promise((r) => setTimeout(r, 1_000));
    await instance(smtpTransport(smtp.url));

    const ids = learners.map((l) => l.id);
    await waitFor(
      async () => (await h.db.select({ status: mailOutbox.status }).from(mailOutbox).where(inArray(mailOutbox.userId, ids))).filter((m) => m.status === "sent").length === LEARNERS,
      60_000,
      "every reminder mail to be sent",
    );
    // A job the dead instance held comes back through pg-boss's expiry and retry, finds its mail
    // sent and ends (slowly on a loaded machine): wait for every reminder job to finish, then give
    // any duplicate the time to arrive before counting.
    await waitFor(async () => (await pendingJobs(h.db, QUEUES.reminder, "retake-eligible:")).length === 0, 120_000, "every reminder job to finish");
    await new Promise((r) => setTimeout(r, 3_000));

    const perRecipient = new Map<string, number>();
    for (const m of smtp.messages) for (const to of m.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    expect([...perRecipient.entries()].sort(), "one mail per learner, none twice").toEqual(learners.map((l) => [l.email, 1] as [string, number]).sort());
    expect(smtp.messages.every((m) => m.subject === "You may sit AZ-104 again")).toBe(true);
    const notes = await h.db.select({ userId: notifications.userId }).from(notifications).where(and(inArray(notifications.userId, ids), eq(notifications.kind, "retake-eligible")));
    expect(notes.map((n) => n.userId).sort()).toEqual([...ids].sort());
    expect(await pendingJobs(h.db, QUEUES.reminder, "retake-eligible:")).toEqual([]);
    // The run really was cut in the middle: A held frozen mails, and mail went out after the restart.
    expect(frozen).toBeGreaterThanOrEqual(1);
    expect(smtp.messages.length).toBeGreaterThan(survivingAt);
    console.info(`[two-workers] ${LEARNERS} reminders; A froze on ${frozen} mail(s) and died with ${survivingAt} sent and ${stillPending} reminder(s) not yet due; all sent exactly once after the restart`);
    void b;
  });
});
