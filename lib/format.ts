/** Date formatting in a chosen zone; all instants are stored in UTC and only shown in a zone. */
export function formatDateTime(d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone }).format(d);
}

export function formatDate(d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone }).format(d);
}

export function formatLongDateTime(d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone }).format(d);
}

/** "20 Nov 2026, 10:00 (20 Nov 2026, 09:00 UTC)" */
export function formatInstantWithUtc(d: Date, timeZone: string): string {
  return `${formatDateTime(d, timeZone)} (${formatDateTime(d, "UTC")} UTC)`;
}

/** The calendar date of an instant in a zone, as YYYY-MM-DD. */
export function isoDateInZone(d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone }).format(d);
}
