import { describe, expect, it } from "vitest";
import { DOMAIN_KEYS, MISS_CATEGORIES } from "@/lib/exam/az104";
import { CATEGORY_TASKS, GENERAL_TASKS, TASK_LIBRARY, allLibraryTasks, domainTasks, findLibraryTask, taskMinutes, taskPracticeSet } from "./library";
import { MAX_EXTRA_DAYS_PER_DOMAIN, TEMPLATE_DOMAIN_DAYS } from "./templates";

describe("task library", () => {
  it("has a task set for every exam domain", () => {
    expect(Object.keys(TASK_LIBRARY).sort()).toEqual([...DOMAIN_KEYS].sort());
    for (const d of DOMAIN_KEYS) expect(TASK_LIBRARY[d].domain).toBe(d);
  });

  it("pairs every rebuild with a prove task for the same domain and work", () => {
    for (const d of DOMAIN_KEYS) {
      for (const { rebuild, prove } of TASK_LIBRARY[d].steps) {
        expect(rebuild.phase).toBe("rebuild");
        expect(prove.phase).toBe("prove");
        expect(rebuild.domain).toBe(d);
        expect(prove.domain).toBe(d);
        expect(prove.key.replace(/-prove$/, "")).toBe(rebuild.key.replace(/-rebuild$/, ""));
      }
    }
  });

  it("ends each domain with a timed retest that carries a set size at exam pace", () => {
    for (const d of DOMAIN_KEYS) {
      const list = domainTasks(d);
      const last = list[list.length - 1];
      expect(last.phase).toBe("retest");
      expect(last.practiceSet).toBeDefined();
      expect(last.practiceSet!.minutes).toBe(last.practiceSet!.questions * 2);
      expect(TASK_LIBRARY[d].lightReview.check.practiceSet).toEqual({ questions: 10, minutes: 20, draw: "task-domain" });
    }
  });

  it("closes each domain's steps with a variation drill, not a repeat of missed questions", () => {
    for (const d of DOMAIN_KEYS) {
      const steps = TASK_LIBRARY[d].steps;
      expect(steps[steps.length - 1].rebuild.key).toBe(`${d}-variation-rebuild`);
    }
  });

  it("holds enough steps that the longest block a template can give a domain has no empty day", () => {
    for (const d of DOMAIN_KEYS) {
      expect(TASK_LIBRARY[d].steps.length).toBeGreaterThanOrEqual(TEMPLATE_DOMAIN_DAYS[d] + MAX_EXTRA_DAYS_PER_DOMAIN);
    }
  });

  it("uses unique, stable kebab-case keys", () => {
    const keys = allLibraryTasks().map((t) => t.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) expect(k).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it("fills in title, instructions and evidence for every task", () => {
    for (const t of allLibraryTasks()) {
      expect(t.title.trim().length).toBeGreaterThan(5);
      expect(t.instructions.trim().length).toBeGreaterThan(20);
      expect(t.evidenceRequired.trim().length).toBeGreaterThan(10);
    }
  });

  it("never states a percentage, so no bar or score can be read as percent correct", () => {
    for (const t of allLibraryTasks()) {
      expect(`${t.title} ${t.instructions} ${t.evidenceRequired}`).not.toMatch(/%|percent(?!age correct)/i);
    }
  });

  it("finds domain and general tasks by key", () => {
    expect(findLibraryTask("networking-effective-rules-prove")?.domain).toBe("networking");
    expect(findLibraryTask(GENERAL_TASKS.diagnose.key)?.phase).toBe("diagnose");
    expect(findLibraryTask("no-such-task")).toBeUndefined();
  });

  it("lists a domain's tasks in order: rebuild, its prove, next rebuild …, retest", () => {
    const list = domainTasks("storage");
    expect(list.map((t) => t.phase)).toEqual([
      ...TASK_LIBRARY.storage.steps.flatMap(() => ["rebuild", "prove"]),
      "retest",
    ]);
  });

  it("has a category rebuild and its prove for every miss category", () => {
    for (const c of MISS_CATEGORIES) {
      const t = CATEGORY_TASKS[c.key];
      expect(t, c.key).toBeDefined();
      expect(t!.rebuild).toMatchObject({ key: `category-${c.key}-rebuild`, domain: c.domain, phase: "rebuild" });
      expect(t!.prove).toMatchObject({ key: `category-${c.key}-prove`, domain: c.domain, phase: "prove" });
      expect(findLibraryTask(t!.rebuild.key)).toBe(t!.rebuild);
    }
  });
});

describe("which tasks offer a practice set (regression: every task offered a 20-question set)", () => {
  it("only practice-set tasks offer one; reviews, logistics and labs do not", () => {
    for (const key of [GENERAL_TASKS.finalReview.key, GENERAL_TASKS.logistics.key, GENERAL_TASKS.missReview.key, GENERAL_TASKS.pacingReview.key, GENERAL_TASKS.diagnose.key, "storage-client-auth-rebuild", "category-rbac-scope-prove"]) {
      expect(findLibraryTask(key), key).toBeDefined();
      expect(taskPracticeSet(key), key).toBeNull();
    }
    expect(taskPracticeSet(null)).toBeNull();
    expect(taskPracticeSet("no-such-task")).toBeNull();
  });

  it("each set-task offers its own size", () => {
    expect(taskPracticeSet(GENERAL_TASKS.mixedFull.key)).toEqual({ questions: 50, minutes: 100, draw: "exam-mix" });
    expect(taskPracticeSet(GENERAL_TASKS.mixedWeighted.key)).toEqual({ questions: 40, minutes: 80, draw: "plan-domains" });
    expect(taskPracticeSet("storage-weighted-set-retest")).toEqual({ questions: 15, minutes: 30, draw: "task-domain" });
    expect(taskPracticeSet("compute-light-review-check-retest")).toEqual({ questions: 10, minutes: 20, draw: "task-domain" });
    expect(taskPracticeSet(GENERAL_TASKS.pacingDrillShort.key)).toEqual({ questions: 10, minutes: 20, draw: "exam-mix" });
    expect(taskPracticeSet(GENERAL_TASKS.cycleRetest.key)).toEqual({ questions: 20, minutes: 40, draw: "categories" });
  });

  it("the full-length dress rehearsal is drawn like the exam, not weighted to weak domains", () => {
    expect(GENERAL_TASKS.mixedFull.practiceSet.draw).toBe("exam-mix");
  });

  it("every set runs at exam pace", () => {
    for (const t of allLibraryTasks()) {
      if (t.practiceSet) expect(t.practiceSet.minutes, t.key).toBe(t.practiceSet.questions * 2);
    }
  });

  it("estimates minutes for every task, a set counting its own minutes plus its review", () => {
    for (const t of allLibraryTasks()) expect(t.minutes, t.key).toBeGreaterThan(0);
    expect(taskMinutes({ libraryKey: GENERAL_TASKS.mixedFull.key, phase: "retest" })).toBe(115);
    expect(taskMinutes({ libraryKey: null, phase: "rebuild" })).toBe(45);
    expect(taskMinutes({ libraryKey: "unknown-key", phase: "prove" })).toBe(15);
  });
});
