import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import { forbidden, notFound } from "next/navigation";
import { getDb, type Db } from "@/db/client";
import { attemptDomainReadings, attemptMissCategories, examAttempts, type ExamRow } from "@/db/schema";
import { buildRetakeOverview, type AttemptView, type RetakeOverview } from "@/lib/attempts/overview";
import { examPolicy, getExamByCode } from "@/lib/attempts/service";
import { AZ104, type DomainKey } from "@/lib/exam/az104";
import type { CurrentUser } from "./session";

export async function loadAttemptViews(db: Db, learnerId: string, examId: string): Promise<AttemptView[]> {
  const rows = await db
    .select()
    .from(examAttempts)
    .where(and(eq(examAttempts.learnerId, learnerId), eq(examAttempts.examId, examId)))
    .orderBy(asc(examAttempts.takenAt));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [readings, categories] = await Promise.all([
    db.select().from(attemptDomainReadings).where(inArray(attemptDomainReadings.attemptId, ids)),
    db.select().from(attemptMissCategories).where(inArray(attemptMissCategories.attemptId, ids)),
  ]);
  const order = new Map(AZ104.domains.map((d, i) => [d.key as string, i]));
  return rows.map((r) => ({
    id: r.id,
    takenAt: r.takenAt,
    outcome: r.outcome,
    score: r.score,
    certExpiresAt: r.certExpiresAt,
    readings: readings
      .filter((x) => x.attemptId === r.id)
      .map((x) => ({ domain: x.domain as DomainKey, bar: x.bar }))
      .sort((x, y) => (order.get(x.domain) ?? 9) - (order.get(y.domain) ?? 9)),
    hardestDomains: r.hardestDomains as DomainKey[],
    slowItemTypes: r.slowItemTypes,
    misreadCategories: categories.filter((c) => c.attemptId === r.id).map((c) => c.category),
    misreadNotes: r.misreadNotes,
    notes: r.notes,
  }));
}

export interface ExamSummary {
  id: string;
  code: string;
  title: string;
  passingScore: number;
  maxScore: number;
  outlineDate: string;
}

function examSummary(exam: ExamRow): ExamSummary {
  return {
    id: exam.id,
    code: exam.code,
    title: exam.title,
    passingScore: exam.passingScore,
    maxScore: exam.maxScore,
    outlineDate: exam.outlineDate,
  };
}

export async function currentExam(): Promise<ExamRow> {
  return getExamByCode(await getDb(), AZ104.code);
}

/** The learner's own overview; the learner id is the signed-in user's, never an input. */
export async function getMyRetakeOverview(
  user: CurrentUser,
  now = new Date(),
): Promise<{ exam: ExamSummary; overview: RetakeOverview }> {
  if (user.role !== "learner") forbidden();
  const db = await getDb();
  const exam = await getExamByCode(db, AZ104.code);
  const attempts = await loadAttemptViews(db, user.id, exam.id);
  return {
    exam: examSummary(exam),
    overview: buildRetakeOverview({ attempts, policy: examPolicy(exam), passingScore: exam.passingScore, now }),
  };
}

export async function getMyAttempt(user: CurrentUser, id: string): Promise<AttemptView> {
  if (user.role !== "learner") forbidden();
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const db = await getDb();
  const [row] = await db
    .select({ examId: examAttempts.examId })
    .from(examAttempts)
    .where(and(eq(examAttempts.id, id), eq(examAttempts.learnerId, user.id)))
    .limit(1);
  if (!row) notFound();
  const views = await loadAttemptViews(db, user.id, row.examId);
  const view = views.find((v) => v.id === id);
  if (!view) notFound();
  return view;
}
