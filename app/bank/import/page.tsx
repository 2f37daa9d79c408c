import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell";
import { requireBankEditor } from "@/lib/dal/guard";
import { ImportForm } from "./import-form";

export const metadata: Metadata = { title: "Import questions" };

export default async function ImportPage() {
  await requireBankEditor("/bank/import");
  return (
    <>
      <PageHeader
        title="Import questions"
        description="A JSON array in the export's format. All or nothing: every problem is listed by item and field, and nothing is written until the whole file is valid. Existing ids are updated."
      />
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <ImportForm />
      </div>
    </>
  );
}
