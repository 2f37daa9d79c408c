import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell";
import { ActionForm } from "@/components/action-form";
import { EmptyState } from "@/components/ui/empty-state";
import { cardClass, inputClass } from "@/components/ui/styles";
import { adminCohorts } from "@/lib/dal/admin";
import { requireAdmin } from "@/lib/dal/guard";
import { createCohortAction } from "../actions";

export const metadata: Metadata = { title: "Cohorts" };

export default async function CohortsPage() {
  const admin = await requireAdmin("/admin/cohorts");
  const list = await adminCohorts(admin);
  return (
    <>
      <PageHeader title="Cohorts" description="Group learners to compare their weak domains and assign coaches." />
      <section className={`${cardClass} mb-6`} aria-labelledby="new-cohort-h">
        <h2 id="new-cohort-h" className="mb-3 font-semibold">New cohort</h2>
        <ActionForm action={createCohortAction} label="Create cohort" variant="primary" className="flex flex-wrap items-end gap-3">
          <div>
            <label htmlFor="cohort-name" className="block text-xs font-medium text-slate-600">Name</label>
            <input id="cohort-name" name="name" required maxLength={100} className={inputClass} />
          </div>
        </ActionForm>
      </section>
      {list.length === 0 ? (
        <EmptyState title="No cohorts yet">Create one above, then paste its learners&apos; emails.</EmptyState>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2">
          {list.map((c) => (
            <li key={c.id} className={cardClass}>
              <Link href={`/admin/cohorts/${c.id}`} className="font-semibold text-brand-700 hover:underline">{c.name}</Link>
              <p className="text-sm text-slate-600">
                {c.learners} learner{c.learners === 1 ? "" : "s"}
                {c.archived ? " · archived" : ""}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
