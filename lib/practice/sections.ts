// The exam's one-way parts of a set: a yes/no series closes each solution once the learner moves
// past it, and a case study is a section that closes once the learner leaves it (and when its own
// time runs out). Pure: the runner's store asks what a move would close, warns, then closes.

import type { GroupKind } from "../enums";

export interface SectionItem {
  position: number;
  group?: { id: string; order: number; size: number };
  closed?: boolean;
}

export type SectionKind = GroupKind;

export interface Closing {
  kind: SectionKind;
  /** The positions the move closes (not closed yet). */
  positions: number[];
}

/**
 * What moving from `from` to `to` (a position, or the review) closes: the solution left behind in
 * a yes/no series; every item of a case study when the move leaves it. Null when nothing closes.
 */
export function closedByLeaving(items: readonly SectionItem[], kindOf: ReadonlyMap<string, SectionKind>, from: number, to: number | "review"): Closing | null {
  if (to === from) return null;
  const here = items.find((i) => i.position === from);
  if (!here?.group || here.closed) return null;
  const kind = kindOf.get(here.group.id);
  if (kind === "yes-no-series") return { kind, positions: [from] };
  if (kind === "case-study") {
    const members = items.filter((i) => i.group?.id === here.group!.id);
    if (to !== "review" && members.some((m) => m.position === to)) return null;
    const positions = members.filter((m) => !m.closed).map((m) => m.position);
    return positions.length ? { kind, positions } : null;
  }
  return null;
}

/** Time left in a case study's section: its minutes less the time spent on its items. */
export function sectionLeftMs(minutes: number, timesMs: readonly number[]): number {
  return Math.max(0, minutes * 60_000 - timesMs.reduce((s, t) => s + t, 0));
}

/** Where the learner goes when a section closes under them: the first open item after it, else the review. */
export function afterSection(items: readonly SectionItem[], positions: readonly number[]): number | "review" {
  const last = Math.max(...positions);
  const next = items.find((i) => i.position > last && !i.closed);
  return next ? next.position : "review";
}
