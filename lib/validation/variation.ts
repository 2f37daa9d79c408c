// A learner's variation of a question they missed: the seed's "write variations" (a SAS question
// with different network rules, an NSG question with a route table added, a backup question with
// soft delete or a restore constraint). The form starts from the original; the learner changes one
// constraint and says what changed and why the answer changes.
//
// The form posts flat fields like the bank editor (opt_A_text…, answer[]). Whether the variation
// really differs from the original is checked by the service, which has the original.

import { z } from "zod";
import { OPTION_KEYS } from "./question";
import { isStorableText, UNSTORABLE_MESSAGE } from "./storable";

const text = (label: string, min: number, max: number) =>
  z
    .string({ error: `Enter ${label}.` })
    .trim()
    .min(min, min <= 1 ? `Enter ${label}.` : `Write at least ${min} characters for ${label}.`)
    .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} can have at most ${max} characters.`)
    .refine(isStorableText, UNSTORABLE_MESSAGE);

export const VARIATION_LIMITS = {
  stem: { min: 40, max: 2000 },
  option: { min: 1, max: 500 },
  whatChanged: { min: 10, max: 500 },
  whyAnswerChanges: { min: 20, max: 2000 },
} as const;

const L = VARIATION_LIMITS;

/** Option text as posted: a blank option past the last filled one is simply absent. */
const optionText = z
  .string()
  .optional()
  .transform((v) => (v ?? "").trim())
  .refine(isStorableText, UNSTORABLE_MESSAGE)
  .refine((v) => v.length <= L.option.max, `An option can have at most ${L.option.max} characters.`);

export const variationFormSchema = z
  .object({
    sessionId: z.uuid({ error: "Unknown practice set." }),
    position: z
      .string({ error: "Unknown question." })
      .trim()
      .regex(/^\d{1,3}$/, "Unknown question.")
      .transform(Number)
      .pipe(z.number().int().min(1, "Unknown question.").max(200, "Unknown question.")),
    stem: text("the question", L.stem.min, L.stem.max),
    opt_A_text: optionText,
    opt_B_text: optionText,
    opt_C_text: optionText,
    opt_D_text: optionText,
    opt_E_text: optionText,
    opt_F_text: optionText,
    answer: z
      .union([z.string(), z.array(z.string())], { error: "Choose the correct answer of your variation." })
      .transform((v) => (Array.isArray(v) ? v : [v]))
      .pipe(z.array(z.enum(OPTION_KEYS, { error: "Choose answers from the options (A–F)." })).min(1, "Choose the correct answer of your variation.").max(OPTION_KEYS.length)),
    whatChanged: text("what you changed", L.whatChanged.min, L.whatChanged.max),
    whyAnswerChanges: text("why the answer changes", L.whyAnswerChanges.min, L.whyAnswerChanges.max),
  })
  .superRefine((v, ctx) => {
    const texts = OPTION_KEYS.map((k) => v[`opt_${k}_text`]);
    const last = texts.reduce((acc, t, i) => (t ? i : acc), -1);
    if (last < 1) ctx.addIssue({ code: "custom", path: ["opt_B_text"], message: "A question needs at least two options (A and B)." });
    // Options are lettered in order: no gap before the last filled one.
    texts.slice(0, last + 1).forEach((t, i) => {
      if (!t) ctx.addIssue({ code: "custom", path: [`opt_${OPTION_KEYS[i]}_text`], message: "Fill this option or remove the ones after it." });
    });
    const seen = new Map<string, string>();
    texts.slice(0, last + 1).forEach((t, i) => {
      const norm = t.toLowerCase().replace(/\s+/g, " ");
      if (!norm) return;
      if (seen.has(norm)) ctx.addIssue({ code: "custom", path: [`opt_${OPTION_KEYS[i]}_text`], message: `Same text as option ${seen.get(norm)}.` });
      else seen.set(norm, OPTION_KEYS[i]!);
    });
    const answer = Array.isArray(v.answer) ? v.answer : [];
    for (const key of answer) {
      const i = OPTION_KEYS.indexOf(key);
      if (i > last || !texts[i]) ctx.addIssue({ code: "custom", path: ["answer"], message: `Option ${key} is empty: choose answers among your options.` });
    }
    if (new Set(answer).size !== answer.length) ctx.addIssue({ code: "custom", path: ["answer"], message: "Choose each answer once." });
  })
  .transform((v) => {
    const texts = OPTION_KEYS.map((k) => v[`opt_${k}_text`]);
    const last = texts.reduce((acc, t, i) => (t ? i : acc), -1);
    const answer = [...new Set(v.answer)].sort();
    return {
      sessionId: v.sessionId,
      position: v.position,
      stem: v.stem,
      options: OPTION_KEYS.slice(0, last + 1).map((key, i) => ({ key, text: texts[i]! })),
      answer,
      kind: (answer.length > 1 ? "multiple" : "single") as "single" | "multiple",
      whatChanged: v.whatChanged,
      whyAnswerChanges: v.whyAnswerChanges,
    };
  });

export type VariationInput = z.output<typeof variationFormSchema>;

export const variationRefSchema = z.object({
  // A learner's variation id: "lv-" and 16 hex digits (made by the service, never typed).
  questionId: z
    .string({ error: "Unknown variation." })
    .trim()
    .regex(/^lv-[0-9a-f]{16}$/, "Unknown variation."),
});

export const variationCommentSchema = variationRefSchema.extend({
  body: text("a comment", 3, 2000),
});
