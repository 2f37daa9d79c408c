import { describe, expect, it } from "vitest";
import { localDate, localHourOn, nextDailySlot, nextDate } from "./daily";

describe("daily reminder slots (07:00 local)", () => {
  it("is 07:00 local on both sides of the American spring-forward change", () => {
    // New York moves from EST (UTC-5) to EDT (UTC-4) on Sunday 8 March 2026 at 02:00.
    expect(localHourOn("2026-03-07", "America/New_York").toISOString()).toBe("2026-03-07T12:00:00.000Z");
    expect(localHourOn("2026-03-08", "America/New_York").toISOString()).toBe("2026-03-08T11:00:00.000Z");
    expect(localHourOn("2026-03-09", "America/New_York").toISOString()).toBe("2026-03-09T11:00:00.000Z");
  });

  it("is 07:00 local across the European autumn change and the southern hemisphere's", () => {
    // Berlin: CEST → CET on 25 October 2026; Auckland: NZST → NZDT on 27 September 2026.
    expect(localHourOn("2026-10-24", "Europe/Berlin").toISOString()).toBe("2026-10-24T05:00:00.000Z");
    expect(localHourOn("2026-10-25", "Europe/Berlin").toISOString()).toBe("2026-10-25T06:00:00.000Z");
    expect(localHourOn("2026-09-26", "Pacific/Auckland").toISOString()).toBe("2026-09-25T19:00:00.000Z");
    expect(localHourOn("2026-09-27", "Pacific/Auckland").toISOString()).toBe("2026-09-26T18:00:00.000Z");
  });

  it("steps day by day through a DST change keeping 07:00 local (23- and 25-hour gaps)", () => {
    let slot = nextDailySlot(new Date("2026-03-06T13:00:00Z"), "America/New_York");
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      seen.push(slot.at.toISOString());
      slot = nextDailySlot(slot.at, "America/New_York");
    }
    expect(seen).toEqual(["2026-03-07T12:00:00.000Z", "2026-03-08T11:00:00.000Z", "2026-03-09T11:00:00.000Z", "2026-03-10T11:00:00.000Z"]);
    const gaps = seen.slice(1).map((s, i) => (Date.parse(s) - Date.parse(seen[i]!)) / 3_600_000);
    expect(gaps).toEqual([23, 24, 24]);
  });

  it("picks today's slot while it is ahead and tomorrow's once it has passed (exactly at 07:00 counts as passed)", () => {
    expect(nextDailySlot(new Date("2026-06-01T04:59:59Z"), "Europe/Berlin")).toEqual({ date: "2026-06-01", at: new Date("2026-06-01T05:00:00Z") });
    expect(nextDailySlot(new Date("2026-06-01T05:00:00Z"), "Europe/Berlin")).toEqual({ date: "2026-06-02", at: new Date("2026-06-02T05:00:00Z") });
  });

  it("reads the local date, not the UTC date", () => {
    expect(localDate(new Date("2026-06-01T23:30:00Z"), "Pacific/Auckland")).toBe("2026-06-02");
    expect(localDate(new Date("2026-06-01T03:30:00Z"), "America/Los_Angeles")).toBe("2026-05-31");
    expect(nextDate("2028-02-28")).toBe("2028-02-29");
    expect(nextDate("2026-12-31")).toBe("2027-01-01");
  });
});
