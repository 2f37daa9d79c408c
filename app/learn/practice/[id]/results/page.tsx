import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { Badge, Section, TBody, TD, TH, THead, Table, buttonClasses, cn, type BadgeTone } from "@/components/ui";
import { PageHeader } from "@/components/app-shell";
import { cardClass } from "@/components/ui/styles";
import { evidenceLabel } from "@/components/retake-readiness";
import { getMyPracticeResults, getMyRunnerSession, recordMyReviewShown } from "@/lib/dal/practice";
import { requireLearner } from "@/lib/dal/guard";
import { AZ104, DOMAIN_SHORT_NAMES, MISS_CATEGORIES } from "@/lib/exam/az104";
import { formatDateTime } from "@/lib/format";
import type { ReviewItem } from "@/lib/practice/dto";
import { EXAM_PACE_SECONDS_PER_QUESTION, overExamPace } from "@/lib/practice/pace";
import { READINESS_EDGE_SHARE, READINESS_MIN_MISSES, type CoreEdgeVerdict } from "@/lib/practice/score";
import { ClearOutbox } from "../clear-outbox";
import { PRACTICE_MODE_LABELS } from "@/lib/enums";
import { formatDuration } from "../labels";
import { formatPoints, ItemAnswerReview } from "./item-review";

export const metadata: Metadata = { title: "Practice results" };

const CATEGORY_LABEL = new Map(MISS_CATEGORIES.map((c) => [c.key, c.label]));
const categoryLabel = (key: string) => CATEGORY_LABEL.get(key) ?? key;

// The whole set's core/edge split is practice feedback. Readiness is judged apart (below it): only
// qualifying sets, and in them only the questions met for the first time.
const PRACTICE_SPLIT: Record<CoreEdgeVerdict, { title: string; body: string; tone: string }> = {
  "no-misses": {
    title: "No misses in this set (practice)",
    body: "Nothing to repair here. Whether it counts toward readiness depends on the set and on how many of its questions were new to you: see below.",
    tone: "border-emerald-200 bg-emerald-50 text-emerald-900",
  },
  "mostly-edge": {
    title: "Mostly edge cases in this set (practice)",
    body: "Your misses here are mostly edge cases rather than core workflows. Read the edge explanations below. Readiness is judged only on qualifying sets and on questions you meet for the first time: see below.",
    tone: "border-emerald-200 bg-emerald-50 text-emerald-900",
  },
  "core-gaps": {
    title: "Core gaps: not ready yet",
    body: "Some misses are core workflows, the everyday tasks the exam leans on. Repair those first (the review below says why each answer is right), then run a retest: it prefers unseen variants of what you missed.",
    tone: "border-amber-300 bg-amber-50 text-amber-900",
  },
};

function pct(n: number | null): string {
  return n === null ? "—" : `${n} %`;
}

function outcome(i: ReviewItem): { text: string; tone: BadgeTone } {
  if (i.correct === true) return { text: "Correct", tone: "success" };
  if (i.score !== null && i.score > 0) return { text: "Partly right", tone: "warning" };
  if (i.correct === false) return { text: "Wrong", tone: "danger" };
  return { text: "Unanswered", tone: "neutral" };
}

export default async function PracticeResultsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireLearner(`/learn/practice/${encodeURIComponent(id)}/results`);
  const results = await getMyPracticeResults(user, id);
  if (!results) {
    // Not submitted yet: the review (answers, explanations) stays on the server until it is.
    const active = await getMyRunnerSession(user, id);
    if (active && active.status === "active") redirect(`/learn/practice/${active.id}`);
    notFound();
  }

  // The review below shows every answer: from now on these questions (and the siblings they give
  // away) no longer count as first exposure for readiness.
  await recordMyReviewShown(user, results.id);
  const { summary, items } = results;
  const { overall, coreEdge } = summary;
  const misses = coreEdge.coreMisses + coreEdge.edgeMisses;
  const verdict = PRACTICE_SPLIT[results.practiceVerdict];
  const evidence = results.evidence;
  const bars = new Map(results.scoreReportBars.map((b) => [b.domain, b.bar]));
  const missed = items.filter((i) => i.correct !== true);
  const maxTime = Math.max(1, ...items.map((i) => i.timeMs));

  return (
    <>
      <ClearOutbox sessionId={results.id} />
      <PageHeader
        title="Practice results"
        description={`${PRACTICE_MODE_LABELS[results.mode]} · ${items.length} questions in ${results.durationMinutes} minutes · submitted ${formatDateTime(new Date(results.submittedAt), user.timeZone)}`}
        actions={
          <>
            <Link href="/learn/practice/history" className={buttonClasses({ variant: "secondary" })}>
              Trend per domain
            </Link>
            <Link href="/learn/practice" className={buttonClasses()}>
              Practice again
            </Link>
          </>
        }
      />

      <div className="mb-6 grid gap-6 lg:grid-cols-2">
        <Section headingId="overall-h" title="Overall" headingStyle="label">
          <p className="mt-2 text-3xl font-bold text-slate-900" data-testid="overall">
            {formatPoints(overall.correct)} of {overall.total} correct
            <span className="ml-2 text-xl font-semibold text-slate-600">({pct(overall.pct)})</span>
          </p>
          <p className="mt-1 text-xs text-slate-500">
            The share of this set&apos;s questions answered correctly; not an estimate of the scaled exam score.
          </p>
          <dl className="mt-4 grid grid-cols-2 gap-4 border-t border-slate-100 pt-4 text-sm sm:grid-cols-4">
            <div>
              <dt className="text-slate-500">Answered</dt>
              <dd className="text-lg font-semibold text-slate-900">{overall.answered}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Unanswered</dt>
              <dd className="text-lg font-semibold text-slate-900">{overall.unanswered}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Time used</dt>
              <dd className="text-lg font-semibold text-slate-900">{formatDuration(overall.totalTimeMs)}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Mean per question</dt>
              <dd className="text-lg font-semibold text-slate-900">{formatDuration(overall.meanTimeMs)}</dd>
            </div>
          </dl>
        </Section>

        <section aria-labelledby="readiness-h" className={cardClass} data-testid="readiness">
          <h2 id="readiness-h" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
            Core or edge? (practice)
          </h2>
          <div className={`mt-2 rounded-md border px-3 py-2 ${verdict.tone}`}>
            <p className="font-semibold">{verdict.title}</p>
            <p className="mt-1 text-sm">{verdict.body}</p>
          </div>
          <dl className="mt-4 grid grid-cols-3 gap-4 text-sm" data-testid="core-edge">
            <div>
              <dt className="text-slate-500">Core misses</dt>
              <dd className="text-lg font-semibold text-slate-900">
                {formatPoints(coreEdge.coreMisses)} <span className="text-sm font-normal text-slate-500">of {coreEdge.coreTotal} core</span>
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Edge misses</dt>
              <dd className="text-lg font-semibold text-slate-900">
                {formatPoints(coreEdge.edgeMisses)} <span className="text-sm font-normal text-slate-500">of {coreEdge.edgeTotal} edge</span>
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Edge share of misses</dt>
              <dd className="text-lg font-semibold text-slate-900">
                {coreEdge.edgeShare === null ? "—" : `${Math.round(coreEdge.edgeShare * 100)} %`}
              </dd>
            </div>
          </dl>
          {misses > 0 && (
            <div className="mt-3" aria-hidden>
              <div className="flex h-3 overflow-hidden rounded bg-slate-100">
                <div className="bg-red-500" style={{ width: `${(100 * coreEdge.coreMisses) / misses}%` }} />
                <div className="bg-amber-400" style={{ width: `${(100 * coreEdge.edgeMisses) / misses}%` }} />
              </div>
              <p className="mt-1 flex justify-between text-xs text-slate-500">
                <span>core</span>
                <span>edge</span>
              </p>
            </div>
          )}
          <p className="mt-3 text-xs text-slate-500">
            A miss is a wrong or unanswered question. &ldquo;Mostly edge&rdquo; means no core miss, or at least{" "}
            {READINESS_MIN_MISSES} misses of which {Math.round(READINESS_EDGE_SHARE * 100)} % or more are edge cases.
          </p>
          <div className="mt-4 border-t border-slate-100 pt-3 text-sm" data-testid="set-evidence" data-kind={evidence.kind}>
            <p className="font-semibold text-slate-900">For readiness: {evidenceLabel(evidence)}</p>
            {evidence.kind === "practice" && (
              <p className="mt-1 text-slate-600">A qualifying set needs {evidence.missing.join("; ")}.</p>
            )}
            {evidence.kind === "not-enough-evidence" && <p className="mt-1 text-slate-600">It needs {evidence.missing.join("; ")}.</p>}
            <p className="mt-1">
              <Link href="/learn/status#readiness-h" className={buttonClasses({ variant: "link" })}>
                Your readiness and recommended date
              </Link>
            </p>
          </div>
        </section>
      </div>

      <Section headingId="domains-h" title="Per domain, beside your last score report" className="mb-6">
        <p className="mt-1 text-sm text-slate-600">
          Practice accuracy is a real percentage: questions of that domain in this set answered correctly. The score-report
          bar is the bar length read off your report (0–100), a relative strength and not a percentage.
          {results.scoreReportBars.length === 0 && " No score report with bars is recorded yet."}
        </p>
        <ul className="mt-4 space-y-5">
          {AZ104.domains.map((d) => {
            const line = summary.perDomain[d.key];
            const bar = bars.get(d.key);
            return (
              <li key={d.key} data-testid={`domain-${d.key}`}>
                <p className="text-sm font-medium text-slate-800">{DOMAIN_SHORT_NAMES[d.key]}</p>
                <div className="mt-1 grid gap-1 text-sm sm:grid-cols-[9rem_minmax(0,1fr)_12rem] sm:items-center sm:gap-3">
                  <span className="text-xs text-slate-500">Practice accuracy</span>
                  <div className="h-3 w-full rounded bg-slate-100" aria-hidden>
                    {line.pct !== null && <div className="h-3 rounded bg-emerald-600" style={{ width: `${line.pct}%` }} />}
                  </div>
                  <span className="tabular-nums text-slate-700">
                    {line.total === 0 ? "not in this set" : `${formatPoints(line.correct)} of ${line.total} correct (${pct(line.pct)})`}
                  </span>
                  <span className="text-xs text-slate-500">Score report</span>
                  <div className="h-3 w-full rounded bg-slate-100" aria-hidden>
                    {bar !== undefined && <div className="h-3 rounded bg-brand-600" style={{ width: `${bar}%` }} />}
                  </div>
                  <span className="tabular-nums text-slate-700">{bar === undefined ? "no reading" : `bar length ${bar}`}</span>
                </div>
              </li>
            );
          })}
        </ul>
      </Section>

      <div className="mb-6 grid gap-6 lg:grid-cols-2">
        <Section headingId="categories-h" title="Misses by category">
          {summary.missesByCategory.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">No misses.</p>
          ) : (
            <div className="mt-3 overflow-x-auto">
              <Table bare caption="Categories with misses, most first">
                <THead plain>
                  <tr>
                    <TH plain>Category</TH>
                    <TH plain>Missed</TH>
                    <TH plain>Wrong</TH>
                    <TH plain>Unanswered</TH>
                  </tr>
                </THead>
                <TBody>
                  {summary.missesByCategory.map((c) => (
                    <tr key={c.category}>
                      <TH plain scope="row">
                        {categoryLabel(c.category)}
                        {c.domain && <span className="block text-xs font-normal text-slate-500">{DOMAIN_SHORT_NAMES[c.domain]}</span>}
                      </TH>
                      <TD plain className="tabular-nums">
                        {formatPoints(c.misses)} of {c.total}
                      </TD>
                      <TD plain className="tabular-nums">{c.wrong}</TD>
                      <TD plain className="tabular-nums">{c.unanswered}</TD>
                    </tr>
                  ))}
                </TBody>
              </Table>
            </div>
          )}
        </Section>

        <Section headingId="time-h" title="Time per question">
          <p className="mt-1 text-sm text-slate-600">
            Time the question was on screen. This set allowed about {Math.round((results.durationMinutes * 60) / Math.max(1, items.length))} seconds per
            question; exam pace is {EXAM_PACE_SECONDS_PER_QUESTION} seconds, and a question over it is marked.
            {items.some((i) => overExamPace(i.timeMs)) && ` ${items.filter((i) => overExamPace(i.timeMs)).length} question(s) went over exam pace.`}
          </p>
          <div className="mt-3 max-h-96 overflow-auto">
            <Table bare caption="Time spent on each question">
              <THead plain>
                <tr>
                  <TH plain>Question</TH>
                  <TH plain>Result</TH>
                  <TH plain>Time</TH>
                </tr>
              </THead>
              <TBody>
                {items.map((i) => {
                  const o = outcome(i);
                  return (
                    <tr key={i.position}>
                      <TH plain scope="row" className="py-1.5 font-normal">
                        <a href={`#q-${i.position}`} className={buttonClasses({ variant: "link" })}>
                          {i.position}
                        </a>
                      </TH>
                      <TD plain className="py-1.5">{o.text}</TD>
                      <TD plain className="py-1.5">
                        <span className="flex items-center gap-2">
                          <span className="inline-block h-2 rounded bg-slate-400" style={{ width: `${(4 * i.timeMs) / maxTime}rem` }} aria-hidden />
                          <span className="tabular-nums">{formatDuration(i.timeMs)}</span>
                          {overExamPace(i.timeMs) && (
                            <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-900" data-testid="over-pace">
                              over exam pace
                            </span>
                          )}
                        </span>
                      </TD>
                    </tr>
                  );
                })}
              </TBody>
            </Table>
          </div>
        </Section>
      </div>

      <section aria-labelledby="review-h">
        <h2 id="review-h" className="text-lg font-semibold text-slate-900">
          Review
        </h2>
        {missed.length > 0 && (
          <nav aria-label="Jump to a miss" className="mt-2 flex flex-wrap items-center gap-2 text-sm">
            <span className="text-slate-600">Misses:</span>
            {missed.map((i) => (
              <a key={i.position} href={`#q-${i.position}`} className="rounded border border-slate-300 bg-white px-2 py-0.5 font-medium text-slate-800 hover:bg-slate-50">
                {i.position}
              </a>
            ))}
          </nav>
        )}
        <ol className="mt-4 space-y-4">
          {items.map((i) => {
            const o = outcome(i);
            return (
              <li key={i.position} id={`q-${i.position}`} className={cn(cardClass, "scroll-mt-6")} data-testid="review-item">
                <article aria-labelledby={`q-${i.position}-h`}>
                  <div className="flex flex-wrap items-center gap-2">
                    <h3 id={`q-${i.position}-h`} className="font-semibold text-slate-900">
                      Question {i.position}
                    </h3>
                    <Badge tone={o.tone}>{o.text}</Badge>
                    <Badge className="font-normal">{DOMAIN_SHORT_NAMES[i.domain]}</Badge>
                    <Badge className="font-normal">{categoryLabel(i.category)}</Badge>
                    <Badge tone={i.tier === "core" ? "indigo" : "warning"}>{i.tier === "core" ? "Core" : "Edge case"}</Badge>
                    {i.flagged && <span className="text-xs text-amber-700">⚑ flagged</span>}
                    {i.ownVariation && (
                      <Badge tone="violet">Your variation · practice only</Badge>
                    )}
                    <span className="ml-auto text-xs text-slate-500">{formatDuration(i.timeMs)}</span>
                  </div>
                  <ItemAnswerReview item={i} group={i.group ? results.groups?.find((g) => g.id === i.group!.id) : undefined} />
                  <div className="mt-3 rounded-md bg-slate-50 p-3 text-sm text-slate-800">
                    <p className="font-semibold">{i.ownVariation ? "Why the answer changes (your words)" : "Explanation"}</p>
                    <p className="mt-1">{i.explanation}</p>
                  </div>
                  {i.correct !== true && (
                    <div className="mt-3 flex flex-wrap items-center gap-3 border-t border-slate-100 pt-3 text-sm">
                      <Link href={`/learn/practice/${results.id}/variation/${i.position}`} className={buttonClasses({ variant: "secondary" })}>
                        Write a variation<span className="sr-only"> of question {i.position}</span>
                      </Link>
                      <span className="text-xs text-slate-600">
                        Change one constraint and say why the answer changes: you meet it again in a later retest.
                      </span>
                    </div>
                  )}
                </article>
              </li>
            );
          })}
        </ol>
      </section>
    </>
  );
}
