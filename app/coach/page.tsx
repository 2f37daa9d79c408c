import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell";
import { EmptyState } from "@/components/ui/empty-state";
import { listAssignedLearners } from "@/lib/dal/coach";
import { requireRole } from "@/lib/dal/session";

export const metadata: Metadata = { title: "Learners" };

export default async function CoachHome() {
  const coach = await requireRole(["coach"], "/coach");
  const learners = await listAssignedLearners(coach);
  return (
    <>
      <PageHeader
        title={`Your learners`}
        description="Everyone assigned to you. Open a learner to read their score reports and assign a repair plan."
      />
      {learners.length === 0 ? (
        <EmptyState title="No learners assigned yet">
          An admin assigns learners to coaches. Once someone is assigned to you, they appear here with their latest
          score and eligibility.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Learners assigned to you</caption>
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-3">Learner</th>
                <th scope="col" className="px-4 py-3">Email</th>
                <th scope="col" className="px-4 py-3">Cohort</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {learners.map((l) => (
                <tr key={l.id}>
                  <td className="px-4 py-3 font-medium text-slate-900">{l.name}</td>
                  <td className="px-4 py-3 text-slate-600">{l.email}</td>
                  <td className="px-4 py-3 text-slate-600">{l.cohort ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
