import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addWeeks, parseIsoDay, rangeEndInstant, rangeStartInstant, resolveWeekRange, weekOfDay, weekStartOf, weeksBetween } from "./weeks";

describe("UTC weeks starting on Monday", () => {
  it("puts an instant in the week of its UTC date, whatever the machine's zone", () => {
    expect(weekStartOf(new Date("2026-11-23T00:00:00Z"))).toBe("2026-11-23"); // a Monday, first instant
    expect(weekStartOf(new Date("2026-11-29T23:59:59.999Z"))).toBe("2026-11-23"); // Sunday, last instant
    expect(weekStartOf(new Date("2026-11-30T00:00:00Z"))).toBe("2026-11-30");
    // 00:30 on Monday in Berlin is still Sunday in UTC.
    expect(weekStartOf(new Date("2026-11-30T00:30:00+01:00"))).toBe("2026-11-23");
    expect(weekStartOf(new Date("2027-01-01T12:00:00Z"))).toBe("2026-12-28"); // across a year end
  });

  it("parses only real calendar dates", () => {
    expect(parseIsoDay("2028-02-29")).toBe("2028-02-29");
    expect(parseIsoDay("2027-02-29")).toBeNull();
    expect(parseIsoDay("2026-04-31")).toBeNull();
    expect(parseIsoDay("26-04-01")).toBeNull();
    expect(parseIsoDay("")).toBeNull();
    expect(parseIsoDay(undefined)).toBeNull();
  });

  it("lists the Mondays of a range and adds weeks across daylight-saving changes", () => {
    expect(weeksBetween("2026-10-19", "2026-11-02")).toEqual(["2026-10-19", "2026-10-26", "2026-11-02"]);
    expect(addWeeks("2026-03-23", 1)).toBe("2026-03-30");
    expect(weekOfDay("2026-11-29")).toBe("2026-11-23");
  });
});

describe("resolveWeekRange", () => {
  const now = new Date("2026-11-27T15:00:00Z"); // a Friday; its week starts 2026-11-23

  it("defaults to the 12 weeks up to the current one", () => {
    expect(resolveWeekRange({}, now)).toEqual({ from: "2026-09-07", to: "2026-11-23", weeks: 12 });
  });

  it("rounds dates out to whole weeks, swaps reversed dates and ignores invalid ones", () => {
    expect(resolveWeekRange({ from: "2026-10-01", to: "2026-10-14" }, now)).toEqual({ from: "2026-09-28", to: "2026-10-12", weeks: 3 });
    expect(resolveWeekRange({ from: "2026-10-14", to: "2026-10-01" }, now)).toEqual({ from: "2026-09-28", to: "2026-10-12", weeks: 3 });
    expect(resolveWeekRange({ from: "nonsense", to: "2026-13-01" }, now)).toEqual({ from: "2026-09-07", to: "2026-11-23", weeks: 12 });
  });

  it("caps very long ranges, keeping their end", () => {
    const r = resolveWeekRange({ from: "2000-01-01", to: "2026-11-27" }, now);
    expect(r.weeks).toBe(520);
    expect(r.to).toBe("2026-11-23");
    expect(weeksBetween(r.from, r.to)).toHaveLength(520);
  });

  it("ends on the Monday after the last week", () => {
    expect(rangeEndInstant({ from: "2026-11-16", to: "2026-11-23", weeks: 2 }).toISOString()).toBe("2026-11-30T00:00:00.000Z");
  });
});

describe("ranges at the edges of the calendar", () => {
  const now = new Date("2026-11-27T12:00:00Z");

  it("treats dates outside the supported years as missing instead of failing (regression: to=1970-01-01)", () => {
    expect(parseIsoDay("1970-01-01")).toBeNull();
    expect(parseIsoDay("9999-12-31")).toBeNull();
    expect(resolveWeekRange({ to: "1970-01-01" }, now)).toEqual(resolveWeekRange({}, now));
  });

  it("handles the first and last supported days", () => {
    const first = resolveWeekRange({ from: "2000-01-01", to: "2000-01-01" }, now);
    expect(first).toEqual({ from: "1999-12-27", to: "1999-12-27", weeks: 1 });
    const last = resolveWeekRange({ from: "2999-12-31", to: "2999-12-31" }, now);
    expect(rangeEndInstant(last).toISOString()).toBe("3000-01-06T00:00:00.000Z");
  });

  it("never throws for any pair of YYYY-MM-DD strings", () => {
    const day = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
      .map(([y, m, d]) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
    fc.assert(
      fc.property(fc.option(day), fc.option(day), (from, to) => {
        const range = resolveWeekRange({ from, to }, now);
        expect(range.weeks).toBeGreaterThanOrEqual(1);
        expect(rangeStartInstant(range).getTime()).toBeLessThan(rangeEndInstant(range).getTime());
      }),
      { numRuns: 500 },
    );
  });
});
