import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { bankQuestion } from "@/lib/dal/bank";
import { requireBankEditor } from "@/lib/dal/guard";
import { rowToQuestion } from "@/lib/questions/server/bank";
import { updateQuestionAction } from "../actions";
import { EditorPage } from "../editor-page";
import { QuestionEditor } from "../question-editor";

export const metadata: Metadata = { title: "Edit question" };

export default async function EditQuestionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const editor = await requireBankEditor(`/bank/${id}`);
  const row = await bankQuestion(editor, decodeURIComponent(id).slice(0, 100));
  if (!row) notFound();
  // Other kinds, and items of a yes/no series or case study, are edited as JSON.
  if (row.groupId || (row.kind !== "single" && row.kind !== "multiple")) redirect(`/bank/entry/${encodeURIComponent(row.groupId ?? row.id)}`);
  return (
    <EditorPage title={`Edit ${row.id}`} description="Changes apply to sets started from now on.">
      <QuestionEditor action={updateQuestionAction} question={rowToQuestion(row)} submitLabel="Save changes" />
    </EditorPage>
  );
}
