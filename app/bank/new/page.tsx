import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell";
import { requireBankEditor } from "@/lib/dal/guard";
import { createQuestionAction } from "../actions";
import { QuestionEditor } from "../question-editor";

export const metadata: Metadata = { title: "New question" };

export default async function NewQuestionPage() {
  await requireBankEditor("/bank/new");
  return (
    <>
      <PageHeader title="New question" description="Scenario style, one requirement, original wording." />
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <QuestionEditor action={createQuestionAction} submitLabel="Create question" />
      </div>
    </>
  );
}
