import { describe, expect, it } from "vitest";
import type { RecommendedDay } from "@/lib/policy/recommended-date";
import { buildEventsCalendar, buildRetakeCalendar, calendarSequence, recommendedDateEvent } from "./ics";

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
  const recommended: RecommendedDay = { status: "recommended", date: "2026-05-08", binding: ["readiness"], reason: "Readiness held on Fri, 8 May 2026.", parts: [] };
  const waiting: RecommendedDay = { status: "waiting-for-readiness", notBefore: "2026-05-07", reason: "No date yet: retest before you book.", parts: [] };

  it("writes one timed event at the earliest instant and one all-day event on the recommended date, with its reason", () => {
    const ics = buildRetakeCalendar({ earliestAt, recommended, examCode: "AZ-104", stampedAt: STAMP });
    expect(lines(ics)[0]).toBe("BEGIN:VCALENDAR");
    expect(lines(ics).at(-1)).toBe("END:VCALENDAR");
    expect(values(ics, "BEGIN").filter((v) => v === "VEVENT")).toHaveLength(2);
    expect(values(ics, "SUMMARY")).toEqual(["AZ-104: retake allowed from now", "AZ-104: recommended retake date"]);
    expect(lines(ics)).toContain("DTSTART:20260505T140000Z");
    expect(values(ics, "DURATION")).toEqual(["PT15M"]);
    expect(lines(ics)).toContain("DTSTART;VALUE=DATE:20260508");
    expect(lines(ics)).toContain("DTEND;VALUE=DATE:20260509");
    expect(values(ics, "DESCRIPTION")[1]).toBe("Readiness held on Fri\\, 8 May 2026.");
  });

  it("writes timed starts in UTC Z form whatever the process time zone", () => {
    const ics = buildRetakeCalendar({ earliestAt, recommended: null, examCode: "AZ-104", stampedAt: STAMP });
    const timed = values(ics, "DTSTART");
    expect(timed).toEqual(["20260505T140000Z"]);
    for (const v of [...timed, ...values(ics, "DTSTAMP")]) expect(v).toMatch(/^\d{8}T\d{6}Z$/);
  });

  it("puts the recommended date on the calendar date it names, in any zone", () => {
    const ics = buildRetakeCalendar({ earliestAt: null, recommended, examCode: "AZ-104", timeZone: "Pacific/Auckland", stampedAt: STAMP });
    expect(lines(ics)).toContain("DTSTART;VALUE=DATE:20260508");
    expect(values(ics, "BEGIN").filter((v) => v === "VEVENT")).toHaveLength(1);
  });

  it("before readiness holds: a tentative event on the earliest day the date could be", () => {
    const ics = buildRetakeCalendar({ earliestAt: null, recommended: waiting, examCode: "AZ-104", stampedAt: STAMP });
    expect(values(ics, "SUMMARY")).toEqual(["AZ-104: no retake date yet (retest first)"]);
    expect(values(ics, "STATUS")).toEqual(["TENTATIVE"]);
    expect(lines(ics)).toContain("DTSTART;VALUE=DATE:20260507");
  });

  it("leaves out unknown instants and still produces a valid empty calendar", () => {
    const none: RecommendedDay = { status: "none", reason: "You passed: no retake is needed.", parts: [] };
    const ics = buildRetakeCalendar({ earliestAt: null, recommended: none, examCode: "AZ-104", stampedAt: STAMP });
    expect(values(ics, "BEGIN")).toEqual(["VCALENDAR"]);
    expect(values(ics, "END")).toEqual(["VCALENDAR"]);
  });

  it("keeps each event's UID when its date moves and raises SEQUENCE, so a re-import updates the event", () => {
    const input = { earliestAt, recommended, examCode: "AZ-104", url: "http://localhost:3000/learn/status", stampedAt: STAMP, uidScope: "user 42" };
    const before = buildRetakeCalendar(input);
    expect(buildRetakeCalendar({ ...input, earliestAt: new Date(earliestAt) })).toBe(before);
    expect(values(before, "UID")).toEqual(["retake-allowed-az-104-user-42@retake-coach", "retake-recommended-az-104-user-42@retake-coach"]);
    expect(values(before, "URL")).toEqual(["http://localhost:3000/learn/status", "http://localhost:3000/learn/status"]);

    const later = new Date(STAMP.getTime() + 3 * 86_400_000);
    const moved = buildRetakeCalendar({ ...input, recommended: { ...recommended, date: "2026-05-12" }, stampedAt: later });
    expect(values(moved, "UID")).toEqual(values(before, "UID"));
    expect(lines(moved)).toContain("DTSTART;VALUE=DATE:20260512");
    const seq = (ics: string) => values(ics, "SEQUENCE").map(Number);
    expect(seq(before)).toEqual([calendarSequence(STAMP), calendarSequence(STAMP)]);
    expect(seq(moved)[1]).toBeGreaterThan(seq(before)[1]!);
  });

  it("uses the same recommended-date event (UID and day) for the plan calendar", () => {
    const event = recommendedDateEvent({ examCode: "AZ-104", recommended, uidScope: "user 42" })!;
    expect(event).toMatchObject({ uid: "retake-recommended-az-104-user-42@retake-coach", date: "2026-05-08", allDay: true, description: recommended.reason });
  });
});

describe("calendarSequence", () => {
  it("counts whole minutes since 2020 and only grows", () => {
    expect(calendarSequence(new Date("2020-01-01T00:00:00Z"))).toBe(0);
    expect(calendarSequence(new Date("2020-01-01T01:00:59Z"))).toBe(60);
    expect(calendarSequence(new Date("2026-05-04T00:00:00Z"))).toBeLessThan(calendarSequence(new Date("2026-05-04T00:01:00Z")));
    expect(calendarSequence(new Date("2999-12-31T23:59:00Z"))).toBeLessThan(2_147_483_647);
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
