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

import { DOMAIN_SHORT_NAMES, type DomainKey } from "@/lib/exam/az104";
import { TASK_LIBRARY } from "./library";

export const TEMPLATE_KEYS = ["near-pass", "broad-miss"] as const;
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

export const TEMPLATES: Readonly<Record<TemplateKey, { title: string; summary: string }>> = {
  "near-pass": {
    title: "Near pass",
    summary:
      "Three days for a score just under the pass mark with one weak domain: rebuild and prove that domain, practise mixed sets against the clock, then review lightly and sort out exam logistics. If pacing rather than a domain was the cause, pick the domain with the shortest bar.",
  },
  "broad-miss": {
    title: "Broad miss",
    summary:
      "Ten to fourteen days for several weak domains: full rebuild days for each weak domain in a fixed order, a short refresher for the others, then timed mixed sets and a final review.",
  },
};

export function defaultLengthDays(pattern: TemplateKey, weakDomainCount: number): number {
  if (pattern === "near-pass") return NEAR_PASS_DAYS;
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
  | { kind: "domain-retest"; domain: DomainKey }
  | { kind: "light-review"; domain: DomainKey }
  | { kind: "mixed-set"; style: "full" | "weighted" }
  | { kind: "miss-review" }
  | { kind: "final-review" }
  | { kind: "logistics" };

export interface SkeletonDay {
  day: number;
  /** What the day is for, shown above its tasks. */
  label: string;
  slots: DaySlot[];
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

function rebuildDays(domain: DomainKey, dayCount: number, firstDay: number): SkeletonDay[] {
  const runs = splitEvenly(TASK_LIBRARY[domain].steps.length, dayCount);
  const name = DOMAIN_SHORT_NAMES[domain];
  return runs.map((steps, i) => {
    const last = i === runs.length - 1;
    const slots: DaySlot[] = [{ kind: "rebuild", domain, steps }];
    // The block closes with its retest so the domain is measured right after it was rebuilt.
    if (last) slots.push({ kind: "domain-retest", domain });
    const part = dayCount > 1 ? ` (${i + 1} of ${dayCount})` : "";
    return { day: firstDay + i, label: `${name}: rebuild and prove${part}`, slots };
  });
}

function wrapUpDay(day: number): SkeletonDay {
  return { day, label: "Light review and exam logistics", slots: [{ kind: "final-review" }, { kind: "logistics" }] };
}

/**
 * Near pass: day 1 diagnoses and rebuilds the one weak domain; day 2 opens with that domain's
 * retest and then practises mixed sets against the clock; day 3 is light review and logistics.
 */
export function nearPassSkeleton(weakDomain: DomainKey): SkeletonDay[] {
  const name = DOMAIN_SHORT_NAMES[weakDomain];
  const allSteps = TASK_LIBRARY[weakDomain].steps.map((_, i) => i);
  return [
    { day: 1, label: `Diagnose, then rebuild and prove ${name}`, slots: [{ kind: "diagnose" }, { kind: "rebuild", domain: weakDomain, steps: allSteps }] },
    {
      day: 2,
      label: "Timed practice",
      slots: [{ kind: "domain-retest", domain: weakDomain }, { kind: "mixed-set", style: "full" }, { kind: "miss-review" }],
    },
    wrapUpDay(3),
  ];
}

export function broadMissSkeleton(weakDomains: readonly DomainKey[], lengthDays: number): SkeletonDay[] {
  const allocation = allocateBroadMiss(weakDomains, lengthDays);
  const days: SkeletonDay[] = [];
  for (const a of allocation.domains) {
    const firstDay = days.length + 1;
    if (a.mode === "full") {
      days.push(...rebuildDays(a.domain, a.days, firstDay));
    } else {
      days.push({ day: firstDay, label: `${DOMAIN_SHORT_NAMES[a.domain]}: refresher`, slots: [{ kind: "light-review", domain: a.domain }] });
    }
  }
  days[0] = { ...days[0], label: `Diagnose, then ${days[0].label}`, slots: [{ kind: "diagnose" }, ...days[0].slots] };

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
  return days;
}
