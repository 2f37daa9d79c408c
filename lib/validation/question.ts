// The shape of a practice question, shared by the seed loader, the bank importer and the UI.
// Cross-field rules live in superRefine with paths that point at the exact field, so an
// importer can report "item 17, options.2.whyWrong: ..." instead of "invalid question".

import { z } from "zod";
import { DOMAIN_KEYS, MISS_CATEGORIES } from "../exam/az104";
import { isStorableText, UNSTORABLE_MESSAGE } from "./storable";

export const OPTION_KEYS = ["A", "B", "C", "D", "E", "F"] as const;
export type OptionKey = (typeof OPTION_KEYS)[number];

export const QUESTION_TIERS = ["core", "edge"] as const;
export type QuestionTier = (typeof QUESTION_TIERS)[number];

export const QUESTION_KINDS = ["single", "multiple"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const QUESTION_STATUSES = ["draft", "published", "retired"] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

const CATEGORY_DOMAIN = new Map(MISS_CATEGORIES.map((c) => [c.key, c.domain]));

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const slugSchema = (what: string) =>
  z
    .string()
    .trim()
    .min(3, `${what} must be at least 3 characters`)
    .max(80, `${what} must be at most 80 characters`)
    .regex(SLUG, `${what} must be a slug: lowercase letters, digits and single hyphens (e.g. stg-sas-network-01)`);

export const questionOptionSchema = z.strictObject({
  key: z.enum(OPTION_KEYS),
  text: z.string().trim().min(1, "option text is required").max(500, "option text must be at most 500 characters").refine(isStorableText, UNSTORABLE_MESSAGE),
  /** Required on every wrong option, absent on correct ones: one short sentence. */
  whyWrong: z
    .string()
    .trim()
    .min(5, "whyWrong must be at least 5 characters")
    .max(300, "whyWrong must be at most 300 characters (one short sentence)")
    .refine(isStorableText, UNSTORABLE_MESSAGE)
    .optional(),
});
export type QuestionOption = z.output<typeof questionOptionSchema>;

export const questionSchema = z
  .strictObject({
    id: slugSchema("id"),
    exam: z.literal("AZ-104"),
    domain: z.enum(DOMAIN_KEYS),
    /** A MISS_CATEGORIES key that belongs to the question's domain (checked below). */
    category: z.string().trim().min(1, "category is required").max(80, "category must be at most 80 characters"),
    tier: z.enum(QUESTION_TIERS),
    /** Variation family: questions that practise one category with one constraint changed. */
    family: slugSchema("family"),
    kind: z.enum(QUESTION_KINDS),
    stem: z
      .string()
      .trim()
      .min(40, "stem must be at least 40 characters")
      .max(2000, "stem must be at most 2000 characters")
      .refine(isStorableText, UNSTORABLE_MESSAGE),
    options: z
      .array(questionOptionSchema)
      .min(2, "a question needs at least 2 options")
      .max(6, "a question has at most 6 options (A–F)"),
    answer: z.array(z.enum(OPTION_KEYS)).min(1, "answer needs at least one option key"),
    explanation: z
      .string()
      .trim()
      .min(20, "explanation must be at least 20 characters")
      .max(2000, "explanation must be at most 2000 characters")
      .refine(isStorableText, UNSTORABLE_MESSAGE),
    status: z.enum(QUESTION_STATUSES).default("published"),
    /** Microsoft Learn pages that back the key and every whyWrong. */
    sources: z
      .array(
        z
          .string()
          .trim()
          .max(500, "a source URL must be at most 500 characters")
          .regex(/^https:\/\/learn\.microsoft\.com\/[^\s]*$/, "a source must be a https://learn.microsoft.com/… URL"),
      )
      .max(8, "at most 8 sources")
      .default([]),
    /**
     * Siblings (same family) whose answer this item's review gives away: once this item has been
     * reviewed they count as seen for readiness, and they are never drawn into one set with it.
     */
    givesAway: z.array(slugSchema("givesAway id")).max(10, "at most 10 ids").default([]),
    /** When the item's facts were last checked against its sources (YYYY-MM-DD). */
    verifiedOn: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "verifiedOn must be a date written YYYY-MM-DD")
      .optional(),
  })
  .superRefine((q, ctx) => {
    // Runs even when some fields already failed (zod continues past non-structural issues),
    // so every check tolerates partial data.
    const categoryDomain = CATEGORY_DOMAIN.get(q.category);
    if (categoryDomain === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["category"],
        message: `unknown category "${q.category.slice(0, 80)}${q.category.length > 80 ? "…" : ""}"; use a MISS_CATEGORIES key such as "rbac-scope" or "sas-tokens"`,
      });
    } else if (categoryDomain !== q.domain) {
      ctx.addIssue({
        code: "custom",
        path: ["category"],
        message: `category "${q.category}" belongs to domain "${categoryDomain}", not "${q.domain}"`,
      });
    }

    const options = Array.isArray(q.options) ? q.options : [];
    // Options are lettered A, B, C… in order, so the letter a learner sees is the stored key.
    options.forEach((option, i) => {
      const expected = OPTION_KEYS[i];
      if (expected !== undefined && option.key !== expected) {
        ctx.addIssue({
          code: "custom",
          path: ["options", i, "key"],
          message: `expected key "${expected}": options are lettered A, B, C… in order`,
        });
      }
    });
    const seenText = new Map<string, number>();
    options.forEach((option, i) => {
      const norm = option.text.trim().toLowerCase().replace(/\s+/g, " ");
      const first = seenText.get(norm);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["options", i, "text"],
          message: `same text as options.${first}`,
        });
      } else {
        seenText.set(norm, i);
      }
    });

    const answer = Array.isArray(q.answer) ? q.answer : [];
    const optionKeys = new Set(options.map((o) => o.key));
    const seenAnswer = new Set<string>();
    answer.forEach((key, j) => {
      if (seenAnswer.has(key)) {
        ctx.addIssue({ code: "custom", path: ["answer", j], message: `answer lists "${key}" twice` });
      }
      seenAnswer.add(key);
      if (!optionKeys.has(key)) {
        ctx.addIssue({ code: "custom", path: ["answer", j], message: `answer "${key}" is not one of the options` });
      }
    });
    if (q.kind === "single" && answer.length !== 1) {
      ctx.addIssue({
        code: "custom",
        path: ["answer"],
        message: `a single-answer question has exactly 1 correct option, got ${answer.length}`,
      });
    }
    if (q.kind === "multiple") {
      if (seenAnswer.size < 2) {
        ctx.addIssue({
          code: "custom",
          path: ["answer"],
          message: `a multiple-answer question has at least 2 correct options, got ${seenAnswer.size}`,
        });
      } else if (options.length > 0 && seenAnswer.size >= options.length) {
        ctx.addIssue({
          code: "custom",
          path: ["answer"],
          message: "at least one option of a multiple-answer question must be wrong",
        });
      }
    }

    // Every wrong option explains itself; a correct option must not carry a "why wrong".
    options.forEach((option, i) => {
      const correct = seenAnswer.has(option.key);
      if (!correct && option.whyWrong === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["options", i, "whyWrong"],
          message: "required for a wrong option: say in one sentence why it is wrong",
        });
      }
      if (correct && option.whyWrong !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["options", i, "whyWrong"],
          message: "must be absent on a correct option",
        });
      }
    });
  });

/** A validated question (status defaulted to "published"). */
export type Question = z.output<typeof questionSchema>;
/** What an author or importer may supply (status optional). */
export type QuestionInput = z.input<typeof questionSchema>;

export const questionBankSchema = z.array(questionSchema).superRefine((questions, ctx) => {
  const indexesById = new Map<string, number[]>();
  questions.forEach((q, i) => {
    const list = indexesById.get(q.id) ?? [];
    list.push(i);
    indexesById.set(q.id, list);
  });
  for (const [id, indexes] of indexesById) {
    if (indexes.length < 2) continue;
    for (const i of indexes) {
      const others = indexes.filter((j) => j !== i);
      ctx.addIssue({
        code: "custom",
        path: [i, "id"],
        // Named, not echoed whole: an id that is itself too long must not come back at full length.
        message: `duplicate id "${id.slice(0, 80)}${id.length > 80 ? "…" : ""}" (also at item${others.length > 1 ? "s" : ""} ${others.join(", ")})`,
      });
    }
  }
  // A sibling named in givesAway must be a sibling: same family, not the item itself. (An id not
  // in this array may live in the database already, so only ids present here are checked.)
  const familyById = new Map(questions.map((q) => [q.id, q.family]));
  questions.forEach((q, i) => {
    (q.givesAway ?? []).forEach((other, j) => {
      const family = familyById.get(other);
      if (other === q.id) ctx.addIssue({ code: "custom", path: [i, "givesAway", j], message: "an item cannot give itself away" });
      else if (family !== undefined && family !== q.family)
        ctx.addIssue({ code: "custom", path: [i, "givesAway", j], message: `"${other}" is in family "${family}", not "${q.family}"` });
    });
  });
});

export interface FormattedIssue {
  /** Index of the question in the bank array (0-based), or null for a single question or the bank itself. */
  item: number | null;
  /** Dotted path inside the question, e.g. "options.2.whyWrong"; "" for the whole value. */
  path: string;
  message: string;
}

/**
 * Flattens a zod error from questionSchema or questionBankSchema into rows an importer can print.
 * A bank error's path starts with the item index; a single question's path starts with a field.
 */
export function formatIssues(error: z.ZodError): FormattedIssue[] {
  return error.issues.map((issue) => {
    const [head, ...rest] = issue.path;
    const item = typeof head === "number" ? head : null;
    const fieldPath = item === null ? issue.path : rest;
    return { item, path: fieldPath.map((p) => String(p)).join("."), message: issue.message };
  });
}
