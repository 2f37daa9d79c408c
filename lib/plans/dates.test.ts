import { describe, expect, it } from "vitest";
import { addDays, daysBetween, isCalendarDate } from "./dates";

describe("isCalendarDate", () => {
  it("accepts real dates, including 29 February in a leap year", () => {
    for (const d of ["2026-01-01", "2026-12-31", "2028-02-29", "2000-02-29"]) expect(isCalendarDate(d)).toBe(true);
  });

  it("rejects impossible or badly written dates", () => {
    for (const d of ["2026-02-29", "2100-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "2026-1-5", "26-01-05", "2026-01-05T00:00", "", "yesterday"]) {
      expect(isCalendarDate(d)).toBe(false);
    }
  });
});

describe("addDays", () => {
  it("crosses month, year and leap-day boundaries", () => {
    expect(addDays("2026-01-31", 1)).toBe("2026-02-01");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2028-02-29", 1)).toBe("2028-03-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("is not moved by daylight-saving changes in any zone", () => {
    // US and EU spring-forward and fall-back weekends, and Auckland's April change.
    expect(addDays("2026-03-07", 2)).toBe("2026-03-09");
    expect(addDays("2026-03-28", 2)).toBe("2026-03-30");
    expect(addDays("2026-10-24", 2)).toBe("2026-10-26");
    expect(addDays("2026-04-04", 2)).toBe("2026-04-06");
  });

  it("refuses a malformed date or a fractional day count", () => {
    expect(() => addDays("2026-02-30", 1)).toThrow(RangeError);
    expect(() => addDays("2026-02-01", 1.5)).toThrow(RangeError);
  });
});

describe("daysBetween", () => {
  it("counts whole calendar days in either direction", () => {
    expect(daysBetween("2026-03-28", "2026-04-09")).toBe(12);
    expect(daysBetween("2026-04-09", "2026-03-28")).toBe(-12);
    expect(daysBetween("2028-02-28", "2028-03-01")).toBe(2);
  });
});
