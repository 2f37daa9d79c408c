// The seed question bank: one JSON file per exam domain, imported statically so that the bundler
// and tsx both ship them, validated as a whole before anything is written to the database.

import type { DomainKey } from "../../../lib/exam/az104";
import { formatIssues, questionBankSchema, type Question } from "../../../lib/validation/question";
import compute from "./compute.json";
import identityGovernance from "./identity-governance.json";
import monitoring from "./monitoring.json";
import networking from "./networking.json";
import storage from "./storage.json";

export interface QuestionBankSource {
  /** File name, used only in error messages. */
  file: string;
  /** Every question in the file must belong to this domain. */
  domain: DomainKey;
  items: unknown;
}

export const QUESTION_BANK_SOURCES: readonly QuestionBankSource[] = [
  { file: "identity-governance.json", domain: "identity-governance", items: identityGovernance },
  { file: "storage.json", domain: "storage", items: storage },
  { file: "compute.json", domain: "compute", items: compute },
  { file: "networking.json", domain: "networking", items: networking },
  { file: "monitoring.json", domain: "monitoring", items: monitoring },
];

export class QuestionBankError extends Error {
  constructor(readonly problems: string[]) {
    super(`Question bank is invalid (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n  ${problems.join("\n  ")}`);
    this.name = "QuestionBankError";
  }
}

/**
 * Validates the given files as one bank (so ids are unique across files) and checks that each
 * file holds only its own domain. Throws a QuestionBankError naming file, index, id and field.
 */
export function parseQuestionBank(sources: readonly QuestionBankSource[]): Question[] {
  const problems: string[] = [];
  const all: unknown[] = [];
  const origin: { file: string; index: number; domain: DomainKey }[] = [];
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
      if (issue.item !== null && issue.path === "id" && message.startsWith("duplicate id")) {
        const id = (all[issue.item] as { id: string }).id;
        const others = (indexesById.get(id) ?? []).filter((j) => j !== issue.item).map((j) => where(j));
        message = `duplicate id "${id}" (also at ${others.join(", ")})`;
      }
      problems.push(`${place}${issue.path ? `, ${issue.path}` : ""}: ${message}`);
    }
    throw new QuestionBankError(problems);
  }

  result.data.forEach((q, i) => {
    const o = origin[i];
    if (o && q.domain !== o.domain) {
      problems.push(`${where(i)}, domain: "${q.domain}" doesn't belong in ${o.file} (expected "${o.domain}")`);
    }
  });
  if (problems.length > 0) throw new QuestionBankError(problems);
  return result.data;
}

/** The validated seed bank (all domains). Throws a readable QuestionBankError when invalid. */
export function loadQuestionBank(): Question[] {
  return parseQuestionBank(QUESTION_BANK_SOURCES);
}
