import { describe, expect, it } from "vitest";
import { MISS_CATEGORIES } from "@/lib/exam/az104";
import { CYCLE_DAYS, MAX_CYCLE_CATEGORIES, cycleTasks, nextCycleOffer, type CycleInput, type CycleSetItem } from "./cycles";
import { taskMinutes, taskPracticeSet } from "./library";
import { DAY_BUDGET_MINUTES } from "./templates";

const right = (category: string, tier: "core" | "edge" = "core"): CycleSetItem => ({ category, domain: "networking", tier, correct: true });
const miss = (category: string, tier: "core" | "edge" = "core", domain: CycleSetItem["domain"] = "networking"): CycleSetItem => ({ category, domain, tier, correct: false });

function input(items: CycleSetItem[], over: Partial<CycleInput> = {}): CycleInput {
  return { planStatus: "active", closingSet: { sessionId: "s1", submitted: true, items }, basisSessionId: null, ...over };
}

describe("the cycle rule", () => {
  const coreGaps = [right("nsg-rules"), miss("effective-routes"), miss("effective-routes"), miss("rbac-scope", "core", "identity-governance"), miss("dns-zones", "edge")];

  it("offers the next cycle when the plan's closing retest still shows core gaps, aimed at the core-missed categories", () => {
    const offer = nextCycleOffer(input(coreGaps));
    expect(offer).toEqual({
      basisSessionId: "s1",
      categories: ["effective-routes", "rbac-scope"],
      domains: ["networking", "identity-governance"],
      coreMisses: 3,
      edgeMisses: 1,
      reason: "The retest still shows core gaps (3 core and 1 edge misses): one more short cycle on Effective routes, RBAC scope.",
    });
  });

  it("offers nothing when the misses are mostly edge cases (or there are none)", () => {
    expect(nextCycleOffer(input([miss("a", "edge"), miss("b", "edge"), miss("c", "edge"), miss("d")]))).toBeNull();
    expect(nextCycleOffer(input([right("a"), right("b")]))).toBeNull();
  });

  it("waits until the closing retest is taken and submitted", () => {
    expect(nextCycleOffer(input([], { closingSet: null }))).toBeNull();
    expect(nextCycleOffer(input([], { closingSet: { sessionId: null, submitted: false, items: [] } }))).toBeNull();
    expect(nextCycleOffer(input(coreGaps, { closingSet: { sessionId: "s1", submitted: false, items: coreGaps } }))).toBeNull();
  });

  it("never offers twice for the same retest result", () => {
    expect(nextCycleOffer(input(coreGaps, { basisSessionId: "s1" }))).toBeNull();
    expect(nextCycleOffer(input(coreGaps, { basisSessionId: "s0" }))).not.toBeNull();
  });

  it("only an active plan offers a cycle: a completed, archived or draft plan does not", () => {
    for (const planStatus of ["completed", "archived", "draft"] as const) expect(nextCycleOffer(input(coreGaps, { planStatus }))).toBeNull();
  });

  it(`aims at ${MAX_CYCLE_CATEGORIES} categories at most, most missed first`, () => {
    const keys = MISS_CATEGORIES.slice(0, 6).map((c) => c.key);
    const items = keys.flatMap((k, i) => Array.from({ length: 6 - i }, () => miss(k)));
    expect(nextCycleOffer(input(items))!.categories).toEqual(keys.slice(0, MAX_CYCLE_CATEGORIES));
  });
});

describe("the cycle's tasks", () => {
  const offer = nextCycleOffer(input([miss("effective-routes"), miss("effective-routes"), miss("rbac-scope", "core", "identity-governance")]))!;
  const tasks = cycleTasks(offer);

  it(`spans ${CYCLE_DAYS} days: read the misses, rebuild and prove each category, then a retest on them`, () => {
    expect(tasks.map((t) => [t.cycleDay, t.position, t.libraryKey])).toEqual([
      [1, 1, "general-cycle-review"],
      [1, 2, "category-effective-routes-rebuild"],
      [1, 3, "category-effective-routes-prove"],
      [1, 4, "category-rbac-scope-rebuild"],
      [1, 5, "category-rbac-scope-prove"],
      [2, 1, "general-cycle-retest"],
      [2, 2, "general-miss-review"],
    ]);
    const retest = tasks.find((t) => t.libraryKey === "general-cycle-retest")!;
    expect(retest.focusCategories).toEqual(["effective-routes", "rbac-scope"]);
    expect(taskPracticeSet(retest.libraryKey)).toMatchObject({ draw: "categories" });
    expect(tasks.every((t) => t.cause.startsWith("The retest still missed core"))).toBe(true);
  });

  it("keeps each day within the day budget, even at the most categories", () => {
    const full = cycleTasks({ ...offer, categories: MISS_CATEGORIES.slice(0, MAX_CYCLE_CATEGORIES).map((c) => c.key) });
    for (const day of [1, 2]) {
      const minutes = full.filter((t) => t.cycleDay === day).reduce((sum, t) => sum + taskMinutes(t), 0);
      expect(minutes).toBeLessThanOrEqual(DAY_BUDGET_MINUTES);
    }
  });
});
