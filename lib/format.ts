/** Date formatting in a chosen zone; all instants are stored in UTC and only shown in a zone. */

/**
 * Building an Intl.DateTimeFormat costs far more than using one (it loads locale and zone data),
 * and a dashboard formats hundreds of dates per request: formatters are kept per locale, zone and
 * options. Zones come from validated user settings, so the map stays small; it is bounded anyway.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATTERS = 2_000;

export function formatter(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    formatters.set(key, f);
  }
  return f;
}

export function formatDateTime(d: Date, timeZone: string): string {
  return formatter("en-GB", timeZone, { dateStyle: "medium", timeStyle: "short" }).format(d);
}

export function formatDate(d: Date, timeZone: string): string {
  return formatter("en-GB", timeZone, { dateStyle: "medium" }).format(d);
}

export function formatLongDateTime(d: Date, timeZone: string): string {
  return formatter("en-GB", timeZone, { weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" }).format(d);
}

/** "20 Nov 2026, 10:00 (20 Nov 2026, 09:00 UTC)" */
export function formatInstantWithUtc(d: Date, timeZone: string): string {
  return `${formatDateTime(d, timeZone)} (${formatDateTime(d, "UTC")} UTC)`;
}

/** The calendar date of an instant in a zone, as YYYY-MM-DD. */
export function isoDateInZone(d: Date, timeZone: string): string {
  return formatter("en-CA", timeZone, { year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
}
