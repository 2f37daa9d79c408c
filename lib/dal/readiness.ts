import "server-only";
import { getDb, type Db } from "@/db/client";
import type { ExamRow } from "@/db/schema";
import { buildRetakeOverview, retakeDayOf, type AttemptView, type PlanForDate, type RetakeOverview } from "@/lib/attempts/overview";
import { cacheTags, cached } from "@/lib/cache/server/read-cache";
import { examPolicy } from "@/lib/exam/server/exams";
import type { RecommendedDay } from "@/lib/policy/recommended-date";
import type { ReadinessReport } from "@/lib/practice/readiness";
import { plansForDate, readinessByLearner } from "@/lib/readiness/server/readiness";
import { attemptViewsByLearner } from "./attempts";
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

/** What a picture is derived from: data only, nothing read from the clock (kept in the read cache). */
export interface PictureData {
  attempts: AttemptView[];
  plan: PlanForDate | null;
  readiness: ReadinessReport;
}

/** A learner's picture data, read from the database (three statements). */
export async function loadPictureData(db: Db, examId: string, learnerId: string): Promise<PictureData> {
  const [attempts, plans] = await Promise.all([attemptViewsByLearner(db, [learnerId], examId).then((m) => m.get(learnerId) ?? []), plansForDate(db, [learnerId])]);
  const latest = attempts.at(-1);
  const readiness = await readinessByLearner(db, [learnerId], examId, new Map(latest ? [[learnerId, latest.takenAt]] : []));
  return { attempts, plan: plans.get(learnerId) ?? null, readiness: readiness.get(learnerId)! };
}

/**
 * The picture as of now, from its data: the overview (eligibility, countdowns) and the recommended
 * date are computed per request, never cached.
 */
export function pictureFrom(exam: ExamRow, data: PictureData, timeZone: string, now: Date): RetakePicture {
  const overview = buildRetakeOverview({ attempts: data.attempts, policy: examPolicy(exam), passingScore: exam.passingScore, now, examMinutes: exam.durationMinutes });
  return { overview, readiness: data.readiness, plan: data.plan, recommended: retakeDayOf(overview, data.plan, data.readiness, timeZone) };
}

/**
 * A learner's picture; callers have checked the reader may see this learner. Its data comes from
 * the read cache under the learner's tag (attempts and their parts, repair_plans, practice_sessions
 * all bump it); the overview is computed now.
 */
export async function retakePictureFor(db: Db, exam: ExamRow, learnerId: string, timeZone: string, now = new Date()): Promise<RetakePicture> {
  const data = await cached(db, `picture:${exam.id}:${learnerId}`, [cacheTags.learner(learnerId)], () => loadPictureData(db, exam.id, learnerId));
  return pictureFrom(exam, data, timeZone, now);
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
