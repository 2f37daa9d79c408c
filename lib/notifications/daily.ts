import { TZDate } from "@date-fns/tz";

/** Daily reminders (today's plan tasks, the coach digest) go out at this local hour. */
export const DAILY_HOUR = 7;

/** The calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(at: Date, timeZone: string): string {
  const d = new TZDate(at.getTime(), timeZone);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/**
 * The instant of `hour`:00 on a local calendar date in a zone. Daylight saving moves the UTC
 * instant (07:00 in New York is 12:00 UTC in winter and 11:00 UTC in summer), never the local hour.
 * No zone changes its clocks at 07:00, so the hour always exists.
 */
export function localHourOn(date: string, timeZone: string, hour = DAILY_HOUR): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, hour, 0, 0, timeZone).getTime());
}

/** The day after a calendar date (YYYY-MM-DD), by the calendar, not by adding 24 hours. */
export function nextDate(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return next.toISOString().slice(0, 10);
}

/** The first daily slot strictly after `now`: today's 07:00 local if still ahead, else tomorrow's. */
export function nextDailySlot(now: Date, timeZone: string, hour = DAILY_HOUR): { date: string; at: Date } {
  const today = localDate(now, timeZone);
  const todayAt = localHourOn(today, timeZone, hour);
  if (todayAt.getTime() > now.getTime()) return { date: today, at: todayAt };
  const tomorrow = nextDate(today);
  return { date: tomorrow, at: localHourOn(tomorrow, timeZone, hour) };
}
