import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell";
import { ActionForm } from "@/components/action-form";
import { buttonClass, cardClass, inputClass } from "@/components/ui/styles";
import { adminUsers } from "@/lib/dal/admin";
import { requireAdmin } from "@/lib/dal/guard";
import { changeRoleAction, createStaffAction, resetPasswordAction, setActiveAction } from "../actions";

export const metadata: Metadata = { title: "People" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<{ q?: string; role?: string }> }) {
  const admin = await requireAdmin("/admin/users");
  const sp = await searchParams;
  const q = typeof sp.q === "string" ? sp.q.slice(0, 100) : "";
  const role = typeof sp.role === "string" ? sp.role : "";
  const people = await adminUsers(admin, { q, role });
  return (
    <>
      <PageHeader title="People" description="Create coaches and admins, change roles, deactivate accounts and reset passwords. Changes apply on the person's next request." />
      <section className={`${cardClass} mb-6`} aria-labelledby="new-staff-h">
        <h2 id="new-staff-h" className="mb-3 font-semibold">Add a coach or admin</h2>
        <ActionForm action={createStaffAction} label="Create account" variant="primary" className="grid gap-3 sm:grid-cols-5 sm:items-end">
          <div>
            <label htmlFor="staff-name" className="block text-xs font-medium text-slate-600">Name</label>
            <input id="staff-name" name="name" required maxLength={100} className={inputClass} />
          </div>
          <div>
            <label htmlFor="staff-email" className="block text-xs font-medium text-slate-600">Email</label>
            <input id="staff-email" name="email" type="email" required className={inputClass} />
          </div>
          <div>
            <label htmlFor="staff-role" className="block text-xs font-medium text-slate-600">Role</label>
            <select id="staff-role" name="role" className={inputClass} defaultValue="coach">
              <option value="coach">Coach</option>
              <option value="admin">Admin</option>
            </select>
          </div>
          <div>
            <label htmlFor="staff-tz" className="block text-xs font-medium text-slate-600">Time zone</label>
            <input id="staff-tz" name="timeZone" defaultValue="Europe/London" className={inputClass} />
          </div>
        </ActionForm>
      </section>
      <form className="mb-4 flex flex-wrap items-end gap-3" role="search" aria-label="Search people">
        <div>
          <label htmlFor="q" className="block text-xs font-medium text-slate-600">Search name or email</label>
          <input id="q" name="q" defaultValue={q} className={inputClass} />
        </div>
        <div>
          <label htmlFor="role" className="block text-xs font-medium text-slate-600">Role</label>
          <select id="role" name="role" defaultValue={role} className={inputClass}>
            <option value="">All</option>
            <option value="learner">Learners</option>
            <option value="coach">Coaches</option>
            <option value="admin">Admins</option>
          </select>
        </div>
        <button type="submit" className={buttonClass.secondary}>Search</button>
      </form>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">People in the programme</caption>
          <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-3 py-2">Person</th>
              <th scope="col" className="px-3 py-2">Role</th>
              <th scope="col" className="px-3 py-2">Status</th>
              <th scope="col" className="px-3 py-2">Actions</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {people.map((p) => (
              <tr key={p.id} className={p.active ? "" : "bg-slate-50 text-slate-500"}>
                <td className="px-3 py-2">
                  <div className="font-medium">{p.name}</div>
                  <div className="text-xs text-slate-500">{p.email}</div>
                </td>
                <td className="px-3 py-2">
                  <ActionForm action={changeRoleAction} hidden={{ userId: p.id }} label="Change" className="flex items-center gap-2">
                    <label htmlFor={`role-${p.id}`} className="sr-only">Role of {p.name}</label>
                    <select id={`role-${p.id}`} name="role" defaultValue={p.role} className={`${inputClass} w-28`}>
                      <option value="learner">learner</option>
                      <option value="coach">coach</option>
                      <option value="admin">admin</option>
                    </select>
                  </ActionForm>
                </td>
                <td className="px-3 py-2">{p.active ? "active" : "deactivated"}</td>
                <td className="px-3 py-2">
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
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
