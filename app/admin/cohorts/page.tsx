import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell";
import { ActionForm } from "@/components/action-form";
import { EmptyState, FormField, Input } from "@/components/ui";
import { adminCohorts } from "@/lib/dal/admin";
import { requireAdmin } from "@/lib/dal/guard";
import { createCohortAction } from "../actions";
import { CohortCards } from "../cohort-cards";
import { FormCard } from "../form-card";

export const metadata: Metadata = { title: "Cohorts" };

export default async function CohortsPage() {
  const admin = await requireAdmin("/admin/cohorts");
  const list = await adminCohorts(admin);
  return (
    <>
      <PageHeader title="Cohorts" description="Group learners to compare their weak domains and assign coaches." />
      <FormCard id="new-cohort-h" title="New cohort" className="mb-6">
        <ActionForm action={createCohortAction} label="Create cohort" variant="primary" className="flex flex-wrap items-end gap-3">
          <FormField id="cohort-name" label="Name" compact>
            <Input name="name" required maxLength={100} />
          </FormField>
        </ActionForm>
      </FormCard>
      {list.length === 0 ? (
        <EmptyState title="No cohorts yet">Create one above, then paste its learners&apos; emails.</EmptyState>
      ) : (
        <CohortCards cohorts={list} linked />
      )}
    </>
  );
}
