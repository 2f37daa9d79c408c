import { z } from "zod";
import { PLAN_PHASES } from "@/lib/enums";
import { DOMAIN_KEYS } from "@/lib/exam/az104";
import { isCalendarDate } from "@/lib/plans/dates";

const uuid = (what: string) => z.uuid({ error: `Unknown ${what}.` });
const text = (max: number, label: string, min = 0) =>
  z
    .string({ error: `Enter ${label}.` })
    .trim()
    .min(min, `Enter ${label}.`)
    .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} can have at most ${max} characters.`);

const day = z
  .string()
  .trim()
  .regex(/^\d{1,2}$/, "Choose a day number.")
  .transform(Number)
  // Up to 14 planned days, then two per accepted cycle (started from today when the plan is behind).
  .pipe(z.number().int().min(1, "Days start at 1.").max(99, "A plan has at most 99 days."));

const calendarDate = z
  .string()
  .trim()
  .refine(isCalendarDate, "Enter a real date (YYYY-MM-DD).")
  .refine((d) => d >= "2000-01-01" && d <= "2100-12-31", "Enter a date between 2000 and 2100.");

export const generatePlanSchema = z.object({
  learnerId: uuid("learner"),
  startDate: calendarDate.optional().or(z.literal("").transform(() => undefined)),
  lengthDays: z
    .string()
    .trim()
    .optional()
    // Digits only: "1e1", "0xA" or "10.0" are not a number of days, even if Number() reads them as 10.
    .refine((v) => !v || /^\d{1,3}$/.test(v), "Enter the number of days as a whole number.")
    .transform((v) => (v ? Number(v) : undefined))
    .pipe(z.number().int().min(10, "A broad-miss plan lasts 10 to 14 days.").max(14, "A broad-miss plan lasts 10 to 14 days.").optional()),
});

export const planIdSchema = z.object({ planId: uuid("plan") });

/** Accepting a plan's next cycle: the retest it answers, as read when the offer was shown. */
export const acceptCycleSchema = z.object({ planId: uuid("plan"), basisSessionId: uuid("retest") });

export const taskEditSchema = z.object({
  planId: uuid("plan"),
  taskId: uuid("task"),
  title: text(200, "a title", 1),
  instructions: text(4000, "the instructions"),
  evidenceRequired: text(1000, "what evidence proves it"),
  day,
});

export const taskAddSchema = z.object({
  planId: uuid("plan"),
  title: text(200, "a title", 1),
  instructions: text(4000, "the instructions"),
  evidenceRequired: text(1000, "what evidence proves it"),
  day,
  domain: z
    .enum([...DOMAIN_KEYS, "mixed"], { error: "Choose a domain." })
    .transform((d) => (d === "mixed" ? null : d)),
  phase: z.enum(PLAN_PHASES, { error: "Choose a phase." }),
});

export const taskRefSchema = z.object({ planId: uuid("plan"), taskId: uuid("task") });
export const taskMoveSchema = taskRefSchema.extend({ direction: z.enum(["up", "down"]) });

export const targetDateSchema = z.object({
  planId: uuid("plan"),
  targetDate: calendarDate,
  confirmEarly: z
    .string()
    .optional()
    .transform((v) => v === "1" || v === "on" || v === "true"),
});

/** Evidence links are shown to the coach as links: only http and https, never javascript: or data:. */
export const evidenceSchema = z.object({
  taskId: uuid("task"),
  text: text(5000, "what you did and observed", 10),
  link: z
    .string()
    .trim()
    .max(2000, "A link can have at most 2000 characters.")
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => {
      if (v === null) return true;
      try {
        const u = new URL(v);
        return (u.protocol === "http:" || u.protocol === "https:") && Boolean(u.hostname);
      } catch {
        return false;
      }
    }, "Enter a web address starting with http:// or https://, or leave it empty."),
});

export const reviewSchema = z.object({
  taskId: uuid("task"),
  decision: z.enum(["accept", "return"], { error: "Choose accept or send back." }),
  comment: text(2000, "a comment"),
}).superRefine((v, ctx) => {
  if (v.decision === "return" && v.comment.length < 3) ctx.addIssue({ code: "custom", path: ["comment"], message: "Say what is missing when you send evidence back." });
});
