import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatInstantWithUtc, formatter, isoDateInZone } from "./format";

const instant = new Date("2026-11-20T09:00:00Z");

describe("date formatting in a zone", () => {
  it("shows an instant in the reader's zone and in UTC", () => {
    expect(formatDateTime(instant, "Pacific/Auckland")).toBe("20 Nov 2026, 22:00");
    expect(formatDateTime(instant, "America/New_York")).toBe("20 Nov 2026, 04:00");
    expect(formatInstantWithUtc(instant, "Europe/Paris")).toBe("20 Nov 2026, 10:00 (20 Nov 2026, 09:00 UTC)");
  });

  it("puts the calendar date in the zone, not in UTC", () => {
    const lateEvening = new Date("2026-11-20T23:30:00Z");
    expect(isoDateInZone(lateEvening, "UTC")).toBe("2026-11-20");
    expect(isoDateInZone(lateEvening, "Asia/Tokyo")).toBe("2026-11-21");
    expect(formatDate(lateEvening, "Asia/Tokyo")).toBe("21 Nov 2026");
  });

  it("reuses one formatter per locale, zone and options, and keeps zones apart", () => {
    const a = formatter("en-GB", "Asia/Tokyo", { dateStyle: "medium" });
    expect(formatter("en-GB", "Asia/Tokyo", { dateStyle: "medium" })).toBe(a);
    expect(formatter("en-GB", "UTC", { dateStyle: "medium" })).not.toBe(a);
    expect(formatter("en-GB", "Asia/Tokyo", { dateStyle: "long" })).not.toBe(a);
    // Options do not leak between entries: the cached Tokyo formatter still formats in Tokyo.
    formatDate(instant, "UTC");
    expect(a.resolvedOptions().timeZone).toBe("Asia/Tokyo");
  });
});
