// Turning the exam blueprint (domain weights) into whole question counts for a set.

import { AZ104, DOMAIN_KEYS, type DomainKey } from "../exam/az104";

export interface DomainWeight {
  domain: DomainKey;
  /** Any non-negative number; only the ratios between weights matter. */
  weight: number;
}

/**
 * The study guide's midpoints (22.5, 17.5, 22.5, 17.5, 12.5). They sum to 92.5, not 100;
 * apportionment normalises, so each domain gets midpoint / 92.5 of a set.
 */
export const EXAM_BLUEPRINT_WEIGHTS: readonly DomainWeight[] = AZ104.domains.map((d) => ({
  domain: d.key,
  weight: (d.weightMin + d.weightMax) / 2,
}));

export function emptyDomainCounts(): Record<DomainKey, number> {
  return Object.fromEntries(DOMAIN_KEYS.map((k) => [k, 0])) as Record<DomainKey, number>;
}

/**
 * Largest-remainder (Hamilton) apportionment of `total` questions over the weighted domains.
 * Every domain first gets the floor of its exact quota; the seats left over go to the largest
 * fractional remainders, ties broken by the order of `weights`. The counts always sum to `total`,
 * and each differs from its exact quota by less than one. Domains not listed get 0.
 */
export function blueprintCounts(total: number, weights: readonly DomainWeight[]): Record<DomainKey, number> {
  if (!Number.isInteger(total) || total < 0) {
    throw new RangeError(`total must be a non-negative integer, got ${total}`);
  }
  const seen = new Set<DomainKey>();
  for (const w of weights) {
    if (seen.has(w.domain)) throw new RangeError(`domain "${w.domain}" is listed twice`);
    seen.add(w.domain);
    if (!Number.isFinite(w.weight) || w.weight < 0) {
      throw new RangeError(`weight for "${w.domain}" must be a finite non-negative number, got ${w.weight}`);
    }
  }

  const counts = emptyDomainCounts();
  if (total === 0) return counts;
  const sum = weights.reduce((s, w) => s + w.weight, 0);
  if (sum <= 0) throw new RangeError("at least one domain needs a positive weight");

  const shares = weights.map((w, order) => {
    const quota = (total * w.weight) / sum;
    const floor = Math.floor(quota);
    return { domain: w.domain, floor, remainder: quota - floor, order };
  });
  let left = total;
  for (const s of shares) {
    counts[s.domain] = s.floor;
    left -= s.floor;
  }
  const byRemainder = [...shares].sort((a, b) => b.remainder - a.remainder || a.order - b.order);
  for (let i = 0; i < left; i++) counts[byRemainder[i]!.domain] += 1;
  return counts;
}
