import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { bankEntry } from "@/lib/dal/bank";
import { requireBankEditor } from "@/lib/dal/guard";
import { entriesFromRows } from "@/lib/questions/entries";
import { rowToStored } from "@/lib/questions/server/bank";
import { EditorPage } from "../../editor-page";
import { EntryEditor } from "../entry-editor";

export const metadata: Metadata = { title: "Edit entry" };

/** An item of any kind, or a yes/no series or case study (by its id or any of its questions' ids), as JSON. */
export default async function EditEntryPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: raw } = await params;
  const id = decodeURIComponent(raw).slice(0, 100);
  const editor = await requireBankEditor(`/bank/entry/${raw}`);
  const { row, group } = await bankEntry(editor, id);
  const entry = group ? entriesFromRows([group.group], group.questions)[0] : row ? entriesFromRows([], [rowToStored(row)])[0] : undefined;
  if (!entry) notFound();
  return (
    <EditorPage title={`Edit ${entry.id}`} description="Changes apply to sets started from now on. A repository item is overwritten by its file at the next start.">
      <EntryEditor mode="update" initial={JSON.stringify(entry, null, 2)} submitLabel="Save changes" />
    </EditorPage>
  );
}
