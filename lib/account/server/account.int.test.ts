import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { auditLog, coachAssignments, cohorts, loginThrottle, mailOutbox, planTasks, questions, repairPlans, users, variationComments, type ExamRow } from "@/db/schema";
import { ActionError } from "@/lib/action-error";
import { addMembersByEmail } from "@/lib/admin/server/users-and-cohorts";
import { rebuildAnalyticsRollups } from "@/lib/analytics/server/rollups";
import { queryRows } from "@/lib/analytics/server/sql";
import { recordAttempt } from "@/lib/attempts/server/attempts";
import { getExamByCode } from "@/lib/exam/server/exams";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { throttleKey } from "@/lib/auth/server/throttle";
import { DOMAIN_KEYS, MISS_CATEGORIES } from "@/lib/exam/az104";
import { mulberry32 } from "@/lib/practice/draw";
import { saveAnswers, startPractice, submitPractice } from "@/lib/practice/server/sessions";
import { seedReferenceData } from "@/lib/reference/server/sync";
import { submitEvidence } from "@/lib/plans/server/repair-plans";
import { changePasswordSchema } from "@/lib/validation/account";
import { ENGINE, createTestDatabase } from "@/test/db";
import { EXPORT_SECTIONS, exportAccountData } from "./export";
import { changePassword, deleteLearnerAccount, EMAIL_MISMATCH, updateProfile, WRONG_CURRENT_PASSWORD } from "./account";

const DAY = 86_400_000;
const PASSWORD = "the old passphrase 2026";
const NOTES = "Ran out of time on the storage case study.";
const EVIDENCE = "Rebuilt the storage firewall lab and checked the effective rules.";

let h: DbHandle;
let exam: ExamRow;
let hash: string;
const id = {} as Record<"admin" | "coach" | "leaver" | "stayer", string>;
let cohortId: string;

async function count(query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await queryRows<{ n: number }>(h.db, query);
  return Number(row!.n);
}

/** A learner with everything a learner can own: attempts, practice, a plan with evidence, a cohort, a coach. */
async function busyLearner(email: string): Promise<string> {
  const [u] = await h.db.insert(users).values({ email, name: `Learner ${email}`, passwordHash: hash, timeZone: "Europe/Berlin" }).returning({ id: users.id });
  const learnerId = u!.id;
  await h.db.insert(coachAssignments).values({ learnerId, coachId: id.coach });
  await addMembersByEmail(h.db, { id: id.admin }, cohortId, [email]);
  const now = Date.now();
  for (const [daysAgo, score] of [
    [40, 560],
    [20, 640],
  ] as const) {
    await recordAttempt(h.db, { id: learnerId, timeZone: "Europe/Berlin" }, exam, {
      takenAt: new Date(now - daysAgo * DAY),
      outcome: "fail",
      score,
      readings: DOMAIN_KEYS.map((domain, i) => ({ domain, bar: 40 + i * 9 })),
      hardestDomains: ["storage"],
      slowItemTypes: [],
      misreadCategories: [MISS_CATEGORIES[0]!.key],
      misreadNotes: "Read 'least privilege' as 'owner'.",
      notes: `${NOTES} (${email})`,
      certExpiresAt: null,
    });
  }
  const setId = await startPractice(h.db, learnerId, exam, { mode: "timed-mixed", size: 5, minutes: 10, focusDomains: [] }, mulberry32(7));
  await saveAnswers(h.db, learnerId, setId, [{ position: 1, response: ["A"], flagged: true, seq: 1, timeMs: 900 }]);
  await submitPractice(h.db, learnerId, setId);
  await startPractice(h.db, learnerId, exam, { mode: "timed-mixed", size: 5, minutes: 10, focusDomains: [] }, mulberry32(8));
  // Written directly (as the coach's generator would): this test is about what a learner owns.
  const [plan] = await h.db
    .insert(repairPlans)
    .values({ learnerId, coachId: id.coach, examId: exam.id, template: "broad-miss", status: "active", startDate: "2026-11-01", lengthDays: 10, targetDate: "2026-11-20", assignedAt: new Date() })
    .returning({ id: repairPlans.id });
  const [task] = await h.db
    .insert(planTasks)
    .values([
      { planId: plan!.id, day: 1, position: 1, domain: "storage", phase: "rebuild" as const, title: "Rebuild the storage firewall" },
      { planId: plan!.id, day: 2, position: 1, domain: "storage", phase: "prove" as const, title: "Prove it" },
    ])
    .returning({ id: planTasks.id });
  await submitEvidence(h.db, { id: learnerId }, task!.id, { text: EVIDENCE, link: `https://example.com/evidence/${email}` });
  // A variation the learner wrote of a missed item (private to them), with a coach's comment.
  const [original] = await h.db.select().from(questions).where(eq(questions.status, "published")).limit(1);
  const variationId = `my-var-${learnerId.slice(0, 8)}`;
  await h.db.insert(questions).values({
    ...original!,
    id: variationId,
    origin: "learner",
    ownerId: learnerId,
    status: "draft",
    basedOn: original!.id,
    variationChange: `The subnet is peered instead (${email})`,
    bankHash: null,
    updatedAt: new Date(),
  });
  await h.db.insert(variationComments).values({ questionId: variationId, authorId: id.coach, body: `Good change, ${email}` });
  return learnerId;
}

/** Every rollup table, without timestamps of the write and without the all-zero rows a subtraction leaves. */
const ROLLUP_QUERIES = [
  `select learner_id, exam_id, attempts, passes, first_pass_attempt_no, latest_taken_at, latest_outcome, latest_score, eligible_at, practice_sets, practice_total, practice_correct from learner_exam_stats`,
  `select * from learner_report_weeks`,
  `select * from learner_attempt_numbers`,
  `select * from learner_category_weeks`,
  `select * from cohort_report_weeks where learners <> 0 or bar_sum <> 0 or weak <> 0`,
  `select * from cohort_attempt_weeks where n <> 0`,
  `select * from cohort_category_weeks where n <> 0`,
  `select * from cohort_practice_weeks where total <> 0 or correct <> 0`,
  `select * from cohort_learner_counts where members <> 0 or active <> 0 or attempted <> 0 or passed <> 0 or non_pass <> 0`,
  `select * from cohort_eligible_days where n <> 0`,
];
async function rollupSnapshot(): Promise<string[][]> {
  const out: string[][] = [];
  for (const q of ROLLUP_QUERIES) out.push((await queryRows<{ r: string }>(h.db, sql.raw(`select (x.*)::text as r from (${q}) x`))).map((r) => r.r).sort());
  return out;
}

beforeAll(async () => {
  h = await createTestDatabase();
  await seedReferenceData(h.db);
  exam = await getExamByCode(h.db, "AZ-104");
  hash = await hashPassword(PASSWORD);
  const staff = await h.db
    .insert(users)
    .values([
      { email: "admin@example.com", name: "Admin", role: "admin" as const, passwordHash: hash },
      { email: "coach@example.com", name: "Coach", role: "coach" as const, passwordHash: hash },
    ])
    .returning({ id: users.id });
  id.admin = staff[0]!.id;
  id.coach = staff[1]!.id;
  [{ id: cohortId }] = (await h.db.insert(cohorts).values({ name: "Spring" }).returning({ id: cohorts.id })) as [{ id: string }];
  id.stayer = await busyLearner("stayer@example.com");
}, 120_000);
afterAll(async () => h?.close());

describe(`changing a password (${ENGINE})`, () => {
  let userId: string;
  beforeEach(async () => {
    await h.db.delete(users).where(eq(users.email, "pat@example.com"));
    await h.db.delete(loginThrottle);
    const [u] = await h.db.insert(users).values({ email: "pat@example.com", name: "Pat", passwordHash: hash, mustChangePassword: true, sessionVersion: 3 }).returning({ id: users.id });
    userId = u!.id;
  });
  const row = async () => (await h.db.select().from(users).where(eq(users.id, userId)))[0]!;

  it("needs the current password, counts a wrong one as a failed sign-in and changes nothing", async () => {
    await expect(changePassword(h.db, { id: userId }, { currentPassword: "not it at all", newPassword: "a brand new passphrase" })).rejects.toMatchObject({
      fieldErrors: { currentPassword: [WRONG_CURRENT_PASSWORD] },
    });
    const after = await row();
    expect(after.passwordHash).toBe(hash);
    expect(after).toMatchObject({ sessionVersion: 3, mustChangePassword: true });
    const [t] = await h.db.select().from(loginThrottle).where(eq(loginThrottle.key, throttleKey("account", "pat@example.com")));
    expect(t?.failures).toBe(1);
  });

  it("refuses even the right password once the account is locked by failed attempts", async () => {
    for (let i = 0; i < 5; i++) await changePassword(h.db, { id: userId }, { currentPassword: `wrong ${i} password`, newPassword: "a brand new passphrase" }).catch(() => {});
    await expect(changePassword(h.db, { id: userId }, { currentPassword: PASSWORD, newPassword: "a brand new passphrase" })).rejects.toMatchObject({
      message: expect.stringMatching(/Too many/i),
    });
    expect((await row()).passwordHash).toBe(hash);
  });

  it("stores the new password, clears the one-time flag, retires every session and audits without personal data", async () => {
    const changed = await changePassword(h.db, { id: userId }, { currentPassword: PASSWORD, newPassword: "a brand new passphrase" });
    expect(changed).toEqual({ email: "pat@example.com", wasOneTime: true });
    const after = await row();
    expect(await verifyPassword(after.passwordHash, "a brand new passphrase")).toBe(true);
    expect(await verifyPassword(after.passwordHash, PASSWORD)).toBe(false);
    expect(after).toMatchObject({ sessionVersion: 4, mustChangePassword: false });
    const audit = await h.db.select().from(auditLog).where(eq(auditLog.entityId, userId));
    expect(audit).toEqual([expect.objectContaining({ actorId: userId, action: "user.password-change", entity: "user", before: null, after: { oneTime: true } })]);
    expect(JSON.stringify(audit)).not.toMatch(/pat@example|passphrase|argon2/);
  });

  it("lets only one of two simultaneous changes win", async () => {
    const results = await Promise.allSettled([
      changePassword(h.db, { id: userId }, { currentPassword: PASSWORD, newPassword: "first new passphrase" }),
      changePassword(h.db, { id: userId }, { currentPassword: PASSWORD, newPassword: "second new passphrase" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ActionError);
    expect((await row()).sessionVersion).toBe(4);
  });

  it("validates the new password as registration does, all errors at once", () => {
    const r = changePasswordSchema.safeParse({ currentPassword: "", newPassword: "short", confirmPassword: "other" });
    expect(r.success).toBe(false);
    const paths = new Set(r.error!.issues.map((i) => i.path.join(".")));
    expect(paths).toEqual(new Set(["currentPassword", "newPassword", "confirmPassword"]));
    const same = changePasswordSchema.safeParse({ currentPassword: "same passphrase", newPassword: "same passphrase", confirmPassword: "same passphrase" });
    expect(same.error?.issues.map((i) => i.message)).toEqual(["Choose a password different from the current one."]);
  });
});

describe(`name and time zone (${ENGINE})`, () => {
  it("are the person's own to change", async () => {
    await updateProfile(h.db, { id: id.coach }, { name: "Coach Renamed", timeZone: "America/Sao_Paulo" });
    const [c] = await h.db.select({ name: users.name, timeZone: users.timeZone }).from(users).where(eq(users.id, id.coach));
    expect(c).toEqual({ name: "Coach Renamed", timeZone: "America/Sao_Paulo" });
  });
});

describe(`download my data (${ENGINE})`, () => {
  it("holds the learner's attempts with bars, categories and notes, practice answers, plans with evidence, and no password hash", async () => {
    const data = (await exportAccountData(h.db, id.stayer, new Date("2026-12-01T10:00:00Z")))!;
    expect(data).toMatchObject({ format: "retake-coach/account-export", version: 1, exportedAt: "2026-12-01T10:00:00.000Z" });
    expect(data.profile).toEqual({ id: id.stayer, email: "stayer@example.com", name: "Learner stayer@example.com", role: "learner", timeZone: "Europe/Berlin", createdAt: expect.any(String) });
    const attempts = data.attempts as { score: number; notes: string; scoreReportBars: unknown[]; missCategories: string[] }[];
    expect(attempts.map((a) => a.score)).toEqual([560, 640]);
    expect(attempts[0]).toMatchObject({ notes: `${NOTES} (stayer@example.com)`, missCategories: [MISS_CATEGORIES[0]!.key] });
    expect(attempts[0]!.scoreReportBars).toHaveLength(DOMAIN_KEYS.length);
    const sets = data.practiceSets as { status: string; answers: { position: number; response: string[] | null; flagged: boolean; correct: boolean | null }[] }[];
    expect(sets.map((s) => s.status)).toEqual(["submitted", "active"]);
    expect(sets[0]!.answers[0]).toMatchObject({ position: 1, response: ["A"], flagged: true, correct: expect.any(Boolean) });
    // An open set carries no verdicts yet.
    expect(sets[1]!.answers.length).toBeGreaterThan(0);
    expect(sets[1]!.answers.every((a) => !("correct" in a) && !("score" in a))).toBe(true);
    const plans = data.repairPlans as { status: string; tasks: { evidenceText: string | null; evidenceLink: string | null }[] }[];
    expect(plans).toHaveLength(1);
    expect(plans[0]!.tasks).toContainEqual(expect.objectContaining({ evidenceText: EVIDENCE, evidenceLink: "https://example.com/evidence/stayer@example.com" }));
    expect(data.programme).toEqual({ cohorts: [{ name: "Spring", joinedAt: expect.any(String) }], coach: { name: expect.stringMatching(/^Coach/), since: expect.any(String) } });
    expect(Object.keys(data.contents)).toEqual(["profile", ...EXPORT_SECTIONS.map((s) => s.key)]);
    // The learner's own variation, whole (they wrote its answer), with the coach's comment.
    const variations = data.variations as { id: string; variationChange: string; answer: string[]; comments: { body: string }[] }[];
    expect(variations).toEqual([expect.objectContaining({ variationChange: "The subnet is peered instead (stayer@example.com)", answer: expect.any(Array), comments: [expect.objectContaining({ body: "Good change, stayer@example.com" })] })]);
    const { variations: _own, ...rest } = data;
    void _own;
    const text = JSON.stringify(rest);
    expect(text).not.toMatch(/argon2|passwordHash|password_hash|sessionVersion|mustChange/);
    // No answer key of a bank question: only the person's own variations carry one.
    expect(text).not.toMatch(/"answer":|"explanation":|"whyWrong":|"options":/);
  });

  it("holds only the person's own rows", async () => {
    const coach = (await exportAccountData(h.db, id.coach))!;
    expect(coach.profile.role).toBe("coach");
    expect([coach.attempts, coach.practiceSets, coach.repairPlans, coach.variations]).toEqual([[], [], [], []]);
    expect(coach.programme).toEqual({ cohorts: [], coach: null });
    expect(await exportAccountData(h.db, "00000000-0000-0000-0000-000000000000")).toBeNull();
  });
});

describe(`deleting a learner's account (${ENGINE})`, () => {
  it("is refused for a coach, for a wrong email and for a wrong password, with nothing deleted", async () => {
    await expect(deleteLearnerAccount(h.db, { id: id.coach }, { confirmEmail: "coach@example.com", currentPassword: PASSWORD })).rejects.toMatchObject({ code: "forbidden" });
    await expect(deleteLearnerAccount(h.db, { id: id.stayer }, { confirmEmail: "someone@example.com", currentPassword: PASSWORD })).rejects.toMatchObject({
      fieldErrors: { confirmEmail: [EMAIL_MISMATCH] },
    });
    await expect(deleteLearnerAccount(h.db, { id: id.stayer }, { confirmEmail: "stayer@example.com", currentPassword: "not the password" })).rejects.toMatchObject({
      fieldErrors: { currentPassword: [WRONG_CURRENT_PASSWORD] },
    });
    expect(await count(sql`select count(*)::int as n from users where id = ${id.stayer}`)).toBe(1);
    await h.db.delete(loginThrottle);
  });

  it("removes the person and everything they own, keeps a bare audit entry, and leaves the rollups equal to a recomputation", async () => {
    const leaver = await busyLearner("leaver@example.com");
    const attemptIds = (await queryRows<{ id: string }>(h.db, sql`select id::text from exam_attempts where learner_id = ${leaver}`)).map((r) => r.id);
    expect(attemptIds).toHaveLength(2);
    expect(await count(sql`select count(*)::int as n from audit_log where after::text like '%leaver@example.com%'`)).toBeGreaterThan(0);
    await h.db.insert(loginThrottle).values({ key: throttleKey("account", "leaver@example.com"), failures: 2, windowStart: new Date() });
    await h.db.insert(mailOutbox).values({ userId: leaver, kind: "reminder", toAddress: "leaver@example.com", subject: "Your retake", textBody: "Hello", htmlBody: "<p>Hello</p>", status: "kept", dedupeKey: `test-${leaver}` });
    const membersBefore = await count(sql`select members as n from cohort_learner_counts where cohort_id = ${cohortId}`);

    await deleteLearnerAccount(h.db, { id: leaver }, { confirmEmail: "leaver@example.com", currentPassword: PASSWORD });

    for (const [table, column] of [
      ["users", "id"],
      ["exam_attempts", "learner_id"],
      ["learner_exams", "learner_id"],
      ["practice_sessions", "learner_id"],
      ["repair_plans", "learner_id"],
      ["cohort_members", "learner_id"],
      ["coach_assignments", "learner_id"],
      ["learner_exam_stats", "learner_id"],
      ["learner_report_weeks", "learner_id"],
      ["learner_attempt_numbers", "learner_id"],
      ["learner_category_weeks", "learner_id"],
    ] as const) {
      expect(await count(sql.raw(`select count(*)::int as n from "${table}" where "${column}" = '${leaver}'`)), table).toBe(0);
    }
    expect(await count(sql`select count(*)::int as n from attempt_domain_readings where attempt_id::text = any(${`{${attemptIds.join(",")}}`}::text[])`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from login_throttle where key like '%leaver%'`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from mail_outbox where to_address = 'leaver@example.com'`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from questions where owner_id is not null and variation_change like '%leaver@%'`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from variation_comments where body like '%leaver@%'`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from questions where owner_id = ${id.stayer}`)).toBe(1);
    // The audit keeps what happened, not the person: no email, notes or evidence left anywhere.
    const audit = await h.db.select().from(auditLog);
    const text = JSON.stringify(audit);
    // The fixture's notes and evidence links carry the learner's email, so one search covers them all.
    expect(text).not.toContain("leaver@example.com");
    expect(text).toContain(`${NOTES} (stayer@example.com)`); // other people's entries are untouched
    expect(audit.filter((a) => a.action === "user.delete-self")).toEqual([expect.objectContaining({ actorId: null, entity: "user", entityId: leaver, before: null, after: null })]);
    expect(audit.some((a) => a.entity === "exam_attempt" && a.entityId === attemptIds[0] && (a.after as { redacted?: string })?.redacted === "account deleted")).toBe(true);
    const paste = audit.find((a) => a.action === "cohort.members.add" && JSON.stringify(a.after).includes("(deleted account)"));
    expect(paste).toBeDefined();

    // The cohort lost a member, and the rollups are what a recomputation from the remaining rows gives.
    expect(await count(sql`select members as n from cohort_learner_counts where cohort_id = ${cohortId}`)).toBe(membersBefore - 1);
    const incremental = await rollupSnapshot();
    await rebuildAnalyticsRollups(h.db);
    expect(await rollupSnapshot()).toEqual(incremental);
    // The other learner is untouched.
    expect(await count(sql`select count(*)::int as n from exam_attempts where learner_id = ${id.stayer}`)).toBe(2);
  });
});
