import { TZDate } from "@date-fns/tz";
import { z } from "zod";
import { ATTEMPT_OUTCOMES } from "@/lib/enums";
import { DOMAIN_KEYS, ITEM_TYPES, MISS_CATEGORIES, type DomainKey } from "@/lib/exam/az104";

const itemTypeKeys = ITEM_TYPES.map((t) => t.key) as [string, ...string[]];
const categoryKeys = MISS_CATEGORIES.map((c) => c.key) as [string, ...string[]];

const LOCAL_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A wall-clock time in a zone ("2026-11-20T09:30") to the instant it names; null when malformed. */
export function localDateTimeToInstant(value: string, timeZone: string): Date | null {
  const m = LOCAL_DATETIME.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCMonth() !== mo - 1) return null; // 31 April and friends
  const instant = new TZDate(y, mo - 1, d, h, mi, 0, timeZone);
  return Number.isNaN(instant.getTime()) ? null : new Date(instant.getTime());
}

/** The instant as a wall-clock value for an <input type="datetime-local"> in that zone. */
export function instantToLocalInput(instant: Date, timeZone: string): string {
  const t = new TZDate(instant.getTime(), timeZone);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())}T${p(t.getHours())}:${p(t.getMinutes())}`;
}

const optionalText = (max: number, label: string) =>
  z
    .string()
    .max(max, `${label} can have at most ${max} characters.`)
    .default("")
    .transform((s) => s.trim());

const list = <T extends [string, ...string[]]>(values: T, label: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.enum(values, { error: `Choose ${label} from the list.` })).max(values.length))
    .transform((v) => [...new Set(v)]);

const bar = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === undefined || v === "" ? null : v))
  .pipe(
    z
      .string()
      .regex(/^\d{1,3}$/, "Enter a whole number from 0 to 100.")
      .transform(Number)
      .pipe(z.number().int().min(0, "A bar is at least 0.").max(100, "A bar is at most 100."))
      .nullable(),
  );

/** A rough count or a number of minutes: empty is "not said" (null); otherwise a whole number in range. */
const wholeNumber = (max: number, what: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === "" ? null : v))
    .pipe(
      z
        .string()
        .regex(/^\d{1,4}$/, `Enter ${what} as a whole number from 0 to ${max}, or leave it empty.`)
        .transform(Number)
        .pipe(z.number().int().min(0).max(max, `Enter ${what} as a whole number from 0 to ${max}, or leave it empty.`))
        .nullable(),
    );

/** Upper bounds of the pacing fields (the database checks the same ranges). */
export const PACING_LIMITS = { unansweredOrGuessed: 500, halfwayMinutesLeft: 600 } as const;

export interface AttemptFormContext {
  timeZone: string;
  passingScore: number;
  maxScore: number;
  now: Date;
}

/**
 * The attempt form: a local date and time (in the learner's zone), the outcome, the scaled
 * score, one bar reading per domain (the bar's length read off the score report, 0–100) and
 * the learner's notes by category. Cross-field rules name the field they concern.
 */
export function attemptFormSchema(ctx: AttemptFormContext) {
  const bars = Object.fromEntries(DOMAIN_KEYS.map((k) => [`bar_${k}`, bar])) as Record<`bar_${DomainKey}`, typeof bar>;
  return z
    .object({
      takenAt: z.string({ error: "Enter the date and time of the exam." }).trim().min(1, "Enter the date and time of the exam."),
      outcome: z.enum(ATTEMPT_OUTCOMES, { error: "Choose the outcome." }),
      score: z
        .string()
        .trim()
        .optional()
        .transform((v) => (v === undefined || v === "" ? null : v))
        .pipe(
          z
            .string()
            .regex(/^\d{1,4}$/, `Enter the scaled score, a whole number from 1 to ${ctx.maxScore}.`)
            .transform(Number)
            .pipe(
              z
                .number()
                .int()
                .min(1, `The scaled score is at least 1.`)
                .max(ctx.maxScore, `The scaled score is at most ${ctx.maxScore}.`),
            )
            .nullable(),
        ),
      ...bars,
      hardestDomains: list([...DOMAIN_KEYS] as [string, ...string[]], "domains"),
      slowItemTypes: list(itemTypeKeys, "item types"),
      misreadCategories: list(categoryKeys, "categories"),
      misreadNotes: optionalText(2000, "The misread requirements"),
      notes: optionalText(4000, "Notes"),
      ranOutOfTime: z
        .enum(["", "yes", "no"], { error: "Choose yes, no, or leave it unanswered." })
        .optional()
        .transform((v) => (v === "yes" ? true : v === "no" ? false : null)),
      unansweredOrGuessed: wholeNumber(PACING_LIMITS.unansweredOrGuessed, "the number of items"),
      halfwayMinutesLeft: wholeNumber(PACING_LIMITS.halfwayMinutesLeft, "the minutes left"),
      certExpiresOn: z
        .string()
        .trim()
        .optional()
        .transform((v) => (v ? v : null)),
    })
    .transform((v, zctx) => {
      const takenAt = localDateTimeToInstant(v.takenAt, ctx.timeZone);
      if (!takenAt) {
        zctx.addIssue({ code: "custom", path: ["takenAt"], message: "Enter a real date and time, like 2026-11-20 09:30." });
        return z.NEVER;
      }
      if (takenAt.getTime() > ctx.now.getTime()) {
        zctx.addIssue({ code: "custom", path: ["takenAt"], message: "That time is in the future. Record an attempt after you have taken it." });
      }
      if (takenAt.getUTCFullYear() < 2000) {
        zctx.addIssue({ code: "custom", path: ["takenAt"], message: "Enter a date from 2000 on." });
      }
      if (v.outcome === "no-show") {
        if (v.score !== null) zctx.addIssue({ code: "custom", path: ["score"], message: "A no-show has no score; leave it empty." });
      } else if (v.score === null) {
        zctx.addIssue({ code: "custom", path: ["score"], message: "Enter the scaled score from your score report." });
      } else if (v.outcome === "pass" && v.score < ctx.passingScore) {
        zctx.addIssue({ code: "custom", path: ["score"], message: `A pass needs ${ctx.passingScore} or more; this score is a fail.` });
      } else if (v.outcome === "fail" && v.score >= ctx.passingScore) {
        zctx.addIssue({ code: "custom", path: ["score"], message: `${v.score} is a pass (${ctx.passingScore} or more); choose “Passed”.` });
      }
      const readings: { domain: DomainKey; bar: number }[] = [];
      for (const key of DOMAIN_KEYS) {
        const value = v[`bar_${key}`];
        if (value !== null) readings.push({ domain: key, bar: value });
        else if (v.outcome === "fail") {
          zctx.addIssue({ code: "custom", path: [`bar_${key}`], message: "Enter this domain's bar length (0–100) from your score report." });
        }
      }
      if (v.outcome === "no-show" && readings.length > 0) {
        zctx.addIssue({ code: "custom", path: ["outcome"], message: "A no-show has no score report; leave the bars empty." });
      }
      if (v.outcome === "no-show" && (v.ranOutOfTime !== null || v.unansweredOrGuessed !== null || v.halfwayMinutesLeft !== null)) {
        zctx.addIssue({ code: "custom", path: ["ranOutOfTime"], message: "A no-show sat no exam, so it has no pacing to record; leave the pacing questions empty." });
      }
      let certExpiresAt: Date | null = null;
      if (v.certExpiresOn) {
        if (v.outcome !== "pass") {
          zctx.addIssue({ code: "custom", path: ["certExpiresOn"], message: "Only a passed exam has a certification expiry." });
        } else if (!LOCAL_DATE.test(v.certExpiresOn)) {
          zctx.addIssue({ code: "custom", path: ["certExpiresOn"], message: "Enter the expiry as a date." });
        } else {
          certExpiresAt = localDateTimeToInstant(`${v.certExpiresOn}T00:00`, ctx.timeZone);
          if (!certExpiresAt || certExpiresAt.getTime() <= takenAt.getTime()) {
            zctx.addIssue({ code: "custom", path: ["certExpiresOn"], message: "The expiry must be a real date after the exam." });
          }
        }
      }
      return {
        takenAt,
        outcome: v.outcome,
        score: v.score,
        readings,
        hardestDomains: v.hardestDomains as DomainKey[],
        slowItemTypes: v.slowItemTypes,
        misreadCategories: v.misreadCategories,
        misreadNotes: v.misreadNotes,
        notes: v.notes,
        pacing: { ranOutOfTime: v.ranOutOfTime, unansweredOrGuessed: v.unansweredOrGuessed, halfwayMinutesLeft: v.halfwayMinutesLeft },
        certExpiresAt,
      };
    });
}

/** Pacing is optional for callers that record attempts without the form (seed, tests): absent is "not said". */
export type AttemptInput = Omit<z.output<ReturnType<typeof attemptFormSchema>>, "pacing"> & {
  pacing?: { ranOutOfTime: boolean | null; unansweredOrGuessed: number | null; halfwayMinutesLeft: number | null };
};

export const attemptIdSchema = z.object({ id: z.uuid({ error: "Unknown attempt." }) });
