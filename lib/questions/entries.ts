// Between the bank's JSON entries and the rows that store them. Each scored item is a `questions`
// row (a yes/no solution and a case study's question too); a yes/no series and a case study are a
// `question_groups` row that its items point at (group id and order), so the draw can take a group
// as a unit. Kind-specific data sits in the row's `payload`; the answer is always the response
// encoding the runner saves (see lib/validation/question.ts). Pure: no database here.

import type { DomainKey } from "../exam/az104";
import type {
  BankEntry,
  CaseStudyQuestion,
  CodeLanguage,
  Exhibit,
  GroupKind,
  Question,
  QuestionKind,
  QuestionStatus,
  QuestionTier,
} from "../validation/question";

export interface StoredOption {
  key: string;
  text: string;
  whyWrong?: string;
}

export interface HotspotPayload {
  template: { format: "statement" | "code"; language?: CodeLanguage; text: string };
  blanks: { choices: StoredOption[]; why?: string }[];
}

export interface MatchingPayload {
  targets: { text: string; why: string }[];
  reuseValues: boolean;
}

export type QuestionPayload = HotspotPayload | MatchingPayload;

/** One scored item as stored: what a `questions` row holds. */
export interface BankQuestion {
  id: string;
  exam: "AZ-104";
  domain: DomainKey;
  category: string;
  tier: QuestionTier;
  family: string;
  kind: QuestionKind;
  /** The question (for a yes/no item: the proposed solution). */
  stem: string;
  /** Options (single, multiple), steps (ordering), values (matching); empty for hotspot and yes/no. */
  options: StoredOption[];
  answer: string[];
  /** Why the answer is right (for a yes/no item: why the solution does or does not meet the goal). */
  explanation: string;
  status: QuestionStatus;
  sources: string[];
  givesAway: string[];
  verifiedOn?: string;
  payload: QuestionPayload | null;
  exhibits: Exhibit[];
  groupId: string | null;
  /** 1-based place in the group. */
  groupOrder: number | null;
}

export interface SeriesContent {
  scenario: string;
  goal: string;
}

export interface CaseStudyContent {
  overview: string;
  environment: string;
  requirements: string;
  minutes: number;
}

/** A yes/no series or a case study, as a `question_groups` row holds it. */
export interface BankGroup {
  id: string;
  exam: "AZ-104";
  kind: GroupKind;
  /** A series' domain, category and family (its solutions share them); null for a case study. */
  domain: DomainKey | null;
  category: string | null;
  family: string | null;
  /** A case study's title; null for a series. */
  title: string | null;
  content: SeriesContent | CaseStudyContent;
  exhibits: Exhibit[];
  status: QuestionStatus;
  sources: string[];
  verifiedOn?: string;
}

function itemToStored(q: Question | CaseStudyQuestion, exam: "AZ-104", status: QuestionStatus, group: { id: string; order: number } | null): BankQuestion {
  const common = {
    id: q.id,
    exam,
    domain: q.domain,
    category: q.category,
    tier: q.tier,
    family: q.family,
    kind: q.kind,
    stem: q.stem,
    answer: [...q.answer],
    explanation: q.explanation,
    status,
    sources: q.sources,
    givesAway: q.givesAway,
    ...(q.verifiedOn ? { verifiedOn: q.verifiedOn } : {}),
    exhibits: q.exhibits,
    groupId: group?.id ?? null,
    groupOrder: group?.order ?? null,
  };
  switch (q.kind) {
    case "single":
    case "multiple":
    case "ordering":
      return { ...common, options: q.options, payload: null };
    case "hotspot":
      return { ...common, options: [], payload: { template: q.template, blanks: q.blanks } };
    case "matching":
      return { ...common, options: q.options, payload: { targets: q.targets, reuseValues: q.reuseValues } };
  }
}

/** An entry of the bank as the rows that store it. */
export function flattenEntry(entry: BankEntry): { group: BankGroup | null; questions: BankQuestion[] } {
  if (entry.kind === "yes-no-series") {
    const group: BankGroup = {
      id: entry.id,
      exam: entry.exam,
      kind: entry.kind,
      domain: entry.domain,
      category: entry.category,
      family: entry.family,
      title: null,
      content: { scenario: entry.scenario, goal: entry.goal },
      exhibits: entry.exhibits,
      status: entry.status,
      sources: entry.sources,
      ...(entry.verifiedOn ? { verifiedOn: entry.verifiedOn } : {}),
    };
    const questions = entry.solutions.map(
      (s, i): BankQuestion => ({
        id: s.id,
        exam: entry.exam,
        domain: entry.domain,
        category: entry.category,
        tier: s.tier,
        family: entry.family,
        kind: "yes-no",
        stem: s.solution,
        options: [],
        answer: [...s.answer],
        explanation: s.why,
        status: entry.status,
        sources: entry.sources,
        givesAway: s.givesAway,
        ...(entry.verifiedOn ? { verifiedOn: entry.verifiedOn } : {}),
        payload: null,
        exhibits: [],
        groupId: entry.id,
        groupOrder: i + 1,
      }),
    );
    return { group, questions };
  }
  if (entry.kind === "case-study") {
    const group: BankGroup = {
      id: entry.id,
      exam: entry.exam,
      kind: entry.kind,
      domain: null,
      category: null,
      family: null,
      title: entry.title,
      content: { overview: entry.overview, environment: entry.environment, requirements: entry.requirements, minutes: entry.minutes },
      exhibits: entry.exhibits,
      status: entry.status,
      sources: entry.sources,
      ...(entry.verifiedOn ? { verifiedOn: entry.verifiedOn } : {}),
    };
    return { group, questions: entry.questions.map((q, i) => itemToStored(q, entry.exam, entry.status, { id: entry.id, order: i + 1 })) };
  }
  return { group: null, questions: [itemToStored(entry, entry.exam, entry.status, null)] };
}

/** Every row of a bank: its groups and all its scored items (those of groups included). */
export function flattenBank(entries: readonly BankEntry[]): { groups: BankGroup[]; questions: BankQuestion[] } {
  const groups: BankGroup[] = [];
  const questions: BankQuestion[] = [];
  for (const entry of entries) {
    const flat = flattenEntry(entry);
    if (flat.group) groups.push(flat.group);
    questions.push(...flat.questions);
  }
  return { groups, questions };
}

const optional = <K extends string, V>(key: K, value: V | undefined | null) => (value === undefined || value === null ? {} : ({ [key]: value } as Record<K, V>));

/** An item's own fields back in the JSON format (without exam and status, which a case study's items take from it). */
function storedToItem(q: BankQuestion) {
  const common = {
    id: q.id,
    domain: q.domain,
    category: q.category,
    tier: q.tier,
    family: q.family,
    stem: q.stem,
    explanation: q.explanation,
    sources: q.sources,
    givesAway: q.givesAway,
    ...optional("verifiedOn", q.verifiedOn),
    exhibits: q.exhibits,
  };
  switch (q.kind) {
    case "hotspot": {
      const p = q.payload as HotspotPayload;
      return { ...common, kind: q.kind, template: p.template, blanks: p.blanks, answer: q.answer };
    }
    case "matching": {
      const p = q.payload as MatchingPayload;
      return { ...common, kind: q.kind, options: q.options, targets: p.targets, reuseValues: p.reuseValues, answer: q.answer };
    }
    default:
      return { ...common, kind: q.kind, options: q.options, answer: q.answer };
  }
}

/**
 * The JSON entries (as the importer reads them) for stored rows: an item on its own, or a group
 * with its items in order. Items whose group is missing are left out.
 */
/** An entry of the bank's JSON format as exported (validated again by the importer). */
export type ExportedEntry = { id: string; kind: string } & Record<string, unknown>;

export function entriesFromRows(groups: readonly BankGroup[], questions: readonly BankQuestion[]): ExportedEntry[] {
  const byGroup = new Map<string, BankQuestion[]>();
  for (const q of questions) if (q.groupId) byGroup.set(q.groupId, [...(byGroup.get(q.groupId) ?? []), q]);
  for (const list of byGroup.values()) list.sort((a, b) => (a.groupOrder ?? 0) - (b.groupOrder ?? 0));
  const out: ExportedEntry[] = [];
  for (const q of questions) {
    if (q.groupId) continue;
    out.push({ ...storedToItem(q), exam: q.exam, status: q.status });
  }
  for (const g of groups) {
    const members = byGroup.get(g.id) ?? [];
    if (g.kind === "yes-no-series") {
      const c = g.content as SeriesContent;
      out.push({
        kind: g.kind,
        id: g.id,
        exam: g.exam,
        status: g.status,
        domain: g.domain,
        category: g.category,
        family: g.family,
        scenario: c.scenario,
        goal: c.goal,
        exhibits: g.exhibits,
        solutions: members.map((m) => ({ id: m.id, tier: m.tier, solution: m.stem, answer: m.answer, why: m.explanation, givesAway: m.givesAway })),
        sources: g.sources,
        ...optional("verifiedOn", g.verifiedOn),
      });
    } else {
      const c = g.content as CaseStudyContent;
      out.push({
        kind: g.kind,
        id: g.id,
        exam: g.exam,
        status: g.status,
        title: g.title ?? "",
        minutes: c.minutes,
        overview: c.overview,
        environment: c.environment,
        requirements: c.requirements,
        exhibits: g.exhibits,
        questions: members.map(storedToItem),
        sources: g.sources,
        ...optional("verifiedOn", g.verifiedOn),
      });
    }
  }
  return out;
}
