import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { partsOf, roundScore, scoreResponse } from "./item-scoring";
import { scoreItem } from "./score";

describe("scoreResponse", () => {
  it("scores single, multiple and yes/no all or nothing, as before", () => {
    expect(scoreResponse("single", ["B"], ["B"]).score).toBe(1);
    expect(scoreResponse("single", ["B"], ["A"]).score).toBe(0);
    expect(scoreResponse("single", ["B"], ["A", "B"]).score).toBe(0);
    expect(scoreResponse("multiple", ["A", "C"], ["C", "A"]).score).toBe(1);
    expect(scoreResponse("multiple", ["A", "C"], ["A"]).score).toBe(0);
    expect(scoreResponse("multiple", ["A", "C"], ["A", "C", "D"]).score).toBe(0);
    expect(scoreResponse("yes-no", ["N"], ["N"]).score).toBe(1);
    expect(scoreResponse("yes-no", ["N"], ["Y"]).score).toBe(0);
    expect(scoreResponse("yes-no", ["N"], null)).toEqual({ score: 0, answered: false, parts: null });
  });

  it("gives a hotspot credit per blank, an ordering per place and a matching per target", () => {
    expect(scoreResponse("hotspot", ["1=A", "2=B", "3=C"], ["1=A", "2=C", "3=C"]).score).toBe(0.6667);
    expect(scoreResponse("ordering", ["1=B", "2=D", "3=A"], ["1=B", "2=A", "3=D"]).score).toBe(0.3333);
    expect(scoreResponse("matching", ["1=A", "2=B", "3=D", "4=D"], ["1=A", "2=B", "3=D", "4=D"]).score).toBe(1);
    expect(scoreResponse("matching", ["1=A", "2=B"], ["2=B"])).toEqual({
      score: 0.5,
      answered: true,
      parts: [
        { part: 1, given: null, expected: "A", right: false },
        { part: 2, given: "B", expected: "B", right: true },
      ],
    });
  });

  it("counts a part given twice as wrong and ignores parts the item does not have or that are malformed", () => {
    expect(scoreResponse("hotspot", ["1=A", "2=B"], ["1=A", "1=B", "2=B"]).score).toBe(0.5);
    expect(scoreResponse("hotspot", ["1=A", "2=B"], ["1=A", "2=B", "9=C", "junk"]).score).toBe(1);
    expect(partsOf(["1=A", "1=A"]).get(1)).toBe("");
  });

  it("agrees with the old scorer on single and multiple items, for any response", () => {
    const key = fc.constantFrom("A", "B", "C", "D", "E", "F");
    fc.assert(
      fc.property(fc.constantFrom("single" as const, "multiple" as const), fc.uniqueArray(key, { minLength: 1, maxLength: 4 }), fc.option(fc.array(key, { maxLength: 6 }), { nil: null }), (kind, answer, response) => {
        expect(scoreResponse(kind, answer, response).score === 1).toBe(scoreItem(kind, answer, response));
      }),
    );
  });

  it("always scores between 0 and 1, in steps of one part, whatever the response", () => {
    const entry = fc.oneof(fc.string({ maxLength: 4 }), fc.tuple(fc.integer({ min: 1, max: 9 }), fc.constantFrom("A", "B", "C", "D", "E")).map(([p, k]) => `${p}=${k}`));
    fc.assert(
      fc.property(fc.constantFrom("hotspot" as const, "ordering" as const, "matching" as const), fc.integer({ min: 1, max: 6 }), fc.option(fc.array(entry, { maxLength: 12 }), { nil: null }), (kind, n, response) => {
        const answer = Array.from({ length: n }, (_, i) => `${i + 1}=${"ABCDE"[i % 5]}`);
        const { score, parts } = scoreResponse(kind, answer, response);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        expect(score).toBe(roundScore(parts!.filter((p) => p.right).length / n));
      }),
    );
  });
});
