import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell";
import { Countdown } from "@/components/countdown";
import { OutcomeBadge } from "@/components/outcome-badge";
import { ScoreHistoryChart } from "@/components/score-history-chart";
import { ScoreReportBars } from "@/components/score-report-bars";
import { EmptyState } from "@/components/ui/empty-state";
import { Alert, Section, buttonClasses, cn } from "@/components/ui";
import { cardClass } from "@/components/ui/styles";
import { ReadinessSummary, RecommendedDate } from "@/components/retake-readiness";
import { getMyRetakePicture } from "@/lib/dal/readiness";
import { requireLearner } from "@/lib/dal/guard";
import { DOMAIN_SHORT_NAMES } from "@/lib/exam/az104";
import { formatDate, formatDateTime, formatLongDateTime } from "@/lib/format";
import { ADVICE_THRESHOLDS, SCHEDULES, WEAK_SIGNAL_GUIDE, weakDomains } from "@/lib/policy/advice";

export const metadata: Metadata = { title: "Retake status" };

export default async function RetakeStatusPage({ searchParams }: { searchParams: Promise<{ recorded?: string }> }) {
  const user = await requireLearner("/learn/status");
  const now = new Date();
  const { exam, overview, readiness, recommended } = await getMyRetakePicture(user, now);
  const { decision, advice } = overview;
  const { recorded } = await searchParams;
  const tz = user.timeZone;

  if (overview.history.length === 0) {
    return (
      <>
        <PageHeader title="Retake status" description={`${exam.code} · ${exam.title}`} />
        <EmptyState title="You may book the exam whenever you are ready" action={{ href: "/learn/attempts/new", label: "Record an attempt" }}>
          No attempts are recorded yet, so no waiting period applies. After an attempt, this page shows when the retake
          policy lets you sit again and when it would be wise to.{" "}
          <Link href="/learn/rules" className={buttonClasses({ variant: "link" })}>
            Know the rules: a five-question check
          </Link>
        </EmptyState>
      </>
    );
  }

  const latestReport = [...overview.history].reverse().find((a) => a.readings.length > 0) ?? null;
  const weak = advice?.weakDomains ?? (latestReport ? weakDomains(latestReport.readings) : []);
  const windowEndText = decision.windowEnd ? formatDate(decision.windowEnd, tz) : "—";

  return (
    <>
      <PageHeader
        title="Retake status"
        description={`${exam.code} · ${exam.title}`}
        actions={
          <>
            <a href="/learn/status/calendar.ics" className={buttonClasses({ variant: "secondary" })} download>
              Add to calendar (.ics)
            </a>
            <Link href="/learn/rules" className={buttonClasses({ variant: "secondary" })}>
              Know the rules
            </Link>
            <Link href="/learn/attempts/new" className={buttonClasses()}>
              Record an attempt
            </Link>
          </>
        }
      />
      {recorded && (
        <Alert tone="success" className="mb-4">
          Your attempt was recorded.
        </Alert>
      )}

      <Section
        headingId="eligibility-h"
        title="May I sit the exam now?"
        className="mb-6"
        headingStyle="label"
      >
        {decision.allowed ? (
          <p className="mt-2 text-2xl font-bold text-emerald-700" data-testid="eligibility">
            Yes — the retake policy allows your next attempt now.
          </p>
        ) : (
          <div className="mt-2 space-y-3">
            <p className="text-2xl font-bold text-slate-900" data-testid="eligibility">
              {decision.earliestAt ? "Not yet." : "No — not while your certification is valid."}
            </p>
            {decision.earliestAt ? (
              <>
                <p className="text-slate-700">
                  Allowed from <strong>{formatLongDateTime(decision.earliestAt, tz)}</strong> your time ({tz.replaceAll("_", " ")})
                  <br />
                  <span className="text-sm text-slate-500">= {formatDateTime(decision.earliestAt, "UTC")} UTC</span>
                </p>
                <Countdown
                  targetMs={decision.earliestAt.getTime()}
                  serverNowMs={now.getTime()}
                  doneText="The wait is over: you may book your retake now."
                />
              </>
            ) : (
              <p className="text-slate-700">
                Record your certification&apos;s expiry date on the passed attempt; a retake is allowed from that date.
              </p>
            )}
            <p className="text-sm text-slate-700">
              Rule: <strong data-testid="rule">{overview.reason}</strong>.
            </p>
          </div>
        )}
        <dl className="mt-5 grid gap-4 border-t border-slate-100 pt-4 text-sm sm:grid-cols-3">
          <div>
            <dt className="text-slate-500">Attempts used in this 12-month window</dt>
            <dd className="text-lg font-semibold text-slate-900">
              {overview.attemptsUsedNow} of {overview.attemptsUsedNow + overview.attemptsLeftNow}
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">Attempts left</dt>
            <dd className="text-lg font-semibold text-slate-900">{overview.attemptsLeftNow}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Window ends</dt>
            <dd className="text-lg font-semibold text-slate-900">
              {decision.windowEnd && decision.windowEnd.getTime() > now.getTime() ? windowEndText : `ended (${windowEndText})`}
            </dd>
          </div>
        </dl>
      </Section>

      {advice && (
        <Section
          headingId="advice-h"
          title="Advice: when it is wise to retake"
          className="mb-6 border-brand-100 bg-brand-50/40"
          description={
            <>
              The rules above say when you <em>may</em> sit again. This is advice on when you are likely to be ready; it is
              never earlier than the rules allow.
            </>
          }
        >
          <div className="mt-4 grid gap-6 md:grid-cols-2">
            <div>
              <p className="text-sm text-slate-600">Your last result looks like a</p>
              <p className="text-xl font-bold text-slate-900" data-testid="pattern">
                {advice.pattern === "near-pass" ? "Near pass" : advice.pattern === "pacing" ? "Pacing" : "Broad miss"}
              </p>
              <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-700">
                {advice.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
              <p className="mt-4 text-sm text-slate-600">Recommended retake date</p>
              <RecommendedDate recommended={recommended} />
              <p className="mt-1 text-xs text-slate-600">
                The latest of: the policy&apos;s earliest date, the end of your repair plan (without a plan, {advice.scheduleDays} days
                after the attempt), and the day readiness held.
              </p>
            </div>
            <div>
              <p className="text-sm font-semibold text-slate-800">
                The {advice.pattern} schedule ({SCHEDULES[advice.pattern].days[0]}
                {SCHEDULES[advice.pattern].days[1] !== SCHEDULES[advice.pattern].days[0] ? `–${SCHEDULES[advice.pattern].days[1]}` : ""} days)
              </p>
              <ol className="mt-2 list-decimal space-y-1 pl-5 text-sm text-slate-700">
                {SCHEDULES[advice.pattern].outline.map((step) => (
                  <li key={step}>{step}</li>
                ))}
              </ol>
            </div>
          </div>
          <p className="mt-4 text-xs text-slate-600">
            Thresholds: a near pass is a score from {exam.passingScore - ADVICE_THRESHOLDS.nearPassMaxShortfall} to{" "}
            {exam.passingScore - 1} with at most {ADVICE_THRESHOLDS.nearPassMaxWeakDomains} weak domain; a bar
            is weak below {ADVICE_THRESHOLDS.weakBarBelow} or {ADVICE_THRESHOLDS.relativeGap} or more below your own average bar; a
            near pass with no weak bar is pacing when you ran out of time, left or guessed {ADVICE_THRESHOLDS.pacingGuessedAtLeast} or more
            items, or had under {Math.round(ADVICE_THRESHOLDS.pacingHalfwayShareBelow * 100)} of every 100 minutes left at the halfway question.
          </p>
        </Section>
      )}

      <Section headingId="readiness-h" title="Readiness" className="mb-6">
        <div className="mt-2">
          <ReadinessSummary readiness={readiness} timeZone={tz} />
        </div>
      </Section>

      <div className="grid gap-6 lg:grid-cols-2">
        <Section headingId="report-h" title="Latest score report">
          {latestReport ? (
            <>
              <p className="mb-3 text-sm text-slate-500">
                {formatDate(latestReport.takenAt, tz)} · scaled score {latestReport.score ?? "—"}
              </p>
              <ScoreReportBars
                readings={latestReport.readings}
                weak={weak}
                guideAnchor={(d) => `#guide-${d}`}
                caption="Bar length read off your score report (0–100): relative strength per skill area, not a percentage correct."
              />
            </>
          ) : (
            <p className="mt-2 text-sm text-slate-600">No score report recorded (a no-show has none).</p>
          )}
        </Section>

        <Section headingId="history-h" title="History">
          <ScoreHistoryChart
            passingScore={exam.passingScore}
            points={overview.history.map((a) => ({ label: formatDate(a.takenAt, tz), score: a.score, outcome: a.outcome }))}
          />
          <ol className="mt-3 space-y-2 text-sm" aria-label="Attempts, oldest first">
            {overview.history.map((a, i) => (
              <li key={a.id} className="flex flex-wrap items-center gap-2">
                <span className="w-6 text-slate-500">{i + 1}.</span>
                <span className="text-slate-800">{formatDateTime(a.takenAt, tz)}</span>
                <OutcomeBadge outcome={a.outcome} />
                <span className="tabular-nums text-slate-600">
                  {a.score === null ? "no score" : `${a.score} (${a.score >= exam.passingScore ? "at or above" : "below"} the pass line ${exam.passingScore})`}
                </span>
              </li>
            ))}
          </ol>
        </Section>
      </div>

      {weak.length > 0 && (
        <section aria-labelledby="guide-h" className="mt-6">
          <h2 id="guide-h" className="mb-3 text-lg font-semibold text-slate-900">
            Your weak domains: what they may mean
          </h2>
          <div className="grid gap-4 md:grid-cols-2">
            {weak.map((d) => (
              <article key={d} id={`guide-${d}`} className={cn(cardClass, "scroll-mt-6")}>
                <h3 className="font-semibold text-slate-900">{DOMAIN_SHORT_NAMES[d]}</h3>
                <p className="mt-2 text-sm text-slate-700">
                  <span className="font-medium">What it may mean: </span>
                  {WEAK_SIGNAL_GUIDE[d].meaning}
                </p>
                <p className="mt-1 text-sm text-slate-700">
                  <span className="font-medium">Repair: </span>
                  {WEAK_SIGNAL_GUIDE[d].repair}
                </p>
              </article>
            ))}
          </div>
        </section>
      )}
    </>
  );
}
