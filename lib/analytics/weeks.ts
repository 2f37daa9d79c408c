/**
 * Week arithmetic for cohort analytics. Every event belongs to the UTC week (Monday 00:00 UTC to
 * the next Monday) of its instant: an exam attempt to the week of `taken_at`, a practice set's
 * answers to the week of the set's `submitted_at`. A week is named by its Monday as an ISO date.
 * Date ranges are whole weeks: the week containing `from` through the week containing `to`.
 */

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The sentinel `next_week` of a learner's latest report: later than every real week. */
export const INFINITY_WEEK = "infinity";

/** The UTC calendar day of an instant, as YYYY-MM-DD. */
export function utcDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/**
 * The years a range may name. Week arithmetic moves a date by up to MAX_RANGE_WEEKS (and to the
 * Monday before or after), so accepted dates stay well inside what YYYY-MM-DD can express.
 */
export const RANGE_YEARS = { min: 2000, max: 2999 } as const;

function calendarDay(value: string, minYear: number, maxYear: number): string | null {
  const m = ISO_DATE.exec(value.trim());
  if (!m) return null;
  const [y, mo, d] = m.slice(1).map(Number) as [number, number, number];
  if (y < minYear || y > maxYear) return null;
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return null;
  return probe.toISOString().slice(0, 10);
}

/** Parses a YYYY-MM-DD calendar date (a real one: no 31 April) within RANGE_YEARS; null otherwise. */
export function parseIsoDay(value: string | undefined | null): string | null {
  if (!value) return null;
  return calendarDay(value, RANGE_YEARS.min, RANGE_YEARS.max);
}

function dayToMs(day: string): number {
  // Internal arithmetic may step a little outside RANGE_YEARS (the Monday before 1 Jan 2000).
  const parsed = calendarDay(day, 1000, 9999);
  if (!parsed) throw new RangeError(`not a calendar date: ${day}`);
  return Date.parse(`${parsed}T00:00:00Z`);
}

export function addDays(day: string, days: number): string {
  return utcDay(new Date(dayToMs(day) + days * DAY_MS));
}

export function addWeeks(week: string, weeks: number): string {
  return addDays(week, weeks * 7);
}

/** The Monday (UTC) of the week containing an instant. */
export function weekStartOf(instant: Date): string {
  const day = Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate());
  const sinceMonday = (new Date(day).getUTCDay() + 6) % 7;
  return utcDay(new Date(day - sinceMonday * DAY_MS));
}

/** The Monday of the week containing a calendar day. */
export function weekOfDay(day: string): string {
  return weekStartOf(new Date(dayToMs(day)));
}

/** Mondays from `from` to `to` inclusive (both Mondays). */
export function weeksBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let w = from; w <= to; w = addWeeks(w, 1)) out.push(w);
  return out;
}

export interface WeekRange {
  /** Monday of the first week. */
  from: string;
  /** Monday of the last week (the range ends the Sunday after it). */
  to: string;
  /** Number of weeks, at least 1. */
  weeks: number;
}

export const DEFAULT_RANGE_WEEKS = 12;
export const MAX_RANGE_WEEKS = 520;

/**
 * The whole-week range an admin asked for. Missing or invalid dates fall back to the last
 * `DEFAULT_RANGE_WEEKS` weeks up to the current one; reversed dates are swapped; a range longer
 * than `MAX_RANGE_WEEKS` keeps its end and is shortened.
 */
export function resolveWeekRange(input: { from?: string | null; to?: string | null }, now: Date): WeekRange {
  const toDay = parseIsoDay(input.to);
  let to = toDay ? weekOfDay(toDay) : weekStartOf(now);
  const fromDay = parseIsoDay(input.from);
  let from = fromDay ? weekOfDay(fromDay) : addWeeks(to, -(DEFAULT_RANGE_WEEKS - 1));
  if (from > to) [from, to] = [to, from];
  let weeks = Math.round((dayToMs(to) - dayToMs(from)) / (7 * DAY_MS)) + 1;
  if (weeks > MAX_RANGE_WEEKS) {
    from = addWeeks(to, -(MAX_RANGE_WEEKS - 1));
    weeks = MAX_RANGE_WEEKS;
  }
  return { from, to, weeks };
}

/** The instant the range ends (exclusive): the Monday after its last week, 00:00 UTC. */
export function rangeEndInstant(range: WeekRange): Date {
  return new Date(dayToMs(addWeeks(range.to, 1)));
}

export function rangeStartInstant(range: WeekRange): Date {
  return new Date(dayToMs(range.from));
}
