import { z } from "zod";
import { buildRulesCheck, RULES_TOPICS, type RulesTopic } from "@/lib/policy/rules-check";
import type { RetakePolicy } from "@/lib/policy/retake";

const answerKey = z.enum(["A", "B", "C", "D"], { error: "Choose one of the answers." }).optional();

/**
 * The know-the-rules form: the seed that chose the questions, and one answer per question
 * (`q_<topic>`). Every question of that seed's check must be answered; anything else is ignored.
 */
export function rulesCheckSchema(policy: RetakePolicy) {
  return z
    .object({
      seed: z
        .string({ error: "This check is out of date: reload the page." })
        .trim()
        .regex(/^\d{1,10}$/, "This check is out of date: reload the page.")
        .transform(Number)
        .pipe(z.number().int().min(0).max(2 ** 31 - 1, "This check is out of date: reload the page.")),
      ...(Object.fromEntries(RULES_TOPICS.map((t) => [`q_${t}`, answerKey])) as Record<`q_${RulesTopic}`, typeof answerKey>),
    })
    .superRefine((v, ctx) => {
      for (const q of buildRulesCheck(policy, v.seed)) {
        if (!v[`q_${q.id}`]) ctx.addIssue({ code: "custom", path: [`q_${q.id}`], message: "Choose an answer." });
      }
    })
    .transform((v) => ({
      seed: v.seed,
      chosen: Object.fromEntries(RULES_TOPICS.flatMap((t) => (v[`q_${t}`] ? [[t, v[`q_${t}`]!]] : []))) as Partial<Record<RulesTopic, string>>,
    }));
}
