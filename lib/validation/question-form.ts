import { z } from "zod";
import { OPTION_KEYS, questionSchema } from "./question";

const str = (v: unknown) => (typeof v === "string" ? v : "");

/**
 * The question editor posts flat fields (opt_A_text, opt_A_whyWrong, answer[]…). They are
 * turned into a question and checked by the same schema as the bank and the importer; option i
 * is always letter OPTION_KEYS[i], so error paths like options.2.whyWrong point at option C.
 */
export const questionFormSchema = z
  .record(z.string(), z.union([z.string(), z.array(z.string())]))
  .transform((raw): unknown => {
    const lastFilled = OPTION_KEYS.reduce((last, k, i) => (str(raw[`opt_${k}_text`]).trim() ? i : last), -1);
    const options = OPTION_KEYS.slice(0, Math.max(lastFilled + 1, 0)).map((key) => {
      const whyWrong = str(raw[`opt_${key}_whyWrong`]).trim();
      return { key, text: str(raw[`opt_${key}_text`]), ...(whyWrong ? { whyWrong } : {}) };
    });
    const answer = raw.answer === undefined ? [] : Array.isArray(raw.answer) ? raw.answer : [raw.answer];
    return {
      id: str(raw.id).trim(),
      exam: "AZ-104",
      domain: str(raw.domain),
      category: str(raw.category),
      tier: str(raw.tier),
      family: str(raw.family).trim(),
      kind: answer.length > 1 ? "multiple" : "single",
      stem: str(raw.stem),
      options,
      answer,
      explanation: str(raw.explanation),
      // Absent or empty means a draft; anything else (a list, say) is left for the schema to refuse.
      status: raw.status === undefined || raw.status === "" ? "draft" : raw.status,
    };
  })
  .pipe(questionSchema);
