import type { Metadata } from "next";
import Link from "next/link";
import { requireBankEditor } from "@/lib/dal/guard";
import { ENTRY_TEMPLATES } from "@/lib/questions/entry-templates";
import { EditorPage } from "../../editor-page";
import { EntryEditor } from "../entry-editor";

export const metadata: Metadata = { title: "New entry" };

const KINDS: [string, string][] = [
  ["hotspot", "Hotspot"],
  ["ordering", "Ordering"],
  ["matching", "Matching"],
  ["yes-no-series", "Yes/no series"],
  ["case-study", "Case study"],
];

export default async function NewEntryPage({ searchParams }: { searchParams: Promise<{ kind?: string }> }) {
  await requireBankEditor("/bank/entry/new");
  const { kind } = await searchParams;
  const chosen = typeof kind === "string" && kind in ENTRY_TEMPLATES ? kind : "hotspot";
  return (
    <EditorPage
      title="New entry"
      description="A hotspot, ordering, matching, yes/no series or case study, written in the bank's JSON format."
      before={
        <nav aria-label="Start from" className="mb-4 flex flex-wrap gap-2 text-sm">
          {KINDS.map(([k, label]) => (
            <Link key={k} href={`/bank/entry/new?kind=${k}`} aria-current={k === chosen ? "page" : undefined} className="rounded-md border border-slate-300 px-2.5 py-1 hover:bg-slate-50 aria-[current=page]:border-brand-600 aria-[current=page]:bg-brand-50">
              {label}
            </Link>
          ))}
        </nav>
      }
    >
      <EntryEditor key={chosen} mode="create" initial={JSON.stringify(ENTRY_TEMPLATES[chosen], null, 2)} submitLabel="Create" />
    </EditorPage>
  );
}
