import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell";
import { Alert, Button, EmptyState, FormField, Input, HeadRow, Select, TBody, TD, Table, buttonClasses } from "@/components/ui";
import { bankQuestions } from "@/lib/dal/bank";
import { requireBankEditor } from "@/lib/dal/guard";
import { QUESTION_STATUS_LABELS, type QuestionStatus } from "@/lib/enums";
import { AZ104, DOMAIN_SHORT_NAMES, type DomainKey } from "@/lib/exam/az104";
import { StatusButton } from "./status-button";

export const metadata: Metadata = { title: "Question bank" };

type Search = { q?: string; domain?: string; status?: string; tier?: string; saved?: string };

const DOMAIN_FILTER = [{ value: "", label: "All" }, ...AZ104.domains.map((d) => ({ value: d.key, label: DOMAIN_SHORT_NAMES[d.key] }))];
const STATUS_FILTER = [
  { value: "", label: "All" },
  ...(["published", "draft", "retired"] as const satisfies readonly QuestionStatus[]).map((value) => ({ value, label: QUESTION_STATUS_LABELS[value] })),
];
/** The question list is denser than the default table. */
const cell = "px-3 py-2";
const secondary = buttonClasses({ variant: "secondary" });

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
            <a href="/bank/export.json" className={secondary} download>
              Export JSON
            </a>
            <Link href="/bank/import" className={secondary}>
              Import JSON
            </Link>
            <Link href="/bank/entry/new" className={secondary}>
              New hotspot, ordering, matching, series or case study
            </Link>
            <Link href="/bank/new" className={buttonClasses()}>
              New question
            </Link>
          </>
        }
      />
      {sp.saved && (
        <Alert tone="success" className="mb-4">
          Question {sp.saved} saved.
        </Alert>
      )}
      <form className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-5" role="search" aria-label="Filter questions">
        <FormField id="q" label="Search" compact className="sm:col-span-2">
          <Input name="q" defaultValue={filter.q} placeholder="id, family, category or text" />
        </FormField>
        <FormField id="domain" label="Domain" compact>
          <Select name="domain" defaultValue={filter.domain ?? ""} options={DOMAIN_FILTER} />
        </FormField>
        <FormField id="status" label="Status" compact>
          <Select name="status" defaultValue={filter.status ?? ""} options={STATUS_FILTER} />
        </FormField>
        <div className="flex items-end">
          <Button type="submit" variant="secondary" className="w-full">
            Filter
          </Button>
        </div>
      </form>
      <p className="mb-2 text-sm text-slate-600">{rows.length} question{rows.length === 1 ? "" : "s"}</p>
      {rows.length === 0 ? (
        <EmptyState title="No questions match" action={{ href: "/bank/new", label: "Write a question" }}>
          Change the filters, write a question, or import a JSON file.
        </EmptyState>
      ) : (
        <Table caption="Questions">
          <HeadRow labels={["Id", "Domain", "Family", "Tier", "Kind", "Status", <span key="actions" className="sr-only">Actions</span>]} cellClassName={cell} />
          <TBody>
            {rows.map((r) => (
              <tr key={r.id}>
                <TD className={`${cell} font-mono text-xs`}>
                  {/* Single and multiple items open the form; other kinds and group items the JSON editor. */}
                  <Link
                    href={r.groupId || (r.kind !== "single" && r.kind !== "multiple") ? `/bank/entry/${encodeURIComponent(r.groupId ?? r.id)}` : `/bank/${encodeURIComponent(r.id)}`}
                    className="text-brand-700 hover:underline"
                  >
                    {r.id}
                  </Link>
                </TD>
                <TD className={cell}>{DOMAIN_SHORT_NAMES[r.domain as DomainKey] ?? r.domain}</TD>
                <TD className={`${cell} font-mono text-xs text-slate-600`}>{r.family}</TD>
                <TD className={cell}>{r.tier}</TD>
                <TD className={cell}>
                  {r.kind}
                  {r.groupId && <span className="block font-mono text-[11px] text-slate-500">in {r.groupId}</span>}
                </TD>
                <TD className={cell}>{r.status}</TD>
                <TD className={`${cell} whitespace-nowrap text-right`}>
                  {r.status === "retired" ? (
                    <StatusButton id={r.id} status="published" label="Restore" />
                  ) : r.status === "draft" ? (
                    // A yes/no series or case study is published whole (any of its items' buttons does it).
                    <StatusButton id={r.id} status="published" label="Publish" />
                  ) : (
                    <StatusButton id={r.id} status="retired" label="Retire" />
                  )}
                </TD>
              </tr>
            ))}
          </TBody>
        </Table>
      )}
    </>
  );
}
