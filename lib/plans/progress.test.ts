import { describe, expect, it } from "vitest";
import { generatePlan } from "./generate";
import type { TaskStatus } from "@/lib/enums";
import { computeProgress, loopState, todayTasks, groupTasksForToday, type ProgressTask } from "./progress";

/** A near-pass plan as stored: generated tasks with a status each (all todo to start). */
function storedPlan() {
  return generatePlan({ pattern: "near-pass", weakDomains: ["storage"], startDate: "2026-03-28" }).tasks.map((t, i) => ({
    ...t,
    id: i,
    status: "todo" as TaskStatus,
  }));
}

function withStatus<T extends ProgressTask>(tasks: T[], status: TaskStatus, pick: (t: T, i: number) => boolean): T[] {
  return tasks.map((t, i) => (pick(t, i) ? { ...t, status } : t));
}

describe("computeProgress", () => {
  it("counts accepted tasks as done, overall and per phase", () => {
    const tasks = withStatus(storedPlan(), "accepted", (t) => t.day === 1);
    const p = computeProgress(tasks);
    // Day 1: diagnose + 4 rebuild/prove pairs for storage = 9 of 14 tasks.
    expect(p).toMatchObject({ done: 9, total: 14, pct: 64, submitted: 0, returned: 0 });
    expect(p.byPhase).toEqual({
      diagnose: { done: 1, total: 1 },
      rebuild: { done: 4, total: 4 },
      prove: { done: 4, total: 4 },
      retest: { done: 0, total: 5 },
    });
  });

  it("keeps submitted work apart until a coach accepts it, unless told otherwise", () => {
    let tasks = withStatus(storedPlan(), "submitted", (_, i) => i < 3);
    tasks = withStatus(tasks, "returned", (_, i) => i === 3);
    expect(computeProgress(tasks)).toMatchObject({ done: 0, submitted: 3, returned: 1 });
    expect(computeProgress(tasks, { countSubmittedAsDone: true })).toMatchObject({ done: 3, submitted: 0, returned: 1 });
  });

  it("rounds down so an unfinished plan never reads 100", () => {
    const tasks = withStatus(storedPlan(), "accepted", (_, i) => i > 0);
    expect(computeProgress(tasks).pct).toBe(92);
    expect(computeProgress(withStatus(tasks, "accepted", () => true)).pct).toBe(100);
  });

  it("handles an empty plan", () => {
    expect(computeProgress([])).toMatchObject({ done: 0, total: 0, pct: 0 });
  });
});

describe("loopState", () => {
  it("walks diagnose → rebuild → prove → retest as tasks are finished in order", () => {
    let tasks = storedPlan();
    expect(loopState(tasks)).toMatchObject({ phase: "diagnose", day: 1, domain: null });
    tasks = withStatus(tasks, "accepted", (_, i) => i < 1);
    expect(loopState(tasks)).toMatchObject({ phase: "rebuild", day: 1, domain: "storage" });
    tasks = withStatus(tasks, "accepted", (_, i) => i < 2);
    expect(loopState(tasks)).toMatchObject({ phase: "prove", day: 1, domain: "storage" });
    tasks = withStatus(tasks, "accepted", (t) => t.day === 1);
    expect(loopState(tasks)).toMatchObject({ phase: "retest", day: 2, domain: "storage" });
    tasks = withStatus(tasks, "accepted", () => true);
    expect(loopState(tasks)).toEqual({ phase: "complete", day: null, domain: null, awaitingReview: 0 });
  });

  it("does not hold the learner back for work waiting on review", () => {
    const tasks = withStatus(storedPlan(), "submitted", (_, i) => i < 2);
    // Diagnose and the first rebuild are submitted, so the next thing to do is that rebuild's prove.
    expect(loopState(tasks)).toMatchObject({ phase: "prove", awaitingReview: 2 });
    expect(loopState(withStatus(tasks, "submitted", () => true))).toMatchObject({ phase: "complete", awaitingReview: 14 });
  });

  it("sends the learner back to a returned task on an earlier day", () => {
    let tasks = withStatus(storedPlan(), "accepted", (t) => t.day < 3);
    tasks = withStatus(tasks, "returned", (t) => t.day === 1 && t.phase === "prove" && t.position === 5);
    expect(loopState(tasks)).toMatchObject({ phase: "prove", day: 1, domain: "storage" });
  });

  it("follows day order even when tasks arrive shuffled", () => {
    const tasks = withStatus(storedPlan(), "accepted", (_, i) => i < 1).reverse();
    expect(loopState(tasks)).toMatchObject({ phase: "rebuild", day: 1 });
  });
});

describe("todayTasks", () => {
  it("puts today's tasks first, then overdue unfinished ones, then upcoming ones", () => {
    // Today is day 2; on day 1 two tasks are still open (one returned); day 3 is ahead.
    let tasks = withStatus(storedPlan(), "accepted", (t) => t.day === 1 && t.position <= 7);
    tasks = withStatus(tasks, "returned", (t) => t.day === 1 && t.position === 8);
    tasks = withStatus(tasks, "accepted", (t) => t.day === 2 && t.position === 1);
    const list = todayTasks([...tasks].reverse(), "2026-03-29");
    expect(list.map((t) => `${t.day}.${t.position}`)).toEqual(["2.1", "2.2", "2.3", "1.8", "1.9", "3.1", "3.2"]);
  });

  it("leaves out finished tasks from other days but keeps them for today", () => {
    const tasks = withStatus(storedPlan(), "accepted", (t) => t.day !== 3 || t.position === 1);
    const g = groupTasksForToday(tasks, "2026-03-29");
    expect(g.today).toHaveLength(3);
    expect(g.overdue).toEqual([]);
    expect(g.upcoming.map((t) => t.position)).toEqual([2]);
  });

  it("lists everything as overdue after the plan ends, and as upcoming before it starts", () => {
    const tasks = storedPlan();
    expect(groupTasksForToday(tasks, "2026-04-10").overdue).toHaveLength(14);
    expect(groupTasksForToday(tasks, "2026-03-01").upcoming).toHaveLength(14);
  });

  it("keeps the caller's task type", () => {
    const [first] = todayTasks(storedPlan(), "2026-03-28");
    expect(first.id).toBe(0);
  });

  it("refuses a malformed date", () => {
    expect(() => todayTasks(storedPlan(), "2026-3-29")).toThrow(RangeError);
  });
});
