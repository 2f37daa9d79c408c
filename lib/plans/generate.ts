// Turns a failure pattern into a dated repair plan. Pure: the same input always yields the same
// plan, so a coach can regenerate it and the stored tasks can be compared with a fresh run.

import { z } from "zod";
import { DOMAIN_KEYS, DOMAIN_SHORT_NAMES, type DomainKey } from "@/lib/exam/az104";
import { addDays, isCalendarDate } from "./dates";
import { GENERAL_TASKS, TASK_LIBRARY, type GeneralTask, type LibraryTask, type PlanPhase } from "./library";
import {
  BROAD_MISS_MAX_DAYS,
  BROAD_MISS_MIN_DAYS,
  NEAR_PASS_DAYS,
  TEMPLATE_KEYS,
  broadMissSkeleton,
  defaultLengthDays,
  nearPassSkeleton,
  type DaySlot,
  type SkeletonDay,
  type TemplateKey,
} from "./templates";

export interface PlanInput {
  pattern: TemplateKey;
  /** Weakest first: the order decides which domains get extra days. */
  weakDomains: DomainKey[];
  /** Day 1, a calendar date in the learner's zone. */
  startDate: string;
  /** broad-miss: 10..14 (default 9 + number of weak domains); near-pass: 3. */
  lengthDays?: number;
  /** Shown on the plan and inside the diagnose task. */
  diagnosis?: { domain: DomainKey; reason: string }[];
}

export interface GeneratedTask {
  day: number;
  date: string;
  domain: DomainKey | null;
  phase: PlanPhase;
  title: string;
  instructions: string;
  evidenceRequired: string;
  libraryKey: string | null;
  /** 1-based order within the day. */
  position: number;
}

export interface GeneratedPlan {
  template: TemplateKey;
  lengthDays: number;
  startDate: string;
  endDate: string;
  /** The day after the last plan day. Advice only: the retake policy may forbid an earlier date. */
  recommendedRetakeDate: string;
  tasks: GeneratedTask[];
  /** The repair loop in the learner's words, one line per phase. */
  loop: string[];
  /** Echo of the validated input so the plan page can show what it was built from. */
  weakDomains: DomainKey[];
  diagnosis: { domain: DomainKey; reason: string }[];
  /** One heading per day. */
  days: { day: number; date: string; label: string }[];
}

export const PLAN_LOOP: readonly string[] = [
  "Diagnose: read the score report bars and your notes and name what went wrong, by category.",
  "Rebuild: do the work by hand in a lab instead of rereading it.",
  "Prove: keep evidence that the fix works — an output, an error text or a screenshot link.",
  "Retest: timed mixed questions; go round again until what you still miss is mostly edge cases, not core workflows.",
];

const domainSchema = z.enum(DOMAIN_KEYS);

export const planInputSchema = z
  .strictObject({
    pattern: z.enum(TEMPLATE_KEYS),
    weakDomains: z
      .array(domainSchema)
      .min(1, "Name at least one weak domain")
      .max(DOMAIN_KEYS.length)
      .refine((list) => new Set(list).size === list.length, "Each weak domain may be listed only once"),
    startDate: z.string().refine(isCalendarDate, "Start date must be a calendar date written YYYY-MM-DD"),
    lengthDays: z.number().int("Plan length must be a whole number of days").optional(),
    diagnosis: z
      .array(
        z.strictObject({
          domain: domainSchema,
          reason: z.string().trim().min(1, "A diagnosis needs a reason").max(500),
        }),
      )
      .max(20)
      .optional(),
  })
  .superRefine((value, ctx) => {
    if (value.pattern === "near-pass") {
      if (value.weakDomains.length !== 1) {
        ctx.addIssue({
          code: "custom",
          path: ["weakDomains"],
          message: "A near-pass plan repairs exactly one weak domain; use broad-miss for several",
        });
      }
      if (value.lengthDays !== undefined && value.lengthDays !== NEAR_PASS_DAYS) {
        ctx.addIssue({ code: "custom", path: ["lengthDays"], message: `A near-pass plan lasts ${NEAR_PASS_DAYS} days` });
      }
    } else if (
      value.lengthDays !== undefined &&
      (value.lengthDays < BROAD_MISS_MIN_DAYS || value.lengthDays > BROAD_MISS_MAX_DAYS)
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["lengthDays"],
        message: `A broad-miss plan lasts ${BROAD_MISS_MIN_DAYS} to ${BROAD_MISS_MAX_DAYS} days`,
      });
    }
  });

// Keeps the hand-written interface and the schema from drifting apart.
planInputSchema satisfies z.ZodType<PlanInput>;

type TaskContent = Omit<GeneratedTask, "day" | "date" | "position">;

function fromLibrary(t: LibraryTask | GeneralTask, overrides: Partial<TaskContent> = {}): TaskContent {
  return {
    domain: t.domain,
    phase: t.phase,
    title: t.title,
    instructions: t.instructions,
    evidenceRequired: t.evidenceRequired,
    libraryKey: t.key,
    ...overrides,
  };
}

function listNames(domains: readonly DomainKey[]): string {
  return domains.map((d) => DOMAIN_SHORT_NAMES[d]).join(", ");
}

interface Context {
  weakDomains: DomainKey[];
  diagnosis: { domain: DomainKey; reason: string }[];
}

function expandSlot(slot: DaySlot, ctx: Context): TaskContent[] {
  switch (slot.kind) {
    case "diagnose": {
      const t = GENERAL_TASKS.diagnose;
      const notes = ctx.diagnosis.map((d) => `${DOMAIN_SHORT_NAMES[d.domain]} — ${d.reason}`);
      const extra =
        ` Weak domains for this plan, weakest first: ${listNames(ctx.weakDomains)}.` +
        (notes.length > 0 ? ` Already noted: ${notes.join("; ")}.` : "");
      return [fromLibrary(t, { instructions: t.instructions + extra })];
    }
    case "rebuild":
      // A rebuild is always immediately followed by the prove task that validates it.
      return slot.steps.flatMap((i) => {
        const s = TASK_LIBRARY[slot.domain].steps[i];
        return [fromLibrary(s.rebuild), fromLibrary(s.prove)];
      });
    case "domain-retest":
      return [fromLibrary(TASK_LIBRARY[slot.domain].retest)];
    case "light-review": {
      const l = TASK_LIBRARY[slot.domain].lightReview;
      return [fromLibrary(l.rebuild), fromLibrary(l.prove), fromLibrary(l.check)];
    }
    case "mixed-set": {
      if (slot.style === "full") return [fromLibrary(GENERAL_TASKS.mixedFull)];
      const t = GENERAL_TASKS.mixedWeighted;
      return [fromLibrary(t, { instructions: `${t.instructions} Lean toward: ${listNames(ctx.weakDomains)}.` })];
    }
    case "miss-review":
      return [fromLibrary(GENERAL_TASKS.missReview)];
    case "final-review":
      return [fromLibrary(GENERAL_TASKS.finalReview)];
    case "logistics":
      return [fromLibrary(GENERAL_TASKS.logistics)];
  }
}

/** Builds the plan; throws a ZodError when the input is invalid. */
export function generatePlan(input: PlanInput): GeneratedPlan {
  const parsed = planInputSchema.parse(input);
  const lengthDays = parsed.lengthDays ?? defaultLengthDays(parsed.pattern, parsed.weakDomains.length);
  const skeleton: SkeletonDay[] =
    parsed.pattern === "near-pass"
      ? nearPassSkeleton(parsed.weakDomains[0])
      : broadMissSkeleton(parsed.weakDomains, lengthDays);
  if (skeleton.length !== lengthDays) {
    throw new Error(`Plan template produced ${skeleton.length} days instead of ${lengthDays}`);
  }

  const ctx: Context = { weakDomains: parsed.weakDomains, diagnosis: parsed.diagnosis ?? [] };
  const tasks: GeneratedTask[] = skeleton.flatMap((d) => {
    const date = addDays(parsed.startDate, d.day - 1);
    return d.slots
      .flatMap((slot) => expandSlot(slot, ctx))
      .map((content, i) => ({ day: d.day, date, position: i + 1, ...content }));
  });

  return {
    template: parsed.pattern,
    lengthDays,
    startDate: parsed.startDate,
    endDate: addDays(parsed.startDate, lengthDays - 1),
    recommendedRetakeDate: addDays(parsed.startDate, lengthDays),
    tasks,
    loop: [...PLAN_LOOP],
    weakDomains: parsed.weakDomains,
    diagnosis: ctx.diagnosis,
    days: skeleton.map((d) => ({ day: d.day, date: addDays(parsed.startDate, d.day - 1), label: d.label })),
  };
}
