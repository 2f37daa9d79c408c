import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell";
import { EmptyState, cardClass } from "@/components/ui";
import { programmeOverview } from "@/lib/dal/admin";
import { requireAdmin } from "@/lib/dal/guard";
import { CohortCards } from "./cohort-cards";

export const metadata: Metadata = { title: "Programme overview" };

export default async function AdminHome() {
  const admin = await requireAdmin("/admin");
  const overview = await programmeOverview(admin);
  const stats = [
    { label: "Learners", value: overview.usersByRole.learner },
    { label: "Coaches", value: overview.usersByRole.coach },
    { label: "Admins", value: overview.usersByRole.admin },
    { label: "Deactivated", value: overview.inactive },
  ];
  return (
    <>
      <PageHeader title="Programme overview" description="People and cohorts in this programme." />
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
        {stats.map((s) => (
          <div key={s.label} className={cardClass}>
            <dt className="text-sm text-slate-500">{s.label}</dt>
            <dd className="mt-1 text-3xl font-bold text-slate-900">{s.value}</dd>
          </div>
        ))}
      </dl>
      <h2 className="mb-3 mt-8 text-lg font-semibold text-slate-900">Cohorts</h2>
      {overview.cohorts.length === 0 ? (
        <EmptyState title="No cohorts yet">Cohorts group learners so you can compare their weak domains.</EmptyState>
      ) : (
        <CohortCards cohorts={overview.cohorts} />
      )}
    </>
  );
}
