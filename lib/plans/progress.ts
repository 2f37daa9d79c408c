// Where a learner stands in a plan. Statuses follow the review flow: the learner submits
// evidence, a coach accepts it or returns it for more work.
//
// Semantics chosen here:
// - "done" means accepted. Submitted work counts separately (it waits for a coach), unless the
//   caller says submissions count, e.g. for a learner who studies without a coach.
// - "unfinished" (for the loop state and the today list) means todo or returned: a submitted task
//   needs nothing more from the learner right now, a returned one does.

import type { DomainKey } from "@/lib/exam/az104";
import { isCalendarDate } from "./dates";
import { PLAN_PHASES, type PlanPhase, type TaskStatus } from "@/lib/enums";

/** The fields progress needs; stored plan tasks and generated tasks both fit. */
export interface ProgressTask {
  day: number;
  date: string;
  position: number;
  phase: PlanPhase;
  status: TaskStatus;
  domain?: DomainKey | null;
}

export interface PhaseProgress {
  done: number;
  total: number;
}

export interface PlanProgress {
  done: number;
  total: number;
  /** Whole percent, rounded down so a plan never shows 100 % while a task is open. */
  pct: number;
  /** Waiting for a coach (0 when submissions count as done). */
  submitted: number;
  /** Sent back by a coach; the learner has to act on these. */
  returned: number;
  byPhase: Record<PlanPhase, PhaseProgress>;
}

export interface ProgressOptions {
  /** Treat submitted as done, for plans nobody reviews. Default false. */
  countSubmittedAsDone?: boolean;
}

export function isUnfinished(status: TaskStatus): boolean {
  return status === "todo" || status === "returned";
}

function isDone(status: TaskStatus, options: ProgressOptions): boolean {
  return status === "accepted" || (options.countSubmittedAsDone === true && status === "submitted");
}

export function computeProgress(tasks: readonly ProgressTask[], options: ProgressOptions = {}): PlanProgress {
  const byPhase = Object.fromEntries(PLAN_PHASES.map((p) => [p, { done: 0, total: 0 }])) as Record<PlanPhase, PhaseProgress>;
  let done = 0;
  let submitted = 0;
  let returned = 0;
  for (const t of tasks) {
    const finished = isDone(t.status, options);
    byPhase[t.phase].total++;
    if (finished) {
      byPhase[t.phase].done++;
      done++;
    } else if (t.status === "submitted") {
      submitted++;
    } else if (t.status === "returned") {
      returned++;
    }
  }
  const total = tasks.length;
  return { done, total, pct: total === 0 ? 0 : Math.floor((done * 100) / total), submitted, returned, byPhase };
}

export interface LoopState {
  /** The phase of the learner's next unfinished task, or complete when none is left. */
  phase: PlanPhase | "complete";
  /** Day and domain of that task (null when complete or for tasks spanning all domains). */
  day: number | null;
  domain: DomainKey | null;
  /** Submitted tasks still waiting for review; complete does not mean all were accepted. */
  awaitingReview: number;
}

function byDayThenPosition(a: ProgressTask, b: ProgressTask): number {
  return a.day - b.day || a.position - b.position;
}

/**
 * Where the learner is in diagnose → rebuild → prove → retest: the phase of the earliest
 * unfinished task in plan order. Plan order rather than "lowest phase anywhere", because a
 * broad-miss plan runs the loop once per domain and a later domain's rebuild must not pull a
 * learner who is proving an earlier domain back to "rebuild".
 */
export function loopState(tasks: readonly ProgressTask[]): LoopState {
  const awaitingReview = tasks.filter((t) => t.status === "submitted").length;
  const next = [...tasks].sort(byDayThenPosition).find((t) => isUnfinished(t.status));
  if (!next) return { phase: "complete", day: null, domain: null, awaitingReview };
  return { phase: next.phase, day: next.day, domain: next.domain ?? null, awaitingReview };
}

export interface TodayGroups<T extends ProgressTask> {
  /** Every task dated today, whatever its status, so finished work still shows. */
  today: T[];
  /** Unfinished tasks from earlier days, oldest first. */
  overdue: T[];
  /** Unfinished tasks from later days, soonest first. */
  upcoming: T[];
}

export function groupTasksForToday<T extends ProgressTask>(tasks: readonly T[], todayDate: string): TodayGroups<T> {
  if (!isCalendarDate(todayDate)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${todayDate}`);
  // YYYY-MM-DD strings order like the dates they name, so plain comparison is enough; the date
  // leads the sort so tasks from more than one plan still come out in calendar order.
  const sorted = [...tasks].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : byDayThenPosition(a, b)));
  return {
    today: sorted.filter((t) => t.date === todayDate),
    overdue: sorted.filter((t) => t.date < todayDate && isUnfinished(t.status)),
    upcoming: sorted.filter((t) => t.date > todayDate && isUnfinished(t.status)),
  };
}

/** Today's tasks first, then overdue unfinished ones, then upcoming unfinished ones. */
export function todayTasks<T extends ProgressTask>(tasks: readonly T[], todayDate: string): T[] {
  const g = groupTasksForToday(tasks, todayDate);
  return [...g.today, ...g.overdue, ...g.upcoming];
}
