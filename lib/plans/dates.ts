// Calendar dates for plans. A plan day is a date on the learner's wall calendar, not an instant,
// so we never touch the local time zone: the string is read as a UTC midnight, shifted by whole
// days and written back. That way daylight-saving changes and the server's TZ cannot move a day.

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True for a real calendar date written as YYYY-MM-DD (rejects 2026-02-30 and 2026-13-01). */
export function isCalendarDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [, y, m, d] = match;
  const ms = Date.UTC(Number(y), Number(m) - 1, Number(d));
  // Date.UTC silently rolls 30 February into March; a round trip exposes that.
  return formatUtcDate(ms) === value;
}

/** `date` plus `days` calendar days (negative allowed), as YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  if (!isCalendarDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`);
  if (!Number.isInteger(days)) throw new RangeError(`Days must be a whole number: ${days}`);
  const [y, m, d] = date.split("-").map(Number);
  return formatUtcDate(Date.UTC(y, m - 1, d) + days * DAY_MS);
}

/** Whole calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  if (!isCalendarDate(from)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${from}`);
  if (!isCalendarDate(to)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${to}`);
  const toMs = (s: string) => {
    const [y, m, d] = s.split("-").map(Number);
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((toMs(to) - toMs(from)) / DAY_MS);
}

function formatUtcDate(ms: number): string {
  const date = new Date(ms);
  const y = date.getUTCFullYear();
  // Years outside 0..9999 cannot be written as YYYY; plans never get near them.
  const yyyy = String(y).padStart(4, "0");
  const mm = String(date.getUTCMonth() + 1).padStart(2, "0");
  const dd = String(date.getUTCDate()).padStart(2, "0");
  return `${yyyy}-${mm}-${dd}`;
}
