import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { DOMAIN_KEYS, MISS_CATEGORIES, type DomainKey } from "@/lib/exam/az104";
import { addDays } from "./dates";
import { generatePlan, planInputSchema, type GeneratedPlan, type PlanInput } from "./generate";
import { GENERAL_TASKS, findLibraryTask, taskMinutes } from "./library";
import { DAY_BUDGET_MINUTES } from "./templates";

const START = "2026-03-28";

/** The promises every plan keeps, whatever the input. Returns the plan for further checks. */
function expectPlanInvariants(plan: GeneratedPlan, input: PlanInput): GeneratedPlan {
  const { tasks, lengthDays } = plan;

  // Days cover 1..length with no gap and no empty day; dates follow the days.
  expect(new Set(tasks.map((t) => t.day))).toEqual(new Set(Array.from({ length: lengthDays }, (_, i) => i + 1)));
  for (const t of tasks) expect(t.date).toBe(addDays(input.startDate, t.day - 1));
  expect(plan.days.map((d) => d.date)).toEqual(Array.from({ length: lengthDays }, (_, i) => addDays(input.startDate, i)));
  expect(plan.startDate).toBe(input.startDate);
  expect(plan.endDate).toBe(addDays(input.startDate, lengthDays - 1));
  expect(plan.recommendedRetakeDate).toBe(addDays(plan.endDate, 1));

  // Tasks come in plan order, positions counting 1, 2, 3 … within each day.
  tasks.forEach((t, i) => {
    if (i === 0) return expect(t.position).toBe(1);
    const prev = tasks[i - 1];
    if (t.day === prev.day) expect(t.position).toBe(prev.position + 1);
    else {
      expect(t.day).toBe(prev.day + 1);
      expect(t.position).toBe(1);
    }
  });

  // The loop opens with one short diagnosis.
  expect(tasks[0]).toMatchObject({ day: 1, position: 1, phase: "diagnose", domain: null });
  expect(tasks.filter((t) => t.phase === "diagnose")).toHaveLength(1);

  // Each rebuild is followed, the same or the next day, by the prove task that validates that
  // very rebuild (same domain, matching library step), and no prove stands alone.
  tasks.forEach((t, i) => {
    if (t.phase !== "rebuild") return;
    const proveKey = t.libraryKey!.replace(/-rebuild$/, "-prove");
    const prove = tasks.slice(i + 1).find((u) => u.libraryKey === proveKey);
    expect(prove, `prove after ${t.libraryKey}`).toBeDefined();
    expect(prove!.phase).toBe("prove");
    expect(prove!.domain).toBe(t.domain);
    expect(prove!.day - t.day).toBeLessThanOrEqual(1);
  });
  expect(tasks.filter((t) => t.phase === "prove")).toHaveLength(tasks.filter((t) => t.phase === "rebuild").length);

  // Every weak domain is rebuilt, proven and retested, and its block ends with the retest.
  if (input.pattern === "pacing") expect(tasks.some((t) => t.phase === "rebuild" && !t.libraryKey!.startsWith("category-"))).toBe(false);
  for (const d of input.weakDomains) {
    const own = tasks.filter((t) => t.domain === d);
    for (const phase of ["rebuild", "prove", "retest"] as const) {
      expect(own.some((t) => t.phase === phase), `${d} ${phase}`).toBe(true);
    }
    expect(own[own.length - 1]).toMatchObject({ phase: "retest", libraryKey: `${d}-weighted-set-retest` });
  }

  // Domains that were not weak only get the lighter refresher, or a category the learner noted.
  for (const t of tasks) {
    if (t.domain && !input.weakDomains.includes(t.domain)) {
      if (t.libraryKey!.startsWith("category-")) expect(t.cause).toMatch(/^You noted/);
      else expect(t.libraryKey).toContain("-light-review");
    }
  }

  // The day budget: no day holds more estimated work than a person does in a day.
  for (let day = 1; day <= lengthDays; day++) {
    const minutes = tasks.filter((t) => t.day === day).reduce((sum, t) => sum + taskMinutes(t), 0);
    expect(minutes, `day ${day}`).toBeLessThanOrEqual(DAY_BUDGET_MINUTES);
  }

  // Work left out to fit the budget is named on the plan, never dropped silently.
  expect(plan.diagnosis.filter((d) => d.source === "budget")).toHaveLength(plan.deferred.length);

  // The plan ends with timed mixed sets, then a day of light review and logistics.
  const lastDay = tasks.filter((t) => t.day === lengthDays);
  expect(lastDay.map((t) => t.libraryKey)).toEqual([GENERAL_TASKS.finalReview.key, GENERAL_TASKS.logistics.key]);
  const dayBefore = tasks.filter((t) => t.day === lengthDays - 1);
  expect(dayBefore.some((t) => t.phase === "retest" && t.domain === null && t.libraryKey?.startsWith("general-mixed"))).toBe(true);

  // Every task traces back to the library and carries its content.
  for (const t of tasks) {
    const source = findLibraryTask(t.libraryKey!);
    expect(source, t.libraryKey!).toBeDefined();
    expect(t.phase).toBe(source!.phase);
    expect(t.domain).toBe(source!.domain);
    expect(t.title.length).toBeGreaterThan(0);
    expect(t.evidenceRequired.length).toBeGreaterThan(0);
  }
  return plan;
}

function plan(input: PlanInput): GeneratedPlan {
  return expectPlanInvariants(generatePlan(input), input);
}

describe("near-pass plan", () => {
  it("builds 3 days for one weak domain: rebuild and prove, timed practice, review and logistics", () => {
    const p = plan({ pattern: "near-pass", weakDomains: ["networking"], startDate: START });
    expect(p).toMatchObject({
      template: "near-pass",
      lengthDays: 3,
      startDate: "2026-03-28",
      endDate: "2026-03-30",
      recommendedRetakeDate: "2026-03-31",
    });
    const day = (n: number) => p.tasks.filter((t) => t.day === n);
    expect(day(1).slice(1).every((t) => t.domain === "networking" && (t.phase === "rebuild" || t.phase === "prove"))).toBe(true);
    expect(day(2).map((t) => t.libraryKey)).toEqual([
      "networking-weighted-set-retest",
      GENERAL_TASKS.mixedFull.key,
      GENERAL_TASKS.missReview.key,
    ]);
    expect(day(3).every((t) => t.domain === null)).toBe(true);
  });

  it("accepts an explicit length of 3", () => {
    expect(generatePlan({ pattern: "near-pass", weakDomains: ["storage"], startDate: START, lengthDays: 3 }).lengthDays).toBe(3);
  });
});

describe("broad-miss plan", () => {
  it("with three weak domains defaults to 12 days and follows the allocation", () => {
    const input: PlanInput = {
      pattern: "broad-miss",
      weakDomains: ["networking", "storage", "identity-governance"],
      startDate: START,
    };
    const p = plan(input);
    expect(p.lengthDays).toBe(12);
    expect(p.endDate).toBe("2026-04-08");
    expect(p.recommendedRetakeDate).toBe("2026-04-09");

    const daysFor = (d: DomainKey) => [...new Set(p.tasks.filter((t) => t.domain === d).map((t) => t.day))];
    expect(daysFor("identity-governance")).toEqual([1, 2, 3]);
    expect(daysFor("compute")).toEqual([4]);
    expect(daysFor("storage")).toEqual([5, 6]);
    expect(daysFor("networking")).toEqual([7, 8]);
    expect(daysFor("monitoring")).toEqual([9]);
    expect(p.days.map((d) => d.label).slice(9)).toEqual([
      "Timed mixed set (weighted to weak domains)",
      "Timed mixed set (full length)",
      "Light review and exam logistics",
    ]);
  });

  it("with three weak domains honours every requested length from 10 to 14", () => {
    for (let lengthDays = 10; lengthDays <= 14; lengthDays++) {
      const input: PlanInput = { pattern: "broad-miss", weakDomains: ["compute", "monitoring", "storage"], startDate: START, lengthDays };
      expect(plan(input).lengthDays).toBe(lengthDays);
    }
  });

  it("with all five weak at 10 days uses the template's 2/2/1/1/1 split", () => {
    const input: PlanInput = { pattern: "broad-miss", weakDomains: [...DOMAIN_KEYS], startDate: START, lengthDays: 10 };
    const p = plan(input);
    const dayCount = (d: DomainKey) => new Set(p.tasks.filter((t) => t.domain === d).map((t) => t.day)).size;
    expect(DOMAIN_KEYS.map(dayCount)).toEqual([2, 1, 2, 1, 1]); // identity, storage, compute, networking, monitoring
    expect(p.tasks.some((t) => t.libraryKey?.includes("light-review"))).toBe(false);
  });

  it("with all five weak defaults to 14 days", () => {
    expect(plan({ pattern: "broad-miss", weakDomains: [...DOMAIN_KEYS], startDate: START }).lengthDays).toBe(14);
  });

  it("names the weak domains and the learner's diagnosis in the diagnose task and on the plan", () => {
    const p = generatePlan({
      pattern: "broad-miss",
      weakDomains: ["storage", "networking"],
      startDate: START,
      diagnosis: [{ domain: "storage", reason: "  mixed up SAS and firewall rules " }],
    });
    expect(p.diagnosis.filter((d) => d.source !== "budget")).toEqual([{ domain: "storage", reason: "mixed up SAS and firewall rules" }]);
    expect(p.weakDomains).toEqual(["storage", "networking"]);
    expect(p.tasks[0].instructions).toContain("Storage, Networking");
    expect(p.tasks[0].instructions).toContain("Storage — mixed up SAS and firewall rules");
  });

  it("lists the four steps of the loop", () => {
    const p = generatePlan({ pattern: "broad-miss", weakDomains: ["compute"], startDate: START });
    expect(p.loop).toHaveLength(4);
    expect(p.loop.map((l) => l.split(":")[0])).toEqual(["Diagnose", "Rebuild", "Prove", "Retest"]);
  });

  it("crosses month and year ends on calendar dates", () => {
    const p = plan({ pattern: "broad-miss", weakDomains: ["monitoring"], startDate: "2026-12-25", lengthDays: 14 });
    expect(p.endDate).toBe("2027-01-07");
    expect(p.recommendedRetakeDate).toBe("2027-01-08");
  });

  it("is deterministic", () => {
    const input: PlanInput = { pattern: "broad-miss", weakDomains: ["compute", "storage"], startDate: START, lengthDays: 13 };
    expect(generatePlan(input)).toEqual(generatePlan(input));
  });
});

describe("notes that shape the plan", () => {
  it("a pacing plan drills exam pace for three days and rebuilds no domain, each drill naming the note behind it", () => {
    const input: PlanInput = { pattern: "pacing", weakDomains: [], startDate: START, pacingNote: "ran out of time; about 8 items unanswered or guessed" };
    const p = plan(input);
    expect(p.template).toBe("pacing");
    expect(p.tasks.filter((t) => t.day === 1).map((t) => t.libraryKey)).toEqual([
      GENERAL_TASKS.diagnose.key,
      GENERAL_TASKS.pacingDrillShort.key,
      GENERAL_TASKS.pacingDrillHalf.key,
      GENERAL_TASKS.pacingReview.key,
    ]);
    expect(p.tasks.filter((t) => t.day === 2).map((t) => t.libraryKey)).toEqual([GENERAL_TASKS.mixedFull.key, GENERAL_TASKS.missReview.key]);
    expect(p.tasks.find((t) => t.libraryKey === GENERAL_TASKS.pacingDrillHalf.key)!.cause).toBe(
      "You noted time trouble: ran out of time; about 8 items unanswered or guessed.",
    );
    expect(p.tasks[0]!.instructions).toContain("this plan works on pace");
  });

  it("each noted misread category adds its rebuild and prove, saying which note caused them", () => {
    const p = plan({ pattern: "broad-miss", weakDomains: ["networking", "storage"], startDate: START, categories: ["effective-routes", "rbac-scope", "sas-tokens"] });
    const byKey = (k: string) => p.tasks.find((t) => t.libraryKey === k);
    expect(byKey("category-effective-routes-rebuild")).toMatchObject({ domain: "networking", cause: "You noted “Effective routes” as a requirement you misread." });
    expect(byKey("category-effective-routes-prove")!.day).toBe(byKey("category-effective-routes-rebuild")!.day);
    // A category of a domain that is not weak lands on that domain's refresher day.
    const rbac = byKey("category-rbac-scope-rebuild")!;
    expect(p.tasks.filter((t) => t.day === rbac.day).some((t) => t.libraryKey === "identity-governance-light-review-rebuild")).toBe(true);
    expect(byKey("category-sas-tokens-rebuild")!.domain).toBe("storage");
  });

  it("a weak domain's tasks carry the diagnosis lines behind them", () => {
    const p = plan({ pattern: "near-pass", weakDomains: ["compute"], startDate: START, diagnosis: [{ domain: "compute", reason: "Score-report bar length 41: weak", source: "bars" }] });
    expect(p.tasks.filter((t) => t.phase === "rebuild").every((t) => t.cause === "Score-report bar length 41: weak")).toBe(true);
  });

  it("time trouble noted on a near pass adds a pacing drill before the full set", () => {
    const p = plan({ pattern: "near-pass", weakDomains: ["storage"], startDate: START, pacingNote: "ran out of time" });
    expect(p.tasks.filter((t) => t.day === 2).map((t) => t.libraryKey)).toEqual([
      "storage-weighted-set-retest",
      GENERAL_TASKS.pacingDrillShort.key,
      GENERAL_TASKS.mixedFull.key,
      GENERAL_TASKS.missReview.key,
    ]);
  });

  it("names what the day budget left out", () => {
    const p = plan({ pattern: "near-pass", weakDomains: ["identity-governance"], startDate: START });
    expect(p.deferred.map((d) => d.libraryKey)).toEqual(["identity-governance-locks-rebuild", "identity-governance-tags-cost-rebuild"]);
    expect(p.diagnosis.filter((d) => d.source === "budget").map((d) => d.reason)[0]).toMatch(/^Left out to keep every day within 5 hours of work: “.+”\. Add it back if there is time\.$/);
  });
});

describe("input validation", () => {
  const base = { pattern: "broad-miss", weakDomains: ["storage"], startDate: START } as const;
  const invalid: [string, unknown, string][] = [
    ["near pass with two weak domains", { pattern: "near-pass", weakDomains: ["storage", "compute"], startDate: START }, "weakDomains"],
    ["near pass longer than 3 days", { pattern: "near-pass", weakDomains: ["storage"], startDate: START, lengthDays: 4 }, "lengthDays"],
    ["broad miss shorter than 10 days", { ...base, lengthDays: 9 }, "lengthDays"],
    ["broad miss longer than 14 days", { ...base, lengthDays: 15 }, "lengthDays"],
    ["fractional length", { ...base, lengthDays: 12.5 }, "lengthDays"],
    ["length as text", { ...base, lengthDays: "12" }, "lengthDays"],
    ["no weak domain", { ...base, weakDomains: [] }, "weakDomains"],
    ["a pacing plan with a weak domain", { pattern: "pacing", weakDomains: ["storage"], startDate: START }, "weakDomains"],
    ["a pacing plan of 5 days", { pattern: "pacing", weakDomains: [], startDate: START, lengthDays: 5 }, "lengthDays"],
    ["an unknown category", { ...base, categories: ["dns-magic"] }, "categories"],
    ["a weak domain listed twice", { ...base, weakDomains: ["storage", "storage"] }, "weakDomains"],
    ["an unknown domain", { ...base, weakDomains: ["security"] }, "weakDomains"],
    ["an impossible start date", { ...base, startDate: "2026-02-30" }, "startDate"],
    ["a start date in another format", { ...base, startDate: "03/28/2026" }, "startDate"],
    ["an unknown pattern", { ...base, pattern: "cram" }, "pattern"],
    ["an unexpected field", { ...base, lenghtDays: 12 }, ""],
    ["a blank diagnosis reason", { ...base, diagnosis: [{ domain: "storage", reason: "   " }] }, "diagnosis"],
    ["a diagnosis for an unknown domain", { ...base, diagnosis: [{ domain: "dns", reason: "x" }] }, "diagnosis"],
  ];

  it.each(invalid)("rejects %s", (_, input, path) => {
    expect(() => generatePlan(input as PlanInput)).toThrow(ZodError);
    const result = planInputSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues.some((i) => String(i.path[0] ?? "") === path)).toBe(true);
  });

  it("accepts broad-miss lengths at both bounds", () => {
    expect(generatePlan({ ...base, weakDomains: ["storage"], lengthDays: 10 }).lengthDays).toBe(10);
    expect(generatePlan({ ...base, weakDomains: ["storage"], lengthDays: 14 }).lengthDays).toBe(14);
  });
});

// Property runs share two busy cores with other suites: give them room beyond the default 5 s.
describe("property: any weak-domain subset and length", { timeout: 60_000 }, () => {
  const startDate = fc
    .date({ min: new Date("2024-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

  it("broad-miss plans keep every invariant", () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray([...DOMAIN_KEYS], { minLength: 1 }),
        fc.option(fc.integer({ min: 10, max: 14 }), { nil: undefined }),
        startDate,
        (weakDomains, lengthDays, start) => {
          const input: PlanInput = { pattern: "broad-miss", weakDomains, startDate: start, lengthDays };
          const p = plan(input);
          expect(p.lengthDays).toBe(lengthDays ?? 9 + weakDomains.length);
          for (const t of p.tasks) {
            expect(t.day).toBeGreaterThanOrEqual(1);
            expect(t.day).toBeLessThanOrEqual(p.lengthDays);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("plans with any noted categories and time trouble keep every invariant, the day budget included", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("near-pass", "broad-miss", "pacing"),
        fc.shuffledSubarray([...DOMAIN_KEYS], { minLength: 1 }),
        fc.shuffledSubarray(MISS_CATEGORIES.map((c) => c.key)),
        fc.boolean(),
        (pattern, domains, categories, pacing) => {
          const weakDomains = pattern === "pacing" ? [] : pattern === "near-pass" ? domains.slice(0, 1) : domains;
          plan({ pattern, weakDomains, startDate: START, categories, pacingNote: pacing ? "ran out of time" : undefined });
        },
      ),
      { numRuns: 200 },
    );
  });

  it("near-pass plans keep every invariant", () => {
    fc.assert(
      fc.property(fc.constantFrom(...DOMAIN_KEYS), startDate, (domain, start) => {
        expect(plan({ pattern: "near-pass", weakDomains: [domain], startDate: start }).lengthDays).toBe(3);
      }),
      { numRuns: 50 },
    );
  });

  it("lengths outside 10..14 are always rejected for broad-miss", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -50, max: 100 }).filter((n) => n < 10 || n > 14),
        fc.shuffledSubarray([...DOMAIN_KEYS], { minLength: 1 }),
        (lengthDays, weakDomains) => {
          expect(() => generatePlan({ pattern: "broad-miss", weakDomains, startDate: START, lengthDays })).toThrow(ZodError);
        },
      ),
    );
  });
});
