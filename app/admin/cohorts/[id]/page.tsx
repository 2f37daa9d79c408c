import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell";
import { ActionForm } from "@/components/action-form";
import { EmptyState, FormField, Input, Select, Textarea } from "@/components/ui";
import { adminCohort } from "@/lib/dal/admin";
import { requireAdmin } from "@/lib/dal/guard";
import { addMembersAction, archiveCohortAction, assignCoachAction, removeMemberAction, renameCohortAction } from "../../actions";
import { FormCard } from "../../form-card";

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
        <FormCard id="rename-h" title="Rename or archive" tight>
          <ActionForm action={renameCohortAction} hidden={{ cohortId: cohort.id }} label="Rename" className="flex flex-wrap items-end gap-2">
            <FormField id="rename" label="New name" labelClassName="sr-only" compact className="w-full">
              <Input name="name" defaultValue={cohort.name} maxLength={100} />
            </FormField>
          </ActionForm>
          <ActionForm
            action={archiveCohortAction}
            hidden={{ cohortId: cohort.id, archived: cohort.archived ? "false" : "true" }}
            label={cohort.archived ? "Restore cohort" : "Archive cohort"}
            className="mt-3"
          />
        </FormCard>
        <FormCard id="paste-h" title="Add learners" className="lg:col-span-2" tight>
          <ActionForm action={addMembersAction} hidden={{ cohortId: cohort.id }} label="Add learners" variant="primary" pendingLabel="Adding…">
            <FormField id="emails" label="Paste email addresses (one per line, or separated by commas)" labelClassName="font-normal text-slate-700">
              <Textarea name="emails" rows={5} className="mb-2 font-mono text-xs" />
            </FormField>
          </ActionForm>
        </FormCard>
      </div>
      <h2 className="mb-3 text-lg font-semibold">Learners</h2>
      {members.length === 0 ? (
        <EmptyState title="No learners in this cohort">Paste their email addresses above.</EmptyState>
      ) : (
        <>
          <FormCard as="h3" id="assign-h" title="Assign a coach to the ticked learners" className="mb-4" tight>
            <ActionForm action={assignCoachAction} hidden={{ cohortId: cohort.id }} label="Assign coach" variant="primary">
              <div className="mb-3 flex flex-wrap items-end gap-3">
                <FormField id="coachId" label="Coach" compact>
                  <Select name="coachId" options={coaches.map((c) => ({ value: c.id, label: c.name }))} />
                </FormField>
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
          </FormCard>
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
