/**
 * A small RFC 4180 writer (no CSV library is installed): fields with a comma, a double quote, a
 * CR or an LF are quoted, quotes doubled, records end with CRLF. Text that a spreadsheet would
 * run as a formula (starting with =, +, -, @, a tab or a CR) is prefixed with an apostrophe
 * (OWASP "CSV injection"); numbers are written as numbers, so a negative number stays a number.
 */
import { QUESTION_TIERS } from "@/lib/enums";
import { formatBar, type CohortReport } from "./report";

export type CsvCell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return "";
    return String(value);
  }
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: CsvCell[][]): string {
  return rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

const round = (v: number | null, digits: number): number | null => (v === null ? null : Number(v.toFixed(digits)));
const pct = (v: number | null) => round(v === null ? null : v * 100, 1);

/**
 * The report in long form: one measure per record (section, item, measure, value), so every table
 * of the page fits one file that spreadsheets and scripts read alike. Shares are percentages
 * (0–100) with one decimal; bar averages are bar lengths (0–100), not percentages.
 */
export function reportToCsv(report: CohortReport, cohortName: string): string {
  const rows: CsvCell[][] = [["section", "item", "measure", "value"]];
  const push = (section: string, item: string, measure: string, value: CsvCell) => rows.push([section, item, measure, value]);
  push("scope", "cohort", "name", cohortName);
  push("scope", "range", "first_week_monday_utc", report.range.from);
  push("scope", "range", "last_week_monday_utc", report.range.to);
  push("scope", "range", "weeks", report.range.weeks);
  const l = report.learners;
  for (const [k, v] of Object.entries({ learners: l.members, with_attempts: l.attempted, no_attempts: l.noAttempts, passed: l.passed, waiting: l.waiting, eligible: l.eligible })) {
    push("retake_status_now", k, "learners", v);
  }
  for (const d of report.domains) {
    push("domain", d.label, "learners_with_report", d.learnersWithReport);
    push("domain", d.label, "average_bar_length_0_100", d.averageBar === null ? null : Number(formatBar(d.averageBar)));
    push("domain", d.label, "weak_learners", d.weakLearners);
    push("domain", d.label, "weak_share_pct", pct(d.weakShare));
    push("domain", d.label, "practice_items", d.practiceTotal);
    push("domain", d.label, "practice_correct", d.practiceCorrect);
    push("domain", d.label, "practice_accuracy_pct", pct(d.accuracy));
  }
  for (const c of report.categories) {
    push("category", c.label, "practice_misses", c.practiceMisses);
    push("category", c.label, "practice_items", c.practiceTotal);
    push("category", c.label, "practice_miss_rate_pct", pct(c.missRate));
    push("category", c.label, "recorded_after_attempts", c.examReports);
  }
  for (const tier of QUESTION_TIERS) {
    push("practice_tier", tier, "misses", report.tiers[tier].misses);
    push("practice_tier", tier, "items", report.tiers[tier].total);
  }
  push("practice_tier", "edge", "share_of_misses_pct", pct(report.tiers.edgeShareOfMisses));
  const a = report.attempts;
  push("attempts", "all", "attempts", a.total);
  push("attempts", "all", "passes", a.passes);
  push("attempts", "all", "fails", a.fails);
  push("attempts", "all", "no_shows", a.noShows);
  push("attempts", "all", "pass_rate_pct", pct(a.passRate));
  push("attempts", "all", "mean_attempts_to_pass", round(a.meanAttemptsToPass, 2));
  for (const b of a.attemptsToPass) push("attempts_to_pass", b.label, "passes", b.n);
  for (const t of report.trend) {
    push("week", t.week, "attempts", t.attempts);
    push("week", t.week, "passes", t.passes);
    push("week", t.week, "practice_items", t.practiceTotal);
    push("week", t.week, "practice_accuracy_pct", pct(t.accuracy));
    push("week", t.week, "average_bar_length_0_100", round(t.averageBar, 1));
    push("week", t.week, "weak_share_pct", pct(t.weakShare));
  }
  return toCsv(rows);
}

/** A file name that is safe in a Content-Disposition header. */
export function csvFileName(cohortName: string, from: string, to: string): string {
  const slug = cohortName.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40) || "cohort";
  return `weak-domains-${slug}-${from}-to-${to}.csv`;
}
