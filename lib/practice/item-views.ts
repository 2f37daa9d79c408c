// What the practice pages receive of a stored item. Before submission (runnerItem, runnerGroups)
// the view is built field by field from an allow-list: no answer, no explanation, no whyWrong, no
// blank's or target's why, and for an ordering only how many places it has. After submission
// (reviewItem) everything is shown, with each part scored beside the right one.

import type { DomainKey } from "../exam/az104";
import type { ExhibitView, ItemKind, ReviewItem, RunnerGroup, RunnerItem } from "./dto";
import { scoreResponse } from "./item-scoring";
import type { GroupKind, QuestionTier } from "../enums";

type StoredOption = { key: string; text: string; whyWrong?: string };

/** A practice item row joined with its question (what the service selects). */
export interface ItemRow {
  position: number;
  questionId: string;
  domain: string;
  category: string;
  tier: QuestionTier;
  kind: ItemKind;
  stem: string;
  options: unknown;
  payload: unknown;
  exhibits: unknown;
  groupId: string | null;
  groupOrder: number | null;
  answer: string[];
  explanation: string;
  response: string[] | null;
  flagged: boolean;
  seq: number;
  closed: boolean;
  timeMs: number;
  score: number | null;
  correct: boolean | null;
}

/** A question group row (what the service selects). */
export interface GroupRow {
  id: string;
  kind: GroupKind;
  title: string | null;
  content: unknown;
  exhibits: unknown;
}

const YES_NO = [
  { key: "Y", text: "Yes" },
  { key: "N", text: "No" },
];

const str = (v: unknown): string => (typeof v === "string" ? v : "");

/** Exhibits carry no answer; copied field by field all the same, so nothing else rides along. */
export function exhibitViews(raw: unknown): ExhibitView[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((e): ExhibitView[] => {
    if (e?.type === "table")
      return [{ type: "table", title: str(e.title), columns: (e.columns ?? []).map(str), rows: (e.rows ?? []).map((r: unknown[]) => (r ?? []).map(str)) }];
    if (e?.type === "code") return [{ type: "code", title: str(e.title), language: str(e.language), text: str(e.text) }];
    return [];
  });
}

const keyText = (o: StoredOption) => ({ key: o.key, text: o.text });

/** Group sizes by id, for "solution 2 of 3". */
export function groupSizes(rows: readonly Pick<ItemRow, "groupId">[]): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const r of rows) if (r.groupId) sizes.set(r.groupId, (sizes.get(r.groupId) ?? 0) + 1);
  return sizes;
}

/** The runner's view of an item: only what the learner may see before submitting. */
export function runnerItem(r: ItemRow, sizes: ReadonlyMap<string, number>): RunnerItem {
  const options = (r.options as StoredOption[] | null) ?? [];
  const item: RunnerItem = {
    position: r.position,
    domain: r.domain as DomainKey,
    kind: r.kind,
    stem: r.stem,
    options: r.kind === "yes-no" ? YES_NO : r.kind === "hotspot" ? [] : options.map(keyText),
    response: r.response,
    flagged: r.flagged,
    seq: r.seq,
    timeMs: r.timeMs,
  };
  if (r.kind === "hotspot") {
    const p = r.payload as { template: { format: "statement" | "code"; language?: string; text: string }; blanks: { choices: StoredOption[] }[] };
    item.hotspot = {
      format: p.template.format,
      ...(p.template.language ? { language: p.template.language } : {}),
      text: p.template.text,
      blanks: p.blanks.map((b) => b.choices.map(keyText)),
    };
  }
  // The number of places is public (the exam says "select and arrange N"); which steps fill them is not.
  if (r.kind === "ordering") item.places = r.answer.length;
  if (r.kind === "matching") {
    const p = r.payload as { targets: { text: string }[]; reuseValues: boolean };
    item.matching = { targets: p.targets.map((t) => t.text), reuseValues: Boolean(p.reuseValues) };
  }
  const exhibits = exhibitViews(r.exhibits);
  if (exhibits.length) item.exhibits = exhibits;
  if (r.groupId) item.group = { id: r.groupId, order: r.groupOrder ?? 1, size: sizes.get(r.groupId) ?? 1 };
  if (r.closed) item.closed = true;
  return item;
}

/** The set's groups as the runner and the review show them, with the positions of their items. */
export function runnerGroups(groups: readonly GroupRow[], rows: readonly Pick<ItemRow, "groupId" | "position">[]): RunnerGroup[] {
  return groups.map((g): RunnerGroup => {
    const positions = rows.filter((r) => r.groupId === g.id).map((r) => r.position).sort((a, b) => a - b);
    const c = (g.content ?? {}) as Record<string, unknown>;
    if (g.kind === "yes-no-series") return { id: g.id, kind: g.kind, scenario: str(c.scenario), goal: str(c.goal), exhibits: exhibitViews(g.exhibits), positions };
    return {
      id: g.id,
      kind: g.kind,
      title: g.title ?? "",
      overview: str(c.overview),
      environment: str(c.environment),
      requirements: str(c.requirements),
      exhibits: exhibitViews(g.exhibits),
      minutes: typeof c.minutes === "number" ? c.minutes : 10,
      positions,
    };
  });
}

/** The review's view of an item after submission: the answer, the reasons, and each part scored. */
export function reviewItem(r: ItemRow, sizes: ReadonlyMap<string, number>): Omit<ReviewItem, "ownVariation"> {
  const answered = Boolean(r.response && r.response.length);
  const scored = scoreResponse(r.kind, r.answer, r.response);
  const options = r.kind === "yes-no" ? YES_NO : ((r.options as StoredOption[] | null) ?? []);
  const item: Omit<ReviewItem, "ownVariation"> = {
    position: r.position,
    questionId: r.questionId,
    domain: r.domain as DomainKey,
    category: r.category,
    tier: r.tier,
    kind: r.kind,
    stem: r.stem,
    options,
    answer: r.answer,
    response: r.response,
    correct: answered ? r.correct : null,
    // The stored score is the one counted; a set submitted before scores were stored is scored now.
    score: answered ? (r.score ?? scored.score) : null,
    parts: scored.parts,
    timeMs: r.timeMs,
    explanation: r.explanation,
    flagged: r.flagged,
  };
  if (r.kind === "hotspot") {
    const p = r.payload as { template: { format: "statement" | "code"; language?: string; text: string }; blanks: { choices: StoredOption[]; why?: string }[] };
    item.hotspot = { ...p.template, blanks: p.blanks };
  }
  if (r.kind === "matching") item.matching = r.payload as { targets: { text: string; why: string }[]; reuseValues: boolean };
  const exhibits = exhibitViews(r.exhibits);
  if (exhibits.length) item.exhibits = exhibits;
  if (r.groupId) item.group = { id: r.groupId, order: r.groupOrder ?? 1, size: sizes.get(r.groupId) ?? 1 };
  return item;
}
