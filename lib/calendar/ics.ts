/**
 * iCalendar (.ics) export built on the `ics` package.
 *
 * Timed events are written in UTC ("Z" form) so no VTIMEZONE is needed and calendar apps show
 * them in the reader's own zone. All-day events carry a plain date; which date an instant
 * falls on depends on a zone, so callers pass the learner's zone (default UTC), or the date itself.
 *
 * Updating an imported calendar: every event has a UID that stays the same when its date moves
 * (the retake dates are one event per learner and exam; a plan's days one per plan and day), and a
 * SEQUENCE that grows with time (whole minutes since 2020-01-01 UTC at export), so a calendar app
 * that re-imports the file replaces the event it has instead of adding a second one. Counting
 * minutes rather than storing a revision counter keeps the export a pure read: a later export
 * always carries a higher SEQUENCE than any earlier one, whatever changed in between.
 */
import { createEvents, type DateArray, type EventAttributes } from "ics";
import { formatter } from "@/lib/format";
import type { RecommendedDay } from "@/lib/policy/recommended-date";

export interface CalendarEvent {
  /** Stable across exports so re-importing updates the event instead of duplicating it. */
  uid: string;
  title: string;
  start: Date;
  /** All-day on the date `start` falls on in the calendar's time zone (or on `date`). */
  allDay?: boolean;
  /** For an all-day event: the calendar date itself (YYYY-MM-DD), read in no zone. */
  date?: string;
  /** TENTATIVE for a date that is not settled yet. */
  status?: "TENTATIVE" | "CONFIRMED";
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
  /** SEQUENCE of every event; defaults to calendarSequence(stampedAt or now). */
  sequence?: number;
}

const PRODUCT_ID = "retake-coach/ics";
const SEQUENCE_EPOCH_MS = Date.UTC(2020, 0, 1);

/** Whole minutes since 2020-01-01 UTC: grows with every later export (fits SEQUENCE's 31 bits until the year 6000). */
export function calendarSequence(at: Date): number {
  return Math.max(0, Math.floor((at.getTime() - SEQUENCE_EPOCH_MS) / 60_000));
}
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

function calendarDate(date: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function toAttributes(event: CalendarEvent, timeZone: string, stampedAt: Date | undefined, sequence: number): EventAttributes {
  assertValidDate(event.start, `start of event ${event.uid}`);
  const common = {
    uid: event.uid,
    title: event.title,
    sequence,
    ...(event.status ? { status: event.status } : {}),
    ...(event.description ? { description: event.description } : {}),
    ...(event.url ? { url: event.url } : {}),
    // Not in the package's types, but its schema accepts it and it is the only way to make
    // DTSTAMP deterministic.
    ...(stampedAt ? { timestamp: stampedAt.getTime() } : {}),
  };
  if (event.allDay) {
    const day = event.date ? calendarDate(event.date) : dateIn(event.start, timeZone);
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
  const sequence = options.sequence ?? calendarSequence(options.stampedAt ?? new Date());
  const attributes = events.map((e) => toAttributes(e, timeZone, options.stampedAt, sequence));
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
  /** The one recommended date (lib/policy/recommended-date.ts). */
  recommended: RecommendedDay | null;
  examCode: string;
  /** Link back to the learner's retake page. */
  url?: string;
  /** The learner's zone; default "UTC". */
  timeZone?: string;
  /**
   * Makes UIDs unique per learner (the learner's id). Without it two learners' events share UIDs,
   * which matters only if both import into one calendar.
   */
  uidScope?: string;
  stampedAt?: Date;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "exam";
}

function scopeOf(uidScope: string | undefined): string {
  return uidScope ? `-${slug(uidScope)}` : "";
}

/**
 * The recommended-date event, the same in the retake calendar and in the plan calendar (same UID),
 * so importing both keeps one event. Before readiness holds it is a tentative event on the earliest
 * day the date could be; after a pass there is none.
 */
export function recommendedDateEvent(input: { examCode: string; recommended: RecommendedDay | null; uidScope?: string; url?: string }): CalendarEvent | null {
  const exam = input.examCode.trim();
  const rec = input.recommended;
  const uid = `retake-recommended-${slug(exam)}${scopeOf(input.uidScope)}@retake-coach`;
  if (!rec || rec.status === "none") return null;
  if (rec.status === "recommended") {
    return {
      uid,
      title: `${exam}: recommended retake date`,
      start: new Date(`${rec.date}T12:00:00Z`),
      date: rec.date,
      allDay: true,
      status: "CONFIRMED",
      description: rec.reason,
      url: input.url,
    };
  }
  if (!rec.notBefore) return null;
  return {
    uid,
    title: `${exam}: no retake date yet (retest first)`,
    start: new Date(`${rec.notBefore}T12:00:00Z`),
    date: rec.notBefore,
    allDay: true,
    status: "TENTATIVE",
    description: rec.reason,
    url: input.url,
  };
}

/**
 * The retake calendar: "allowed from" at the earliest allowed instant and the recommended date as
 * an all-day event, each only when known. UIDs name the exam, the kind of event and the learner,
 * never the date, so a moved date replaces the imported event (with a higher SEQUENCE).
 */
export function buildRetakeCalendar(input: RetakeCalendarInput): string {
  const exam = input.examCode.trim();
  const events: CalendarEvent[] = [];
  if (input.earliestAt) {
    events.push({
      uid: `retake-allowed-${slug(exam)}${scopeOf(input.uidScope)}@retake-coach`,
      title: `${exam}: retake allowed from now`,
      start: input.earliestAt,
      durationMinutes: 15,
      description: `From this moment the retake policy allows your next ${exam} attempt. Allowed is not the same as ready: check your recommended date.`,
      url: input.url,
    });
  }
  const recommended = recommendedDateEvent({ examCode: exam, recommended: input.recommended, uidScope: input.uidScope, url: input.url });
  if (recommended) events.push(recommended);
  return buildEventsCalendar(events, {
    timeZone: input.timeZone,
    calendarName: `${exam} retake`,
    stampedAt: input.stampedAt,
  });
}
