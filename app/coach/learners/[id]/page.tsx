import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell";
import { OutcomeBadge } from "@/components/outcome-badge";
import { ReadinessSummary, RecommendedDate } from "@/components/retake-readiness";
import { ScoreReportBars } from "@/components/score-report-bars";
import { HeadRow, Section, TBody, TD, Table, buttonClasses, cardClass, cn } from "@/components/ui";
import type { AttemptView } from "@/lib/attempts/overview";
import { coachLearnerDetail } from "@/lib/dal/coach";
import { requireCoach } from "@/lib/dal/guard";
import { AZ104, DOMAIN_SHORT_NAMES, ITEM_TYPES, MISS_CATEGORIES } from "@/lib/exam/az104";
import { formatDate, formatDateTime } from "@/lib/format";
import { weakDomains } from "@/lib/policy/advice";

export const metadata: Metadata = { title: "Learner" };

/** The trend table is denser than the default. */
const cell = "px-3 py-2";

const CATEGORY_LABEL = new Map(MISS_CATEGORIES.map((c) => [c.key, c.label]));
const ITEM_LABEL = new Map<string, string>(ITEM_TYPES.map((t) => [t.key, t.label]));

function pacingText(p: AttemptView["pacing"]): string {
  if (!p) return "—";
  const parts = [
    p.ranOutOfTime === true ? "ran out of time" : p.ranOutOfTime === false ? "did not run out of time" : null,
    p.unansweredOrGuessed !== null ? `about ${p.unansweredOrGuessed} unanswered or guessed` : null,
    p.halfwayMinutesLeft !== null ? `${p.halfwayMinutesLeft} minutes left at halfway` : null,
  ].filter(Boolean);
  return parts.join(" · ") || "—";
}

export default async function CoachLearnerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const coach = await requireCoach(`/coach/learners/${id}`);
  const { learner, exam, overview, readiness, recommended, trend, lastPractice } = await coachLearnerDetail(coach, id);
  const tz = coach.timeZone;
  const d = overview.decision;
  return (
    <>
      <p className="mb-2 text-sm"><Link href="/coach" className="text-brand-700 hover:underline">← All learners</Link></p>
      <PageHeader
        title={learner.name}
        description={`${learner.email} · learner's time zone ${learner.timeZone.replaceAll("_", " ")}`}
        actions={
          <>
            <Link href={`/coach/learners/${learner.id}/variations`} className={buttonClasses({ variant: "secondary" })}>
              Variations
            </Link>
            <Link href={`/coach/learners/${learner.id}/plan`} className={buttonClasses()}>
              Repair plan
            </Link>
          </>
        }
      />
      <div className="mb-6 grid gap-4 md:grid-cols-3">
        <div className={cardClass}>
          <p className="text-sm text-slate-500">Eligibility</p>
          <p className="text-lg font-semibold">
            {d.allowed ? "May sit now" : d.earliestAt ? `From ${formatDateTime(d.earliestAt, tz)}` : "Passed"}
          </p>
          {overview.reason && <p className="text-xs text-slate-500">{overview.reason}</p>}
          <p className="mt-2 text-sm text-slate-600">{overview.attemptsUsedNow} of 5 attempts used in the window</p>
        </div>
        <div className={cardClass}>
          <p className="text-sm text-slate-500">Advice</p>
          <p className="text-lg font-semibold">
            {overview.advice ? (overview.advice.pattern === "near-pass" ? "Near pass" : overview.advice.pattern === "pacing" ? "Pacing" : "Broad miss") : "—"}
          </p>
          <p className="mt-2 text-sm text-slate-500">Recommended retake</p>
          <RecommendedDate recommended={recommended} compact />
        </div>
        <div className={cardClass}>
          <p className="text-sm text-slate-500">Last practice</p>
          {lastPractice ? (
            <>
              <p className="text-lg font-semibold tabular-nums">{lastPractice.correct}/{lastPractice.size} correct</p>
              <p className="text-sm text-slate-600">Misses: {lastPractice.coreMisses} core, {lastPractice.edgeMisses} edge</p>
            </>
          ) : (
            <p className="text-lg font-semibold">None yet</p>
          )}
        </div>
      </div>

      <Section headingId="readiness-h" title="Readiness" className="mb-6">
        <div className="mt-2">
          <ReadinessSummary readiness={readiness} timeZone={tz} />
        </div>
      </Section>

      <h2 className="mb-3 text-lg font-semibold">Attempts</h2>
      {overview.history.length === 0 ? (
        <p className="text-sm text-slate-600">No attempts recorded yet.</p>
      ) : (
        <ol className="space-y-4">
          {[...overview.history].reverse().map((a) => (
            <li key={a.id} className={cardClass}>
              <div className="flex flex-wrap items-center gap-3">
                <span className="font-semibold">{formatDateTime(a.takenAt, tz)}</span>
                <OutcomeBadge outcome={a.outcome} />
                <span className="tabular-nums text-slate-700">{a.score ?? "no score"}{a.score !== null && ` (pass ${exam.passingScore})`}</span>
              </div>
              <div className="mt-3 grid gap-6 md:grid-cols-2">
                {a.readings.length > 0 ? (
                  <ScoreReportBars readings={a.readings} weak={weakDomains(a.readings)} caption="Bar length read off the score report (0–100), not a percentage." />
                ) : (
                  <p className="text-sm text-slate-600">No score report.</p>
                )}
                <dl className="space-y-2 text-sm">
                  <div><dt className="font-medium text-slate-700">Felt hardest</dt><dd>{a.hardestDomains.map((k) => DOMAIN_SHORT_NAMES[k]).join(", ") || "—"}</dd></div>
                  <div><dt className="font-medium text-slate-700">Slowed down by</dt><dd>{a.slowItemTypes.map((k) => ITEM_LABEL.get(k) ?? k).join(", ") || "—"}</dd></div>
                  <div><dt className="font-medium text-slate-700">Pacing</dt><dd>{pacingText(a.pacing)}</dd></div>
                  <div><dt className="font-medium text-slate-700">Misread categories</dt><dd>{a.misreadCategories.map((k) => CATEGORY_LABEL.get(k) ?? k).join(", ") || "—"}</dd></div>
                  {a.misreadNotes && <div><dt className="font-medium text-slate-700">Misread, in their words</dt><dd className="whitespace-pre-wrap">{a.misreadNotes}</dd></div>}
                  {a.notes && <div><dt className="font-medium text-slate-700">Notes</dt><dd className="whitespace-pre-wrap">{a.notes}</dd></div>}
                </dl>
              </div>
            </li>
          ))}
        </ol>
      )}

      <h2 className="mb-3 mt-8 text-lg font-semibold">Practice trend per domain</h2>
      {trend.length === 0 ? (
        <p className="text-sm text-slate-600">No submitted practice sets yet.</p>
      ) : (
        <Table caption="Accuracy per domain in each practice set, oldest first" frameClassName="shadow-none">
          <HeadRow labels={["Set", ...AZ104.domains.map((dm) => DOMAIN_SHORT_NAMES[dm.key])]} cellClassName={cell} />
          <TBody>
            {trend.map((t) => (
              <tr key={t.sessionId}>
                <TD className={cell}>{formatDate(t.startedAt, tz)}</TD>
                {AZ104.domains.map((dm) => (
                  <TD key={dm.key} className={cn(cell, "tabular-nums")}>
                    {t.perDomain[dm.key] === null ? "—" : `${t.perDomain[dm.key]} %`}
                  </TD>
                ))}
              </tr>
            ))}
          </TBody>
        </Table>
      )}
    </>
  );
}
