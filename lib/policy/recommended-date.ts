/**
 * The one recommended retake date, with its reason. Every place that shows a retake date — the
 * status page, the plan pages, the coach dashboard and both calendar files — takes it from here,
 * so they cannot disagree.
 *
 * Recommended date = the latest of
 *   - the retake policy's earliest instant (the rules; advice never undercuts them),
 *   - the end of the repair work: the plan's target date, or, without a plan, the end of the
 *     schedule the failure pattern calls for (attempt + schedule days),
 *   - the day readiness held (lib/practice/readiness.ts: two qualifying sets in a row at mostly
 *     edge cases, on questions met for the first time).
 * Until readiness holds there is no recommended date, only the earliest it could be: the seed says
 * to retest before scheduling again. The date is a calendar date in the learner's zone. "Today" is
 * deliberately not a candidate: the date stays put from one visit to the next (and in an imported
 * calendar), and a date that has passed is shown as reached rather than silently moved.
 *
 * Pure: no React, Next or database.
 */
import type { AttemptOutcome } from "@/lib/enums";
import { formatter, isoDateInZone } from "@/lib/format";

export type DateSource = "policy" | "plan" | "readiness";

export interface RecommendedDateInput {
  /** The latest attempt's outcome; null without attempts. */
  latestOutcome: AttemptOutcome | null;
  /** The policy's earliest next attempt (evaluateRetake); null when no wait applies. */
  policyEarliestAt: Date | null;
  /** Where the repair work ends (YYYY-MM-DD): an active plan's target date, or the schedule's end. */
  workEnd: { date: string; source: "plan" | "schedule" } | null;
  readiness: { ready: boolean; readyAt: Date | null; missing: readonly string[] };
  /** The learner's zone: instants become calendar dates there. */
  timeZone: string;
}

export interface DatePart {
  source: DateSource;
  /** YYYY-MM-DD, or null when that part is not known yet (readiness that has not held). */
  date: string | null;
  label: string;
}

export type RecommendedDay =
  | {
      status: "recommended";
      /** YYYY-MM-DD in the learner's zone. */
      date: string;
      /** The part(s) that set the date (several when they fall on the same day). */
      binding: DateSource[];
      reason: string;
      parts: DatePart[];
    }
  | {
      status: "waiting-for-readiness";
      /** The earliest the date could be, from the policy and the repair work; null when neither applies. */
      notBefore: string | null;
      reason: string;
      parts: DatePart[];
    }
  | { status: "none"; reason: string; parts: DatePart[] };

/** "Tue, 3 Jun 2026": a calendar date, never shifted by a zone. */
export function formatDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return formatter("en-GB", "UTC", { weekday: "short", day: "numeric", month: "short", year: "numeric" }).format(d);
}

const LABEL: Record<DateSource, string> = {
  policy: "the retake policy allows the next attempt",
  plan: "the repair work ends",
  readiness: "readiness held",
};

export function recommendRetakeDay(input: RecommendedDateInput): RecommendedDay {
  if (input.latestOutcome === null) {
    return { status: "none", reason: "No attempt is recorded, so no retake date applies: book the exam when you are ready.", parts: [] };
  }
  if (input.latestOutcome === "pass") {
    return { status: "none", reason: "You passed: no retake is needed.", parts: [] };
  }
  const policyDate = input.policyEarliestAt ? isoDateInZone(input.policyEarliestAt, input.timeZone) : null;
  const readyDate = input.readiness.ready && input.readiness.readyAt ? isoDateInZone(input.readiness.readyAt, input.timeZone) : null;
  const parts: DatePart[] = [
    { source: "policy", date: policyDate, label: policyDate ? `The retake policy allows your next attempt from ${formatDay(policyDate)}` : "The retake policy sets no wait" },
    {
      source: "plan",
      date: input.workEnd?.date ?? null,
      label: input.workEnd
        ? input.workEnd.source === "plan"
          ? `Your repair plan runs until ${formatDay(input.workEnd.date)}`
          : `The repair schedule for your result runs until ${formatDay(input.workEnd.date)}`
        : "No repair work is scheduled",
    },
    { source: "readiness", date: readyDate, label: readyDate ? `Readiness held on ${formatDay(readyDate)}` : "Readiness has not held yet" },
  ];
  const known = parts.filter((p): p is DatePart & { date: string } => p.date !== null);
  const latest = known.reduce<string | null>((max, p) => (max === null || p.date > max ? p.date : max), null);

  if (!readyDate) {
    const floor = known.filter((p) => p.source !== "readiness");
    const notBefore = floor.reduce<string | null>((max, p) => (max === null || p.date > max ? p.date : max), null);
    const missing = input.readiness.missing[0] ?? "Two qualifying sets in a row at mostly edge cases.";
    const reason =
      `No date yet: retest before you book. Readiness has not held (${missing.replace(/\.$/, "")}).` +
      (notBefore ? ` Not before ${formatDay(notBefore)}: ${floor.filter((p) => p.date === notBefore).map((p) => LABEL[p.source]).join(" and ")} then.` : "");
    return { status: "waiting-for-readiness", notBefore, reason, parts };
  }

  const date = latest!;
  const binding = known.filter((p) => p.date === date).map((p) => p.source);
  const why = binding.map((b) => parts.find((p) => p.source === b)!.label).join("; ");
  const others = parts.filter((p) => !binding.includes(p.source) && p.date !== null).map((p) => `${p.label.charAt(0).toLowerCase()}${p.label.slice(1)}`);
  const reason = `${why}.${others.length ? ` That is later than: ${others.join("; ")}.` : ""}`;
  return { status: "recommended", date, binding, reason, parts };
}
