import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DOMAIN_KEYS, type DomainKey } from "../exam/az104";
import { blueprintCounts, EXAM_BLUEPRINT_WEIGHTS, type DomainWeight } from "./blueprint";

const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

describe("blueprintCounts", () => {
  it("uses the study-guide midpoints", () => {
    expect(EXAM_BLUEPRINT_WEIGHTS.map((w) => [w.domain, w.weight])).toEqual([
      ["identity-governance", 22.5],
      ["storage", 17.5],
      ["compute", 22.5],
      ["networking", 17.5],
      ["monitoring", 12.5],
    ]);
  });

  it("apportions a 50-question set by largest remainder", () => {
    // Quotas: 12.16, 9.46, 12.16, 9.46, 6.76 → floors 12, 9, 12, 9, 6 (48); the two seats left go
    // to the largest remainders, monitoring (.76) then storage (.46, first of the tie).
    expect(blueprintCounts(50, EXAM_BLUEPRINT_WEIGHTS)).toEqual({
      "identity-governance": 12,
      storage: 10,
      compute: 12,
      networking: 9,
      monitoring: 7,
    });
  });

  it("apportions a 10-question set and breaks ties by listed order", () => {
    // Quotas: 2.43, 1.89, 2.43, 1.89, 1.35 → floors 2, 1, 2, 1, 1 (7); remainders .89, .89, .43.
    expect(blueprintCounts(10, EXAM_BLUEPRINT_WEIGHTS)).toEqual({
      "identity-governance": 3,
      storage: 2,
      compute: 2,
      networking: 2,
      monitoring: 1,
    });
  });

  it("splits evenly when weights are equal, extra seats to the first listed", () => {
    const even: DomainWeight[] = [
      { domain: "networking", weight: 1 },
      { domain: "storage", weight: 1 },
    ];
    expect(blueprintCounts(5, even)).toMatchObject({ networking: 3, storage: 2, compute: 0 });
  });

  it("gives unlisted and zero-weight domains nothing, and returns zeros for total 0", () => {
    const counts = blueprintCounts(7, [
      { domain: "compute", weight: 3 },
      { domain: "monitoring", weight: 0 },
    ]);
    expect(counts).toEqual({ "identity-governance": 0, storage: 0, compute: 7, networking: 0, monitoring: 0 });
    expect(sum(blueprintCounts(0, EXAM_BLUEPRINT_WEIGHTS))).toBe(0);
  });

  it("rejects bad input", () => {
    expect(() => blueprintCounts(-1, EXAM_BLUEPRINT_WEIGHTS)).toThrow(RangeError);
    expect(() => blueprintCounts(2.5, EXAM_BLUEPRINT_WEIGHTS)).toThrow(RangeError);
    expect(() => blueprintCounts(5, [{ domain: "storage", weight: 0 }])).toThrow(/positive weight/);
    expect(() => blueprintCounts(5, [{ domain: "storage", weight: -1 }])).toThrow(RangeError);
    expect(() =>
      blueprintCounts(5, [
        { domain: "storage", weight: 1 },
        { domain: "storage", weight: 2 },
      ]),
    ).toThrow(/twice/);
  });

  it("always sums to the total and stays within one of each exact quota (property)", () => {
    const weightsArb = fc
      .subarray([...DOMAIN_KEYS], { minLength: 1 })
      .chain((domains) =>
        fc
          .array(fc.double({ min: 0.01, max: 100, noNaN: true }), {
            minLength: domains.length,
            maxLength: domains.length,
          })
          .map((ws) => domains.map((domain, i) => ({ domain: domain as DomainKey, weight: ws[i]! }))),
      );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), weightsArb, (total, weights) => {
        const counts = blueprintCounts(total, weights);
        expect(sum(counts)).toBe(total);
        const weightSum = weights.reduce((s, w) => s + w.weight, 0);
        for (const w of weights) {
          const quota = (total * w.weight) / weightSum;
          expect(counts[w.domain]).toBeGreaterThanOrEqual(Math.floor(quota) - 1e-9);
          expect(counts[w.domain]).toBeLessThanOrEqual(Math.ceil(quota) + 1e-9);
        }
      }),
    );
  });
});
