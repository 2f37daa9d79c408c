import { describe, expect, it } from "vitest";
import { buildEventsCalendar, buildRetakeCalendar } from "./ics";

const STAMP = new Date("2026-05-04T00:00:00Z");

/** Unfolds continuation lines (CRLF followed by a space or tab) and splits into logical lines. */
function lines(ics: string): string[] {
  return ics.replace(/\r\n[ \t]/g, "").split("\r\n").filter((l) => l.length > 0);
}

function values(ics: string, property: string): string[] {
  return lines(ics)
    .filter((l) => l.startsWith(`${property}:`) || l.startsWith(`${property};`))
    .map((l) => l.slice(l.indexOf(":") + 1));
}

describe("buildRetakeCalendar", () => {
  const earliestAt = new Date("2026-05-05T14:00:00Z");
  const recommendedAt = new Date("2026-05-07T23:30:00Z");

  it("writes one timed event at the earliest instant and one all-day event for the recommended date", () => {
    const ics = buildRetakeCalendar({ earliestAt, recommendedAt, examCode: "AZ-104", stampedAt: STAMP });
    expect(lines(ics)[0]).toBe("BEGIN:VCALENDAR");
    expect(lines(ics).at(-1)).toBe("END:VCALENDAR");
    expect(values(ics, "BEGIN").filter((v) => v === "VEVENT")).toHaveLength(2);
    expect(values(ics, "SUMMARY")).toEqual(["AZ-104: retake allowed from now", "AZ-104: recommended retake date"]);
    expect(lines(ics)).toContain("DTSTART:20260505T140000Z");
    expect(values(ics, "DURATION")).toEqual(["PT15M"]);
    expect(lines(ics)).toContain("DTSTART;VALUE=DATE:20260507");
    expect(lines(ics)).toContain("DTEND;VALUE=DATE:20260508");
  });

  it("writes timed starts in UTC Z form whatever the process time zone", () => {
    const ics = buildRetakeCalendar({ earliestAt, recommendedAt: null, examCode: "AZ-104", stampedAt: STAMP });
    const timed = values(ics, "DTSTART");
    expect(timed).toEqual(["20260505T140000Z"]);
    for (const v of [...timed, ...values(ics, "DTSTAMP")]) expect(v).toMatch(/^\d{8}T\d{6}Z$/);
  });

  it("puts the all-day event on the learner's local date", () => {
    const ics = buildRetakeCalendar({ earliestAt: null, recommendedAt, examCode: "AZ-104", timeZone: "Pacific/Auckland", stampedAt: STAMP });
    // 23:30 UTC on 7 May is 11:30 on 8 May in Auckland.
    expect(lines(ics)).toContain("DTSTART;VALUE=DATE:20260508");
    expect(values(ics, "BEGIN").filter((v) => v === "VEVENT")).toHaveLength(1);
  });

  it("leaves out unknown instants and still produces a valid empty calendar", () => {
    const ics = buildRetakeCalendar({ earliestAt: null, recommendedAt: null, examCode: "AZ-104", stampedAt: STAMP });
    expect(values(ics, "BEGIN")).toEqual(["VCALENDAR"]);
    expect(values(ics, "END")).toEqual(["VCALENDAR"]);
  });

  it("derives stable UIDs from the inputs, so the same input gives byte-identical output", () => {
    const input = { earliestAt, recommendedAt, examCode: "AZ-104", url: "http://localhost:3000/learn/retake", stampedAt: STAMP };
    const a = buildRetakeCalendar(input);
    expect(buildRetakeCalendar({ ...input, earliestAt: new Date(earliestAt), recommendedAt: new Date(recommendedAt) })).toBe(a);
    expect(values(a, "UID")).toEqual([
      "retake-allowed-az-104-20260505T140000Z@retake-coach",
      "retake-recommended-az-104-20260507T233000Z@retake-coach",
    ]);
    expect(values(a, "URL")).toEqual(["http://localhost:3000/learn/retake", "http://localhost:3000/learn/retake"]);
    const scoped = buildRetakeCalendar({ ...input, uidScope: "user 42" });
    expect(values(scoped, "UID")[0]).toBe("retake-allowed-az-104-20260505T140000Z-user-42@retake-coach");
  });
});

describe("buildEventsCalendar", () => {
  it("writes each event with its UID, title, start and duration", () => {
    const ics = buildEventsCalendar(
      [
        { uid: "plan-1-day-1", title: "Rebuild: storage access, end to end", start: new Date("2026-05-05T00:00:00Z"), allDay: true },
        { uid: "plan-1-set", title: "Timed mixed set; 50 questions", start: new Date("2026-05-06T18:00:00Z"), durationMinutes: 100, description: "Mirror exam pressure." },
        { uid: "plan-1-review", title: "Review misses", start: new Date("2026-05-06T20:00:00Z") },
      ],
      { stampedAt: STAMP, calendarName: "Repair plan" },
    );
    expect(values(ics, "BEGIN").filter((v) => v === "VEVENT")).toHaveLength(3);
    expect(values(ics, "UID")).toEqual(["plan-1-day-1", "plan-1-set", "plan-1-review"]);
    // The package escapes commas and semicolons in text values.
    expect(values(ics, "SUMMARY")).toEqual(["Rebuild: storage access\\, end to end", "Timed mixed set\\; 50 questions", "Review misses"]);
    expect(values(ics, "DTSTART")).toEqual(["20260505", "20260506T180000Z", "20260506T200000Z"]);
    expect(values(ics, "DURATION")).toEqual(["PT100M", "PT30M"]);
    expect(values(ics, "DTSTAMP")).toEqual(["20260504T000000Z", "20260504T000000Z", "20260504T000000Z"]);
    expect(values(ics, "X-WR-CALNAME")).toEqual(["Repair plan"]);
  });

  it("throws a clear error when the ics package rejects an event", () => {
    expect(() => buildEventsCalendar([{ uid: "x", title: "Bad link", start: STAMP, url: "not a url" }])).toThrow(/Could not build the calendar file: url/);
  });

  it("rejects an invalid start date before calling the package", () => {
    expect(() => buildEventsCalendar([{ uid: "x", title: "t", start: new Date("nope") }])).toThrow(RangeError);
  });
});
