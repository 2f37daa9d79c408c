import type { Metadata } from "next";
import { requireBankEditor } from "@/lib/dal/guard";
import { createQuestionAction } from "../actions";
import { EditorPage } from "../editor-page";
import { QuestionEditor } from "../question-editor";

export const metadata: Metadata = { title: "New question" };

export default async function NewQuestionPage() {
  await requireBankEditor("/bank/new");
  return (
    <EditorPage title="New question" description="Scenario style, one requirement, original wording.">
      <QuestionEditor action={createQuestionAction} submitLabel="Create question" />
    </EditorPage>
  );
}
