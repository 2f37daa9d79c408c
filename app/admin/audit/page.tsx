import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell";
import { buttonClass, inputClass } from "@/components/ui/styles";
import { adminAudit } from "@/lib/dal/admin";
import { requireAdmin } from "@/lib/dal/guard";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "Audit log" };

const ENTITIES = ["user", "cohort", "coach_assignment", "exam_attempt", "repair_plan", "plan_task", "question"];

export default async function AuditPage({ searchParams }: { searchParams: Promise<{ entity?: string; action?: string; actor?: string }> }) {
  const admin = await requireAdmin("/admin/audit");
  const sp = await searchParams;
  const filter = {
    entity: ENTITIES.includes(sp.entity ?? "") ? sp.entity : undefined,
    action: typeof sp.action === "string" ? sp.action.slice(0, 60) : undefined,
    actor: typeof sp.actor === "string" ? sp.actor.slice(0, 100) : undefined,
  };
  const rows = await adminAudit(admin, filter);
  return (
    <>
      <PageHeader title="Audit log" description="Every change to roles, cohorts, assignments, attempts, plans and questions: who, what, when, before and after. Latest 200 matching entries." />
      <form className="mb-4 flex flex-wrap items-end gap-3" role="search" aria-label="Filter the audit log">
        <div>
          <label htmlFor="entity" className="block text-xs font-medium text-slate-600">Entity</label>
          <select id="entity" name="entity" defaultValue={filter.entity ?? ""} className={inputClass}>
            <option value="">All</option>
            {ENTITIES.map((e) => <option key={e} value={e}>{e}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="action" className="block text-xs font-medium text-slate-600">Action starts with</label>
          <input id="action" name="action" defaultValue={filter.action} placeholder="e.g. user." className={inputClass} />
        </div>
        <div>
          <label htmlFor="actor" className="block text-xs font-medium text-slate-600">Who (email)</label>
          <input id="actor" name="actor" defaultValue={filter.actor} className={inputClass} />
        </div>
        <button type="submit" className={buttonClass.secondary}>Filter</button>
      </form>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="min-w-full divide-y divide-slate-200 text-xs">
          <caption className="sr-only">Audit entries, newest first</caption>
          <thead className="bg-slate-50 text-left font-semibold uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-3 py-2">When</th>
              <th scope="col" className="px-3 py-2">Who</th>
              <th scope="col" className="px-3 py-2">What</th>
              <th scope="col" className="px-3 py-2">Before</th>
              <th scope="col" className="px-3 py-2">After</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 align-top">
            {rows.map((r) => (
              <tr key={r.id}>
                <td className="whitespace-nowrap px-3 py-2">{formatDateTime(r.at, admin.timeZone)}</td>
                <td className="px-3 py-2">{r.actor ?? "—"}</td>
                <td className="px-3 py-2"><span className="font-mono">{r.action}</span><div className="text-slate-500">{r.entity} {r.entityId?.slice(0, 8)}</div></td>
                <td className="max-w-xs px-3 py-2"><pre className="whitespace-pre-wrap break-words font-mono">{r.before ? JSON.stringify(r.before, null, 1).slice(0, 600) : ""}</pre></td>
                <td className="max-w-xs px-3 py-2"><pre className="whitespace-pre-wrap break-words font-mono">{r.after ? JSON.stringify(r.after, null, 1).slice(0, 600) : ""}</pre></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
