/**
 * The IANA time zones a person can choose, as this runtime knows them. Built on the server and
 * handed to the form, so the server's and the browser's lists (their ICU versions differ) never
 * disagree during hydration. "UTC" leads (Node's list leaves it out), and any zone in `keep`
 * that the list lacks (an account's stored zone, a browser's newer name) is added so that it
 * can stay selected.
 */
export function timeZoneOptions(keep: readonly (string | null | undefined)[] = []): string[] {
  const known: string[] = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  const list = ["UTC", ...known.filter((z) => z !== "UTC")];
  const extra = keep.filter((z): z is string => typeof z === "string" && z.length > 0 && !list.includes(z));
  return [...new Set(extra), ...list];
}

/** "America/Argentina/Buenos_Aires" → "America / Argentina / Buenos Aires". */
export function timeZoneLabel(zone: string): string {
  return zone.replaceAll("_", " ").split("/").join(" / ");
}
