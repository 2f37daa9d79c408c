import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  attemptDomainReadings,
  attemptMissCategories,
  cohortMembers,
  cohorts,
  examAttempts,
  exams,
  planTasks,
  practiceItems,
  practiceSessions,
  repairPlans,
  users,
} from "@/db/schema";

/**
 * "Download my data": everything the product keeps about one person, as JSON. Each kind of data
 * is one section in EXPORT_SECTIONS (a key, what it holds, and how to load it for a user id), so
 * a new table that holds personal data (learner-written question variations, say) is one more
 * entry there, and the account page's list of contents follows. Only rows owned by the user are
 * read; password hashes, answer keys and other people's details never appear.
 */
export interface ExportSection<T = unknown> {
  key: string;
  /** One line for the person reading the file (and the account page). */
  description: string;
  load(db: Db, userId: string): Promise<T>;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

async function examCodes(db: Db): Promise<Map<string, string>> {
  const rows = await db.select({ id: exams.id, code: exams.code }).from(exams);
  return new Map(rows.map((r) => [r.id, r.code]));
}

const attemptsSection: ExportSection = {
  key: "attempts",
  description: "Exam attempts with their score-report bars (bar lengths 0–100, not percentages), miss categories and notes.",
  async load(db, userId) {
    const rows = await db.select().from(examAttempts).where(eq(examAttempts.learnerId, userId)).orderBy(asc(examAttempts.takenAt), asc(examAttempts.id));
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const codes = await examCodes(db);
    const bars = await db.select().from(attemptDomainReadings).where(inArray(attemptDomainReadings.attemptId, ids)).orderBy(asc(attemptDomainReadings.domain));
    const categories = await db.select().from(attemptMissCategories).where(inArray(attemptMissCategories.attemptId, ids)).orderBy(asc(attemptMissCategories.category));
    return rows.map((a) => ({
      id: a.id,
      exam: codes.get(a.examId) ?? a.examId,
      takenAt: iso(a.takenAt),
      outcome: a.outcome,
      score: a.score,
      certificationExpiresAt: iso(a.certExpiresAt),
      scoreReportBars: bars.filter((b) => b.attemptId === a.id).map((b) => ({ domain: b.domain, bar: b.bar })),
      missCategories: categories.filter((c) => c.attemptId === a.id).map((c) => c.category),
      hardestDomains: a.hardestDomains,
      slowItemTypes: a.slowItemTypes,
      misreadNotes: a.misreadNotes,
      notes: a.notes,
      recordedAt: iso(a.createdAt),
      updatedAt: iso(a.updatedAt),
    }));
  },
};

const practiceSection: ExportSection = {
  key: "practiceSets",
  description: "Practice sets with your answers, flags and time per question (which answers were right is known only after a set was submitted).",
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
      id: s.id,
      exam: codes.get(s.examId) ?? s.examId,
      mode: s.mode,
      size: s.size,
      durationMinutes: s.durationMinutes,
      focusDomains: s.focusDomains,
      status: s.status,
      startedAt: iso(s.startedAt),
      deadlineAt: iso(s.deadlineAt),
      submittedAt: iso(s.submittedAt),
      answered: s.answered,
      correct: s.correct,
      answers: items
        .filter((i) => i.sessionId === s.id)
        .map((i) => ({
          position: i.position,
          questionId: i.questionId,
          response: i.response,
          flagged: i.flagged,
          answeredAt: iso(i.answeredAt),
          timeMs: i.timeMs,
          correct: s.status === "submitted" ? i.correct : null,
        })),
    }));
  },
};

const plansSection: ExportSection = {
  key: "repairPlans",
  description: "Repair plans made for you (drafts included), with every task, the evidence you submitted and your coach's review.",
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
      id: p.id,
      exam: codes.get(p.examId) ?? p.examId,
      status: p.status,
      template: p.template,
      startDate: p.startDate,
      lengthDays: p.lengthDays,
      targetDate: p.targetDate,
      weakDomains: p.weakDomains,
      diagnosis: p.diagnosis,
      assignedAt: iso(p.assignedAt),
      tasks: tasks
        .filter((t) => t.planId === p.id)
        .map((t) => ({
          id: t.id,
          day: t.day,
          domain: t.domain,
          phase: t.phase,
          title: t.title,
          instructions: t.instructions,
          evidenceRequired: t.evidenceRequired,
          status: t.status,
          evidence: t.evidenceText === null && t.evidenceLink === null ? null : { text: t.evidenceText, link: t.evidenceLink, submittedAt: iso(t.submittedAt) },
          review: t.reviewComment === null && t.reviewedAt === null ? null : { comment: t.reviewComment, reviewedAt: iso(t.reviewedAt) },
          practiceSetId: t.practiceSessionId,
        })),
    }));
  },
};

const cohortsSection: ExportSection = {
  key: "cohorts",
  description: "The cohorts you belong to.",
  async load(db, userId) {
    const rows = await db
      .select({ name: cohorts.name, addedAt: cohortMembers.addedAt })
      .from(cohortMembers)
      .innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
      .where(eq(cohortMembers.learnerId, userId))
      .orderBy(asc(cohorts.name));
    return rows.map((r) => ({ name: r.name, joinedAt: iso(r.addedAt) }));
  },
};

/** Every section, in the order they appear in the file. Add new personal-data tables here. */
export const EXPORT_SECTIONS: readonly ExportSection[] = [attemptsSection, practiceSection, plansSection, cohortsSection];

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
