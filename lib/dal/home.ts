import "server-only";
import { getDb } from "@/db/client";
import { cacheTags, cached } from "@/lib/cache/server/read-cache";
import { isoDateInZone } from "@/lib/format";
import { addDays } from "@/lib/plans/dates";
import { nextStep, type NextStep } from "@/lib/plans/next-step";
import { computeProgress, groupTasksForToday, isUnfinished, loopState, type LoopState, type PlanProgress } from "@/lib/plans/progress";
import type { DomainKey } from "@/lib/exam/az104";
import { isSelfCoached, learnerActivePlan, learnerOwnPlan } from "@/lib/plans/server/repair-plans";
import { latestRulesCheck } from "@/lib/rules-check/server/rules-check";
import { retakePictureFor, type RetakePicture } from "./readiness";
import { cachedExam } from "./exam";
import type { Learner } from "./guard";

export interface HomeTask {
  id: string;
  title: string;
  phase: string;
  domain: DomainKey | null;
  status: string;
  selfChecked: boolean;
}

export interface LearnerHome {
  picture: RetakePicture;
  examCode: string;
  selfCoached: boolean;
  plan: { id: string; selfMade: boolean; progress: PlanProgress; loop: LoopState; today: HomeTask[] } | null;
  step: NextStep;
  /** Offered until the learner has taken the know-the-rules check once. */
  rulesCheckTaken: boolean;
}

/** Everything the learner's home shows: the loop stage, the one next step, the dates, readiness and today's tasks. */
export async function getMyHome(user: Learner, now = new Date()): Promise<LearnerHome> {
  const db = await getDb();
  const exam = await cachedExam(db);
  const [picture, { active, selfCoached, rulesCheckTaken, hasOwnDraft }] = await Promise.all([
    retakePictureFor(db, exam, user.id, user.timeZone, now),
    // What changes only on writes to the learner's rows (repair_plans, plan_tasks and their
    // practice_sessions, coach_assignments, rules_checks: all bump "l:<learner>"). The day of
    // each task and "today" are derived below, per request.
    cached(db, `home:${user.id}`, [cacheTags.learner(user.id)], async () => {
      const [active, selfCoached, rules] = await Promise.all([learnerActivePlan(db, user.id), isSelfCoached(db, user.id), latestRulesCheck(db, user.id)]);
      const own = !active && selfCoached ? await learnerOwnPlan(db, user.id) : null;
      return { active, selfCoached, rulesCheckTaken: rules !== null, hasOwnDraft: own?.plan.status === "draft" };
    }),
  ]);
  const today = isoDateInZone(now, user.timeZone);

  let plan: LearnerHome["plan"] = null;
  let nextTask: Parameters<typeof nextStep>[0]["nextTask"] = null;
  if (active) {
    const tasks = active.tasks.map((t) => ({ ...t, domain: t.domain as DomainKey | null, date: addDays(active.plan.startDate, t.day - 1) }));
    const loop = loopState(tasks);
    const next = [...tasks].sort((a, b) => a.day - b.day || a.position - b.position).find((t) => isUnfinished(t.status));
    nextTask = next ? { title: next.title, day: next.day, phase: next.phase, date: next.date } : null;
    plan = {
      id: active.plan.id,
      selfMade: active.plan.controlledBy === "learner",
      progress: computeProgress(tasks),
      loop,
      today: groupTasksForToday(tasks, today).today.map((t) => ({
        id: t.id,
        title: t.title,
        phase: t.phase,
        domain: t.domain,
        status: t.status,
        selfChecked: t.status === "accepted" && t.reviewedBy === null,
      })),
    };
  }
  const latest = picture.overview.latest;
  const step = nextStep({
    latestOutcome: latest?.outcome ?? null,
    selfCoached,
    hasOwnDraft,
    loop: plan?.loop ?? null,
    nextTask,
    ready: picture.readiness.ready,
  });
  return { picture, examCode: exam.code, selfCoached, plan, step, rulesCheckTaken };
}
