// The two schedule templates and how a broad-miss plan shares its days out. This file decides
// only *what each day is for*; generate.ts turns those slots into concrete library tasks.
//
// Broad-miss allocation (the rules the product promises; tests pin them):
// 1. Domains run in the template's order: identity & governance, compute, storage, networking,
//    monitoring. That order is kept even when a later domain is weaker, because each lab leans on
//    the ones before it (roles for storage data access, VMs for packet paths, resources to watch).
// 2. A weak domain gets its template days of full rebuild: identity 2, compute 2, storage 1,
//    networking 1, monitoring (with backup) 1 — so all five weak fills the template's 7 days.
// 3. A domain that is not weak gets one lighter refresher day instead of its template days.
// 4. After the domains come at least 2 days of timed mixed sets, and the plan ends with 1 day of
//    light review and exam logistics. Rules 2–4 never need more than 10 days.
// 5. Days beyond that minimum (a longer requested plan, or days freed by rule 3) go first to the
//    weak domains, weakest first, one extra rebuild day each — depth where the exam hurt — and
//    then to more timed mixed days, since rehearsing under time pressure is what is left.
// 6. Default length: 9 + number of weak domains (1 → 10 days … 5 → 14 days).
//
// The day budget (every template): no day holds more than DAY_BUDGET_MINUTES of estimated work
// (each library task carries its estimate; a practice set counts its minutes plus the review).
// A rebuild block fills its days evenly with the categories the learner noted for that domain
// first, then the domain's steps in order; what does not fit is left out of the schedule and
// listed on the plan (`deferred`), dropping the steps just before the closing variation drill so
// the block keeps its foundation and its variation. Noted categories of a domain without a
// rebuild block go to that domain's refresher day, or else to the first day with room.

import { DOMAIN_SHORT_NAMES, MISS_CATEGORIES, type DomainKey } from "@/lib/exam/az104";
import { CATEGORY_TASKS, GENERAL_TASKS, TASK_LIBRARY } from "./library";

export const TEMPLATE_KEYS = ["near-pass", "pacing", "broad-miss"] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

export const NEAR_PASS_DAYS = 3;
export const BROAD_MISS_MIN_DAYS = 10;
export const BROAD_MISS_MAX_DAYS = 14;
/** Rule 4: the fixed tail of a broad-miss plan. */
export const MIN_MIXED_DAYS = 2;
export const WRAP_UP_DAYS = 1;

/** Rule 1. */
export const BROAD_MISS_DOMAIN_ORDER: readonly DomainKey[] = [
  "identity-governance",
  "compute",
  "storage",
  "networking",
  "monitoring",
];

/** Rule 2: full-rebuild days per weak domain (storage and networking share the template's 2). */
export const TEMPLATE_DOMAIN_DAYS: Readonly<Record<DomainKey, number>> = {
  "identity-governance": 2,
  compute: 2,
  storage: 1,
  networking: 1,
  monitoring: 1,
};

/** Rule 5: at most this many extra days per weak domain, so every day still gets its own step. */
export const MAX_EXTRA_DAYS_PER_DOMAIN = 1;

/** Minutes of focused work one plan day may hold: five hours, a full study day beside rest. */
export const DAY_BUDGET_MINUTES = 300;

export const TEMPLATES: Readonly<Record<TemplateKey, { title: string; summary: string }>> = {
  "near-pass": {
    title: "Near pass",
    summary:
      "Three days for a score just under the pass mark with one weak domain: rebuild and prove that domain, practise mixed sets against the clock, then review lightly and sort out exam logistics.",
  },
  pacing: {
    title: "Pacing",
    summary:
      "Three days for a score just under the pass mark with no weak bar but time trouble: exam-pace drills with the time of every question, a full-length set with a halfway checkpoint, then a light review and exam logistics. No domain is rebuilt: the knowledge held, the clock did not.",
  },
  "broad-miss": {
    title: "Broad miss",
    summary:
      "Ten to fourteen days for several weak domains: full rebuild days for each weak domain in a fixed order, a short refresher for the others, then timed mixed sets and a final review.",
  },
};

export function defaultLengthDays(pattern: TemplateKey, weakDomainCount: number): number {
  if (pattern === "near-pass" || pattern === "pacing") return NEAR_PASS_DAYS;
  return Math.min(BROAD_MISS_MAX_DAYS, Math.max(BROAD_MISS_MIN_DAYS, 9 + weakDomainCount));
}

export interface DomainAllocation {
  domain: DomainKey;
  mode: "full" | "light";
  days: number;
}

export interface BroadMissAllocation {
  lengthDays: number;
  /** In running order (rule 1). */
  domains: DomainAllocation[];
  mixedDays: number;
  wrapUpDays: number;
}

/** Days a broad-miss plan needs before any extra is shared out (rules 2–4). */
export function minimumBroadMissDays(weakDomains: readonly DomainKey[]): number {
  const weak = new Set(weakDomains);
  const domainDays = BROAD_MISS_DOMAIN_ORDER.reduce(
    (sum, d) => sum + (weak.has(d) ? TEMPLATE_DOMAIN_DAYS[d] : 1),
    0,
  );
  return domainDays + MIN_MIXED_DAYS + WRAP_UP_DAYS;
}

/** Shares `lengthDays` out across domains and the tail. `weakDomains` is weakest first. */
export function allocateBroadMiss(weakDomains: readonly DomainKey[], lengthDays: number): BroadMissAllocation {
  const minimum = minimumBroadMissDays(weakDomains);
  if (!Number.isInteger(lengthDays) || lengthDays < minimum) {
    throw new RangeError(`A broad-miss plan for these domains needs at least ${minimum} days, got ${lengthDays}`);
  }
  const weak = new Set(weakDomains);
  const days = new Map<DomainKey, number>(
    BROAD_MISS_DOMAIN_ORDER.map((d) => [d, weak.has(d) ? TEMPLATE_DOMAIN_DAYS[d] : 1]),
  );
  let spare = lengthDays - minimum;
  for (let round = 0; round < MAX_EXTRA_DAYS_PER_DOMAIN; round++) {
    for (const d of weakDomains) {
      if (spare === 0) break;
      days.set(d, days.get(d)! + 1);
      spare--;
    }
  }
  return {
    lengthDays,
    domains: BROAD_MISS_DOMAIN_ORDER.map((d) => ({ domain: d, mode: weak.has(d) ? "full" : "light", days: days.get(d)! })),
    mixedDays: MIN_MIXED_DAYS + spare,
    wrapUpDays: WRAP_UP_DAYS,
  };
}

/** What one slot of a day asks for; generate.ts expands each into one or more tasks. */
export type DaySlot =
  | { kind: "diagnose" }
  /** Rebuild steps of a weak domain, by index into its library steps; each brings its prove. */
  | { kind: "rebuild"; domain: DomainKey; steps: number[] }
  /** A noted miss category's rebuild and its prove (library.ts CATEGORY_TASKS). */
  | { kind: "category"; category: string }
  | { kind: "domain-retest"; domain: DomainKey }
  | { kind: "light-review"; domain: DomainKey }
  | { kind: "mixed-set"; style: "full" | "weighted" }
  | { kind: "pacing-drill"; size: "short" | "half" }
  | { kind: "pacing-review" }
  | { kind: "miss-review" }
  | { kind: "final-review" }
  | { kind: "logistics" };

export interface SkeletonDay {
  day: number;
  /** What the day is for, shown above its tasks. */
  label: string;
  slots: DaySlot[];
}

/** What shapes a skeleton besides the weak domains: the learner's own notes. */
export interface SkeletonOptions {
  /** Miss categories the learner noted (keys); unknown keys are ignored, duplicates count once. */
  categories?: readonly string[];
  /** The learner noted time trouble: a pacing drill joins the first day of timed practice. */
  pacingTrouble?: boolean;
}

export interface Skeleton {
  days: SkeletonDay[];
  /** Rebuild work that did not fit the day budget, in priority order (step slots hold one step each). */
  deferred: DaySlot[];
}

/** Estimated minutes of a slot: the sum of its tasks' estimates in the library. */
export function slotMinutes(slot: DaySlot): number {
  switch (slot.kind) {
    case "diagnose":
      return GENERAL_TASKS.diagnose.minutes;
    case "rebuild":
      return slot.steps.reduce((sum, i) => sum + TASK_LIBRARY[slot.domain].steps[i]!.rebuild.minutes + TASK_LIBRARY[slot.domain].steps[i]!.prove.minutes, 0);
    case "category": {
      const t = CATEGORY_TASKS[slot.category];
      return t ? t.rebuild.minutes + t.prove.minutes : 0;
    }
    case "domain-retest":
      return TASK_LIBRARY[slot.domain].retest.minutes;
    case "light-review": {
      const l = TASK_LIBRARY[slot.domain].lightReview;
      return l.rebuild.minutes + l.prove.minutes + l.check.minutes;
    }
    case "mixed-set":
      return slot.style === "full" ? GENERAL_TASKS.mixedFull.minutes : GENERAL_TASKS.mixedWeighted.minutes;
    case "pacing-drill":
      return slot.size === "short" ? GENERAL_TASKS.pacingDrillShort.minutes : GENERAL_TASKS.pacingDrillHalf.minutes;
    case "pacing-review":
      return GENERAL_TASKS.pacingReview.minutes;
    case "miss-review":
      return GENERAL_TASKS.missReview.minutes;
    case "final-review":
      return GENERAL_TASKS.finalReview.minutes;
    case "logistics":
      return GENERAL_TASKS.logistics.minutes;
  }
}

export function dayMinutes(slots: readonly DaySlot[]): number {
  return slots.reduce((sum, s) => sum + slotMinutes(s), 0);
}

/** Splits `count` items into `parts` runs as evenly as possible, longer runs first. */
export function splitEvenly(count: number, parts: number): number[][] {
  if (parts < 1 || parts > count) throw new RangeError(`Cannot split ${count} steps over ${parts} days without an empty day`);
  const runs: number[][] = [];
  let next = 0;
  for (let i = 0; i < parts; i++) {
    const size = Math.floor(count / parts) + (i < count % parts ? 1 : 0);
    runs.push(Array.from({ length: size }, () => next++));
  }
  return runs;
}

/** The noted categories the library has tasks for, once each, in the order noted. */
function knownCategories(categories: readonly string[] | undefined): string[] {
  return [...new Set(categories ?? [])].filter((c) => CATEGORY_TASKS[c] !== undefined);
}

const CATEGORY_DOMAIN = new Map(MISS_CATEGORIES.map((c) => [c.key, c.domain]));

type Unit = { kind: "category"; category: string } | { kind: "step"; step: number };

/**
 * Fills the days of a block with units of work, in order, as evenly as the budget allows: each day
 * aims at its share of what is left and never goes over `capacity` (minutes left that day).
 */
function fillEvenly(units: readonly Unit[], capacities: readonly number[], minutesOf: (u: Unit) => number): { runs: Unit[][]; left: Unit[] } {
  const runs: Unit[][] = capacities.map(() => []);
  let next = 0;
  for (let i = 0; i < capacities.length; i++) {
    const target = Math.ceil((units.length - next) / (capacities.length - i));
    let room = capacities[i]!;
    while (next < units.length && runs[i]!.length < target && minutesOf(units[next]!) <= room) {
      room -= minutesOf(units[next]!);
      runs[i]!.push(units[next]!);
      next++;
    }
  }
  return { runs, left: units.slice(next) };
}

/**
 * A weak domain's rebuild over `capacities.length` days: its noted categories first, then its
 * library steps. When not all fit, the steps just before the closing variation drill are dropped.
 */
function packRebuild(domain: DomainKey, categories: readonly string[], capacities: readonly number[]): { runs: Unit[][]; deferred: Unit[] } {
  const stepCount = TASK_LIBRARY[domain].steps.length;
  const minutesOf = (u: Unit) =>
    u.kind === "category" ? slotMinutes(u) : slotMinutes({ kind: "rebuild", domain, steps: [u.step] });
  const all: Unit[] = [...categories.map((category) => ({ kind: "category" as const, category })), ...Array.from({ length: stepCount }, (_, step) => ({ kind: "step" as const, step }))];
  const first = fillEvenly(all, capacities, minutesOf);
  if (first.left.length === 0) return { runs: first.runs, deferred: [] };
  // Keep as many units as fitted, preferring categories, the first steps and the variation drill.
  const fits = all.length - first.left.length;
  const cats = all.filter((u) => u.kind === "category").slice(0, fits);
  const stepRoom = fits - cats.length;
  const steps = all.filter((u): u is Extract<Unit, { kind: "step" }> => u.kind === "step");
  const keptSteps = stepRoom <= 0 ? [] : [...steps.slice(0, stepRoom - 1), steps[steps.length - 1]!];
  const kept = [...cats, ...keptSteps];
  const again = fillEvenly(kept, capacities, minutesOf);
  const keptSet = new Set(kept);
  return { runs: again.runs, deferred: [...again.left, ...all.filter((u) => !keptSet.has(u))] };
}

function unitSlots(domain: DomainKey, run: readonly Unit[]): DaySlot[] {
  const slots: DaySlot[] = run.filter((u) => u.kind === "category").map((u) => ({ kind: "category" as const, category: (u as { category: string }).category }));
  const steps = run.flatMap((u) => (u.kind === "step" ? [u.step] : []));
  if (steps.length) slots.push({ kind: "rebuild", domain, steps });
  return slots;
}

function deferredSlots(domain: DomainKey, units: readonly Unit[]): DaySlot[] {
  return units.map((u) => (u.kind === "category" ? { kind: "category" as const, category: u.category } : { kind: "rebuild" as const, domain, steps: [u.step] }));
}

function rebuildDays(domain: DomainKey, dayCount: number, firstDay: number, opts: { diagnoseFirst: boolean; retestLast: boolean; categories: readonly string[] }): { days: SkeletonDay[]; deferred: DaySlot[] } {
  const name = DOMAIN_SHORT_NAMES[domain];
  const capacities = Array.from({ length: dayCount }, (_, i) => {
    let used = 0;
    if (i === 0 && opts.diagnoseFirst) used += slotMinutes({ kind: "diagnose" });
    if (i === dayCount - 1 && opts.retestLast) used += slotMinutes({ kind: "domain-retest", domain });
    return DAY_BUDGET_MINUTES - used;
  });
  const { runs, deferred } = packRebuild(domain, opts.categories, capacities);
  const days = runs.map((run, i) => {
    const slots: DaySlot[] = [];
    if (i === 0 && opts.diagnoseFirst) slots.push({ kind: "diagnose" });
    slots.push(...unitSlots(domain, run));
    // The block closes with its retest so the domain is measured right after it was rebuilt.
    if (i === runs.length - 1 && opts.retestLast) slots.push({ kind: "domain-retest", domain });
    const part = dayCount > 1 ? ` (${i + 1} of ${dayCount})` : "";
    const label = `${name}: rebuild and prove${part}`;
    return { day: firstDay + i, label: i === 0 && opts.diagnoseFirst ? `Diagnose, then ${label}` : label, slots };
  });
  return { days, deferred: deferredSlots(domain, deferred) };
}

function wrapUpDay(day: number): SkeletonDay {
  return { day, label: "Light review and exam logistics", slots: [{ kind: "final-review" }, { kind: "logistics" }] };
}

/** Kinds of slot a lab placed on a practice day goes before (labs first, then the timed work). */
const TIMED_KINDS = new Set<DaySlot["kind"]>(["mixed-set", "pacing-drill", "pacing-review", "miss-review", "final-review", "logistics"]);

/**
 * Places noted categories that have no rebuild block of their own: on their domain's refresher day
 * if the plan has one, else on the first day with room (never the wrap-up day); else deferred.
 */
function placeLooseCategories(days: SkeletonDay[], categories: readonly string[]): DaySlot[] {
  const deferred: DaySlot[] = [];
  const lastDay = days.length;
  for (const category of categories) {
    const slot: DaySlot = { kind: "category", category };
    const need = slotMinutes(slot);
    const domain = CATEGORY_DOMAIN.get(category);
    const fits = (d: SkeletonDay) => d.day !== lastDay && dayMinutes(d.slots) + need <= DAY_BUDGET_MINUTES;
    const refresher = days.find((d) => d.slots.some((s) => s.kind === "light-review" && s.domain === domain));
    const target = refresher && fits(refresher) ? refresher : days.find(fits);
    if (!target) {
      deferred.push(slot);
      continue;
    }
    const at = target.slots.findIndex((s) => TIMED_KINDS.has(s.kind));
    target.slots.splice(at === -1 ? target.slots.length : at, 0, slot);
  }
  return deferred;
}

/** With time trouble noted, the first day of timed mixed practice opens with a short pacing drill. */
function addPacingDrill(days: SkeletonDay[]): void {
  const first = days.find((d) => d.slots.some((s) => s.kind === "mixed-set"));
  if (!first) return;
  const drill: DaySlot = { kind: "pacing-drill", size: "short" };
  if (dayMinutes(first.slots) + slotMinutes(drill) > DAY_BUDGET_MINUTES) return;
  first.slots.splice(first.slots.findIndex((s) => s.kind === "mixed-set"), 0, drill);
}

/**
 * Near pass: day 1 diagnoses and rebuilds the one weak domain (its noted categories first); day 2
 * opens with that domain's retest and then practises mixed sets against the clock; day 3 is light
 * review and logistics.
 */
export function nearPassSkeleton(weakDomain: DomainKey, opts: SkeletonOptions = {}): Skeleton {
  const categories = knownCategories(opts.categories);
  const own = categories.filter((c) => CATEGORY_DOMAIN.get(c) === weakDomain);
  const block = rebuildDays(weakDomain, 1, 1, { diagnoseFirst: true, retestLast: false, categories: own });
  const days: SkeletonDay[] = [
    { ...block.days[0]!, label: `Diagnose, then rebuild and prove ${DOMAIN_SHORT_NAMES[weakDomain]}` },
    { day: 2, label: "Timed practice", slots: [{ kind: "domain-retest", domain: weakDomain }, { kind: "mixed-set", style: "full" }, { kind: "miss-review" }] },
    wrapUpDay(3),
  ];
  if (opts.pacingTrouble) addPacingDrill(days);
  const loose = placeLooseCategories(days, categories.filter((c) => !own.includes(c)));
  return { days, deferred: [...block.deferred, ...loose] };
}

/**
 * Pacing: no domain is rebuilt. Day 1 diagnoses and drills exam pace (a short and a half-length
 * set, then the time per question); day 2 is a full-length set and its misses; day 3 wraps up.
 * Noted categories fill the room left on days 1 and 2.
 */
export function pacingSkeleton(opts: SkeletonOptions = {}): Skeleton {
  const days: SkeletonDay[] = [
    {
      day: 1,
      label: "Diagnose, then pacing drills at exam pace",
      slots: [{ kind: "diagnose" }, { kind: "pacing-drill", size: "short" }, { kind: "pacing-drill", size: "half" }, { kind: "pacing-review" }],
    },
    { day: 2, label: "Full-length timed practice", slots: [{ kind: "mixed-set", style: "full" }, { kind: "miss-review" }] },
    wrapUpDay(3),
  ];
  const deferred = placeLooseCategories(days, knownCategories(opts.categories));
  return { days, deferred };
}

export function broadMissSkeleton(weakDomains: readonly DomainKey[], lengthDays: number, opts: SkeletonOptions = {}): Skeleton {
  const allocation = allocateBroadMiss(weakDomains, lengthDays);
  const categories = knownCategories(opts.categories);
  const days: SkeletonDay[] = [];
  const deferred: DaySlot[] = [];
  const placed = new Set<string>();
  for (const a of allocation.domains) {
    const firstDay = days.length + 1;
    if (a.mode === "full") {
      const own = categories.filter((c) => CATEGORY_DOMAIN.get(c) === a.domain);
      own.forEach((c) => placed.add(c));
      const block = rebuildDays(a.domain, a.days, firstDay, { diagnoseFirst: firstDay === 1, retestLast: true, categories: own });
      days.push(...block.days);
      deferred.push(...block.deferred);
    } else {
      const label = `${DOMAIN_SHORT_NAMES[a.domain]}: refresher`;
      const slots: DaySlot[] = [{ kind: "light-review", domain: a.domain }];
      if (firstDay === 1) slots.unshift({ kind: "diagnose" });
      days.push({ day: firstDay, label: firstDay === 1 ? `Diagnose, then ${label}` : label, slots });
    }
  }

  for (let i = 0; i < allocation.mixedDays; i++) {
    // Counted from the end so the last mixed day is always a full-length dress rehearsal, with
    // weighted sets in between to keep pressure on the weak domains.
    const style = (allocation.mixedDays - 1 - i) % 2 === 0 ? "full" : "weighted";
    days.push({
      day: days.length + 1,
      label: style === "full" ? "Timed mixed set (full length)" : "Timed mixed set (weighted to weak domains)",
      slots: [{ kind: "mixed-set", style }, { kind: "miss-review" }],
    });
  }
  days.push(wrapUpDay(days.length + 1));
  if (opts.pacingTrouble) addPacingDrill(days);
  deferred.push(...placeLooseCategories(days, categories.filter((c) => !placed.has(c))));
  return { days, deferred };
}
