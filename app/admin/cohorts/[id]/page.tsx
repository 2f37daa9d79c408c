import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell";
import { ActionForm } from "@/components/action-form";
import { EmptyState } from "@/components/ui/empty-state";
import { cardClass, inputClass } from "@/components/ui/styles";
import { adminCohort } from "@/lib/dal/admin";
import { requireAdmin } from "@/lib/dal/guard";
import { addMembersAction, archiveCohortAction, assignCoachAction, removeMemberAction, renameCohortAction } from "../../actions";

export const metadata: Metadata = { title: "Cohort" };

export default async function CohortPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const admin = await requireAdmin(`/admin/cohorts/${id}`);
  const { cohort, members, coaches } = await adminCohort(admin, id);
  return (
    <>
      <p className="mb-2 text-sm"><Link href="/admin/cohorts" className="text-brand-700 hover:underline">← All cohorts</Link></p>
      <PageHeader title={cohort.name} description={`${members.length} learner${members.length === 1 ? "" : "s"}${cohort.archived ? " · archived" : ""}`} />
      <div className="mb-6 grid gap-4 lg:grid-cols-3">
        <section className={cardClass} aria-labelledby="rename-h">
          <h2 id="rename-h" className="mb-2 font-semibold">Rename or archive</h2>
          <ActionForm action={renameCohortAction} hidden={{ cohortId: cohort.id }} label="Rename" className="flex flex-wrap items-end gap-2">
            <label htmlFor="rename" className="sr-only">New name</label>
            <input id="rename" name="name" defaultValue={cohort.name} maxLength={100} className={inputClass} />
          </ActionForm>
          <ActionForm
            action={archiveCohortAction}
            hidden={{ cohortId: cohort.id, archived: cohort.archived ? "false" : "true" }}
            label={cohort.archived ? "Restore cohort" : "Archive cohort"}
            className="mt-3"
          />
        </section>
        <section className={`${cardClass} lg:col-span-2`} aria-labelledby="paste-h">
          <h2 id="paste-h" className="mb-2 font-semibold">Add learners</h2>
          <ActionForm action={addMembersAction} hidden={{ cohortId: cohort.id }} label="Add learners" variant="primary" pendingLabel="Adding…">
            <label htmlFor="emails" className="block text-sm text-slate-700">Paste email addresses (one per line, or separated by commas)</label>
            <textarea id="emails" name="emails" rows={5} className={`mb-2 mt-1 font-mono text-xs ${inputClass}`} />
          </ActionForm>
        </section>
      </div>
      <h2 className="mb-3 text-lg font-semibold">Learners</h2>
      {members.length === 0 ? (
        <EmptyState title="No learners in this cohort">Paste their email addresses above.</EmptyState>
      ) : (
        <>
          <section className={`${cardClass} mb-4`} aria-labelledby="assign-h">
            <h3 id="assign-h" className="mb-2 font-semibold">Assign a coach to the ticked learners</h3>
            <ActionForm action={assignCoachAction} hidden={{ cohortId: cohort.id }} label="Assign coach" variant="primary">
              <div className="mb-3 flex flex-wrap items-end gap-3">
                <div>
                  <label htmlFor="coachId" className="block text-xs font-medium text-slate-600">Coach</label>
                  <select id="coachId" name="coachId" className={inputClass}>
                    {coaches.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
                  </select>
                </div>
              </div>
              <fieldset className="mb-3">
                <legend className="text-xs font-medium text-slate-600">Learners</legend>
                <div className="mt-1 grid gap-1 sm:grid-cols-2">
                  {members.map((m) => (
                    <label key={m.id} className="flex items-center gap-2 text-sm">
                      <input type="checkbox" name="learnerIds[]" value={m.id} defaultChecked className="h-4 w-4" />
                      {m.name} <span className="text-xs text-slate-500">({m.coach ?? "no coach"})</span>
                    </label>
                  ))}
                </div>
              </fieldset>
            </ActionForm>
          </section>
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
            {members.map((m) => (
              <li key={m.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2 text-sm">
                <span>
                  <span className="font-medium">{m.name}</span> <span className="text-slate-500">{m.email}</span>
                  <span className="ml-2 text-xs text-slate-500">coach: {m.coach ?? "none"}</span>
                </span>
                <ActionForm action={removeMemberAction} hidden={{ cohortId: cohort.id, learnerId: m.id }} label="Remove" confirm={`Remove ${m.email} from ${cohort.name}?`} />
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
