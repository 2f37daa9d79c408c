// A practice set in the exam's shape: about one case study and one yes/no series in a full-length
// set, a few hotspots and a few drag-and-drop items (ordering, matching), and the rest single or
// multiple choice. Groups (a series, a case study) are drawn as units and keep their items together
// and in order. Every ratio is here; the rest of the draw (domains, recency, families, weak
// categories) is ./draw.ts, which fills the single/multiple remainder around what is taken here,
// so the whole set still follows the mode's domain weights. Pure and deterministic given `rng`.

import { DOMAIN_KEYS, type DomainKey } from "../exam/az104";
import { blueprintCounts, EXAM_BLUEPRINT_WEIGHTS, type DomainWeight } from "./blueprint";
import { drawPracticeSet, retestWeights, type DrawInput, type PoolItem } from "./draw";
import type { GroupKind } from "../enums";

/** Per 50 questions (a full-length set): the exam's mix of formats. */
export const SET_SHAPE = {
  /** Case studies per 50 questions; a set gets floor(size × this / 50), so none below 50. */
  caseStudiesPer50: 1,
  /** Yes/no series per 50 questions, rounded: one from 25 questions up. */
  seriesPer50: 1,
  /** Share of hotspot items, rounded (4 of 50, 2 of 25). */
  hotspotShare: 0.08,
  /** Share of drag-and-drop items (ordering and matching together), rounded. */
  dragDropShare: 0.08,
  /** A kind that slowed the learner (their attempt notes) gets this many times its count in retests and domain-focus sets. */
  slowKindFactor: 2,
  /** Shorter sets stay single and multiple choice (a quick drill), unless a kind slowed the learner. */
  formatsFromSize: 20,
} as const;

export interface ShapeTargets {
  caseStudies: number;
  series: number;
  hotspots: number;
  dragDrops: number;
}

/** How many of each format a set of `size` questions holds; `slowKinds` (question or group kinds) are weighted up. */
export function shapeTargets(size: number, slowKinds: ReadonlySet<string> = new Set()): ShapeTargets {
  const slow = (kinds: string[]) => (kinds.some((k) => slowKinds.has(k)) ? SET_SHAPE.slowKindFactor : 1);
  // Below formatsFromSize only the kinds that slowed the learner come in.
  const scale = (kinds: string[]) => (size >= SET_SHAPE.formatsFromSize ? slow(kinds) : slow(kinds) > 1 ? slow(kinds) : 0);
  const caseStudies = Math.floor((size * SET_SHAPE.caseStudiesPer50 * slow(["case-study"])) / 50);
  return {
    // A slowed learner meets a case study from a half-length set up.
    caseStudies: slowKinds.has("case-study") ? Math.max(caseStudies, size >= 25 ? 1 : 0) : caseStudies,
    series: Math.round((size * SET_SHAPE.seriesPer50 * slow(["yes-no", "yes-no-series"])) / 50),
    hotspots: Math.round(size * SET_SHAPE.hotspotShare * scale(["hotspot"])),
    dragDrops: Math.round(size * SET_SHAPE.dragDropShare * scale(["ordering", "matching"])),
  };
}

/** A yes/no series or a case study: its items in order. */
export interface GroupUnit {
  id: string;
  kind: GroupKind;
  members: PoolItem[];
}

export interface ShapedDrawInput extends DrawInput {
  /** Published groups; their items are not in `pool`. */
  groups?: readonly GroupUnit[];
}

const FORMAT_KINDS = { hotspots: ["hotspot"], dragDrops: ["ordering", "matching"] } as const;
const CHOICE_KINDS = new Set(["single", "multiple", undefined]);

function shuffle<T>(items: T[], rng: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * Draws a set in the exam's shape. Groups and format items are chosen first (unseen before seen,
 * missed families first in a retest, recent ones last, ties random), each from the domain that
 * most lacks questions against the mode's weights; ./draw.ts then fills the rest with single and
 * multiple items around them. A pool without enough of a format simply has fewer.
 */
export function drawExamShapedSet(input: ShapedDrawInput): string[] {
  const { rng, mode } = input;
  const focus = mode === "domain-focus" ? new Set(input.focusDomains ?? []) : null;
  const inFocus = (d: DomainKey) => !focus || focus.has(d);
  const groups = (input.groups ?? []).filter((g) => g.members.length > 0 && g.members.every((m) => inFocus(m.domain)));
  const pool = input.pool.filter((p) => inFocus(p.domain));
  const eligible = pool.length + groups.reduce((s, g) => s + g.members.length, 0);
  const n = Math.min(input.size, eligible);
  if (n === 0) return [];
  const slowKinds = mode === "timed-mixed" ? new Set<string>() : (input.preferKinds ?? new Set<string>());
  const targets = shapeTargets(n, slowKinds);

  const weights: DomainWeight[] =
    mode === "domain-focus"
      ? [...(focus ?? [])].map((domain) => ({ domain, weight: 1 }))
      : mode === "retest"
        ? retestWeights(input.weakDomains, input.weakCategories)
        : [...EXAM_BLUEPRINT_WEIGHTS];
  const want = blueprintCounts(n, weights);
  const taken = new Map<DomainKey, number>(DOMAIN_KEYS.map((d) => [d, 0]));
  const need = (d: DomainKey) => (want[d] ?? 0) - (taken.get(d) ?? 0);

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
  const usedFamilies = new Set<string>();
  let count = 0;
  const take = (items: PoolItem[]) => {
    for (const m of items) {
      taken.set(m.domain, (taken.get(m.domain) ?? 0) + 1);
      usedFamilies.add(m.family);
    }
    count += items.length;
  };

  // Groups: the best-ranked (its worst member counts), then the one whose domains most lack questions.
  const chosenGroups: GroupUnit[] = [];
  for (const [kind, wanted] of [["case-study", targets.caseStudies], ["yes-no-series", targets.series]] as const) {
    const candidates = shuffle(groups.filter((g) => g.kind === kind), rng).map((g) => ({ g, rank: Math.max(...g.members.map(rankOf)) }));
    for (let i = 0; i < wanted; i++) {
      const fits = candidates.filter((c) => !chosenGroups.includes(c.g) && count + c.g.members.length <= n);
      if (fits.length === 0) break;
      const score = (c: (typeof fits)[number]) => c.g.members.reduce((s, m) => s + need(m.domain), 0) / c.g.members.length;
      fits.sort((a, b) => a.rank - b.rank || score(b) - score(a));
      chosenGroups.push(fits[0]!.g);
      take(fits[0]!.g.members);
    }
  }

  // Format items: a kind of the bucket not taken yet first (a set with two drag-and-drop items has
  // an ordering and a matching one, as the exam mixes them), then best rank, then the domain that
  // most lacks questions; one per family, while possible.
  const formatItems: PoolItem[] = [];
  for (const [bucket, wanted] of [["hotspots", targets.hotspots], ["dragDrops", targets.dragDrops]] as const) {
    const kinds = new Set<string>(FORMAT_KINDS[bucket]);
    const candidates = shuffle(pool.filter((p) => p.kind !== undefined && kinds.has(p.kind)), rng);
    const kindsTaken = new Set<string | undefined>();
    const repeat = (item: PoolItem) => (kindsTaken.has(item.kind) ? 1 : 0);
    for (let i = 0; i < wanted && count < n; i++) {
      const fits = candidates.filter((c) => !formatItems.includes(c) && !usedFamilies.has(c.family));
      if (fits.length === 0) break;
      fits.sort((a, b) => repeat(a) - repeat(b) || rankOf(a) - rankOf(b) || need(b.domain) - need(a.domain));
      kindsTaken.add(fits[0]!.kind);
      formatItems.push(fits[0]!);
      take([fits[0]!]);
    }
  }

  // The rest: single and multiple items, around what is taken (the draw's own rules).
  const reserved = Object.fromEntries(DOMAIN_KEYS.map((d) => [d, taken.get(d) ?? 0])) as Record<DomainKey, number>;
  const choicePool = pool.filter((p) => CHOICE_KINDS.has(p.kind) && !usedFamilies.has(p.family));
  let rest = drawPracticeSet({ ...input, pool: choicePool, size: n - count, reserved });
  if (rest.length < n - count) {
    // Too few single and multiple items: fill with format items left over (the set keeps its size).
    const spare = pool.filter((p) => !CHOICE_KINDS.has(p.kind) && !formatItems.includes(p));
    rest = [...rest, ...drawPracticeSet({ ...input, pool: spare, size: n - count - rest.length, reserved })];
  }

  // Order: single items and format items mixed at random; each group a block at a random place.
  const singles = shuffle([...rest, ...formatItems.map((f) => f.id)], rng);
  const blocks: string[][] = singles.map((id) => [id]);
  for (const g of chosenGroups) blocks.splice(Math.floor(rng() * (blocks.length + 1)), 0, g.members.map((m) => m.id));
  return blocks.flat();
}

/** Groups of a pool given as rows with their group id and place: members in order, incomplete groups left out. */
export function groupUnits(
  rows: readonly (PoolItem & { groupId: string | null; groupOrder: number | null })[],
  groupKinds: ReadonlyMap<string, GroupKind>,
): { units: GroupUnit[]; loose: PoolItem[] } {
  const byGroup = new Map<string, (PoolItem & { groupOrder: number | null })[]>();
  const loose: PoolItem[] = [];
  for (const r of rows) {
    const { groupId, groupOrder, ...item } = r;
    if (groupId === null) loose.push(item);
    else byGroup.set(groupId, [...(byGroup.get(groupId) ?? []), { ...item, groupOrder }]);
  }
  const units: GroupUnit[] = [];
  for (const [id, members] of byGroup) {
    const kind = groupKinds.get(id);
    if (!kind) continue;
    members.sort((a, b) => (a.groupOrder ?? 0) - (b.groupOrder ?? 0));
    units.push({ id, kind, members: members.map(({ groupOrder: _o, ...m }) => m) });
  }
  return { units: units.sort((a, b) => a.id.localeCompare(b.id)), loose };
}
