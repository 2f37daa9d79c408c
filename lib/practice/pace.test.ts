import { describe, expect, it } from "vitest";
import { examPaceMinutes, isExamPace, minutesForDrawn, overExamPace } from "./pace";

describe("exam pace", () => {
  it("is two minutes a question", () => {
    expect(examPaceMinutes(50)).toBe(100);
    expect(examPaceMinutes(24)).toBe(48);
  });

  it("keeps the requested pace when fewer questions were drawn (24 Monitoring questions get 48 minutes, not 100)", () => {
    expect(minutesForDrawn(50, 100, 24)).toBe(48);
    expect(minutesForDrawn(25, 50, 7)).toBe(14);
    expect(minutesForDrawn(50, 100, 50)).toBe(100);
    expect(minutesForDrawn(10, 20, 1)).toBe(2);
    expect(minutesForDrawn(50, 100, 0)).toBe(1);
  });

  it("refuses nonsense", () => {
    expect(() => minutesForDrawn(0, 10, 1)).toThrow(RangeError);
    expect(() => minutesForDrawn(10, 0, 1)).toThrow(RangeError);
    expect(() => minutesForDrawn(10, 20, -1)).toThrow(RangeError);
  });

  it("a set is at exam pace when it gives two minutes a question or less", () => {
    expect(isExamPace(50, 100)).toBe(true);
    expect(isExamPace(25, 40)).toBe(true);
    expect(isExamPace(24, 100)).toBe(false);
    expect(isExamPace(0, 10)).toBe(false);
  });

  it("flags a question that took longer than exam pace allows", () => {
    expect(overExamPace(120_000)).toBe(false);
    expect(overExamPace(120_001)).toBe(true);
  });
});
