// The one recommended retake date and readiness, as every page shows them (server components; no
// client code). The words come from lib/policy/recommended-date.ts and lib/practice/readiness.ts,
// so the status page, the plans and the coach's view say exactly the same thing.

import { TBody, TD, TH, THead, Table } from "@/components/ui";
import { formatDateTime } from "@/lib/format";
import { formatDay, type RecommendedDay } from "@/lib/policy/recommended-date";
import { READINESS_MIN_FRESH, READY_STREAK, type ReadinessReport, type SetEvidence } from "@/lib/practice/readiness";

/** The recommended date (or why there is none yet) with its reason. `testId` marks it for the browser tests. */
export function RecommendedDate({ recommended, testId = "recommended", compact = false }: { recommended: RecommendedDay; testId?: string; compact?: boolean }) {
  const headline =
    recommended.status === "recommended"
      ? formatDay(recommended.date)
      : recommended.status === "waiting-for-readiness"
        ? "Not yet: retest first"
        : "No retake needed";
  return (
    <div data-testid={testId}>
      <p className={compact ? "font-semibold text-slate-900" : "text-xl font-bold text-brand-700"} data-testid={`${testId}-date`} data-date={recommended.status === "recommended" ? recommended.date : ""}>
        {headline}
      </p>
      <p className={`${compact ? "text-xs" : "mt-1 text-sm"} text-slate-600`} data-testid={`${testId}-reason`}>
        {recommended.reason}
      </p>
    </div>
  );
}

export const READINESS_STATE_LABEL: Record<ReadinessReport["state"], string> = {
  "not-enough-evidence": "Not enough evidence yet",
  "core-gaps": "Core gaps",
  "mostly-edge": "Mostly edge cases",
};

/** One line per state: "Ready", or the state and what is missing. */
export function readinessHeadline(r: ReadinessReport): string {
  if (r.ready) return "Ready: mostly edge cases on two qualifying sets in a row";
  return READINESS_STATE_LABEL[r.state];
}

export function evidenceLabel(e: SetEvidence): string {
  switch (e.kind) {
    case "practice":
      return "Practice only (not under exam conditions)";
    case "not-measured":
      return "Not measured (before readiness was recorded)";
    case "not-enough-evidence":
      return `Too few new questions (${e.fresh} of ${READINESS_MIN_FRESH} needed)`;
    case "core-gaps":
      return `Core gaps: ${e.coreMisses} core, ${e.edgeMisses} edge misses on ${e.fresh} new questions`;
    case "mostly-edge":
      return `Mostly edge cases: ${e.coreMisses} core, ${e.edgeMisses} edge misses on ${e.fresh} new questions`;
  }
}

/** The readiness state, what is missing, and (optionally) the history of qualifying sets. */
export function ReadinessSummary({ readiness, timeZone, showHistory = true }: { readiness: ReadinessReport; timeZone: string; showHistory?: boolean }) {
  const shown = readiness.history.filter((h) => h.evidence.kind !== "practice").reverse();
  return (
    <div>
      <p className={`text-xl font-bold ${readiness.ready ? "text-emerald-700" : readiness.state === "core-gaps" ? "text-amber-800" : "text-slate-900"}`} data-testid="readiness-state">
        {readinessHeadline(readiness)}
      </p>
      {readiness.ready && readiness.readyAt && (
        <p className="text-sm text-slate-600">Since {formatDateTime(readiness.readyAt, timeZone)}.</p>
      )}
      {readiness.missing.length > 0 && (
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-700" aria-label="What is still missing" data-testid="readiness-missing">
          {readiness.missing.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
      <p className="mt-2 text-xs text-slate-500">
        Readiness counts only Timed mixed sets of 25 questions or more at exam pace, and in them only the questions you meet for the
        first time: a question whose review you have seen, or whose answer a sibling&apos;s review gives away, no longer counts. Ready
        means {READY_STREAK} such sets in a row with misses mostly edge cases, since your latest attempt.
      </p>
      {showHistory && (
        <div className="mt-4">
          <h3 className="text-sm font-semibold text-slate-800">Readiness history</h3>
          {shown.length === 0 ? (
            <p className="mt-1 text-sm text-slate-600">No qualifying set yet.</p>
          ) : (
            <Table bare caption="Qualifying sets, latest first" className="mt-2" data-testid="readiness-history">
              <THead plain>
                <tr>
                  <TH plain className="py-1">Submitted</TH>
                  <TH plain className="py-1">What it says</TH>
                </tr>
              </THead>
              <TBody>
                {shown.map((h) => (
                  <tr key={h.id} className={h.counts ? "" : "text-slate-400"}>
                    <TD plain className="py-1.5 tabular-nums">{formatDateTime(h.submittedAt, timeZone)}</TD>
                    <TD plain className="py-1.5">
                      {evidenceLabel(h.evidence)}
                      {!h.counts && " · before your latest attempt, not counted"}
                    </TD>
                  </tr>
                ))}
              </TBody>
            </Table>
          )}
        </div>
      )}
    </div>
  );
}
