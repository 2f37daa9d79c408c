// How a learner's choice becomes the stored response of an item (README, "The bank's JSON format"):
// option keys for single, multiple and yes/no; "<part>=<key>" per blank, place or target for
// hotspot, ordering and matching. The drag-and-drop and the select fallback both go through
// setPart, so they give the same answer shape.

import { partsOf } from "./item-scoring";
import { normalizeResponse } from "./runner/save-queue";

/** The new response after choosing `key`: a single-answer or yes/no item takes it; a multiple toggles it. */
export function toggleOption(kind: "single" | "multiple" | "yes-no", response: readonly string[] | null, key: string): string[] | null {
  if (kind !== "multiple") return [key];
  const current = new Set(response ?? []);
  if (current.has(key)) current.delete(key);
  else current.add(key);
  return normalizeResponse([...current]);
}

/**
 * The new response after putting `key` in `part` (a hotspot's blank, an ordering's place, a
 * matching's target), or emptying it (null). A step goes in one place only, and a matching value
 * that may not be reused leaves the target it was in: moving it is one gesture.
 */
export function setPart(
  kind: "hotspot" | "ordering" | "matching",
  response: readonly string[] | null,
  part: number,
  key: string | null,
  opts: { reuseValues?: boolean } = {},
): string[] | null {
  if (!Number.isInteger(part) || part < 1 || part > 9) return response ? [...response] : null;
  const parts = partsOf(response);
  if (key === null) parts.delete(part);
  else {
    if (!/^[A-H]$/.test(key)) return response ? [...response] : null;
    if (kind === "ordering" || (kind === "matching" && !opts.reuseValues)) {
      for (const [p, k] of parts) if (k === key && p !== part) parts.delete(p);
    }
    parts.set(part, key);
  }
  return normalizeResponse([...parts].filter(([, k]) => k !== "").map(([p, k]) => `${p}=${k}`));
}

/** The key in each part (1-based) of a response, for the inputs to show. */
export function partValues(response: readonly string[] | null, parts: number): (string | null)[] {
  const map = partsOf(response);
  return Array.from({ length: parts }, (_, i) => map.get(i + 1) || null);
}

/** Whether a response has the shape its item's kind stores (keys, Y/N, or "<part>=<key>"; one key for single and yes/no). */
export function responseFits(kind: string, response: readonly string[] | null): boolean {
  if (response === null || response.length === 0) return true;
  const pattern = kind === "single" || kind === "multiple" ? /^[A-F]$/ : kind === "yes-no" ? /^[YN]$/ : /^[1-9]=[A-H]$/;
  if (!response.every((e) => pattern.test(e))) return false;
  return !((kind === "single" || kind === "yes-no") && new Set(response).size > 1);
}
