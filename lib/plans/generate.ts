// Turns a failure pattern into a dated repair plan. Pure: the same input always yields the same
// plan, so a coach can regenerate it and the stored tasks can be compared with a fresh run.

import { z } from "zod";
import { DOMAIN_KEYS, DOMAIN_SHORT_NAMES, MISS_CATEGORIES, type DomainKey } from "@/lib/exam/az104";
import { addDays, isCalendarDate } from "./dates";
import type { PlanPhase } from "@/lib/enums";
import { CATEGORY_TASKS, GENERAL_TASKS, TASK_LIBRARY, type GeneralTask, type LibraryTask } from "./library";
import {
  BROAD_MISS_MAX_DAYS,
  BROAD_MISS_MIN_DAYS,
  DAY_BUDGET_MINUTES,
  NEAR_PASS_DAYS,
  TEMPLATE_KEYS,
  broadMissSkeleton,
  defaultLengthDays,
  nearPassSkeleton,
  pacingSkeleton,
  type DaySlot,
  type Skeleton,
  type TemplateKey,
} from "./templates";

/** Where a line of the diagnosis comes from: the score report, practice, or one of the learner's notes. */
export const DIAGNOSIS_SOURCES = ["bars", "hardest", "practice", "category", "pacing", "slow-type", "no-report", "budget"] as const;
export type DiagnosisSource = (typeof DIAGNOSIS_SOURCES)[number];

export interface DiagnosisNote {
  /** null: not about one domain (pacing, an item type). */
  domain: DomainKey | null;
  reason: string;
  source?: DiagnosisSource;
}

export interface PlanInput {
  pattern: TemplateKey;
  /** Weakest first: the order decides which domains get extra days. None for a pacing plan. */
  weakDomains: DomainKey[];
  /** Day 1, a calendar date in the learner's zone. */
  startDate: string;
  /** broad-miss: 10..14 (default 9 + number of weak domains); near-pass and pacing: 3. */
  lengthDays?: number;
  /** Shown on the plan and inside the diagnose task. */
  diagnosis?: DiagnosisNote[];
  /** Miss categories the learner noted as misread: each adds a category rebuild and its prove. */
  categories?: string[];
  /** The time trouble the learner noted, in words ("ran out of time"); adds pacing drills. */
  pacingNote?: string;
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
  /** The learner's note that put this task in the plan, when one did. */
  cause: string | null;
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
  /** The input's diagnosis, plus one "budget" line per piece of work left out to fit the day budget. */
  diagnosis: DiagnosisNote[];
  /** One heading per day. */
  days: { day: number; date: string; label: string }[];
  /** Rebuild work that did not fit the day budget (the coach may add it back by hand). */
  deferred: { domain: DomainKey | null; title: string; libraryKey: string }[];
}

export const PLAN_LOOP: readonly string[] = [
  "Diagnose: read the score report bars and your notes and name what went wrong, by category.",
  "Rebuild: do the work by hand in a lab instead of rereading it.",
  "Prove: keep evidence that the fix works — an output, an error text or a screenshot link.",
  "Retest: timed mixed questions; go round again until what you still miss is mostly edge cases, not core workflows.",
];

const domainSchema = z.enum(DOMAIN_KEYS);
const CATEGORY_KEYS = MISS_CATEGORIES.map((c) => c.key) as [string, ...string[]];
const CATEGORY_LABEL = new Map(MISS_CATEGORIES.map((c) => [c.key, c.label]));

export const planInputSchema = z
  .strictObject({
    pattern: z.enum(TEMPLATE_KEYS),
    weakDomains: z
      .array(domainSchema)
      .max(DOMAIN_KEYS.length)
      .refine((list) => new Set(list).size === list.length, "Each weak domain may be listed only once"),
    startDate: z.string().refine(isCalendarDate, "Start date must be a calendar date written YYYY-MM-DD"),
    lengthDays: z.number().int("Plan length must be a whole number of days").optional(),
    diagnosis: z
      .array(
        z.strictObject({
          domain: domainSchema.nullable(),
          reason: z.string().trim().min(1, "A diagnosis needs a reason").max(500),
          source: z.enum(DIAGNOSIS_SOURCES).optional(),
        }),
      )
      .max(40)
      .optional(),
    categories: z
      .array(z.enum(CATEGORY_KEYS))
      .max(CATEGORY_KEYS.length)
      .optional(),
    pacingNote: z.string().trim().min(1).max(300).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.pattern !== "pacing" && value.weakDomains.length === 0) {
      ctx.addIssue({ code: "custom", path: ["weakDomains"], message: "Name at least one weak domain" });
    }
    if (value.pattern === "pacing") {
      if (value.weakDomains.length !== 0) {
        ctx.addIssue({ code: "custom", path: ["weakDomains"], message: "A pacing plan rebuilds no domain; use near-pass for a weak one" });
      }
      if (value.lengthDays !== undefined && value.lengthDays !== NEAR_PASS_DAYS) {
        ctx.addIssue({ code: "custom", path: ["lengthDays"], message: `A pacing plan lasts ${NEAR_PASS_DAYS} days` });
      }
    } else if (value.pattern === "near-pass") {
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
    cause: null,
    ...overrides,
  };
}

/** The cause a noted category gives its tasks. */
export function categoryCause(category: string): string {
  return `You noted “${CATEGORY_LABEL.get(category) ?? category}” as a requirement you misread.`;
}

/** The cause time trouble gives the pacing tasks. */
export function pacingCause(note: string): string {
  return `You noted time trouble: ${note}.`;
}

function listNames(domains: readonly DomainKey[]): string {
  return domains.map((d) => DOMAIN_SHORT_NAMES[d]).join(", ");
}

interface Context {
  weakDomains: DomainKey[];
  diagnosis: DiagnosisNote[];
  pacingNote: string | undefined;
  /** Per weak domain, the diagnosis lines behind its rebuild (its tasks' cause). */
  domainCause: Map<DomainKey, string>;
}

function expandSlot(slot: DaySlot, ctx: Context): TaskContent[] {
  switch (slot.kind) {
    case "diagnose": {
      const t = GENERAL_TASKS.diagnose;
      const notes = ctx.diagnosis.filter((d) => d.source !== "budget").map((d) => (d.domain ? `${DOMAIN_SHORT_NAMES[d.domain]} — ${d.reason}` : d.reason));
      const extra =
        (ctx.weakDomains.length > 0 ? ` Weak domains for this plan, weakest first: ${listNames(ctx.weakDomains)}.` : " No domain stands out as weak: this plan works on pace.") +
        (notes.length > 0 ? ` Already noted: ${notes.join("; ")}.` : "");
      return [fromLibrary(t, { instructions: t.instructions + extra })];
    }
    case "rebuild": {
      // A rebuild is always immediately followed by the prove task that validates it.
      const cause = ctx.domainCause.get(slot.domain) ?? null;
      return slot.steps.flatMap((i) => {
        const s = TASK_LIBRARY[slot.domain].steps[i];
        return [fromLibrary(s.rebuild, { cause }), fromLibrary(s.prove, { cause })];
      });
    }
    case "category": {
      const t = CATEGORY_TASKS[slot.category]!;
      const cause = categoryCause(slot.category);
      return [fromLibrary(t.rebuild, { cause }), fromLibrary(t.prove, { cause })];
    }
    case "pacing-drill":
      return [fromLibrary(slot.size === "short" ? GENERAL_TASKS.pacingDrillShort : GENERAL_TASKS.pacingDrillHalf, { cause: ctx.pacingNote ? pacingCause(ctx.pacingNote) : null })];
    case "pacing-review":
      return [fromLibrary(GENERAL_TASKS.pacingReview, { cause: ctx.pacingNote ? pacingCause(ctx.pacingNote) : null })];
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

/** The library task a deferred slot stands for (its rebuild, which brings its prove). */
function deferredWork(slot: DaySlot): GeneratedPlan["deferred"] {
  if (slot.kind === "category") {
    const t = CATEGORY_TASKS[slot.category];
    return t ? [{ domain: t.rebuild.domain, title: t.rebuild.title, libraryKey: t.rebuild.key }] : [];
  }
  if (slot.kind === "rebuild") {
    return slot.steps.map((i) => {
      const r = TASK_LIBRARY[slot.domain].steps[i]!.rebuild;
      return { domain: r.domain, title: r.title, libraryKey: r.key };
    });
  }
  return [];
}

/** Builds the plan; throws a ZodError when the input is invalid. */
export function generatePlan(input: PlanInput): GeneratedPlan {
  const parsed = planInputSchema.parse(input);
  const lengthDays = parsed.lengthDays ?? defaultLengthDays(parsed.pattern, parsed.weakDomains.length);
  const opts = { categories: parsed.categories, pacingTrouble: parsed.pacingNote !== undefined };
  const built: Skeleton =
    parsed.pattern === "pacing"
      ? pacingSkeleton(opts)
      : parsed.pattern === "near-pass"
        ? nearPassSkeleton(parsed.weakDomains[0]!, opts)
        : broadMissSkeleton(parsed.weakDomains, lengthDays, opts);
  const skeleton = built.days;
  if (skeleton.length !== lengthDays) {
    throw new Error(`Plan template produced ${skeleton.length} days instead of ${lengthDays}`);
  }

  const diagnosis: DiagnosisNote[] = (parsed.diagnosis ?? []).map((d) => ({ ...d }));
  const deferred = built.deferred.flatMap(deferredWork);
  for (const d of deferred) {
    diagnosis.push({
      domain: d.domain,
      reason: `Left out to keep every day within ${DAY_BUDGET_MINUTES / 60} hours of work: “${d.title}”. Add it back if there is time.`,
      source: "budget",
    });
  }
  const domainCause = new Map<DomainKey, string>();
  for (const d of parsed.weakDomains) {
    const lines = diagnosis.filter((x) => x.domain === d && x.source !== "budget").map((x) => x.reason);
    if (lines.length) domainCause.set(d, lines.join("; ").slice(0, 500));
  }
  const ctx: Context = { weakDomains: parsed.weakDomains, diagnosis, pacingNote: parsed.pacingNote, domainCause };
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
    diagnosis,
    days: skeleton.map((d) => ({ day: d.day, date: addDays(parsed.startDate, d.day - 1), label: d.label })),
    deferred,
  };
}
