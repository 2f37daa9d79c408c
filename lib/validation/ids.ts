import { z } from "zod";

/**
 * A database id as URLs, query strings, tokens and forms carry it: a UUID (RFC 9562, either case).
 * Anything else, including 36 hex digits without dashes, is no id at all, so it never reaches
 * Postgres (which would refuse it with an error instead of finding nothing).
 */
export const idSchema = z.uuid();

export function isUuid(value: unknown): value is string {
  return idSchema.safeParse(value).success;
}
