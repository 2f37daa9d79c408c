import "server-only";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import {
  cohortMembers,
  cohorts,
  practiceItems,
  practiceSessions,
  questions,
  users,
} from "@/db/schema";
import { buildRetakeOverview, retakeDayOf, type RetakeOverview } from "@/lib/attempts/overview";
import type { RecommendedDay } from "@/lib/policy/recommended-date";
import type { ReadinessReport } from "@/lib/practice/readiness";
import { plansForDate, readinessByLearner } from "@/lib/readiness/server/readiness";
import { examPolicy } from "@/lib/exam/server/exams";
import { cacheTags, cached } from "@/lib/cache/server/read-cache";
import { domainTrend } from "@/lib/practice/server/sessions";
import { attemptViewsByLearner } from "./attempts";
import { cachedExam } from "./exam";
import { loadPictureData, pictureFrom } from "./readiness";
import { coachOwnsLearner, parseId, type Coach } from "./guard";

export interface AssignedLearner {
  id: string;
  name: string;
  email: string;
  timeZone: string;
  cohort: string | null;
}

export interface LastPractice {
  sessionId: string;
  startedAt: Date;
  correct: number;
  size: number;
  coreMisses: number;
  edgeMisses: number;
}

export interface DashboardRow extends AssignedLearner {
  overview: RetakeOverview;
  lastPractice: LastPractice | null;
  readiness: ReadinessReport;
  /** The one recommended retake date, in the learner's zone (the date the learner sees). */
  recommended: RecommendedDay;
}

/** Only the learners assigned to this coach; the coach id comes from the verified user, never from input. */
export async function listAssignedLearners(coach: Coach): Promise<AssignedLearner[]> {
  const db = await getDb();
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email, timeZone: users.timeZone, cohort: cohorts.name })
    .from(users)
    .leftJoin(cohortMembers, eq(cohortMembers.learnerId, users.id))
    .leftJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
    .where(and(coachOwnsLearner(coach.id, users.id), eq(users.active, true)))
    .orderBy(asc(users.name));
  // A learner in two cohorts appears once, with the cohorts joined.
  const byId = new Map<string, AssignedLearner>();
  for (const r of rows) {
    const prev = byId.get(r.id);
    if (prev) prev.cohort = [prev.cohort, r.cohort].filter(Boolean).join(", ");
    else byId.set(r.id, { ...r });
  }
  return [...byId.values()];
}

async function lastPracticeFor(learnerIds: string[]): Promise<Map<string, LastPractice>> {
  const out = new Map<string, LastPractice>();
  if (!learnerIds.length) return out;
  const db = await getDb();
  const sessions = await db
    .selectDistinctOn([practiceSessions.learnerId], {
      id: practiceSessions.id,
      learnerId: practiceSessions.learnerId,
      startedAt: practiceSessions.startedAt,
      correct: practiceSessions.correct,
      size: practiceSessions.size,
    })
    .from(practiceSessions)
    .where(and(inArray(practiceSessions.learnerId, learnerIds), eq(practiceSessions.status, "submitted")))
    .orderBy(practiceSessions.learnerId, desc(practiceSessions.startedAt));
  if (!sessions.length) return out;
  // Misses per tier counted by the database (tiers are read now, so a bank edit reclassifies them).
  const misses = await db
    .select({
      sessionId: practiceItems.sessionId,
      core: sql<number>`count(*) filter (where ${questions.tier} = 'core' and ${practiceItems.correct} is not true)`.mapWith(Number),
      edge: sql<number>`count(*) filter (where ${questions.tier} = 'edge' and ${practiceItems.correct} is not true)`.mapWith(Number),
    })
    .from(practiceItems)
    .innerJoin(questions, eq(questions.id, practiceItems.questionId))
    .where(inArray(practiceItems.sessionId, sessions.map((s) => s.id)))
    .groupBy(practiceItems.sessionId);
  const bySession = new Map(misses.map((m) => [m.sessionId, m]));
  for (const s of sessions) {
    const m = bySession.get(s.id);
    out.set(s.learnerId, {
      sessionId: s.id,
      startedAt: s.startedAt,
      correct: s.correct ?? 0,
      size: s.size,
      coreMisses: m?.core ?? 0,
      edgeMisses: m?.edge ?? 0,
    });
  }
  return out;
}

/** One row per assigned learner with the retake picture and the last practice result. */
export async function coachDashboard(coach: Coach, now = new Date()): Promise<DashboardRow[]> {
  const learners = await listAssignedLearners(coach);
  const db = await getDb();
  const exam = await cachedExam(db);
  const policy = examPolicy(exam);
  const ids = learners.map((l) => l.id);
  const [attempts, practice, plans] = await Promise.all([attemptViewsByLearner(db, ids, exam.id), lastPracticeFor(ids), plansForDate(db, ids)]);
  const latestAt = new Map(ids.flatMap((id) => {
    const latest = attempts.get(id)?.at(-1);
    return latest ? [[id, latest.takenAt] as const] : [];
  }));
  const readiness = await readinessByLearner(db, ids, exam.id, latestAt);
  return learners.map((l) => {
    const overview = buildRetakeOverview({ attempts: attempts.get(l.id) ?? [], policy, passingScore: exam.passingScore, now, examMinutes: exam.durationMinutes });
    const r = readiness.get(l.id)!;
    return {
      ...l,
      overview,
      lastPractice: practice.get(l.id) ?? null,
      readiness: r,
      recommended: retakeDayOf(overview, plans.get(l.id), r, l.timeZone),
    };
  });
}

/** A learner's detail for their coach; any other coach (or an unassigned learner) gets 404. */
export async function coachLearnerDetail(coach: Coach, rawLearnerId: string, now = new Date()) {
  const learnerId = parseId(rawLearnerId);
  const db = await getDb();
  const [assigned] = await db
    .select({ id: users.id, name: users.name, email: users.email, timeZone: users.timeZone })
    .from(users)
    .where(and(eq(users.id, learnerId), coachOwnsLearner(coach.id, users.id)))
    .limit(1);
  if (!assigned) notFound();
  const exam = await cachedExam(db);
  // Only after the ownership check above. The learner's data, whoever the coach (nothing here is a
  // coach's own), tagged with the learner (attempts, plans, sets) and the bank (the trend's domains
  // and the misses' tiers are the questions' as they are now); the overview is computed now.
  const data = await cached(db, `coach-learner:${exam.id}:${learnerId}`, [cacheTags.learner(learnerId), cacheTags.bank], async () => {
    const [picture, trend, practice] = await Promise.all([loadPictureData(db, exam.id, learnerId), domainTrend(db, learnerId), lastPracticeFor([learnerId])]);
    return { picture, trend, lastPractice: practice.get(learnerId) ?? null };
  });
  const { overview, readiness, recommended } = pictureFrom(exam, data.picture, assigned.timeZone, now);
  const { trend, lastPractice } = data;
  return { learner: assigned, exam: { code: exam.code, passingScore: exam.passingScore }, overview, readiness, recommended, trend, lastPractice };
}
