import { describe, expect, it } from "vitest";
import { nextStep, type NextStepInput } from "./next-step";

const base: NextStepInput = { latestOutcome: "fail", selfCoached: true, hasOwnDraft: false, loop: null, nextTask: null, ready: false };
const loop = (phase: "diagnose" | "rebuild" | "prove" | "retest" | "complete") => ({ phase, day: phase === "complete" ? null : 2, domain: null, awaitingReview: 0 });
const task = (phase: string) => ({ title: "Assign a role at three scopes", day: 2, phase, date: "2026-05-02" });

describe("the learner's next step in the loop", () => {
  it("walks a learner with no attempt to recording one", () => {
    expect(nextStep({ ...base, latestOutcome: null })).toMatchObject({ stage: "diagnose", href: "/learn/attempts/new", label: "Record your exam attempt" });
    // Even with a plan around (a coach made one early): the attempt comes first.
    expect(nextStep({ ...base, latestOutcome: null, loop: loop("rebuild"), nextTask: task("rebuild") }).href).toBe("/learn/attempts/new");
  });

  it("has nothing to repair after a pass", () => {
    expect(nextStep({ ...base, latestOutcome: "pass", loop: loop("prove"), nextTask: task("prove") })).toMatchObject({ stage: "passed", href: "/learn/status" });
  });

  it("sends a ready learner to the one recommended date, whatever is left in the plan", () => {
    expect(nextStep({ ...base, ready: true, loop: loop("rebuild"), nextTask: task("rebuild") })).toMatchObject({ stage: "retest", href: "/learn/status" });
  });

  it("follows the active plan: the stage is the next unfinished task's phase", () => {
    for (const phase of ["diagnose", "rebuild", "prove", "retest"] as const) {
      const step = nextStep({ ...base, loop: loop(phase), nextTask: task(phase) });
      expect(step.stage).toBe(phase);
      expect(step.href).toBe("/learn/plan");
    }
    expect(nextStep({ ...base, loop: loop("rebuild"), nextTask: task("rebuild") }).label).toBe("Day 2: Assign a role at three scopes");
    expect(nextStep({ ...base, loop: loop("retest"), nextTask: task("retest") }).label).toBe("Retest: Assign a role at three scopes");
  });

  it("after the last task, asks for proof of readiness on a qualifying set", () => {
    expect(nextStep({ ...base, loop: loop("complete"), nextTask: null })).toMatchObject({ stage: "retest", href: "/learn/practice" });
  });

  it("without a plan: a self-coached learner makes one (or starts the draft); a coached one practises meanwhile", () => {
    expect(nextStep(base)).toMatchObject({ stage: "diagnose", href: "/learn/plan", label: "Make your repair plan" });
    expect(nextStep({ ...base, hasOwnDraft: true })).toMatchObject({ href: "/learn/plan/edit" });
    expect(nextStep({ ...base, selfCoached: false })).toMatchObject({ stage: "diagnose", href: "/learn/practice" });
    expect(nextStep({ ...base, latestOutcome: "no-show" }).href).toBe("/learn/plan");
  });
});
