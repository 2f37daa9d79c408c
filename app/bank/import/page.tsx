import type { Metadata } from "next";
import { requireBankEditor } from "@/lib/dal/guard";
import { EditorPage } from "../editor-page";
import { ImportForm } from "./import-form";

export const metadata: Metadata = { title: "Import questions" };

export default async function ImportPage() {
  await requireBankEditor("/bank/import");
  return (
    <EditorPage
      title="Import questions"
      description="A JSON array in the export's format. All or nothing: every problem is listed by item and field, and nothing is written until the whole file is valid. Existing ids are updated."
    >
      <ImportForm />
    </EditorPage>
  );
}
