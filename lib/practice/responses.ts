// How a learner's choice becomes the stored response of an item (see the README's bank format).

import { normalizeResponse } from "./runner/save-queue";

/** The new response after choosing `key`: a single-answer item takes it; a multiple toggles it. */
export function toggleOption(kind: "single" | "multiple", response: readonly string[] | null, key: string): string[] | null {
  if (kind === "single") return [key];
  const current = new Set(response ?? []);
  if (current.has(key)) current.delete(key);
  else current.add(key);
  return normalizeResponse([...current]);
}
