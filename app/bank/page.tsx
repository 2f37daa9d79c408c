import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell";
import { EmptyState } from "@/components/ui/empty-state";
import { buttonClass, inputClass } from "@/components/ui/styles";
import { bankQuestions } from "@/lib/dal/bank";
import { requireBankEditor } from "@/lib/dal/guard";
import { AZ104, DOMAIN_SHORT_NAMES, type DomainKey } from "@/lib/exam/az104";
import { StatusButton } from "./status-button";

export const metadata: Metadata = { title: "Question bank" };

type Search = { q?: string; domain?: string; status?: string; tier?: string; saved?: string };

export default async function BankPage({ searchParams }: { searchParams: Promise<Search> }) {
  const editor = await requireBankEditor("/bank");
  const sp = await searchParams;
  const filter = {
    q: typeof sp.q === "string" ? sp.q.slice(0, 100) : undefined,
    domain: typeof sp.domain === "string" ? sp.domain : undefined,
    status: typeof sp.status === "string" ? sp.status : undefined,
    tier: typeof sp.tier === "string" ? sp.tier : undefined,
  };
  const { exam, rows } = await bankQuestions(editor, filter);
  return (
    <>
      <PageHeader
        title="Question bank"
        description={`${exam.code} practice questions. Drafts are invisible to learners; retired questions are no longer drawn.`}
        actions={
          <>
            <a href="/bank/export.json" className={buttonClass.secondary} download>
              Export JSON
            </a>
            <Link href="/bank/import" className={buttonClass.secondary}>
              Import JSON
            </Link>
            <Link href="/bank/entry/new" className={buttonClass.secondary}>
              New hotspot, ordering, matching, series or case study
            </Link>
            <Link href="/bank/new" className={buttonClass.primary}>
              New question
            </Link>
          </>
        }
      />
      {sp.saved && (
        <p role="status" className="mb-4 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Question {sp.saved} saved.
        </p>
      )}
      <form className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-5" role="search" aria-label="Filter questions">
        <div className="sm:col-span-2">
          <label htmlFor="q" className="block text-xs font-medium text-slate-600">Search</label>
          <input id="q" name="q" defaultValue={filter.q} placeholder="id, family, category or text" className={inputClass} />
        </div>
        <div>
          <label htmlFor="domain" className="block text-xs font-medium text-slate-600">Domain</label>
          <select id="domain" name="domain" defaultValue={filter.domain ?? ""} className={inputClass}>
            <option value="">All</option>
            {AZ104.domains.map((d) => (
              <option key={d.key} value={d.key}>{DOMAIN_SHORT_NAMES[d.key]}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="status" className="block text-xs font-medium text-slate-600">Status</label>
          <select id="status" name="status" defaultValue={filter.status ?? ""} className={inputClass}>
            <option value="">All</option>
            <option value="published">Published</option>
            <option value="draft">Draft</option>
            <option value="retired">Retired</option>
          </select>
        </div>
        <div className="flex items-end">
          <button type="submit" className={`${buttonClass.secondary} w-full`}>Filter</button>
        </div>
      </form>
      <p className="mb-2 text-sm text-slate-600">{rows.length} question{rows.length === 1 ? "" : "s"}</p>
      {rows.length === 0 ? (
        <EmptyState title="No questions match" action={{ href: "/bank/new", label: "Write a question" }}>
          Change the filters, write a question, or import a JSON file.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Questions</caption>
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-3 py-2">Id</th>
                <th scope="col" className="px-3 py-2">Domain</th>
                <th scope="col" className="px-3 py-2">Family</th>
                <th scope="col" className="px-3 py-2">Tier</th>
                <th scope="col" className="px-3 py-2">Kind</th>
                <th scope="col" className="px-3 py-2">Status</th>
                <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((r) => (
                <tr key={r.id}>
                  <td className="px-3 py-2 font-mono text-xs">
                    {/* Single and multiple items open the form; other kinds and group items the JSON editor. */}
                    <Link
                      href={r.groupId || (r.kind !== "single" && r.kind !== "multiple") ? `/bank/entry/${encodeURIComponent(r.groupId ?? r.id)}` : `/bank/${encodeURIComponent(r.id)}`}
                      className="text-brand-700 hover:underline"
                    >
                      {r.id}
                    </Link>
                  </td>
                  <td className="px-3 py-2">{DOMAIN_SHORT_NAMES[r.domain as DomainKey] ?? r.domain}</td>
                  <td className="px-3 py-2 font-mono text-xs text-slate-600">{r.family}</td>
                  <td className="px-3 py-2">{r.tier}</td>
                  <td className="px-3 py-2">
                    {r.kind}
                    {r.groupId && <span className="block font-mono text-[11px] text-slate-500">in {r.groupId}</span>}
                  </td>
                  <td className="px-3 py-2">{r.status}</td>
                  <td className="whitespace-nowrap px-3 py-2 text-right">
                    {r.status === "retired" ? (
                      <StatusButton id={r.id} status="published" label="Restore" />
                    ) : r.status === "draft" ? (
                      // A yes/no series or case study is published whole (any of its items' buttons does it).
                      <StatusButton id={r.id} status="published" label="Publish" />
                    ) : (
                      <StatusButton id={r.id} status="retired" label="Retire" />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
