import { asc, desc, eq, inArray, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  attemptDomainReadings,
  attemptMissCategories,
  coachAssignments,
  cohortMembers,
  cohorts,
  examAttempts,
  exams,
  mailOutbox,
  notificationPreferences,
  notifications,
  planTasks,
  practiceItems,
  practiceSessions,
  questionReviews,
  questions,
  repairPlans,
  rulesChecks,
  users,
  variationComments,
} from "@/db/schema";

/**
 * "Download my data": everything the product keeps about one person, as JSON. Each kind of data
 * is one section in EXPORT_SECTIONS (a key, what it holds, the tables it reads, and how to load it
 * for a user id), so a new table holding personal data is one more entry there; the account page
 * lists the sections, and lib/account/server/personal-data.int.test.ts fails for a table that points at
 * users but is in no section and not declared as something else (USER_REFERENCES).
 *
 * Rows are exported with all their columns, so a column added later is exported too, except the
 * owner column (it is the person) and the few columns that are never the person's to read:
 * password hashes, session bookkeeping, reset-token hashes, answer keys of bank questions.
 */
export interface ExportSection {
  key: string;
  /** One line for the person reading the file (and the account page). */
  description: string;
  /** The tables this section reads (for the coverage test). */
  tables: readonly string[];
  load(db: Db, userId: string): Promise<unknown>;
}

/** A row as plain JSON, without the given columns. */
function plain<T extends Record<string, unknown>>(row: T, omit: readonly (keyof T)[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (!omit.includes(k as keyof T)) out[k] = v instanceof Date ? v.toISOString() : v;
  return out;
}

async function examCodes(db: Db): Promise<Map<string, string>> {
  const rows = await db.select({ id: exams.id, code: exams.code }).from(exams);
  return new Map(rows.map((r) => [r.id, r.code]));
}

const attemptsSection: ExportSection = {
  key: "attempts",
  description: "Exam attempts with their score-report bars (bar lengths 0–100, not percentages), miss categories, pacing and notes.",
  tables: ["exam_attempts", "attempt_domain_readings", "attempt_miss_categories"],
  async load(db, userId) {
    const rows = await db.select().from(examAttempts).where(eq(examAttempts.learnerId, userId)).orderBy(asc(examAttempts.takenAt), asc(examAttempts.id));
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const codes = await examCodes(db);
    const bars = await db.select().from(attemptDomainReadings).where(inArray(attemptDomainReadings.attemptId, ids)).orderBy(asc(attemptDomainReadings.domain));
    const categories = await db.select().from(attemptMissCategories).where(inArray(attemptMissCategories.attemptId, ids)).orderBy(asc(attemptMissCategories.category));
    return rows.map((a) => ({
      ...plain(a, ["learnerId", "examId"]),
      exam: codes.get(a.examId) ?? a.examId,
      scoreReportBars: bars.filter((b) => b.attemptId === a.id).map((b) => ({ domain: b.domain, bar: b.bar })),
      missCategories: categories.filter((c) => c.attemptId === a.id).map((c) => c.category),
    }));
  },
};

const practiceSection: ExportSection = {
  key: "practiceSets",
  description: "Practice sets with your answers, flags and time per question (which answers were right is known only once a set is submitted).",
  tables: ["practice_sessions", "practice_items"],
  async load(db, userId) {
    const sets = await db.select().from(practiceSessions).where(eq(practiceSessions.learnerId, userId)).orderBy(asc(practiceSessions.startedAt), asc(practiceSessions.id));
    if (!sets.length) return [];
    const codes = await examCodes(db);
    const items = await db
      .select()
      .from(practiceItems)
      .where(inArray(practiceItems.sessionId, sets.map((s) => s.id)))
      .orderBy(asc(practiceItems.sessionId), asc(practiceItems.position));
    return sets.map((s) => ({
      ...plain(s, ["learnerId", "examId"]),
      exam: codes.get(s.examId) ?? s.examId,
      answers: items
        .filter((i) => i.sessionId === s.id)
        // Scores are written at submission; an open set has none yet (and must not hint at them).
        .map((i) => plain(i, s.status === "submitted" ? ["sessionId", "seq"] : ["sessionId", "seq", "correct", "score"])),
    }));
  },
};

const reviewsSection: ExportSection = {
  key: "reviewedQuestions",
  description: "The practice questions whose answers and explanations you have been shown, and when first.",
  tables: ["question_reviews"],
  async load(db, userId) {
    const rows = await db.select().from(questionReviews).where(eq(questionReviews.learnerId, userId)).orderBy(asc(questionReviews.firstSeenAt));
    return rows.map((r) => plain(r, ["learnerId"]));
  },
};

const variationsSection: ExportSection = {
  key: "variations",
  description: "The question variations you wrote, with your coach's comments on them.",
  tables: ["questions", "variation_comments"],
  async load(db, userId) {
    // Only the person's own items: bank questions (and their answer keys) are never in this file.
    const rows = await db.select().from(questions).where(eq(questions.ownerId, userId)).orderBy(asc(questions.updatedAt), asc(questions.id));
    if (!rows.length) return [];
    const comments = await db
      .select({ questionId: variationComments.questionId, body: variationComments.body, createdAt: variationComments.createdAt })
      .from(variationComments)
      .where(inArray(variationComments.questionId, rows.map((r) => r.id)))
      .orderBy(asc(variationComments.createdAt));
    return rows.map((q) => ({
      ...plain(q, ["ownerId", "examId", "bankHash"]),
      comments: comments.filter((c) => c.questionId === q.id).map((c) => plain(c, ["questionId"])),
    }));
  },
};

const plansSection: ExportSection = {
  key: "repairPlans",
  description: "Repair plans made for you (drafts included), with every task, the evidence you submitted and the reviews of it.",
  tables: ["repair_plans", "plan_tasks"],
  async load(db, userId) {
    // Drafts too: a coach's plan in progress is still data about this learner (status says which).
    const plans = await db.select().from(repairPlans).where(eq(repairPlans.learnerId, userId)).orderBy(asc(repairPlans.createdAt), asc(repairPlans.id));
    if (!plans.length) return [];
    const codes = await examCodes(db);
    const tasks = await db
      .select()
      .from(planTasks)
      .where(inArray(planTasks.planId, plans.map((p) => p.id)))
      .orderBy(asc(planTasks.planId), asc(planTasks.day), asc(planTasks.position));
    return plans.map((p) => ({
      // Who the coach is stays theirs: the plan says whether a coach or the learner runs it.
      ...plain(p, ["learnerId", "examId", "coachId"]),
      exam: codes.get(p.examId) ?? p.examId,
      tasks: tasks.filter((t) => t.planId === p.id).map((t) => plain(t, ["planId", "reviewedBy"])),
    }));
  },
};

const rulesChecksSection: ExportSection = {
  key: "rulesChecks",
  description: "Your takes of the retake-rules check, with your answers.",
  tables: ["rules_checks"],
  async load(db, userId) {
    const rows = await db.select().from(rulesChecks).where(eq(rulesChecks.learnerId, userId)).orderBy(asc(rulesChecks.takenAt));
    return rows.map((r) => plain(r, ["learnerId"]));
  },
};

const programmeSection: ExportSection = {
  key: "programme",
  description: "The cohorts you belong to and your coach's name.",
  tables: ["cohort_members", "coach_assignments"],
  async load(db, userId) {
    const memberships = await db
      .select({ name: cohorts.name, joinedAt: cohortMembers.addedAt })
      .from(cohortMembers)
      .innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
      .where(eq(cohortMembers.learnerId, userId))
      .orderBy(asc(cohorts.name));
    const [coach] = await db
      .select({ name: users.name, since: coachAssignments.assignedAt })
      .from(coachAssignments)
      .innerJoin(users, eq(users.id, coachAssignments.coachId))
      .where(eq(coachAssignments.learnerId, userId));
    return { cohorts: memberships.map((m) => plain(m)), coach: coach ? plain(coach) : null };
  },
};

const notificationsSection: ExportSection = {
  key: "notifications",
  description: "Reminders and notices shown to you in the app, your reminder choices, and the mails composed for you.",
  tables: ["notifications", "notification_preferences", "mail_outbox"],
  async load(db, userId) {
    const [me] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
    const inApp = await db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(desc(notifications.createdAt));
    const preferences = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
    const mails = await db
      .select({ kind: mailOutbox.kind, to: mailOutbox.toAddress, subject: mailOutbox.subject, text: mailOutbox.textBody, status: mailOutbox.status, createdAt: mailOutbox.createdAt, sentAt: mailOutbox.sentAt })
      .from(mailOutbox)
      .where(me ? or(eq(mailOutbox.userId, userId), eq(mailOutbox.toAddress, me.email)) : eq(mailOutbox.userId, userId))
      .orderBy(desc(mailOutbox.createdAt));
    return { inApp: inApp.map((n) => plain(n, ["userId", "dedupeKey"])), preferences: preferences.map((p) => plain(p, ["userId"])), mails: mails.map((m) => plain(m)) };
  },
};

/** Every section, in the order they appear in the file. Add new personal-data tables here. */
export const EXPORT_SECTIONS: readonly ExportSection[] = [
  attemptsSection,
  practiceSection,
  reviewsSection,
  variationsSection,
  plansSection,
  rulesChecksSection,
  programmeSection,
  notificationsSection,
];

/**
 * Every column that points at users.id, and what happens to it. `export`: the section that holds
 * it (or why it is not the person's data to download); `erase`: what deleting a learner does
 * (cascade: the row goes with the user; "set null" columns name the step that deals with the rest
 * of the row). The coverage test compares this with the database's foreign keys.
 */
export const USER_REFERENCES: Record<string, { export: string; erase: "cascade" | "set null" }> = {
  "cohort_members.learner_id": { export: "programme", erase: "cascade" },
  "coach_assignments.learner_id": { export: "programme", erase: "cascade" },
  "coach_assignments.coach_id": { export: "not exported: for a coach, whom they coach is their learners' data", erase: "cascade" },
  "learner_exams.learner_id": { export: "not exported: enrolment bookkeeping (the lock that serialises attempts), no content", erase: "cascade" },
  "exam_attempts.learner_id": { export: "attempts", erase: "cascade" },
  "audit_log.actor_id": { export: "not exported: the programme's audit trail (entries about a deleted learner are emptied)", erase: "set null" },
  "questions.owner_id": { export: "variations", erase: "cascade" },
  "variation_comments.author_id": { export: "not exported for the author (a coach); the learner gets them with their variations", erase: "set null" },
  "practice_sessions.learner_id": { export: "practiceSets", erase: "cascade" },
  "question_reviews.learner_id": { export: "reviewedQuestions", erase: "cascade" },
  "repair_plans.learner_id": { export: "repairPlans", erase: "cascade" },
  "repair_plans.coach_id": { export: "not exported for the coach: the plan is the learner's data", erase: "set null" },
  "plan_tasks.reviewed_by": { export: "not exported for the reviewer: the task is the learner's data", erase: "set null" },
  "rules_checks.learner_id": { export: "rulesChecks", erase: "cascade" },
  "notifications.user_id": { export: "notifications", erase: "cascade" },
  "mail_outbox.user_id": { export: "notifications", erase: "cascade" },
  "notification_preferences.user_id": { export: "notifications", erase: "cascade" },
  "password_reset_tokens.user_id": { export: "not exported: hashes of one-time sign-in links, secrets rather than data about the person", erase: "cascade" },
};

export const EXPORT_FORMAT = "retake-coach/account-export";
export const EXPORT_VERSION = 1;

export interface AccountExport {
  format: typeof EXPORT_FORMAT;
  version: number;
  exportedAt: string;
  /** What each section holds, keyed like the sections themselves. */
  contents: Record<string, string>;
  profile: { id: string; email: string; name: string; role: string; timeZone: string; createdAt: string };
  [section: string]: unknown;
}

/** The person's data, or null when the user does not exist. */
export async function exportAccountData(db: Db, userId: string, now = new Date()): Promise<AccountExport | null> {
  // Columns named one by one: the password hash and session bookkeeping are never selected.
  const [profile] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, timeZone: users.timeZone, createdAt: users.createdAt })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!profile) return null;
  const out: AccountExport = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: now.toISOString(),
    contents: { profile: "Your name, email, role and time zone.", ...Object.fromEntries(EXPORT_SECTIONS.map((s) => [s.key, s.description])) },
    profile: { ...profile, createdAt: profile.createdAt.toISOString() },
  };
  for (const section of EXPORT_SECTIONS) out[section.key] = await section.load(db, userId);
  return out;
}

/** The download's file name: the product and the day, nothing personal. */
export function exportFileName(now = new Date()): string {
  return `retake-coach-my-data-${now.toISOString().slice(0, 10)}.json`;
}
