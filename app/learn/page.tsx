import type { Metadata } from "next";
import Link from "next/link";
import { Badge, Section, buttonClasses } from "@/components/ui";
import { PageHeader } from "@/components/app-shell";
import { Countdown } from "@/components/countdown";
import { ReadinessSummary, RecommendedDate } from "@/components/retake-readiness";
import { cardClass } from "@/components/ui/styles";
import { PhaseBadge, TaskStatusBadge, domainName, phaseLabel } from "@/app/plans/plan-parts";
import { getMyHome } from "@/lib/dal/home";
import { requireLearner } from "@/lib/dal/guard";
import { formatLongDateTime } from "@/lib/format";
import { PLAN_PHASES } from "@/lib/enums";
import { formatRuleReason } from "@/lib/policy/retake";

export const metadata: Metadata = { title: "Home" };

export default async function LearnerHome() {
  const user = await requireLearner("/learn");
  const now = new Date();
  const home = await getMyHome(user, now);
  const { picture, step, plan } = home;
  const { decision, latest } = picture.overview;
  const tz = user.timeZone;
  const firstName = user.name.split(" ")[0];

  return (
    <>
      <PageHeader title={`Welcome, ${firstName}`} description="Diagnose → rebuild → prove → retest, until your misses are mostly edge cases. Then book the retake." />

      {!home.rulesCheckTaken && (
        <Section headingId="rules-offer-h" title="First: know the rules" className="mb-6 border-sky-200 bg-sky-50/60" headingClassName="text-base" data-testid="rules-offer">
          <p className="mt-1 max-w-prose text-sm text-slate-700">
            Five quick questions on how long you must wait between attempts, how many you get, and which kind of preparation works.
            Every answer is explained. It takes two minutes and counts for nothing.
          </p>
          <Link href="/learn/rules" className={buttonClasses({ variant: "secondary", className: "mt-3" })}>
            Take the rules check
          </Link>
        </Section>
      )}

      <Section headingId="loop-h" title="Where you are" className="mb-6" headingStyle="label" data-testid="loop">
        <ol className="mt-3 flex flex-wrap items-center gap-2 text-sm" aria-label="The repair loop">
          {PLAN_PHASES.map((p, i) => (
            <li key={p} className="flex items-center gap-2" aria-current={step.stage === p ? "step" : undefined}>
              <Badge tone={step.stage === p ? "brand" : "muted"} className="px-3 py-1 text-sm">
                {phaseLabel(p)}
              </Badge>
              {i < PLAN_PHASES.length - 1 && <span aria-hidden>→</span>}
            </li>
          ))}
        </ol>
        <p className="mt-3 text-lg font-semibold text-slate-900" data-testid="loop-stage">
          {step.stage === "passed" ? "Passed: nothing to repair" : `Now: ${phaseLabel(step.stage)}`}
        </p>
        <p className="mt-1 max-w-prose text-sm text-slate-700">{step.why}</p>
        <Link href={step.href} className={buttonClasses({ className: "mt-4" })} data-testid="next-step">
          {step.label}
        </Link>
        {!latest && (
          <ol className="mt-5 list-decimal space-y-1 pl-5 text-sm text-slate-700" aria-label="How it works">
            <li>Record your attempt: the score, the length of each score-report bar, the domains that felt hardest and what slowed you down.</li>
            <li>{home.selfCoached ? "Make your repair plan from it" : "Your coach builds your repair plan from it"}: rebuild by hand, prove each fix, retest.</li>
            <li>Prove readiness on timed mixed sets, then book the retake on the date recommended here.</li>
          </ol>
        )}
      </Section>

      <div className="mb-6 grid gap-4 lg:grid-cols-3">
        <Section headingId="policy-h" title="The retake policy" headingStyle="label" data-testid="policy-countdown">
          {!latest ? (
            <p className="mt-2 text-slate-800">No attempt recorded: no waiting period applies.</p>
          ) : decision.allowed ? (
            <p className="mt-2 font-semibold text-emerald-700">Allows your next attempt now.</p>
          ) : decision.earliestAt ? (
            <div className="mt-2 space-y-1">
              <p className="text-slate-800">
                Next attempt allowed from <strong>{formatLongDateTime(decision.earliestAt, tz)}</strong>
              </p>
              <Countdown targetMs={decision.earliestAt.getTime()} serverNowMs={now.getTime()} doneText="The wait is over." />
              <p className="text-xs text-slate-500">{formatRuleReason(decision)}. A rule, not advice.</p>
            </div>
          ) : (
            <p className="mt-2 text-slate-800">No retake while your certification is valid.</p>
          )}
        </Section>
        <Section headingId="date-h" title="Recommended retake date" headingStyle="label">
          <div className="mt-2">
            <RecommendedDate recommended={picture.recommended} testId="home-recommended" compact />
          </div>
        </Section>
        <Section headingId="ready-h" title="Readiness" headingStyle="label">
          <div className="mt-2">
            <ReadinessSummary readiness={picture.readiness} timeZone={tz} showHistory={false} />
          </div>
        </Section>
      </div>

      <section aria-labelledby="today-h" className={cardClass} data-testid="home-today">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="today-h" className="font-semibold text-slate-900">
            Today&apos;s plan tasks
          </h2>
          {plan && (
            <Link href="/learn/plan" className={buttonClasses({ variant: "link" })}>
              Your plan ({plan.progress.done} of {plan.progress.total} {plan.selfMade ? "done" : "accepted"})
            </Link>
          )}
        </div>
        {!plan ? (
          <p className="mt-2 text-sm text-slate-600">No active repair plan yet.</p>
        ) : plan.today.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">Nothing is planned for today.</p>
        ) : (
          <ul className="mt-3 space-y-2">
            {plan.today.map((t) => (
              <li key={t.id} className="flex flex-wrap items-center gap-2 text-sm">
                <PhaseBadge phase={t.phase} />
                <span className="text-xs text-slate-600">{domainName(t.domain)}</span>
                <span className="font-medium text-slate-900">{t.title}</span>
                <TaskStatusBadge status={t.status} selfChecked={t.selfChecked} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
