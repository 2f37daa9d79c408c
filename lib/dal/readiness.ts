import "server-only";
import { getDb, type Db } from "@/db/client";
import type { ExamRow } from "@/db/schema";
import { buildRetakeOverview, retakeDayOf, type PlanForDate, type RetakeOverview } from "@/lib/attempts/overview";
import { examPolicy } from "@/lib/exam/server/exams";
import type { RecommendedDay } from "@/lib/policy/recommended-date";
import type { ReadinessReport } from "@/lib/practice/readiness";
import { plansForDate, readinessByLearner } from "@/lib/readiness/server/readiness";
import { loadAttemptViews } from "./attempts";
import { cachedExam } from "./exam";
import type { Learner } from "./guard";

// Readiness and the one recommended retake date, as every page reads them. The learner is always
// the signed-in user or, for a plan, the plan's learner after the caller checked access.

export interface RetakePicture {
  overview: RetakeOverview;
  readiness: ReadinessReport;
  /** The plan whose end counts toward the date (active, or completed on the latest attempt). */
  plan: PlanForDate | null;
  recommended: RecommendedDay;
}

/** A learner's picture; callers have checked the reader may see this learner. */
export async function retakePictureFor(db: Db, exam: ExamRow, learnerId: string, timeZone: string, now = new Date()): Promise<RetakePicture> {
  const [attempts, plans] = await Promise.all([loadAttemptViews(db, learnerId, exam.id), plansForDate(db, [learnerId])]);
  const latest = attempts.at(-1);
  const readiness = await readinessByLearner(db, [learnerId], exam.id, new Map(latest ? [[learnerId, latest.takenAt]] : []));
  const overview = buildRetakeOverview({ attempts, policy: examPolicy(exam), passingScore: exam.passingScore, now, examMinutes: exam.durationMinutes });
  const r = readiness.get(learnerId)!;
  const plan = plans.get(learnerId) ?? null;
  return { overview, readiness: r, plan, recommended: retakeDayOf(overview, plan, r, timeZone) };
}

/** The signed-in learner's own readiness, its history and their recommended retake date. */
export async function getMyRetakePicture(user: Learner, now = new Date()): Promise<RetakePicture & { exam: ExamRow }> {
  const db = await getDb();
  const exam = await cachedExam(db);
  return { exam, ...(await retakePictureFor(db, exam, user.id, user.timeZone, now)) };
}

/**
 * The picture of a plan's learner, for the plan pages and the plan calendar. Only after the caller
 * has checked the reader may read that plan (readablePlan, coachPlanView).
 */
export async function retakePictureOfPlanLearner(learnerId: string, timeZone: string, now = new Date()): Promise<RetakePicture> {
  const db = await getDb();
  return retakePictureFor(db, await cachedExam(db), learnerId, timeZone, now);
}
