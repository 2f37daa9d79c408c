import type { Metadata } from "next";
import { formatPoints } from "./[id]/results/item-review";
import Link from "next/link";
import { Badge, Section, TBody, TD, TH, THead, Table, buttonClasses } from "@/components/ui";
import { PageHeader } from "@/components/app-shell";
import { EmptyState } from "@/components/ui/empty-state";
import { listMyPracticeSets } from "@/lib/dal/practice";
import { requireLearner } from "@/lib/dal/guard";
import { formatDateTime } from "@/lib/format";
import { PRACTICE_PRESETS } from "@/lib/practice/server/sessions";
import { PRACTICE_MODE_LABELS } from "@/lib/enums";
import { startPracticeAction } from "./actions";
import { StartPracticeForm } from "./start-form";

export const metadata: Metadata = { title: "Practice" };

export default async function PracticePage() {
  const user = await requireLearner("/learn/practice");
  const sets = await listMyPracticeSets(user);
  const now = new Date().getTime();
  const presets = PRACTICE_PRESETS.map((p) => ({ value: `${p.size}-${p.minutes}`, label: p.label }));

  return (
    <>
      <PageHeader
        title="Practice"
        description="Timed sets in the exam's style. Every answer is saved as you go; the review after each set shows what you missed and why."
        actions={
          <Link href="/learn/practice/history" className={buttonClasses({ variant: "secondary" })}>
            Trend per domain
          </Link>
        }
      />

      <Section headingId="start-h" title="Start a set" className="mb-6" headingClassName="mb-4">
        <StartPracticeForm action={startPracticeAction} presets={presets} />
      </Section>

      <section aria-labelledby="sets-h">
        <h2 id="sets-h" className="mb-3 text-lg font-semibold text-slate-900">
          Your sets
        </h2>
        {sets.length === 0 ? (
          <EmptyState title="No practice sets yet">
            Start a short set above to see how the runner works; your results and the trend per domain appear here
            afterwards.
          </EmptyState>
        ) : (
          <Table caption="Your practice sets, newest first">
            <THead>
              <tr>
                <TH>Started</TH>
                <TH>Kind</TH>
                <TH>Length</TH>
                <TH>Status</TH>
                <TH>Score</TH>
                <TH><span className="sr-only">Actions</span></TH>
              </tr>
            </THead>
            <TBody>
              {sets.map((s) => {
                const label = formatDateTime(s.startedAt, user.timeZone);
                const active = s.status === "active";
                const minutesLeft = Math.max(0, Math.ceil((s.deadlineAt.getTime() - now) / 60_000));
                return (
                  <tr key={s.id} data-testid="practice-set-row">
                    <TD className="whitespace-nowrap text-slate-900">{label}</TD>
                    <TD>{PRACTICE_MODE_LABELS[s.mode]}</TD>
                    <TD className="whitespace-nowrap tabular-nums text-slate-600">
                      {s.size} questions · {s.durationMinutes} min
                    </TD>
                    <TD>
                      {active ? (
                        <Badge tone="warning">
                          In progress · {minutesLeft} min left
                        </Badge>
                      ) : (
                        <Badge tone="muted">Submitted</Badge>
                      )}
                    </TD>
                    <TD className="whitespace-nowrap tabular-nums">
                      {active || s.correct === null ? (
                        "—"
                      ) : (
                        <>
                          {/* The score counts partial credit (hotspot blanks, matching pairs, ordering places). */}
                          {formatPoints(s.score ?? s.correct)}/{s.size}{" "}
                          <span className="text-slate-500">({Math.round((1000 * (s.score ?? s.correct)) / Math.max(1, s.size)) / 10} %)</span>
                        </>
                      )}
                    </TD>
                    <TD className="whitespace-nowrap text-right">
                      {active ? (
                        <Link href={`/learn/practice/${s.id}`} className={buttonClasses({ variant: "link" })}>
                          Resume<span className="sr-only"> the set started {label}</span>
                        </Link>
                      ) : (
                        <Link href={`/learn/practice/${s.id}/results`} className={buttonClasses({ variant: "link" })}>
                          Results<span className="sr-only"> of the set started {label}</span>
                        </Link>
                      )}
                    </TD>
                  </tr>
                );
              })}
            </TBody>
          </Table>
        )}
      </section>
    </>
  );
}
