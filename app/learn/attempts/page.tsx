import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell";
import { OutcomeBadge } from "@/components/outcome-badge";
import { EmptyState } from "@/components/ui/empty-state";
import { buttonClass } from "@/components/ui/styles";
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
          <Link href="/learn/attempts/new" className={buttonClass.primary}>
            Record an attempt
          </Link>
        }
      />
      {updated && (
        <p role="status" className="mb-4 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          The attempt was updated.
        </p>
      )}
      {attempts.length === 0 ? (
        <EmptyState title="No attempts recorded yet" action={{ href: "/learn/attempts/new", label: "Record your first attempt" }}>
          Record an attempt right after the exam, with the bars from your score report, while you still remember what
          felt hard.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Your recorded attempts, newest first</caption>
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-3">Taken</th>
                <th scope="col" className="px-4 py-3">Outcome</th>
                <th scope="col" className="px-4 py-3">Score</th>
                <th scope="col" className="px-4 py-3">Shortest bars</th>
                <th scope="col" className="px-4 py-3"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {attempts.map((a) => {
                const label = formatDateTime(a.takenAt, user.timeZone);
                const shortest = [...a.readings].sort((x, y) => x.bar - y.bar).slice(0, 2);
                return (
                  <tr key={a.id}>
                    <td className="whitespace-nowrap px-4 py-3 text-slate-900">{label}</td>
                    <td className="px-4 py-3"><OutcomeBadge outcome={a.outcome} /></td>
                    <td className="px-4 py-3 tabular-nums">{a.score ?? "—"}</td>
                    <td className="px-4 py-3 text-slate-600">
                      {shortest.length ? shortest.map((r) => `${DOMAIN_SHORT_NAMES[r.domain]} (${r.bar})`).join(", ") : "—"}
                    </td>
                    <td className="whitespace-nowrap px-4 py-3 text-right">
                      <Link href={`/learn/attempts/${a.id}/edit`} className={`${buttonClass.link} mr-4`}>
                        Edit<span className="sr-only"> attempt of {label}</span>
                      </Link>
                      <DeleteAttemptButton id={a.id} label={label} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
