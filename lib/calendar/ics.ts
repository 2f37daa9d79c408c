/**
 * iCalendar (.ics) export built on the `ics` package.
 *
 * Timed events are written in UTC ("Z" form) so no VTIMEZONE is needed and calendar apps show
 * them in the reader's own zone. All-day events carry a plain date; which date an instant
 * falls on depends on a zone, so callers pass the learner's zone (default UTC).
 */
import { createEvents, type DateArray, type EventAttributes } from "ics";
import { formatter } from "@/lib/format";

export interface CalendarEvent {
  /** Stable across exports so re-importing updates the event instead of duplicating it. */
  uid: string;
  title: string;
  start: Date;
  /** All-day on the date `start` falls on in the calendar's time zone. */
  allDay?: boolean;
  /** Timed events only; default 30. */
  durationMinutes?: number;
  description?: string;
  url?: string;
}

export interface CalendarOptions {
  /** IANA zone deciding the date of all-day events; default "UTC". */
  timeZone?: string;
  /** Shown as the calendar's name by apps that support X-WR-CALNAME. */
  calendarName?: string;
  /**
   * DTSTAMP of every event. Defaults to the current time; pass a fixed instant for
   * byte-identical output (tests, caching).
   */
  stampedAt?: Date;
}

const PRODUCT_ID = "retake-coach/ics";
const DEFAULT_DURATION_MINUTES = 30;

function assertValidDate(value: Date, what: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new RangeError(`${what} is not a valid date`);
}

/** The calendar date of `instant` in `timeZone`, as [year, month (1–12), day]. */
function dateIn(instant: Date, timeZone: string): [number, number, number] {
  const parts = formatter("en-US", timeZone, { year: "numeric", month: "numeric", day: "numeric" }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return [get("year"), get("month"), get("day")];
}

function nextDay([y, m, d]: [number, number, number]): DateArray {
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return [next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()];
}

function toAttributes(event: CalendarEvent, timeZone: string, stampedAt: Date | undefined): EventAttributes {
  assertValidDate(event.start, `start of event ${event.uid}`);
  const common = {
    uid: event.uid,
    title: event.title,
    ...(event.description ? { description: event.description } : {}),
    ...(event.url ? { url: event.url } : {}),
    // Not in the package's types, but its schema accepts it and it is the only way to make
    // DTSTAMP deterministic.
    ...(stampedAt ? { timestamp: stampedAt.getTime() } : {}),
  };
  if (event.allDay) {
    const day = dateIn(event.start, timeZone);
    // DTEND of an all-day event is exclusive, so a one-day event ends on the next date.
    return { ...common, start: day, end: nextDay(day) };
  }
  return {
    ...common,
    start: event.start.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    duration: { minutes: event.durationMinutes ?? DEFAULT_DURATION_MINUTES },
  };
}

/** A VCALENDAR with one VEVENT per input event. Throws with the package's message on invalid input. */
export function buildEventsCalendar(events: CalendarEvent[], options: CalendarOptions = {}): string {
  const timeZone = options.timeZone ?? "UTC";
  if (options.stampedAt) assertValidDate(options.stampedAt, "stampedAt");
  const attributes = events.map((e) => toAttributes(e, timeZone, options.stampedAt));
  const { error, value } = createEvents(attributes, {
    productId: PRODUCT_ID,
    ...(options.calendarName ? { calName: options.calendarName } : {}),
  });
  if (error || value === null) {
    throw new Error(`Could not build the calendar file: ${error?.message ?? "no output"}`);
  }
  return value;
}

export interface RetakeCalendarInput {
  /** From evaluateRetake; becomes a 15-minute event at that instant. */
  earliestAt: Date | null;
  /** From recommendRetakeDate; becomes an all-day event on its date in `timeZone`. */
  recommendedAt: Date | null;
  examCode: string;
  /** Link back to the learner's retake page. */
  url?: string;
  /** The learner's zone, for the all-day event's date; default "UTC". */
  timeZone?: string;
  /**
   * Makes UIDs unique per learner (e.g. a user id). Without it two learners with the same
   * instant get the same UID, which matters only if both import into one calendar.
   */
  uidScope?: string;
  stampedAt?: Date;
}

function compactUtc(instant: Date): string {
  return instant.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "exam";
}

/**
 * The retake calendar: "allowed from" at the earliest allowed instant and the recommended
 * date as an all-day event, each only when known. UIDs are built from the exam, the kind of
 * event and the instant, so the same input always gives the same UID, and a changed date
 * (after a new attempt) is a new event rather than a silent move of the old one.
 */
export function buildRetakeCalendar(input: RetakeCalendarInput): string {
  const exam = input.examCode.trim();
  const scope = input.uidScope ? `-${slug(input.uidScope)}` : "";
  const events: CalendarEvent[] = [];
  if (input.earliestAt) {
    events.push({
      uid: `retake-allowed-${slug(exam)}-${compactUtc(input.earliestAt)}${scope}@retake-coach`,
      title: `${exam}: retake allowed from now`,
      start: input.earliestAt,
      durationMinutes: 15,
      description: `From this moment the retake policy allows your next ${exam} attempt. Allowed is not the same as ready: check your recommended date.`,
      url: input.url,
    });
  }
  if (input.recommendedAt) {
    events.push({
      uid: `retake-recommended-${slug(exam)}-${compactUtc(input.recommendedAt)}${scope}@retake-coach`,
      title: `${exam}: recommended retake date`,
      start: input.recommendedAt,
      allDay: true,
      description: `The date your repair plan points to for the ${exam} retake. Book a slot no earlier than ${input.recommendedAt.toISOString()} (UTC).`,
      url: input.url,
    });
  }
  return buildEventsCalendar(events, {
    timeZone: input.timeZone,
    calendarName: `${exam} retake`,
    stampedAt: input.stampedAt,
  });
}
