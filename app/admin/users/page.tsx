import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell";
import { ActionForm } from "@/components/action-form";
import { Button, FormField, Input, HeadRow, Select, TBody, TD, Table } from "@/components/ui";
import { adminUsers } from "@/lib/dal/admin";
import { requireAdmin } from "@/lib/dal/guard";
import { ROLE_LABELS, ROLES, enumOptions, type Role } from "@/lib/enums";
import { STAFF_ROLES } from "@/lib/validation/admin";
import { changeRoleAction, createStaffAction, resetPasswordAction, setActiveAction } from "../actions";
import { FormCard } from "../form-card";

export const metadata: Metadata = { title: "People" };

const ROLE_PLURALS: Record<Role, string> = { learner: "Learners", coach: "Coaches", admin: "Admins" };
const ROLE_FILTER = [{ value: "", label: "All" }, ...enumOptions(ROLES, ROLE_PLURALS)];
const ROLE_OPTIONS = enumOptions(ROLES, ROLE_LABELS);
/** The people table is denser than the default. */
const cell = "px-3 py-2";

export default async function UsersPage({ searchParams }: { searchParams: Promise<{ q?: string; role?: string }> }) {
  const admin = await requireAdmin("/admin/users");
  const sp = await searchParams;
  const q = typeof sp.q === "string" ? sp.q.slice(0, 100) : "";
  const role = typeof sp.role === "string" ? sp.role : "";
  const people = await adminUsers(admin, { q, role });
  return (
    <>
      <PageHeader title="People" description="Create coaches and admins, change roles, deactivate accounts and reset passwords. Changes apply on the person's next request." />
      <FormCard id="new-staff-h" title="Add a coach or admin" className="mb-6">
        <ActionForm action={createStaffAction} label="Create account" variant="primary" className="grid gap-3 sm:grid-cols-5 sm:items-end">
          <FormField id="staff-name" label="Name" compact>
            <Input name="name" required maxLength={100} />
          </FormField>
          <FormField id="staff-email" label="Email" compact>
            <Input name="email" type="email" required />
          </FormField>
          <FormField id="staff-role" label="Role" compact>
            <Select name="role" defaultValue="coach" options={enumOptions(STAFF_ROLES, ROLE_LABELS)} />
          </FormField>
          <FormField id="staff-tz" label="Time zone" compact>
            <Input name="timeZone" defaultValue="Europe/London" />
          </FormField>
        </ActionForm>
      </FormCard>
      <form className="mb-4 flex flex-wrap items-end gap-3" role="search" aria-label="Search people">
        <FormField id="q" label="Search name or email" compact>
          <Input name="q" defaultValue={q} />
        </FormField>
        <FormField id="role" label="Role" compact>
          <Select name="role" defaultValue={role} options={ROLE_FILTER} />
        </FormField>
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </form>
      <Table caption="People in the programme">
        <HeadRow labels={["Person", "Role", "Status", "Actions"]} cellClassName={cell} />
        <TBody>
          {people.map((p) => (
            <tr key={p.id} className={p.active ? "" : "bg-slate-50 text-slate-500"}>
              <TD className={cell}>
                <div className="font-medium">{p.name}</div>
                <div className="text-xs text-slate-500">{p.email}</div>
              </TD>
              <TD className={cell}>
                <ActionForm action={changeRoleAction} hidden={{ userId: p.id }} label="Change" className="flex items-center gap-2">
                  <FormField id={`role-${p.id}`} label={`Role of ${p.name}`} labelClassName="sr-only" compact>
                    <Select name="role" defaultValue={p.role} className="w-28" options={ROLE_OPTIONS} />
                  </FormField>
                </ActionForm>
              </TD>
              <TD className={cell}>{p.active ? "active" : "deactivated"}</TD>
              <TD className={cell}>
                <div className="flex flex-wrap gap-2">
                  {p.id !== admin.id && (
                    <ActionForm
                      action={setActiveAction}
                      hidden={{ userId: p.id, active: p.active ? "false" : "true" }}
                      label={p.active ? "Deactivate" : "Reactivate"}
                      confirm={p.active ? `Deactivate ${p.email}? They lose access on their next request.` : undefined}
                    />
                  )}
                  <ActionForm action={resetPasswordAction} hidden={{ userId: p.id }} label="Reset password" confirm={`Reset the password of ${p.email}? Their sessions end.`} />
                </div>
              </TD>
            </tr>
          ))}
        </TBody>
      </Table>
    </>
  );
}
