// The shape of a practice question, shared by the repository's bank loader, the importer and the
// editor. Cross-field rules live in superRefine with paths that point at the exact field, so an
// importer can report "item 17, blanks.1.choices.2.whyWrong: ..." instead of "invalid question".
//
// A bank file is an array of entries. An entry is either one item (single, multiple, hotspot,
// ordering, matching) or a group of items taken as a unit: a yes/no series (a scenario and goal
// with 2–4 proposed solutions, each its own Yes/No item) or a case study (a tabbed scenario with
// 3–6 items of any kind but yes/no). Every scored item, alone or in a group, has an `answer` written
// in the response encoding the runner saves (README, "The bank's JSON format"):
//   single/multiple ["B"] or ["A","C"] · yes-no ["Y"] or ["N"] · hotspot ["1=B","2=A"] (blank=choice)
//   ordering ["1=C","2=A","3=E"] (place=step) · matching ["1=B","2=A","3=B"] (target=value)

import { z } from "zod";
import { DOMAIN_KEYS, MISS_CATEGORIES } from "../exam/az104";
import { isStorableText, UNSTORABLE_MESSAGE } from "./storable";
import { GROUP_KINDS, QUESTION_KINDS, QUESTION_STATUSES, QUESTION_TIERS, type GroupKind, type QuestionKind, type QuestionStatus, type QuestionTier } from "../enums";

export const OPTION_KEYS = ["A", "B", "C", "D", "E", "F"] as const;
export type OptionKey = (typeof OPTION_KEYS)[number];
/** Keys of an ordering's steps, a matching's values and a hotspot blank's choices. */
export const VALUE_KEYS = ["A", "B", "C", "D", "E", "F", "G", "H"] as const;

// The tiers, kinds, group kinds and statuses are the database enums (lib/enums.ts).
export { GROUP_KINDS, QUESTION_KINDS, QUESTION_STATUSES, QUESTION_TIERS, type GroupKind, type QuestionKind, type QuestionStatus, type QuestionTier };
/** Kinds an item may have on its own or inside a case study (a yes/no item lives only in a series). */
export const ITEM_KINDS = ["single", "multiple", "hotspot", "ordering", "matching"] as const satisfies readonly QuestionKind[];
export type ItemKind = (typeof ITEM_KINDS)[number];

import { CODE_LANGUAGES } from "../practice/code-languages";
export { CODE_LANGUAGES, CODE_LANGUAGE_LABELS, type CodeLanguage } from "../practice/code-languages";

/** One part of a hotspot, ordering or matching response: "<part number>=<key>". */
export const PART_PATTERN = /^([1-9])=([A-H])$/;
/** Blanks in a hotspot's text: {{1}} … {{4}}. */
export const BLANK_MARKER = /\{\{(\d+)\}\}/g;

const CATEGORY_DOMAIN = new Map(MISS_CATEGORIES.map((c) => [c.key, c.domain]));

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const slugSchema = (what: string) =>
  z
    .string()
    .trim()
    .min(3, `${what} must be at least 3 characters`)
    .max(80, `${what} must be at most 80 characters`)
    .regex(SLUG, `${what} must be a slug: lowercase letters, digits and single hyphens (e.g. stg-sas-network-01)`);

/** Trimmed text of min–max characters that a text column can hold. */
const textSchema = (what: string, min: number, max: number, hint = "") =>
  z
    .string()
    .trim()
    .min(min, min <= 1 ? `${what} is required` : `${what} must be at least ${min} characters`)
    .max(max, `${what} must be at most ${max} characters${hint}`)
    .refine(isStorableText, UNSTORABLE_MESSAGE);

const whyWrongSchema = z
  .string()
  .trim()
  .min(5, "whyWrong must be at least 5 characters")
  .max(300, "whyWrong must be at most 300 characters (one short sentence)")
  .refine(isStorableText, UNSTORABLE_MESSAGE);

export const questionOptionSchema = z.strictObject({
  key: z.enum(OPTION_KEYS),
  text: z.string().trim().min(1, "option text is required").max(500, "option text must be at most 500 characters").refine(isStorableText, UNSTORABLE_MESSAGE),
  /** Required on every wrong option, absent on correct ones: one short sentence. */
  whyWrong: whyWrongSchema.optional(),
});
export type QuestionOption = z.output<typeof questionOptionSchema>;

/** An ordering's step, a matching's value or a hotspot blank's choice. */
const valueSchema = z.strictObject({
  key: z.enum(VALUE_KEYS),
  text: textSchema("text", 1, 300),
  /** An ordering step left out of the answer, or a wrong choice of a blank: why it is wrong. */
  whyWrong: whyWrongSchema.optional(),
});
export type ValueOption = z.output<typeof valueSchema>;

// ---- exhibits ----

const cellSchema = z.string().trim().max(200, "a cell must be at most 200 characters").refine(isStorableText, UNSTORABLE_MESSAGE);
const exhibitSchema = z.discriminatedUnion(
  "type",
  [
    z
      .strictObject({
        type: z.literal("table"),
        title: textSchema("title", 3, 120),
        columns: z.array(cellSchema.min(1, "a column heading is required")).min(1, "a table needs at least 1 column").max(8, "a table has at most 8 columns"),
        rows: z.array(z.array(cellSchema)).min(1, "a table needs at least 1 row").max(30, "a table has at most 30 rows"),
      })
      .superRefine((t, ctx) => {
        const width = Array.isArray(t.columns) ? t.columns.length : 0;
        (Array.isArray(t.rows) ? t.rows : []).forEach((row, i) => {
          if (Array.isArray(row) && row.length !== width)
            ctx.addIssue({ code: "custom", path: ["rows", i], message: `a row has ${width} cells (one per column), got ${row.length}` });
        });
      }),
    z.strictObject({
      type: z.literal("code"),
      title: textSchema("title", 3, 120),
      language: z.enum(CODE_LANGUAGES),
      text: z.string().min(1, "text is required").max(4000, "text must be at most 4000 characters").refine(isStorableText, UNSTORABLE_MESSAGE),
    }),
  ],
  { error: 'an exhibit\'s type is "table" or "code"' },
);
export type Exhibit = z.output<typeof exhibitSchema>;
const exhibitsField = z.array(exhibitSchema).max(6, "at most 6 exhibits").default([]);

// ---- fields every item shares ----

const sourcesField = z
  .array(
    z
      .string()
      .trim()
      .max(500, "a source URL must be at most 500 characters")
      .regex(/^https:\/\/learn\.microsoft\.com\/[^\s]*$/, "a source must be a https://learn.microsoft.com/… URL"),
  )
  .max(8, "at most 8 sources")
  .default([]);
const verifiedOnField = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "verifiedOn must be a date written YYYY-MM-DD")
  .optional();
const givesAwayField = z.array(slugSchema("givesAway id")).max(10, "at most 10 ids").default([]);
const categoryField = z.string().trim().min(1, "category is required").max(80, "category must be at most 80 characters");
const explanationField = z
  .string()
  .trim()
  .min(20, "explanation must be at least 20 characters")
  .max(2000, "explanation must be at most 2000 characters")
  .refine(isStorableText, UNSTORABLE_MESSAGE);

/** What every item carries, alone or in a case study. */
const itemShape = {
  id: slugSchema("id"),
  domain: z.enum(DOMAIN_KEYS),
  /** A MISS_CATEGORIES key that belongs to the question's domain (checked below). */
  category: categoryField,
  tier: z.enum(QUESTION_TIERS),
  /** Variation family: questions that practise one category with one constraint changed. */
  family: slugSchema("family"),
  stem: z
    .string()
    .trim()
    .min(40, "stem must be at least 40 characters")
    .max(2000, "stem must be at most 2000 characters")
    .refine(isStorableText, UNSTORABLE_MESSAGE),
  explanation: explanationField,
  /** Microsoft Learn pages that back the key and every whyWrong. */
  sources: sourcesField,
  /**
   * Siblings (same family) whose answer this item's review gives away: once this item has been
   * reviewed they count as seen for readiness, and they are never drawn into one set with it.
   */
  givesAway: givesAwayField,
  /** When the item's facts were last checked against its sources (YYYY-MM-DD). */
  verifiedOn: verifiedOnField,
  /** Tables or code/output blocks shown beside the question. */
  exhibits: exhibitsField,
};
/** What an entry of the bank carries at its top level (a case study's items take the study's). */
const topShape = {
  exam: z.literal("AZ-104"),
  status: z.enum(QUESTION_STATUSES).default("published"),
};

type Ctx = z.RefinementCtx;
type Path = (string | number)[];
const list = <T>(v: T[] | undefined | unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

function checkCategory(q: { category?: unknown; domain?: unknown }, ctx: Ctx, path: Path = []) {
  if (typeof q.category !== "string") return;
  const categoryDomain = CATEGORY_DOMAIN.get(q.category);
  if (categoryDomain === undefined) {
    ctx.addIssue({
      code: "custom",
      path: [...path, "category"],
      message: `unknown category "${q.category.slice(0, 80)}${q.category.length > 80 ? "…" : ""}"; use a MISS_CATEGORIES key such as "rbac-scope" or "sas-tokens"`,
    });
  } else if (q.domain !== undefined && categoryDomain !== q.domain) {
    ctx.addIssue({ code: "custom", path: [...path, "category"], message: `category "${q.category}" belongs to domain "${categoryDomain}", not "${String(q.domain)}"` });
  }
}

/** Options, steps, values and choices are lettered A, B, C… in order, with distinct texts. */
function checkLettered(options: { key: string; text: string }[], keys: readonly string[], ctx: Ctx, path: Path) {
  const seenText = new Map<string, number>();
  options.forEach((option, i) => {
    const expected = keys[i];
    if (expected !== undefined && option.key !== expected) {
      ctx.addIssue({ code: "custom", path: [...path, i, "key"], message: `expected key "${expected}": options are lettered A, B, C… in order` });
    }
    const norm = option.text.trim().toLowerCase().replace(/\s+/g, " ");
    const first = seenText.get(norm);
    if (first !== undefined) ctx.addIssue({ code: "custom", path: [...path, i, "text"], message: `same text as ${path.join(".")}.${first}` });
    else seenText.set(norm, i);
  });
}

/** Every wrong option explains itself; a correct one carries no "why wrong". */
function checkWhyWrong(options: { key: string; whyWrong?: string }[], correct: Set<string>, ctx: Ctx, path: Path, what = "option") {
  options.forEach((option, i) => {
    const right = correct.has(option.key);
    if (!right && option.whyWrong === undefined)
      ctx.addIssue({ code: "custom", path: [...path, i, "whyWrong"], message: `required for a wrong ${what}: say in one sentence why it is wrong` });
    if (right && option.whyWrong !== undefined) ctx.addIssue({ code: "custom", path: [...path, i, "whyWrong"], message: `must be absent on a correct ${what}` });
  });
}

function checkChoice(q: { kind: "single" | "multiple"; options: QuestionOption[]; answer: string[] }, ctx: Ctx) {
  const options = list<QuestionOption>(q.options);
  checkLettered(options, OPTION_KEYS, ctx, ["options"]);
  const answer = list<string>(q.answer);
  const optionKeys = new Set(options.map((o) => o.key));
  const seenAnswer = new Set<string>();
  answer.forEach((key, j) => {
    if (seenAnswer.has(key)) ctx.addIssue({ code: "custom", path: ["answer", j], message: `answer lists "${key}" twice` });
    seenAnswer.add(key);
    if (!optionKeys.has(key as OptionKey)) ctx.addIssue({ code: "custom", path: ["answer", j], message: `answer "${key}" is not one of the options` });
  });
  if (q.kind === "single" && answer.length !== 1) {
    ctx.addIssue({ code: "custom", path: ["answer"], message: `a single-answer question has exactly 1 correct option, got ${answer.length}` });
  }
  if (q.kind === "multiple") {
    if (seenAnswer.size < 2) {
      ctx.addIssue({ code: "custom", path: ["answer"], message: `a multiple-answer question has at least 2 correct options, got ${seenAnswer.size}` });
    } else if (options.length > 0 && seenAnswer.size >= options.length) {
      ctx.addIssue({ code: "custom", path: ["answer"], message: "at least one option of a multiple-answer question must be wrong" });
    }
  }
  checkWhyWrong(options, seenAnswer, ctx, ["options"]);
}

/**
 * Reads an answer written as "<part>=<key>" entries: one per part 1…parts, each part once.
 * Returns the key per part (null where the answer is broken; its issues are added).
 */
function checkParts(answer: string[], parts: number, what: string, ctx: Ctx): Map<number, string> | null {
  const byPart = new Map<number, string>();
  let broken = false;
  answer.forEach((entry, j) => {
    const m = PART_PATTERN.exec(entry);
    if (!m) {
      ctx.addIssue({ code: "custom", path: ["answer", j], message: `write each part as "<${what} number>=<key>", e.g. "1=B"` });
      broken = true;
      return;
    }
    const part = Number(m[1]);
    if (part > parts) {
      ctx.addIssue({ code: "custom", path: ["answer", j], message: `there is no ${what} ${part} (the item has ${parts})` });
      broken = true;
    } else if (byPart.has(part)) {
      ctx.addIssue({ code: "custom", path: ["answer", j], message: `${what} ${part} is answered twice` });
      broken = true;
    } else byPart.set(part, m[2]!);
  });
  for (let p = 1; p <= parts; p++) {
    if (!byPart.has(p) && !broken) ctx.addIssue({ code: "custom", path: ["answer"], message: `${what} ${p} has no answer` });
  }
  return broken ? null : byPart;
}

const answerField = z.array(z.string().max(10, "an answer entry is at most 10 characters")).min(1, "answer needs at least one entry").max(8, "answer has at most 8 entries");

function itemObjects<S extends typeof itemShape>(shape: S) {

  const choice = z
    .strictObject({
      ...shape,
      kind: z.enum(["single", "multiple"]),
      options: z.array(questionOptionSchema).min(2, "a question needs at least 2 options").max(6, "a question has at most 6 options (A–F)"),
      answer: z.array(z.enum(OPTION_KEYS)).min(1, "answer needs at least one option key"),
    })
    .superRefine((raw, ctx) => {
      // Runs even when some fields already failed (zod continues past non-structural issues),
      // so every check tolerates partial data.
      const q = raw as unknown as { kind: "single" | "multiple"; options: QuestionOption[]; answer: string[]; category: string; domain: string };
      checkCategory(q, ctx);
      checkChoice(q, ctx);
    });

  const hotspot = z
    .strictObject({
      ...shape,
      kind: z.literal("hotspot"),
      /** The statement or code with its blanks marked {{1}} … {{4}}. */
      template: z.strictObject({
        format: z.enum(["statement", "code"]),
        /** Required for code, absent for a statement. */
        language: z.enum(CODE_LANGUAGES).optional(),
        text: z.string().min(10, "text must be at least 10 characters").max(3000, "text must be at most 3000 characters").refine(isStorableText, UNSTORABLE_MESSAGE),
      }),
      blanks: z
        .array(
          z.strictObject({
            choices: z.array(valueSchema).min(2, "a blank has at least 2 choices").max(5, "a blank has at most 5 choices"),
            /** Why the right choice is right, shown in the review beside the blank. */
            why: textSchema("why", 10, 500).optional(),
          }),
        )
        .min(1, "a hotspot has at least 1 blank")
        .max(4, "a hotspot has at most 4 blanks"),
      answer: answerField,
    })
    .superRefine((raw, ctx) => {
      const q = raw as unknown as { template?: { format: string; language?: string; text: string }; blanks: { choices: ValueOption[] }[]; answer: string[]; category: string; domain: string };
      checkCategory(q, ctx);
      const blanks = list<{ choices: ValueOption[] }>(q.blanks);
      const template = q.template;
      if (template?.format === "code" && !template.language)
        ctx.addIssue({ code: "custom", path: ["template", "language"], message: "name the code's language (azure-cli, powershell, bicep, arm-json, json, kql or output)" });
      if (template?.format === "statement" && template.language)
        ctx.addIssue({ code: "custom", path: ["template", "language"], message: "a statement has no language: leave it out, or use format \"code\"" });
      if (typeof template?.text === "string") {
        const marks = [...template.text.matchAll(BLANK_MARKER)].map((m) => Number(m[1]));
        for (let b = 1; b <= blanks.length; b++) {
          const n = marks.filter((m) => m === b).length;
          if (n !== 1) ctx.addIssue({ code: "custom", path: ["template", "text"], message: `mark blank ${b} exactly once as {{${b}}} (found ${n})` });
        }
        for (const m of new Set(marks)) {
          if (m < 1 || m > blanks.length) ctx.addIssue({ code: "custom", path: ["template", "text"], message: `{{${m}}} has no blank: the item has ${blanks.length}` });
        }
      }
      blanks.forEach((blank, b) => checkLettered(list(blank.choices), VALUE_KEYS, ctx, ["blanks", b, "choices"]));
      const answer = checkParts(list(q.answer), blanks.length, "blank", ctx);
      if (!answer) return;
      blanks.forEach((blank, b) => {
        const key = answer.get(b + 1);
        const choices = list<ValueOption>(blank.choices);
        if (key !== undefined && !choices.some((c) => c.key === key))
          ctx.addIssue({ code: "custom", path: ["answer", b], message: `blank ${b + 1} has no choice "${key}"` });
        if (key !== undefined) checkWhyWrong(choices, new Set([key]), ctx, ["blanks", b, "choices"], "choice");
      });
    });

  const ordering = z
    .strictObject({
      ...shape,
      kind: z.literal("ordering"),
      /** The steps offered (M); the answer puts N of them in order. */
      options: z.array(valueSchema).min(3, "an ordering offers at least 3 steps").max(8, "an ordering offers at most 8 steps (A–H)"),
      answer: answerField,
    })
    .superRefine((raw, ctx) => {
      const q = raw as unknown as { options: ValueOption[]; answer: string[]; category: string; domain: string };
      checkCategory(q, ctx);
      const steps = list<ValueOption>(q.options);
      checkLettered(steps, VALUE_KEYS, ctx, ["options"]);
      const given = list<string>(q.answer);
      if (given.length < 2) ctx.addIssue({ code: "custom", path: ["answer"], message: "an ordering puts at least 2 steps in order" });
      if (given.length > 6) ctx.addIssue({ code: "custom", path: ["answer"], message: "an ordering puts at most 6 steps in order" });
      if (given.length > steps.length) ctx.addIssue({ code: "custom", path: ["answer"], message: `the answer orders ${given.length} steps but only ${steps.length} are offered` });
      const answer = checkParts(given, given.length, "place", ctx);
      if (!answer) return;
      const used = new Set<string>();
      [...answer].forEach(([place, key]) => {
        const j = given.findIndex((e) => e.startsWith(`${place}=`));
        if (!steps.some((s) => s.key === key)) ctx.addIssue({ code: "custom", path: ["answer", j], message: `there is no step "${key}"` });
        if (used.has(key)) ctx.addIssue({ code: "custom", path: ["answer", j], message: `step "${key}" is placed twice` });
        used.add(key);
      });
      checkWhyWrong(steps, used, ctx, ["options"], "step (one left out of the order)");
    });

  const matching = z
    .strictObject({
      ...shape,
      kind: z.literal("matching"),
      /** The values dragged onto the targets. */
      options: z.array(valueSchema).min(2, "a matching offers at least 2 values").max(8, "a matching offers at most 8 values (A–H)"),
      /** The targets, numbered from 1 in order; each says why its value is right. */
      targets: z
        .array(z.strictObject({ text: textSchema("text", 3, 300), why: textSchema("why", 10, 500) }))
        .min(2, "a matching has at least 2 targets")
        .max(6, "a matching has at most 6 targets"),
      /** True: a value may be used more than once. False: each value at most once. Either way a value may go unused. */
      reuseValues: z.boolean({ error: "reuseValues is true (a value may be used more than once) or false (at most once)" }),
      answer: answerField,
    })
    .superRefine((raw, ctx) => {
      const q = raw as unknown as { options: ValueOption[]; targets: unknown[]; reuseValues?: boolean; answer: string[]; category: string; domain: string };
      checkCategory(q, ctx);
      const values = list<ValueOption>(q.options);
      checkLettered(values, VALUE_KEYS, ctx, ["options"]);
      values.forEach((v, i) => {
        if (v.whyWrong !== undefined) ctx.addIssue({ code: "custom", path: ["options", i, "whyWrong"], message: "a matching's values carry no whyWrong: each target's why explains its value" });
      });
      const targets = list<unknown>(q.targets);
      const given = list<string>(q.answer);
      const answer = checkParts(given, targets.length, "target", ctx);
      if (!answer) return;
      const count = new Map<string, number>();
      [...answer].forEach(([target, key]) => {
        const j = given.findIndex((e) => e.startsWith(`${target}=`));
        if (!values.some((v) => v.key === key)) ctx.addIssue({ code: "custom", path: ["answer", j], message: `there is no value "${key}"` });
        count.set(key, (count.get(key) ?? 0) + 1);
        if (q.reuseValues === false && count.get(key) === 2)
          ctx.addIssue({ code: "custom", path: ["answer", j], message: `value "${key}" is used twice but reuseValues is false` });
      });
    });

  return { choice, hotspot, ordering, matching };
}

const KIND_ERROR = { error: `unknown kind: use one of ${[...ITEM_KINDS, ...GROUP_KINDS].map((k) => `"${k}"`).join(", ")}` };

const topItems = itemObjects({ ...itemShape, ...topShape });
const memberItems = itemObjects(itemShape);

/** One item on its own: single, multiple, hotspot, ordering or matching. */
export const questionSchema = z.discriminatedUnion("kind", [topItems.choice, topItems.hotspot, topItems.ordering, topItems.matching], KIND_ERROR);

// ---- groups ----

const yesNoSolutionSchema = z.strictObject({
  id: slugSchema("id"),
  tier: z.enum(QUESTION_TIERS),
  /** The proposed solution: "You …". */
  solution: textSchema("solution", 20, 1000),
  answer: z.array(z.enum(["Y", "N"], { error: 'a solution\'s answer is ["Y"] (meets the goal) or ["N"]' })).length(1, 'a solution\'s answer is ["Y"] or ["N"]'),
  /** Why it does or does not meet the goal. */
  why: textSchema("why", 20, 1000),
  givesAway: givesAwayField,
});

export const yesNoSeriesSchema = z
  .strictObject({
    kind: z.literal("yes-no-series"),
    id: slugSchema("id"),
    ...topShape,
    domain: z.enum(DOMAIN_KEYS),
    category: categoryField,
    /** The solutions are one family (variations of one answer to one scenario). */
    family: slugSchema("family"),
    scenario: textSchema("scenario", 40, 3000),
    goal: textSchema("goal", 10, 500),
    exhibits: exhibitsField,
    solutions: z.array(yesNoSolutionSchema).min(2, "a series has at least 2 solutions").max(4, "a series has at most 4 solutions"),
    sources: sourcesField,
    verifiedOn: verifiedOnField,
  })
  .superRefine((s, ctx) => {
    checkCategory(s, ctx);
    const seen = new Map<string, number>();
    list<{ solution: string }>(s.solutions).forEach((sol, i) => {
      const norm = sol.solution.toLowerCase().replace(/\s+/g, " ");
      const first = seen.get(norm);
      if (first !== undefined) ctx.addIssue({ code: "custom", path: ["solutions", i, "solution"], message: `same solution as solutions.${first}` });
      else seen.set(norm, i);
    });
  });
export type YesNoSeries = z.output<typeof yesNoSeriesSchema>;

export const caseStudySchema = z.strictObject({
  kind: z.literal("case-study"),
  id: slugSchema("id"),
  ...topShape,
  title: textSchema("title", 5, 120),
  /** The section's own time, within the set's. */
  minutes: z.number().int("minutes is a whole number").min(4, "a case study gets at least 4 minutes").max(30, "a case study gets at most 30 minutes"),
  overview: textSchema("overview", 40, 4000),
  environment: textSchema("environment", 40, 4000),
  requirements: textSchema("requirements", 40, 4000),
  exhibits: exhibitsField,
  questions: z
    .array(z.discriminatedUnion("kind", [memberItems.choice, memberItems.hotspot, memberItems.ordering, memberItems.matching], KIND_ERROR))
    .min(3, "a case study has at least 3 questions")
    .max(6, "a case study has at most 6 questions"),
  sources: sourcesField,
  verifiedOn: verifiedOnField,
});
export type CaseStudy = z.output<typeof caseStudySchema>;

/** One entry of a bank file: an item, or a group taken as a unit. */
export const bankEntrySchema = z.discriminatedUnion(
  "kind",
  [topItems.choice, topItems.hotspot, topItems.ordering, topItems.matching, yesNoSeriesSchema, caseStudySchema],
  KIND_ERROR,
);

/** A validated item on its own (status defaulted to "published"). */
export type Question = z.output<typeof questionSchema>;
/** What an author or importer may supply (status optional). */
export type QuestionInput = z.input<typeof questionSchema>;
/** A single- or multiple-answer item: what the question form edits. */
export type ChoiceQuestion = Extract<Question, { kind: "single" | "multiple" }>;
export type BankEntry = z.output<typeof bankEntrySchema>;
export type BankEntryInput = z.input<typeof bankEntrySchema>;
export type CaseStudyQuestion = CaseStudy["questions"][number];

/** Where each id of an entry sits: the entry's own, then its solutions' or questions'. */
function idsOf(entry: unknown): { id: string; path: Path; family?: string; givesAway: { other: string; path: Path }[] }[] {
  if (typeof entry !== "object" || entry === null) return [];
  const e = entry as Record<string, unknown>;
  const out: ReturnType<typeof idsOf> = [];
  const gives = (v: unknown, path: Path) => list<unknown>(v).map((other, j) => ({ other: String(other), path: [...path, "givesAway", j] }));
  if (typeof e.id === "string") out.push({ id: e.id, path: ["id"], family: typeof e.family === "string" ? e.family : undefined, givesAway: e.kind === "yes-no-series" || e.kind === "case-study" ? [] : gives(e.givesAway, []) });
  if (e.kind === "yes-no-series")
    list<Record<string, unknown>>(e.solutions).forEach((s, j) => {
      if (typeof s?.id === "string") out.push({ id: s.id, path: ["solutions", j, "id"], family: typeof e.family === "string" ? e.family : undefined, givesAway: gives(s.givesAway, ["solutions", j]) });
    });
  if (e.kind === "case-study")
    list<Record<string, unknown>>(e.questions).forEach((q, j) => {
      if (typeof q?.id === "string") out.push({ id: q.id, path: ["questions", j, "id"], family: typeof q.family === "string" ? q.family : undefined, givesAway: gives(q.givesAway, ["questions", j]) });
    });
  return out;
}

export const questionBankSchema = z.array(bankEntrySchema).superRefine((entries, ctx) => {
  // Ids are unique over the whole bank: items, groups and the items inside groups.
  const places = new Map<string, { item: number; path: Path }[]>();
  entries.forEach((entry, i) => {
    for (const { id, path } of idsOf(entry)) places.set(id, [...(places.get(id) ?? []), { item: i, path }]);
  });
  const where = (p: { item: number; path: Path }) => (p.path.length === 1 ? `${p.item}` : `${p.item} (${p.path.slice(0, -1).join(".")})`);
  for (const [id, at] of places) {
    if (at.length < 2) continue;
    for (const p of at) {
      const others = at.filter((o) => o !== p);
      ctx.addIssue({
        code: "custom",
        path: [p.item, ...p.path],
        // Named, not echoed whole: an id that is itself too long must not come back at full length.
        message: `duplicate id "${id.slice(0, 80)}${id.length > 80 ? "…" : ""}" (also at item${others.length > 1 ? "s" : ""} ${others.map(where).join(", ")})`,
      });
    }
  }
  // A sibling named in givesAway must be a sibling: same family, not the item itself. (An id not
  // in this array may live in the database already, so only ids present here are checked.)
  const familyById = new Map<string, string | undefined>();
  entries.forEach((entry) => idsOf(entry).forEach((x) => familyById.set(x.id, x.family)));
  entries.forEach((entry, i) => {
    for (const x of idsOf(entry)) {
      for (const g of x.givesAway) {
        const family = familyById.get(g.other);
        if (g.other === x.id) ctx.addIssue({ code: "custom", path: [i, ...g.path], message: "an item cannot give itself away" });
        else if (familyById.has(g.other) && family !== x.family)
          ctx.addIssue({ code: "custom", path: [i, ...g.path], message: `"${g.other}" is in family "${family}", not "${x.family}"` });
      }
    }
  });
});

export interface FormattedIssue {
  /** Index of the entry in the bank array (0-based), or null for a single question or the bank itself. */
  item: number | null;
  /** Dotted path inside the entry, e.g. "options.2.whyWrong" or "questions.1.blanks.0.choices.2.whyWrong"; "" for the whole value. */
  path: string;
  message: string;
}

/**
 * Flattens a zod error from questionSchema, bankEntrySchema or questionBankSchema into rows an
 * importer can print. A bank error's path starts with the entry index; a single entry's path
 * starts with a field.
 */
export function formatIssues(error: z.ZodError): FormattedIssue[] {
  return error.issues.map((issue) => {
    const [head, ...rest] = issue.path;
    const item = typeof head === "number" ? head : null;
    const fieldPath = item === null ? issue.path : rest;
    return { item, path: fieldPath.map((p) => String(p)).join("."), message: issue.message };
  });
}
