// The repository's question bank: one JSON file per exam domain, plus formats*.json, which mix
// domains (the yes/no series, hotspots, orderings, matchings and case studies). Imported statically
// so that the bundler and tsx both ship them, validated as a whole before anything is written to
// the database. The format of an entry is in the README ("The bank's JSON format").

import type { DomainKey } from "../../../lib/exam/az104";
import { flattenBank, flattenEntry, type BankGroup, type BankQuestion } from "../../../lib/questions/entries";
import { formatIssues, questionBankSchema, type BankEntry } from "../../../lib/validation/question";
import compute from "./compute.json";
import formats from "./formats.json";
import formatsExhibits from "./formats-exhibits.json";
import formatsGroups from "./formats-groups.json";
import formatsParts from "./formats-parts.json";
import identityGovernance from "./identity-governance.json";
import monitoring from "./monitoring.json";
import networking from "./networking.json";
import storage from "./storage.json";

export interface QuestionBankSource {
  /** File name, used only in error messages. */
  file: string;
  /** Every question in the file must belong to this domain; null for a file that mixes domains. */
  domain: DomainKey | null;
  items: unknown;
}

export const QUESTION_BANK_SOURCES: readonly QuestionBankSource[] = [
  { file: "identity-governance.json", domain: "identity-governance", items: identityGovernance },
  { file: "storage.json", domain: "storage", items: storage },
  { file: "compute.json", domain: "compute", items: compute },
  { file: "networking.json", domain: "networking", items: networking },
  { file: "monitoring.json", domain: "monitoring", items: monitoring },
  { file: "formats.json", domain: null, items: formats },
  { file: "formats-groups.json", domain: null, items: formatsGroups },
  { file: "formats-parts.json", domain: null, items: formatsParts },
  { file: "formats-exhibits.json", domain: null, items: formatsExhibits },
];

export class QuestionBankError extends Error {
  constructor(readonly problems: string[]) {
    super(`Question bank is invalid (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n  ${problems.join("\n  ")}`);
    this.name = "QuestionBankError";
  }
}

/**
 * Validates the given files as one bank (so ids are unique across files) and checks that each
 * domain file holds only its own domain. Throws a QuestionBankError naming file, index, id and field.
 */
export function parseQuestionBankEntries(sources: readonly QuestionBankSource[]): BankEntry[] {
  const problems: string[] = [];
  const all: unknown[] = [];
  const origin: { file: string; index: number; domain: DomainKey | null }[] = [];
  for (const source of sources) {
    if (!Array.isArray(source.items)) {
      problems.push(`${source.file}: expected an array of questions`);
      continue;
    }
    source.items.forEach((item, index) => {
      all.push(item);
      origin.push({ file: source.file, index, domain: source.domain });
    });
  }

  const where = (i: number) => {
    const o = origin[i];
    const item = all[i];
    const id =
      typeof item === "object" && item !== null && "id" in item && typeof item.id === "string" ? ` (${item.id})` : "";
    return o ? `${o.file} item ${o.index}${id}` : `item ${i}`;
  };

  const result = questionBankSchema.safeParse(all);
  if (!result.success) {
    // The schema names duplicates by their index in the combined array; name them by file here.
    const indexesById = new Map<string, number[]>();
    all.forEach((item, i) => {
      const id = typeof item === "object" && item !== null && "id" in item ? item.id : undefined;
      if (typeof id === "string") indexesById.set(id, [...(indexesById.get(id) ?? []), i]);
    });
    for (const issue of formatIssues(result.error)) {
      const place = issue.item === null ? "bank" : where(issue.item);
      let message = issue.message;
      if (issue.item !== null && issue.path === "id" && message.startsWith("duplicate id") && indexesById.get((all[issue.item] as { id: string }).id)!.length > 1) {
        const id = (all[issue.item] as { id: string }).id;
        const others = (indexesById.get(id) ?? []).filter((j) => j !== issue.item).map((j) => where(j));
        message = `duplicate id "${id}" (also at ${others.join(", ")})`;
      }
      problems.push(`${place}${issue.path ? `, ${issue.path}` : ""}: ${message}`);
    }
    throw new QuestionBankError(problems);
  }

  result.data.forEach((entry, i) => {
    const o = origin[i];
    if (!o || o.domain === null) return;
    for (const q of flattenEntry(entry).questions) {
      if (q.domain !== o.domain) {
        const at = q.id === entry.id ? "domain" : `${q.id}, domain`;
        problems.push(`${where(i)}, ${at}: "${q.domain}" doesn't belong in ${o.file} (expected "${o.domain}")`);
      }
    }
  });
  if (problems.length > 0) throw new QuestionBankError(problems);
  return result.data;
}

/** The given files' scored items (those of groups included), validated as one bank. */
export function parseQuestionBank(sources: readonly QuestionBankSource[]): BankQuestion[] {
  return flattenBank(parseQuestionBankEntries(sources)).questions;
}

/** The repository's bank entries (all files). Throws a readable QuestionBankError when invalid. */
export function loadQuestionBankEntries(): BankEntry[] {
  return parseQuestionBankEntries(QUESTION_BANK_SOURCES);
}

/** Every scored item of the repository's bank, drafts included. */
export function loadQuestionBank(): BankQuestion[] {
  return parseQuestionBank(QUESTION_BANK_SOURCES);
}

/** The repository's bank as rows: its groups (yes/no series, case studies) and every scored item. */
export function loadQuestionBankRows(): { groups: BankGroup[]; questions: BankQuestion[] } {
  return flattenBank(loadQuestionBankEntries());
}
