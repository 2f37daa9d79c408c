import { describe, expect, it } from "vitest";
import { DOMAIN_KEYS, type DomainKey } from "@/lib/exam/az104";
import { MISS_CATEGORIES } from "@/lib/exam/az104";
import { TASK_LIBRARY } from "./library";
import {
  BROAD_MISS_DOMAIN_ORDER,
  BROAD_MISS_MAX_DAYS,
  BROAD_MISS_MIN_DAYS,
  DAY_BUDGET_MINUTES,
  allocateBroadMiss,
  broadMissSkeleton,
  dayMinutes,
  defaultLengthDays,
  minimumBroadMissDays,
  nearPassSkeleton,
  pacingSkeleton,
  splitEvenly,
  type Skeleton,
} from "./templates";

/** Every non-empty subset of the domains, in template order. */
function allWeakSets(): DomainKey[][] {
  const sets: DomainKey[][] = [];
  for (let mask = 1; mask < 1 << DOMAIN_KEYS.length; mask++) {
    sets.push(DOMAIN_KEYS.filter((_, i) => mask & (1 << i)));
  }
  return sets;
}

const daysOf = (weak: DomainKey[], length: number) =>
  Object.fromEntries(allocateBroadMiss(weak, length).domains.map((a) => [a.domain, `${a.mode}:${a.days}`]));

describe("defaultLengthDays", () => {
  it("is 3 for a near pass and grows with the number of weak domains for a broad miss", () => {
    expect(defaultLengthDays("near-pass", 1)).toBe(3);
    expect(defaultLengthDays("pacing", 0)).toBe(3);
    expect([1, 2, 3, 4, 5].map((n) => defaultLengthDays("broad-miss", n))).toEqual([10, 11, 12, 13, 14]);
  });
});

describe("allocateBroadMiss", () => {
  it("gives all five weak domains exactly the template's days at 10 days", () => {
    const all: DomainKey[] = ["monitoring", "networking", "storage", "compute", "identity-governance"];
    const a = allocateBroadMiss(all, 10);
    expect(a.domains.map((d) => [d.domain, d.mode, d.days])).toEqual([
      ["identity-governance", "full", 2],
      ["compute", "full", 2],
      ["storage", "full", 1],
      ["networking", "full", 1],
      ["monitoring", "full", 1],
    ]);
    expect(a.mixedDays).toBe(2);
    expect(a.wrapUpDays).toBe(1);
  });

  it("gives the four weakest of five an extra day at 14 days", () => {
    const all: DomainKey[] = ["monitoring", "networking", "storage", "compute", "identity-governance"];
    expect(daysOf(all, 14)).toEqual({
      monitoring: "full:2",
      networking: "full:2",
      storage: "full:2",
      compute: "full:3",
      "identity-governance": "full:2",
    });
    expect(allocateBroadMiss(all, 14).mixedDays).toBe(2);
  });

  it("gives three weak domains full days and the other two a one-day refresher", () => {
    const weak: DomainKey[] = ["networking", "storage", "identity-governance"];
    // Minimum is 2 + 1 + 1 + 1 + 1 + 2 + 1 = 9, so a 10-day plan has one spare day: the weakest gets it.
    expect(minimumBroadMissDays(weak)).toBe(9);
    expect(daysOf(weak, 10)).toEqual({
      "identity-governance": "full:2",
      compute: "light:1",
      storage: "full:1",
      networking: "full:2",
      monitoring: "light:1",
    });
    expect(allocateBroadMiss(weak, 10).mixedDays).toBe(2);
    // At 12 days every weak domain has its extra day; beyond that the spare goes to timed sets.
    expect(daysOf(weak, 12)).toMatchObject({ "identity-governance": "full:3", storage: "full:2", networking: "full:2" });
    expect(allocateBroadMiss(weak, 12).mixedDays).toBe(2);
    expect(allocateBroadMiss(weak, 14).mixedDays).toBe(4);
  });

  it("sends spare days to the weakest domain first", () => {
    // Minimum 9 days, so a 10-day plan has exactly one spare day to hand out.
    expect(daysOf(["monitoring", "compute"], 10)).toMatchObject({ monitoring: "full:2", compute: "full:2" });
    expect(daysOf(["compute", "monitoring"], 10)).toMatchObject({ monitoring: "full:1", compute: "full:3" });
  });

  it("fits every combination of weak domains into 10 to 14 days, day counts adding up", () => {
    for (const weak of allWeakSets()) {
      expect(minimumBroadMissDays(weak)).toBeLessThanOrEqual(BROAD_MISS_MIN_DAYS);
      for (let length = BROAD_MISS_MIN_DAYS; length <= BROAD_MISS_MAX_DAYS; length++) {
        const a = allocateBroadMiss(weak, length);
        const total = a.domains.reduce((s, d) => s + d.days, 0) + a.mixedDays + a.wrapUpDays;
        expect(total).toBe(length);
        expect(a.mixedDays).toBeGreaterThanOrEqual(2);
        for (const d of a.domains) {
          if (weak.includes(d.domain)) expect(d.mode).toBe("full");
          else expect(d).toMatchObject({ mode: "light", days: 1 });
        }
      }
    }
  });

  it("refuses a length below what the weak domains need", () => {
    expect(() => allocateBroadMiss([...DOMAIN_KEYS], 9)).toThrow(RangeError);
    expect(() => allocateBroadMiss(["storage"], 10.5)).toThrow(RangeError);
  });
});

describe("splitEvenly", () => {
  it("splits steps into runs, longer runs first, keeping order", () => {
    expect(splitEvenly(5, 2)).toEqual([[0, 1, 2], [3, 4]]);
    expect(splitEvenly(6, 3)).toEqual([[0, 1], [2, 3], [4, 5]]);
    expect(splitEvenly(4, 1)).toEqual([[0, 1, 2, 3]]);
  });

  it("refuses a split that would leave a day empty", () => {
    expect(() => splitEvenly(2, 3)).toThrow(RangeError);
    expect(() => splitEvenly(2, 0)).toThrow(RangeError);
  });
});

describe("skeletons", () => {
  it("near pass: diagnose and rebuild, then timed practice opening with the domain retest, then wrap-up", () => {
    const { days } = nearPassSkeleton("compute");
    expect(days.map((d) => d.slots.map((s) => s.kind))).toEqual([
      ["diagnose", "rebuild"],
      ["domain-retest", "mixed-set", "miss-review"],
      ["final-review", "logistics"],
    ]);
  });

  it("broad miss: domains in template order, mixed days ending on a full-length set, wrap-up last", () => {
    const { days } = broadMissSkeleton(["storage", "monitoring"], 13);
    expect(days).toHaveLength(13);
    expect(days.map((d) => d.day)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(days[0].slots[0]).toEqual({ kind: "diagnose" });
    const domainOrder = days
      .flatMap((d) => d.slots)
      .flatMap((s) => ("domain" in s ? [s.domain] : []))
      .filter((d, i, list) => list.indexOf(d) === i);
    expect(domainOrder).toEqual(BROAD_MISS_DOMAIN_ORDER);

    const mixed = days.filter((d) => d.slots[0].kind === "mixed-set");
    const styles = mixed.map((d) => (d.slots[0].kind === "mixed-set" ? d.slots[0].style : null));
    // storage + monitoring: minimum 8, so 13 days leave 5 spare: 2 extra rebuild days, 3 more mixed days.
    expect(styles).toEqual(["full", "weighted", "full", "weighted", "full"]);
    expect(days[12].slots.map((s) => s.kind)).toEqual(["final-review", "logistics"]);
  });
});

describe("the day budget", () => {
  const ALL_CATEGORIES = MISS_CATEGORIES.map((c) => c.key);
  const every = (k: Skeleton) => k.days.map((d) => dayMinutes(d.slots));

  it("is five hours of estimated work", () => {
    expect(DAY_BUDGET_MINUTES).toBe(300);
  });

  it("near pass day 1 no longer holds the whole domain: 13 tasks became diagnose plus four steps", () => {
    // Regression: day 1 held the diagnosis and all six identity steps (13 tasks, over six hours).
    const { days, deferred } = nearPassSkeleton("identity-governance");
    const day1 = days[0]!;
    expect(day1.slots).toEqual([{ kind: "diagnose" }, { kind: "rebuild", domain: "identity-governance", steps: [0, 1, 2, 5] }]);
    expect(dayMinutes(day1.slots)).toBeLessThanOrEqual(DAY_BUDGET_MINUTES);
    // The steps before the closing variation drill are the ones left out, and they are listed.
    expect(deferred).toEqual([
      { kind: "rebuild", domain: "identity-governance", steps: [3] },
      { kind: "rebuild", domain: "identity-governance", steps: [4] },
    ]);
  });

  it("puts noted categories of the weak domain first on its rebuild day", () => {
    const { days } = nearPassSkeleton("networking", { categories: ["effective-routes", "rbac-scope"] });
    expect(days[0]!.slots.slice(0, 2)).toEqual([{ kind: "diagnose" }, { kind: "category", category: "effective-routes" }]);
    // A category of another domain goes to the first day with room, before the timed work.
    expect(days[1]!.slots.map((s) => s.kind)).toEqual(["domain-retest", "category", "mixed-set", "miss-review"]);
  });

  it("adds a pacing drill before the first full set when time trouble was noted", () => {
    expect(nearPassSkeleton("storage", { pacingTrouble: true }).days[1]!.slots.map((s) => s.kind)).toEqual([
      "domain-retest",
      "pacing-drill",
      "mixed-set",
      "miss-review",
    ]);
  });

  it("pacing: drills and the time review, then a full set, then wrap-up; no domain rebuild", () => {
    const { days, deferred } = pacingSkeleton();
    expect(days.map((d) => d.slots.map((s) => s.kind))).toEqual([
      ["diagnose", "pacing-drill", "pacing-drill", "pacing-review"],
      ["mixed-set", "miss-review"],
      ["final-review", "logistics"],
    ]);
    expect(days.flatMap((d) => d.slots).some((s) => s.kind === "rebuild" || s.kind === "domain-retest")).toBe(false);
    expect(deferred).toEqual([]);
  });

  it("no template day ever goes over the budget, whatever the weak domains, length and notes", () => {
    const noteSets = [[], ALL_CATEGORIES.slice(0, 3), ALL_CATEGORIES];
    for (const categories of noteSets) {
      for (const pacingTrouble of [false, true]) {
        for (const d of BROAD_MISS_DOMAIN_ORDER) {
          for (const m of every(nearPassSkeleton(d, { categories, pacingTrouble }))) expect(m).toBeLessThanOrEqual(DAY_BUDGET_MINUTES);
        }
        for (const m of every(pacingSkeleton({ categories }))) expect(m).toBeLessThanOrEqual(DAY_BUDGET_MINUTES);
        for (const weak of allWeakSets()) {
          for (let length = BROAD_MISS_MIN_DAYS; length <= BROAD_MISS_MAX_DAYS; length++) {
            const k = broadMissSkeleton(weak, length, { categories, pacingTrouble });
            expect(k.days).toHaveLength(length);
            for (const m of every(k)) expect(m).toBeLessThanOrEqual(DAY_BUDGET_MINUTES);
            // Every weak domain still gets at least one rebuild step and its retest.
            for (const w of weak) {
              const slots = k.days.flatMap((day) => day.slots);
              expect(slots.some((s) => s.kind === "domain-retest" && s.domain === w)).toBe(true);
              expect(slots.some((s) => (s.kind === "rebuild" && s.domain === w) || s.kind === "category")).toBe(true);
            }
          }
        }
      }
    }
  });

  it("loses nothing silently: scheduled plus deferred work covers every step and noted category", () => {
    const categories = ALL_CATEGORIES;
    const k = broadMissSkeleton([...BROAD_MISS_DOMAIN_ORDER], 10, { categories });
    const slots = [...k.days.flatMap((d) => d.slots), ...k.deferred];
    for (const d of BROAD_MISS_DOMAIN_ORDER) {
      const steps = slots.flatMap((s) => (s.kind === "rebuild" && s.domain === d ? s.steps : [])).sort((a, b) => a - b);
      expect(steps).toEqual(TASK_LIBRARY[d].steps.map((_, i) => i));
    }
    expect(slots.flatMap((s) => (s.kind === "category" ? [s.category] : [])).sort()).toEqual([...categories].sort());
  });
});
