// Serving a learner's own variations in their retests. The draw (./draw.ts) picks a set from the
// published bank; this puts the learner's unseen variations into it afterwards, each in the place
// of a drawn question of the same domain (a sibling of the same family first), so the set keeps its
// size and its domain counts: the draw's weights are untouched. Pure.

import type { DomainKey } from "../exam/az104";

export interface SetItem {
  id: string;
  domain: DomainKey;
  family: string;
  /** Keeps its place: an item of a yes/no series or case study, or a format item of the set's shape. */
  fixed?: boolean;
}

/** At most this many of a learner's variations in one set: they sharpen the set, not replace it. */
export function ownVariationsPerSet(size: number): number {
  return size <= 0 ? 0 : Math.max(1, Math.floor(size / 10));
}

/**
 * The drawn ids with up to `max` of `variations` (oldest first, as given) swapped in. A variation is
 * skipped when the set has no question of its domain left to give up, or when another variation of
 * the same family is already in, so a set still holds one question per family.
 */
export function serveOwnVariations(drawn: readonly SetItem[], variations: readonly SetItem[], max: number): string[] {
  const out = drawn.map((d) => ({ ...d, own: false }));
  const present = new Set(out.map((d) => d.id));
  let served = 0;
  for (const v of variations) {
    if (served >= max) break;
    if (present.has(v.id)) continue;
    if (out.some((d) => d.own && d.family === v.family)) continue;
    const candidates = out.map((d, i) => ({ d, i })).filter(({ d }) => !d.own && !d.fixed && d.domain === v.domain);
    const slot = candidates.find(({ d }) => d.family === v.family) ?? candidates.at(-1);
    if (!slot) continue;
    present.delete(out[slot.i]!.id);
    out[slot.i] = { ...v, own: true };
    present.add(v.id);
    served++;
  }
  return out.map((d) => d.id);
}
