import { describe, expect, it } from "vitest";
import { DOMAIN_KEYS } from "@/lib/exam/az104";
import { GENERAL_TASKS, TASK_LIBRARY, allLibraryTasks, domainTasks, findLibraryTask } from "./library";
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
      expect(TASK_LIBRARY[d].lightReview.check.practiceSet).toEqual({ questions: 10, minutes: 20 });
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
});
