import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell";
import { Button, FormField, Input, HeadRow, Select, TBody, TD, Table } from "@/components/ui";
import { adminAudit } from "@/lib/dal/admin";
import { requireAdmin } from "@/lib/dal/guard";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "Audit log" };

const ENTITIES = ["user", "cohort", "coach_assignment", "exam_attempt", "repair_plan", "plan_task", "question"];
/** The audit table is dense: small type, tight cells. */
const cell = "px-3 py-2";

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
        <FormField id="entity" label="Entity" compact>
          <Select name="entity" defaultValue={filter.entity ?? ""} options={[{ value: "", label: "All" }, ...ENTITIES.map((e) => ({ value: e, label: e }))]} />
        </FormField>
        <FormField id="action" label="Action starts with" compact>
          <Input name="action" defaultValue={filter.action} placeholder="e.g. user." />
        </FormField>
        <FormField id="actor" label="Who (email)" compact>
          <Input name="actor" defaultValue={filter.actor} />
        </FormField>
        <Button type="submit" variant="secondary">
          Filter
        </Button>
      </form>
      <Table caption="Audit entries, newest first" className="text-xs">
        <HeadRow labels={["When", "Who", "What", "Before", "After"]} cellClassName={cell} />
        <TBody className="align-top">
          {rows.map((r) => (
            <tr key={r.id}>
              <TD className={`${cell} whitespace-nowrap`}>{formatDateTime(r.at, admin.timeZone)}</TD>
              <TD className={cell}>{r.actor ?? "—"}</TD>
              <TD className={cell}>
                <span className="font-mono">{r.action}</span>
                <div className="text-slate-500">
                  {r.entity} {r.entityId?.slice(0, 8)}
                </div>
              </TD>
              <TD className={`${cell} max-w-xs`}>
                <pre className="whitespace-pre-wrap break-words font-mono">{r.before ? JSON.stringify(r.before, null, 1).slice(0, 600) : ""}</pre>
              </TD>
              <TD className={`${cell} max-w-xs`}>
                <pre className="whitespace-pre-wrap break-words font-mono">{r.after ? JSON.stringify(r.after, null, 1).slice(0, 600) : ""}</pre>
              </TD>
            </tr>
          ))}
        </TBody>
      </Table>
    </>
  );
}
