/**
 * What one learner contributes to the cohort rollups, derived from their raw history. Pure: the
 * write transactions (lib/analytics/server/rollups.ts) load a learner's attempts and practice totals,
 * derive the facts here, and apply the difference to every cohort the learner belongs to. The
 * full recomputation (set-based SQL in rollups.ts) must produce the same rows; the integration
 * test lib/analytics/server/rollups.int.test.ts checks that it does.
 */
import { DOMAIN_KEYS, type DomainKey } from "@/lib/exam/az104";
import { weakDomains } from "@/lib/policy/advice";
import { evaluateRetake, type AttemptOutcome, type RetakePolicy } from "@/lib/policy/retake";
import { INFINITY_WEEK, utcDay, weekStartOf } from "./weeks";

export interface HistoryAttempt {
  id: string;
  takenAt: Date;
  outcome: AttemptOutcome;
  score: number | null;
  certExpiresAt: Date | null;
  bars: { domain: string; bar: number }[];
  categories: string[];
}

export interface PracticeTotals {
  /** Submitted sets. */
  sets: number;
  /** Items in submitted sets (an unanswered item counts as a miss). */
  total: number;
  correct: number;
}

export interface LearnerStats {
  attempts: number;
  passes: number;
  firstPassAttemptNo: number | null;
  latestTakenAt: Date | null;
  latestOutcome: AttemptOutcome | null;
  latestScore: number | null;
  eligibleAt: Date | null;
  practiceSets: number;
  practiceTotal: number;
  practiceCorrect: number;
}

export interface ReportWeekFact {
  weekStart: string;
  domain: string;
  nextWeek: string;
  attemptId: string;
  bar: number;
  weak: boolean;
}

export interface AttemptFact {
  attemptNo: number;
  attemptId: string;
  weekStart: string;
  outcome: AttemptOutcome;
}

export interface CategoryWeekFact {
  weekStart: string;
  category: string;
  n: number;
}

export interface LearnerFacts {
  /** Null when the learner has no activity (no attempt, no submitted practice set). */
  stats: LearnerStats | null;
  reports: ReportWeekFact[];
  attempts: AttemptFact[];
  categories: CategoryWeekFact[];
}

const KNOWN_DOMAINS = new Set<string>(DOMAIN_KEYS);

/** Time order; an exact tie (never allowed by the policy) falls back to the id, as the SQL does. */
export function compareAttempts(a: { takenAt: Date; id: string }, b: { takenAt: Date; id: string }): number {
  return a.takenAt.getTime() - b.takenAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Bars of known domains only: the same readings weakDomains() considers. */
function reportBars(a: HistoryAttempt): { domain: DomainKey; bar: number }[] {
  return a.bars.filter((b) => KNOWN_DOMAINS.has(b.domain)).map((b) => ({ domain: b.domain as DomainKey, bar: b.bar }));
}

export function deriveLearnerFacts(history: HistoryAttempt[], practice: PracticeTotals, policy: RetakePolicy): LearnerFacts {
  const sorted = [...history].sort(compareAttempts);
  if (sorted.length === 0 && practice.sets === 0) return { stats: null, reports: [], attempts: [], categories: [] };

  const attempts: AttemptFact[] = sorted.map((a, i) => ({ attemptNo: i + 1, attemptId: a.id, weekStart: weekStartOf(a.takenAt), outcome: a.outcome }));

  const categoryCounts = new Map<string, CategoryWeekFact>();
  for (const a of sorted) {
    const week = weekStartOf(a.takenAt);
    for (const category of new Set(a.categories)) {
      const key = `${week}|${category}`;
      const row = categoryCounts.get(key) ?? { weekStart: week, category, n: 0 };
      row.n++;
      categoryCounts.set(key, row);
    }
  }

  // The last report (attempt with bars) of each week, then chained to the next week with one.
  const lastOfWeek = new Map<string, HistoryAttempt>();
  for (const a of sorted) if (reportBars(a).length > 0) lastOfWeek.set(weekStartOf(a.takenAt), a);
  const weeks = [...lastOfWeek.keys()].sort();
  const reports: ReportWeekFact[] = [];
  weeks.forEach((week, i) => {
    const a = lastOfWeek.get(week)!;
    const bars = reportBars(a);
    const weak = new Set<string>(weakDomains(bars));
    const nextWeek = weeks[i + 1] ?? INFINITY_WEEK;
    for (const b of bars) reports.push({ weekStart: week, domain: b.domain, nextWeek, attemptId: a.id, bar: b.bar, weak: weak.has(b.domain) });
  });

  const latest = sorted.at(-1) ?? null;
  const firstPass = sorted.findIndex((a) => a.outcome === "pass");
  const decision = latest
    ? evaluateRetake({
        attempts: sorted.map((a) => ({ takenAt: a.takenAt, outcome: a.outcome })),
        now: latest.takenAt,
        certificationExpiresAt: latest.outcome === "pass" ? latest.certExpiresAt : null,
        policy,
      })
    : null;

  return {
    stats: {
      attempts: sorted.length,
      passes: sorted.filter((a) => a.outcome === "pass").length,
      firstPassAttemptNo: firstPass >= 0 ? firstPass + 1 : null,
      latestTakenAt: latest?.takenAt ?? null,
      latestOutcome: latest?.outcome ?? null,
      latestScore: latest?.score ?? null,
      eligibleAt: decision?.earliestAt ?? null,
      practiceSets: practice.sets,
      practiceTotal: practice.total,
      practiceCorrect: practice.correct,
    },
    reports,
    attempts,
    categories: [...categoryCounts.values()],
  };
}

// --- Contributions to a cohort --------------------------------------------------------------

/** A multiset of rollup rows: key → the key's columns and its additive values. */
export type Bag<K> = Map<string, { key: K; values: number[] }>;

export interface ReportKey {
  weekStart: string;
  nextWeek: string;
  domain: string;
}
export interface AttemptKey {
  weekStart: string;
  attemptNo: number;
  outcome: AttemptOutcome;
}
export interface CategoryKey {
  weekStart: string;
  category: string;
}
export interface DayKey {
  day: string;
}
export interface CountsKey {
  counts: true;
}

/** Values: reports [learners, barSum, weak]; attempts [n]; categories [n]; counts [members, active, attempted, passed, nonPass]; eligibleDays [n]. */
export interface Contribution {
  reports: Bag<ReportKey>;
  attempts: Bag<AttemptKey>;
  categories: Bag<CategoryKey>;
  counts: Bag<CountsKey>;
  eligibleDays: Bag<DayKey>;
}

export function emptyContribution(): Contribution {
  return { reports: new Map(), attempts: new Map(), categories: new Map(), counts: new Map(), eligibleDays: new Map() };
}

function add<K>(bag: Bag<K>, id: string, key: K, values: number[]): void {
  const row = bag.get(id);
  if (!row) {
    bag.set(id, { key, values: [...values] });
    return;
  }
  values.forEach((v, i) => (row.values[i] = (row.values[i] ?? 0) + v));
}

/**
 * One learner's rows in a cohort's rollups. `members` is not part of it: membership is added by
 * the membership change itself (the all-learners pseudo-cohort counts `active` learners instead).
 */
export function contributionOf(facts: LearnerFacts): Contribution {
  const c = emptyContribution();
  if (!facts.stats) return c;
  for (const r of facts.reports) add(c.reports, `${r.weekStart}|${r.nextWeek}|${r.domain}`, { weekStart: r.weekStart, nextWeek: r.nextWeek, domain: r.domain }, [1, r.bar, r.weak ? 1 : 0]);
  for (const a of facts.attempts) add(c.attempts, `${a.weekStart}|${a.attemptNo}|${a.outcome}`, { weekStart: a.weekStart, attemptNo: a.attemptNo, outcome: a.outcome }, [1]);
  for (const k of facts.categories) add(c.categories, `${k.weekStart}|${k.category}`, { weekStart: k.weekStart, category: k.category }, [k.n]);
  const s = facts.stats;
  const latestIsPass = s.latestOutcome === "pass";
  const nonPass = s.latestOutcome !== null && !latestIsPass;
  add(c.counts, "counts", { counts: true }, [0, 1, s.attempts > 0 ? 1 : 0, latestIsPass ? 1 : 0, nonPass ? 1 : 0]);
  if (nonPass && s.eligibleAt) add(c.eligibleDays, utcDay(s.eligibleAt), { day: utcDay(s.eligibleAt) }, [1]);
  return c;
}

/** `after - before`, without the rows whose values all cancel out. */
export function diffContribution(after: Contribution, before: Contribution): Contribution {
  const out = emptyContribution();
  const diffBag = <K>(a: Bag<K>, b: Bag<K>, target: Bag<K>) => {
    for (const [id, row] of a) add(target, id, row.key, row.values);
    for (const [id, row] of b) add(target, id, row.key, row.values.map((v) => -v));
    for (const [id, row] of target) if (row.values.every((v) => v === 0)) target.delete(id);
  };
  diffBag(after.reports, before.reports, out.reports);
  diffBag(after.attempts, before.attempts, out.attempts);
  diffBag(after.categories, before.categories, out.categories);
  diffBag(after.counts, before.counts, out.counts);
  diffBag(after.eligibleDays, before.eligibleDays, out.eligibleDays);
  return out;
}

export function isEmptyContribution(c: Contribution): boolean {
  return c.reports.size + c.attempts.size + c.categories.size + c.counts.size + c.eligibleDays.size === 0;
}
