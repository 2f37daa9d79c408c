// Where a learner stands in the repair loop (diagnose → rebuild → prove → retest) and the one step
// that moves them on, for the learner's home. Pure: the page gathers the facts, this decides.
//
// Order of precedence, so exactly one step is named:
//   1. no attempt recorded: record one (everything else starts from the score report);
//   2. the latest attempt passed: nothing to repair;
//   3. readiness holds: book the retake (the one recommended date says when);
//   4. an active plan with unfinished work: its next task, in plan order;
//   5. an active plan with everything done: prove readiness on a qualifying set;
//   6. no active plan: make one (self-coached; a draft first), or wait for the coach while practising.

import type { AttemptOutcome, PlanPhase } from "@/lib/enums";
import type { LoopState } from "./progress";

export type LoopStage = PlanPhase | "passed";

export interface NextStepInput {
  latestOutcome: AttemptOutcome | null;
  selfCoached: boolean;
  /** The learner's own unstarted draft (self-coached only). */
  hasOwnDraft: boolean;
  /** The active plan's loop state, or null without an active plan. */
  loop: LoopState | null;
  /** The next unfinished task of the active plan, when there is one. */
  nextTask: { title: string; day: number; phase: string; date: string } | null;
  ready: boolean;
}

export interface NextStep {
  stage: LoopStage;
  /** The button's words and target. */
  label: string;
  href: string;
  /** One sentence: why this is the step now. */
  why: string;
}

export const QUALIFYING_SET_HINT = "a timed mixed set of 25 questions or more, at exam pace";

export function nextStep(i: NextStepInput): NextStep {
  if (i.latestOutcome === null) {
    return {
      stage: "diagnose",
      label: "Record your exam attempt",
      href: "/learn/attempts/new",
      why: "Everything starts from your result: the score, the bar per skill area and what slowed you down, written while it is fresh.",
    };
  }
  if (i.latestOutcome === "pass") {
    return { stage: "passed", label: "See your retake status", href: "/learn/status", why: "Your latest attempt is a pass: there is nothing to repair." };
  }
  if (i.ready) {
    return {
      stage: "retest",
      label: "See your recommended retake date",
      href: "/learn/status",
      why: "Your misses are mostly edge cases on two qualifying sets in a row: the loop has done its job. Book the date the status page recommends.",
    };
  }
  if (i.loop && i.loop.phase !== "complete" && i.nextTask) {
    return {
      stage: i.loop.phase,
      label: i.nextTask.phase === "retest" ? `Retest: ${i.nextTask.title}` : `Day ${i.nextTask.day}: ${i.nextTask.title}`,
      href: "/learn/plan",
      why:
        i.nextTask.phase === "rebuild"
          ? "Rebuild by hand what the diagnosis found weak; reading alone does not repair a workflow."
          : i.nextTask.phase === "prove"
            ? "Prove the fix with evidence: what you ran and what you observed."
            : i.nextTask.phase === "retest"
              ? "Retest on questions you have not met, timed, to see whether the repair holds."
              : "Diagnose from your score report and notes before you rebuild.",
    };
  }
  if (i.loop) {
    return {
      stage: "retest",
      label: "Prove readiness on a timed mixed set",
      href: "/learn/practice",
      why: `Your plan's tasks are done. Readiness counts only questions you meet for the first time, on ${QUALIFYING_SET_HINT}.`,
    };
  }
  if (i.selfCoached) {
    return i.hasOwnDraft
      ? { stage: "diagnose", label: "Review and start your plan", href: "/learn/plan/edit", why: "Your draft repair plan is ready: edit it if you like, then start it." }
      : {
          stage: "diagnose",
          label: "Make your repair plan",
          href: "/learn/plan",
          why: "Turn your latest result into a day-by-day plan with the same rules a coach uses: rebuild, prove, retest.",
        };
  }
  return {
    stage: "diagnose",
    label: "Practise while your coach builds your plan",
    href: "/learn/practice",
    why: "Your coach makes your repair plan from your result. A timed mixed set meanwhile adds practice misses to the diagnosis.",
  };
}
