import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { notFound } from "next/navigation";
import { getDb, type Db } from "@/db/client";
import { examAttempts, type ExamRow } from "@/db/schema";
import { buildRetakeOverview, type AttemptView, type RetakeOverview } from "@/lib/attempts/overview";
import { cacheTags, cached } from "@/lib/cache/server/read-cache";
import { examPolicy } from "@/lib/exam/server/exams";
import { AZ104, type DomainKey } from "@/lib/exam/az104";
import { cachedExam } from "./exam";
import { parseId, type Learner } from "./guard";

const DOMAIN_ORDER = new Map(AZ104.domains.map((d, i) => [d.key as string, i]));

/**
 * Attempts of one or more learners with their score-report bars and miss categories, oldest
 * first, in one statement (the bars and categories ride along as subqueries on their primary keys).
 */
export async function attemptViewsByLearner(db: Db, learnerIds: string[], examId: string): Promise<Map<string, AttemptView[]>> {
  const out = new Map<string, AttemptView[]>(learnerIds.map((id) => [id, []]));
  if (!learnerIds.length) return out;
  const rows = await db
    .select({
      id: examAttempts.id,
      learnerId: examAttempts.learnerId,
      takenAt: examAttempts.takenAt,
      outcome: examAttempts.outcome,
      score: examAttempts.score,
      certExpiresAt: examAttempts.certExpiresAt,
      hardestDomains: examAttempts.hardestDomains,
      slowItemTypes: examAttempts.slowItemTypes,
      misreadNotes: examAttempts.misreadNotes,
      notes: examAttempts.notes,
      ranOutOfTime: examAttempts.ranOutOfTime,
      unansweredOrGuessed: examAttempts.unansweredOrGuessed,
      halfwayMinutesLeft: examAttempts.halfwayMinutesLeft,
      // "domain:bar" pairs: plain text arrays read the same on both drivers.
      bars: sql<string[]>`array(select r.domain || ':' || r.bar from attempt_domain_readings r where r.attempt_id = ${examAttempts.id})`,
      categories: sql<string[]>`array(select c.category from attempt_miss_categories c where c.attempt_id = ${examAttempts.id} order by c.category)`,
    })
    .from(examAttempts)
    .where(and(learnerIds.length === 1 ? eq(examAttempts.learnerId, learnerIds[0]!) : inArray(examAttempts.learnerId, learnerIds), eq(examAttempts.examId, examId)))
    .orderBy(asc(examAttempts.takenAt));
  for (const r of rows) {
    out.get(r.learnerId)?.push({
      id: r.id,
      takenAt: r.takenAt,
      outcome: r.outcome,
      score: r.score,
      certExpiresAt: r.certExpiresAt,
      readings: r.bars
        .map((pair) => {
          const at = pair.lastIndexOf(":");
          return { domain: pair.slice(0, at) as DomainKey, bar: Number(pair.slice(at + 1)) };
        })
        .sort((x, y) => (DOMAIN_ORDER.get(x.domain) ?? 9) - (DOMAIN_ORDER.get(y.domain) ?? 9)),
      hardestDomains: r.hardestDomains as DomainKey[],
      slowItemTypes: r.slowItemTypes,
      misreadCategories: r.categories,
      misreadNotes: r.misreadNotes,
      notes: r.notes,
      pacing: { ranOutOfTime: r.ranOutOfTime, unansweredOrGuessed: r.unansweredOrGuessed, halfwayMinutesLeft: r.halfwayMinutesLeft },
    });
  }
  return out;
}

/**
 * One learner's attempt views, from the read cache (tag l:<learner>: exam_attempts and their
 * readings and miss categories bump it). The caller has checked the reader may see this learner.
 * The views are frozen: derive (buildRetakeOverview copies), never mutate.
 */
export async function loadAttemptViews(db: Db, learnerId: string, examId: string): Promise<AttemptView[]> {
  return cached(db, `attempt-views:${examId}:${learnerId}`, [cacheTags.learner(learnerId)], async () => (await attemptViewsByLearner(db, [learnerId], examId)).get(learnerId) ?? []);
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
  return cachedExam(await getDb());
}

/** The learner's own overview; the learner id is the signed-in user's, never an input. */
export async function getMyRetakeOverview(
  user: Learner,
  now = new Date(),
): Promise<{ exam: ExamSummary; overview: RetakeOverview }> {
  const db = await getDb();
  const exam = await cachedExam(db);
  const attempts = await loadAttemptViews(db, user.id, exam.id);
  return {
    exam: examSummary(exam),
    overview: buildRetakeOverview({ attempts, policy: examPolicy(exam), passingScore: exam.passingScore, now }),
  };
}

export async function getMyAttempt(user: Learner, rawId: string): Promise<AttemptView> {
  const id = parseId(rawId);
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
