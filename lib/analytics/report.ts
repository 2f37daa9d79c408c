/**
 * Cohort weak-domain report: the figures a cohort page shows, built from the sums that either the
 * rollups (lib/analytics/server/queries.ts) or a direct computation over raw rows return. Pure.
 *
 * Definitions (a range is a set of whole UTC weeks, see ./weeks.ts):
 * - Learners: a real cohort's current members; "all learners" = every learner with an attempt or
 *   a submitted practice set. A cohort's figures are its current members' whole histories.
 * - Per domain, over the range: each learner's **latest score report within the range** (the
 *   latest attempt taken in the range that has score-report bars; passes included). Average bar
 *   = mean bar length (0–100, a relative strength, not a percentage) over the learners whose
 *   report has that domain's bar; weak share = the share of those learners for whom the domain is
 *   weak on that report (weakDomains() of lib/policy/advice.ts).
 * - Practice: every item of the sets submitted in the range (by the set's submission week); an
 *   unanswered item is a miss. Accuracy = correct ÷ items. Domain, category and tier are the
 *   question's current ones.
 * - Most missed categories: practice misses by the question's category, with the number of
 *   attempts in the range after which learners recorded that category.
 * - Core vs edge: practice misses on core-tier vs edge-tier questions.
 * - Pass rate: passes ÷ attempts taken in the range (a no-show is an attempt that did not pass).
 *   Attempts to pass: for each pass in the range, its number in the learner's history.
 * - Retake status, now (not limited to the range): passed (latest attempt a pass), waiting
 *   (latest attempt a fail or no-show, policy's earliest next attempt still in the future),
 *   eligible (that instant reached), no attempts.
 * - Trend: per week of the range, the same practice figures, attempts and passes, and the bars of
 *   each learner's latest report of that week.
 */
import { DOMAIN_KEYS, DOMAIN_SHORT_NAMES, MISS_CATEGORIES, type DomainKey } from "@/lib/exam/az104";
import type { AttemptOutcome, QuestionTier } from "@/lib/enums";
import { weeksBetween, type WeekRange } from "./weeks";

export type Outcome = AttemptOutcome;

/** The sums behind a report: what the rollup queries and the direct queries both return. */
export interface CohortFigures {
  members: number;
  active: number;
  attempted: number;
  passed: number;
  nonPass: number;
  waiting: number;
  /** Latest report in the range, per domain. */
  domains: { domain: string; learners: number; barSum: number; weak: number }[];
  /** Practice items in the range by the question's current classification. */
  practice: { domain: string; category: string; tier: QuestionTier; total: number; correct: number }[];
  examCategories: { category: string; n: number }[];
  attempts: { attemptNo: number; outcome: Outcome; n: number }[];
  trendAttempts: { week: string; outcome: Outcome; n: number }[];
  trendPractice: { week: string; domain: string; total: number; correct: number }[];
  /** Per week, the learners' latest report of that week, per domain. */
  trendReports: { week: string; domain: string; learners: number; barSum: number; weak: number }[];
}

/** Figures in a canonical order, so two computations can be compared with deep equality. */
export function canonicalFigures(f: CohortFigures): CohortFigures {
  const by = <T>(list: T[], key: (t: T) => string) => [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const pad = (n: number) => String(n).padStart(6, "0");
  return {
    ...f,
    domains: by(f.domains.filter((d) => d.learners !== 0), (d) => d.domain),
    practice: by(f.practice.filter((p) => p.total !== 0), (p) => `${p.domain}|${p.category}|${p.tier}`),
    examCategories: by(f.examCategories.filter((c) => c.n !== 0), (c) => c.category),
    attempts: by(f.attempts.filter((a) => a.n !== 0), (a) => `${pad(a.attemptNo)}|${a.outcome}`),
    trendAttempts: by(f.trendAttempts.filter((a) => a.n !== 0), (a) => `${a.week}|${a.outcome}`),
    trendPractice: by(f.trendPractice.filter((p) => p.total !== 0), (p) => `${p.week}|${p.domain}`),
    trendReports: by(f.trendReports.filter((r) => r.learners !== 0), (r) => `${r.week}|${r.domain}`),
  };
}

export interface DomainRow {
  domain: string;
  label: string;
  learnersWithReport: number;
  averageBar: number | null;
  weakLearners: number;
  /** 0–1, share of learners (with a report) for whom the domain is weak. */
  weakShare: number | null;
  practiceTotal: number;
  practiceCorrect: number;
  /** 0–1. */
  accuracy: number | null;
}

export interface CategoryRow {
  category: string;
  label: string;
  domain: string;
  practiceMisses: number;
  practiceTotal: number;
  missRate: number | null;
  examReports: number;
}

export interface TierSplit {
  core: { misses: number; total: number };
  edge: { misses: number; total: number };
  /** 0–1, share of practice misses on edge-tier questions. */
  edgeShareOfMisses: number | null;
}

export interface AttemptSummary {
  total: number;
  passes: number;
  fails: number;
  noShows: number;
  passRate: number | null;
  /** Passes in the range by the pass's attempt number; the last bucket is "6+". */
  attemptsToPass: { label: string; n: number }[];
  meanAttemptsToPass: number | null;
}

export interface TrendRow {
  week: string;
  attempts: number;
  passes: number;
  practiceTotal: number;
  practiceCorrect: number;
  accuracy: number | null;
  averageBar: number | null;
  weakShare: number | null;
  accuracyByDomain: Record<string, number | null>;
}

export interface LearnerStatus {
  members: number;
  attempted: number;
  noAttempts: number;
  passed: number;
  waiting: number;
  eligible: number;
}

export interface CohortReport {
  range: WeekRange;
  learners: LearnerStatus;
  domains: DomainRow[];
  categories: CategoryRow[];
  tiers: TierSplit;
  attempts: AttemptSummary;
  trend: TrendRow[];
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

export const ATTEMPTS_TO_PASS_BUCKETS = ["1", "2", "3", "4", "5", "6+"] as const;

const CATEGORY_INFO = new Map(MISS_CATEGORIES.map((c) => [c.key, c]));

export function domainLabel(domain: string): string {
  return DOMAIN_SHORT_NAMES[domain as DomainKey] ?? domain;
}

export function categoryLabel(category: string): string {
  return CATEGORY_INFO.get(category)?.label ?? category;
}

/** The study-guide domains first (in outline order), then any other domain found in the data. */
function domainOrder(found: Iterable<string>): string[] {
  const extra = [...new Set(found)].filter((d) => !(DOMAIN_KEYS as readonly string[]).includes(d)).sort();
  return [...DOMAIN_KEYS, ...extra];
}

export function buildCohortReport(f: CohortFigures, range: WeekRange, isAllLearners: boolean): CohortReport {
  const members = isAllLearners ? f.active : f.members;
  const learners: LearnerStatus = {
    members,
    attempted: f.attempted,
    noAttempts: Math.max(0, members - f.attempted),
    passed: f.passed,
    waiting: f.waiting,
    eligible: Math.max(0, f.nonPass - f.waiting),
  };

  const practiceByDomain = new Map<string, { total: number; correct: number }>();
  const practiceByCategory = new Map<string, { total: number; correct: number; domain: string }>();
  const tiers: TierSplit = { core: { misses: 0, total: 0 }, edge: { misses: 0, total: 0 }, edgeShareOfMisses: null };
  for (const p of f.practice) {
    const d = practiceByDomain.get(p.domain) ?? { total: 0, correct: 0 };
    d.total += p.total;
    d.correct += p.correct;
    practiceByDomain.set(p.domain, d);
    const c = practiceByCategory.get(p.category) ?? { total: 0, correct: 0, domain: p.domain };
    c.total += p.total;
    c.correct += p.correct;
    practiceByCategory.set(p.category, c);
    tiers[p.tier].total += p.total;
    tiers[p.tier].misses += p.total - p.correct;
  }
  tiers.edgeShareOfMisses = ratio(tiers.edge.misses, tiers.core.misses + tiers.edge.misses);

  const reportByDomain = new Map(f.domains.map((d) => [d.domain, d]));
  const domains: DomainRow[] = domainOrder([...reportByDomain.keys(), ...practiceByDomain.keys()]).map((domain) => {
    const r = reportByDomain.get(domain) ?? { learners: 0, barSum: 0, weak: 0 };
    const p = practiceByDomain.get(domain) ?? { total: 0, correct: 0 };
    return {
      domain,
      label: domainLabel(domain),
      learnersWithReport: r.learners,
      averageBar: ratio(r.barSum, r.learners),
      weakLearners: r.weak,
      weakShare: ratio(r.weak, r.learners),
      practiceTotal: p.total,
      practiceCorrect: p.correct,
      accuracy: ratio(p.correct, p.total),
    };
  });

  const examReports = new Map(f.examCategories.map((c) => [c.category, c.n]));
  const categories: CategoryRow[] = [...new Set([...practiceByCategory.keys(), ...examReports.keys()])]
    .map((category) => {
      const p = practiceByCategory.get(category);
      const misses = p ? p.total - p.correct : 0;
      return {
        category,
        label: categoryLabel(category),
        domain: p?.domain ?? CATEGORY_INFO.get(category)?.domain ?? "",
        practiceMisses: misses,
        practiceTotal: p?.total ?? 0,
        missRate: p ? ratio(misses, p.total) : null,
        examReports: examReports.get(category) ?? 0,
      };
    })
    .filter((c) => c.practiceMisses > 0 || c.examReports > 0)
    .sort((a, b) => b.practiceMisses - a.practiceMisses || b.examReports - a.examReports || a.category.localeCompare(b.category));

  const attempts: AttemptSummary = { total: 0, passes: 0, fails: 0, noShows: 0, passRate: null, attemptsToPass: [], meanAttemptsToPass: null };
  const buckets = new Map<string, number>(ATTEMPTS_TO_PASS_BUCKETS.map((b) => [b, 0]));
  let attemptNoSum = 0;
  for (const a of f.attempts) {
    attempts.total += a.n;
    if (a.outcome === "pass") {
      attempts.passes += a.n;
      attemptNoSum += a.attemptNo * a.n;
      const label = a.attemptNo >= 6 ? "6+" : String(a.attemptNo);
      buckets.set(label, (buckets.get(label) ?? 0) + a.n);
    } else if (a.outcome === "fail") attempts.fails += a.n;
    else attempts.noShows += a.n;
  }
  attempts.passRate = ratio(attempts.passes, attempts.total);
  attempts.attemptsToPass = [...buckets].map(([label, n]) => ({ label, n }));
  attempts.meanAttemptsToPass = ratio(attemptNoSum, attempts.passes);

  const trend: TrendRow[] = weeksBetween(range.from, range.to).map((week) => ({
    week,
    attempts: 0,
    passes: 0,
    practiceTotal: 0,
    practiceCorrect: 0,
    accuracy: null,
    averageBar: null,
    weakShare: null,
    accuracyByDomain: {},
  }));
  const byWeek = new Map(trend.map((t) => [t.week, t]));
  for (const a of f.trendAttempts) {
    const t = byWeek.get(a.week);
    if (!t) continue;
    t.attempts += a.n;
    if (a.outcome === "pass") t.passes += a.n;
  }
  const domainPractice = new Map<string, { total: number; correct: number }>();
  for (const p of f.trendPractice) {
    const t = byWeek.get(p.week);
    if (!t) continue;
    t.practiceTotal += p.total;
    t.practiceCorrect += p.correct;
    domainPractice.set(`${p.week}|${p.domain}`, { total: p.total, correct: p.correct });
  }
  const barTotals = new Map<string, { learners: number; barSum: number; weak: number }>();
  for (const r of f.trendReports) {
    const b = barTotals.get(r.week) ?? { learners: 0, barSum: 0, weak: 0 };
    b.learners += r.learners;
    b.barSum += r.barSum;
    b.weak += r.weak;
    barTotals.set(r.week, b);
  }
  const allDomains = domains.map((d) => d.domain);
  for (const t of trend) {
    t.accuracy = ratio(t.practiceCorrect, t.practiceTotal);
    const b = barTotals.get(t.week);
    t.averageBar = b ? ratio(b.barSum, b.learners) : null;
    t.weakShare = b ? ratio(b.weak, b.learners) : null;
    for (const d of allDomains) {
      const p = domainPractice.get(`${t.week}|${d}`);
      t.accuracyByDomain[d] = p ? ratio(p.correct, p.total) : null;
    }
  }

  return { range, learners, domains, categories, tiers, attempts, trend };
}

/** A 0–1 share as "42.5 %", or "—" without data. */
export function formatShare(value: number | null, digits = 1): string {
  return value === null ? "—" : `${(value * 100).toFixed(digits)} %`;
}

/** A bar average (0–100 chart length) with one decimal, or "—". Not a percentage. */
export function formatBar(value: number | null): string {
  return value === null ? "—" : value.toFixed(1);
}
