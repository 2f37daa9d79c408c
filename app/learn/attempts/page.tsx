import type { Metadata } from "next";
import Link from "next/link";
import { Alert, TBody, TD, TH, THead, Table, buttonClasses } from "@/components/ui";
import { PageHeader } from "@/components/app-shell";
import { OutcomeBadge } from "@/components/outcome-badge";
import { EmptyState } from "@/components/ui/empty-state";
import { getMyRetakeOverview } from "@/lib/dal/attempts";
import { requireLearner } from "@/lib/dal/guard";
import { DOMAIN_SHORT_NAMES } from "@/lib/exam/az104";
import { formatDateTime } from "@/lib/format";
import { DeleteAttemptButton } from "./delete-attempt-button";

export const metadata: Metadata = { title: "Attempts" };

export default async function AttemptsPage({ searchParams }: { searchParams: Promise<{ updated?: string }> }) {
  const user = await requireLearner("/learn/attempts");
  const { exam, overview } = await getMyRetakeOverview(user);
  const { updated } = await searchParams;
  const attempts = [...overview.history].reverse();
  return (
    <>
      <PageHeader
        title="Your attempts"
        description={`${exam.code} · ${exam.title}. Every change re-checks your whole history against the retake policy.`}
        actions={
          <Link href="/learn/attempts/new" className={buttonClasses()}>
            Record an attempt
          </Link>
        }
      />
      {updated && (
        <Alert tone="success" className="mb-4">
          The attempt was updated.
        </Alert>
      )}
      {attempts.length === 0 ? (
        <EmptyState title="No attempts recorded yet" action={{ href: "/learn/attempts/new", label: "Record your first attempt" }}>
          Record an attempt right after the exam, with the bars from your score report, while you still remember what
          felt hard.
        </EmptyState>
      ) : (
        <Table caption="Your recorded attempts, newest first">
          <THead>
            <tr>
              <TH>Taken</TH>
              <TH>Outcome</TH>
              <TH>Score</TH>
              <TH>Shortest bars</TH>
              <TH><span className="sr-only">Actions</span></TH>
            </tr>
          </THead>
          <TBody>
            {attempts.map((a) => {
              const label = formatDateTime(a.takenAt, user.timeZone);
              const shortest = [...a.readings].sort((x, y) => x.bar - y.bar).slice(0, 2);
              return (
                <tr key={a.id}>
                  <TD className="whitespace-nowrap text-slate-900">{label}</TD>
                  <TD><OutcomeBadge outcome={a.outcome} /></TD>
                  <TD className="tabular-nums">{a.score ?? "—"}</TD>
                  <TD className="text-slate-600">
                    {shortest.length ? shortest.map((r) => `${DOMAIN_SHORT_NAMES[r.domain]} (${r.bar})`).join(", ") : "—"}
                  </TD>
                  <TD className="whitespace-nowrap text-right">
                    <Link href={`/learn/attempts/${a.id}/edit`} className={buttonClasses({ variant: "link", className: "mr-4" })}>
                      Edit<span className="sr-only"> attempt of {label}</span>
                    </Link>
                    <DeleteAttemptButton id={a.id} label={label} />
                  </TD>
                </tr>
              );
            })}
          </TBody>
        </Table>
      )}
    </>
  );
}
