// Drawing a practice set from the question pool. Pure and deterministic given `rng`.
//
// Preferences, strongest first (each is relaxed only when the pool can't satisfy it):
//   1. the set has min(size, eligible pool) distinct questions;
//   2. no recently seen question;
//   3. at most one variant per family, so a set practises variations rather than repeats;
//   4. domain counts follow the mode's weights; a domain that runs short is topped up from the
//      other domains in proportion to their weights;
//   5. within a domain: for retest, unseen variants of missed families first, then unseen items,
//      then seen-but-not-recent ones; for the other modes, unseen before seen. Ties are random,
//      weighted: in a retest an item of a weak miss category (one the learner noted as misread, or
//      keeps missing) is RETEST_CATEGORY_BOOST + 1 times as likely to come first as another, and in
//      retests and domain-focus sets an item of a kind that slowed the learner is KIND_BOOST + 1
//      times as likely (the exam-mix "timed mixed" set stays drawn like the exam).
// Recency outranks family uniqueness because an exact repeat is worse than a sibling variant.

import { DOMAIN_KEYS, MISS_CATEGORIES, type DomainKey } from "../exam/az104";
import { blueprintCounts, EXAM_BLUEPRINT_WEIGHTS, type DomainWeight } from "./blueprint";
import type { PracticeMode, QuestionTier } from "../enums";

export interface PoolItem {
  id: string;
  domain: DomainKey;
  family: string;
  tier: QuestionTier;
  /** Miss category (for the category weighting of a retest). */
  category?: string;
  /** Item format ("single", "multiple", later the exam's other formats). */
  kind?: string;
}

export interface WeakCategory {
  category: string;
  /** From 0 to 1 (a noted misread category: 1; a practice miss rate). Clamped. */
  weight: number;
}

export interface WeakDomain {
  domain: DomainKey;
  /** Weakness from 0 (not weak) to 1 (weakest), e.g. 1 − bar/100 or the recent miss rate. Clamped. */
  weight: number;
}

export interface DrawInput {
  mode: PracticeMode;
  size: number;
  pool: readonly PoolItem[];
  /** Question ids seen recently (the caller decides the window); avoided while the pool allows. */
  recentlySeen: ReadonlySet<string>;
  /** Families with a recent miss; retest prefers their unseen variants. */
  missedFamilies?: ReadonlySet<string>;
  /** Every question id the learner has ever seen. */
  seenIds?: ReadonlySet<string>;
  /** Required for domain-focus: the set draws only from these domains, spread evenly. */
  focusDomains?: readonly DomainKey[];
  /** Retest only: domains to weight up (see retestWeights). */
  weakDomains?: readonly WeakDomain[];
  /** Retest only: miss categories to weight up, within their domain and in the domain's share. */
  weakCategories?: readonly WeakCategory[];
  /** Retest and domain-focus: item kinds to weight up (the item types that slowed the learner). */
  preferKinds?: ReadonlySet<string>;
  /**
   * Questions per domain already in the set, drawn elsewhere (./set-shape.ts takes the case study,
   * the yes/no series and the format items first): the domain counts are aimed at size + these,
   * less these, so the whole set follows the weights.
   */
  reserved?: Partial<Record<DomainKey, number>>;
  /** Uniform in [0, 1); pass mulberry32(seed) for reproducible sets. */
  rng: () => number;
}

/** A fully weak domain (weakness 1) counts (1 + 2) = 3 times its blueprint weight in a retest. */
export const RETEST_WEAKNESS_BOOST = 2;
/** Each fully weak category adds this much weakness to its domain (two make the domain fully weak). */
export const CATEGORY_DOMAIN_WEAKNESS = 0.5;
/** Within its domain, an item of a fully weak category is (1 + 3) = 4 times as likely to come first. */
export const RETEST_CATEGORY_BOOST = 3;
/** An item of a kind that slowed the learner is (1 + 1) = 2 times as likely to come first. */
export const KIND_BOOST = 1;

const CATEGORY_DOMAIN = new Map<string, DomainKey>(MISS_CATEGORIES.map((c) => [c.key, c.domain]));
const clamp01 = (n: number) => (Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0);

/** Category weights, clamped, the highest kept for a category listed twice. */
function categoryWeights(weakCategories: readonly WeakCategory[] = []): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of weakCategories) out.set(c.category, Math.max(out.get(c.category) ?? 0, clamp01(c.weight)));
  return out;
}

/**
 * Retest weights: blueprint midpoint × (1 + RETEST_WEAKNESS_BOOST × weakness), weakness clamped to
 * [0, 1] and 0 for unlisted domains. A domain's weakness is the larger of its own and
 * CATEGORY_DOMAIN_WEAKNESS × the summed weights of its weak categories (capped at 1), so the
 * categories a learner misread pull their domain's share up even when its bar looked fine. With no
 * weak domains or categories this is the plain blueprint.
 */
export function retestWeights(weakDomains: readonly WeakDomain[] = [], weakCategories: readonly WeakCategory[] = []): DomainWeight[] {
  const weakness = new Map<DomainKey, number>();
  for (const w of weakDomains) {
    weakness.set(w.domain, Math.max(weakness.get(w.domain) ?? 0, clamp01(w.weight)));
  }
  const fromCategories = new Map<DomainKey, number>();
  for (const [category, weight] of categoryWeights(weakCategories)) {
    const domain = CATEGORY_DOMAIN.get(category);
    if (domain) fromCategories.set(domain, (fromCategories.get(domain) ?? 0) + CATEGORY_DOMAIN_WEAKNESS * weight);
  }
  for (const [domain, w] of fromCategories) weakness.set(domain, Math.max(weakness.get(domain) ?? 0, Math.min(1, w)));
  return EXAM_BLUEPRINT_WEIGHTS.map((b) => ({
    domain: b.domain,
    weight: b.weight * (1 + RETEST_WEAKNESS_BOOST * (weakness.get(b.domain) ?? 0)),
  }));
}

/** Small, fast seeded PRNG (mulberry32); returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffleInPlace<T>(items: T[], rng: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

interface Candidate {
  item: PoolItem;
  rank: number;
  key: number;
}

interface Level {
  allowRecent: boolean;
  allowFamilyRepeat: boolean;
}

const LEVELS: readonly Level[] = [
  { allowRecent: false, allowFamilyRepeat: false },
  { allowRecent: false, allowFamilyRepeat: true },
  { allowRecent: true, allowFamilyRepeat: false },
  { allowRecent: true, allowFamilyRepeat: true },
];

export function drawPracticeSet(input: DrawInput): string[] {
  const { mode, size, rng } = input;
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`size must be a non-negative integer, got ${size}`);

  // A duplicated id in the pool is one question; keep its first occurrence.
  const pool: PoolItem[] = [];
  const poolIds = new Set<string>();
  for (const item of input.pool) {
    if (!poolIds.has(item.id)) {
      poolIds.add(item.id);
      pool.push(item);
    }
  }

  let weights: DomainWeight[];
  let eligible = pool;
  if (mode === "domain-focus") {
    const focus = [...new Set(input.focusDomains ?? [])];
    if (focus.length === 0) throw new RangeError("domain-focus needs at least one focus domain");
    // Shuffled so that the domain receiving an uneven extra question varies between sets.
    weights = shuffleInPlace(focus, rng).map((domain) => ({ domain, weight: 1 }));
    const focusSet = new Set(focus);
    eligible = pool.filter((p) => focusSet.has(p.domain));
  } else if (mode === "retest") {
    weights = retestWeights(input.weakDomains, input.weakCategories);
  } else {
    weights = [...EXAM_BLUEPRINT_WEIGHTS];
  }

  const n = Math.min(size, eligible.length);
  if (n === 0) return [];
  const reserved = input.reserved ?? {};
  const reservedTotal = DOMAIN_KEYS.reduce((sum, d) => sum + Math.max(0, reserved[d] ?? 0), 0);
  const whole = blueprintCounts(n + reservedTotal, weights);
  const targets = Object.fromEntries(DOMAIN_KEYS.map((d) => [d, Math.max(0, (whole[d] ?? 0) - Math.max(0, reserved[d] ?? 0))])) as typeof whole;
  const weightOf = new Map(weights.map((w) => [w.domain, w.weight]));

  const recent = input.recentlySeen;
  const seen = input.seenIds ?? new Set<string>();
  const missed = mode === "retest" ? (input.missedFamilies ?? new Set<string>()) : new Set<string>();
  const rankOf = (item: PoolItem): number => {
    const unseen = !seen.has(item.id) && !recent.has(item.id);
    if (unseen && missed.has(item.family)) return 0;
    if (unseen) return 1;
    if (!recent.has(item.id)) return 2;
    return 3;
  };

  // Weighted random order within a rank (Efraimidis–Spirakis: ascending 1 − (1 − u)^(1/w) is
  // descending v^(1/w)); with weight 1 the key is plain u, as it always was.
  const catWeight = mode === "retest" ? categoryWeights(input.weakCategories) : new Map<string, number>();
  const kinds = mode === "timed-mixed" ? new Set<string>() : (input.preferKinds ?? new Set<string>());
  const weightOfItem = (item: PoolItem) =>
    (1 + RETEST_CATEGORY_BOOST * (item.category ? (catWeight.get(item.category) ?? 0) : 0)) * (item.kind && kinds.has(item.kind) ? 1 + KIND_BOOST : 1);
  const byDomain = new Map<DomainKey, Candidate[]>(DOMAIN_KEYS.map((d) => [d, []]));
  for (const item of eligible) {
    const u = rng();
    const w = weightOfItem(item);
    byDomain.get(item.domain)?.push({ item, rank: rankOf(item), key: w === 1 ? u : 1 - Math.pow(1 - u, 1 / w) });
  }
  for (const list of byDomain.values()) list.sort((a, b) => a.rank - b.rank || a.key - b.key);

  const picked: PoolItem[] = [];
  const pickedIds = new Set<string>();
  const usedFamilies = new Set<string>();
  const pickedPerDomain = new Map<DomainKey, number>(DOMAIN_KEYS.map((d) => [d, 0]));

  const allowed = (c: Candidate, level: Level) =>
    !pickedIds.has(c.item.id) &&
    (level.allowRecent || !recent.has(c.item.id)) &&
    (level.allowFamilyRepeat || !usedFamilies.has(c.item.family));

  const take = (domain: DomainKey, count: number, level: Level): number => {
    let taken = 0;
    for (const c of byDomain.get(domain) ?? []) {
      if (taken >= count || picked.length >= n) break;
      if (!allowed(c, level)) continue;
      picked.push(c.item);
      pickedIds.add(c.item.id);
      usedFamilies.add(c.item.family);
      pickedPerDomain.set(domain, (pickedPerDomain.get(domain) ?? 0) + 1);
      taken++;
    }
    return taken;
  };

  // How many more this domain could supply at this level (distinct families when they must be unique).
  const available = (domain: DomainKey, level: Level): number => {
    const list = (byDomain.get(domain) ?? []).filter((c) => allowed(c, level));
    return level.allowFamilyRepeat ? list.length : new Set(list.map((c) => c.item.family)).size;
  };

  const domainOrder = weights.map((w) => w.domain);
  for (const level of LEVELS) {
    if (picked.length >= n) break;
    for (const d of domainOrder) {
      const need = targets[d] - (pickedPerDomain.get(d) ?? 0);
      if (need > 0) take(d, need, level);
    }
    // Short domains: share the shortfall among domains that still have candidates, by weight.
    while (picked.length < n) {
      const donors = domainOrder.filter((d) => available(d, level) > 0);
      if (donors.length === 0) break;
      const positive = donors.some((d) => (weightOf.get(d) ?? 0) > 0);
      const extra = blueprintCounts(
        n - picked.length,
        donors.map((d) => ({ domain: d, weight: positive ? (weightOf.get(d) ?? 0) : 1 })),
      );
      let progress = 0;
      for (const d of donors) progress += take(d, extra[d], level);
      if (progress === 0) break;
    }
  }

  return shuffleInPlace(
    picked.map((p) => p.id),
    rng,
  );
}
