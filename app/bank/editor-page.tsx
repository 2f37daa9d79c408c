import { PageHeader } from "@/components/app-shell";
import { cardClass, cn } from "@/components/ui";

/** A bank editor's page: the heading, anything above the form (`before`), then the form in a white card. */
export function EditorPage({ title, description, before, children }: { title: string; description: string; before?: React.ReactNode; children: React.ReactNode }) {
  return (
    <>
      <PageHeader title={title} description={description} />
      {before}
      <div className={cn(cardClass, "p-6")}>{children}</div>
    </>
  );
}
