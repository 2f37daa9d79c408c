import { Section } from "@/components/ui";

/** A white card holding one of the admin's small forms under a base-size heading (`tight`: a smaller gap under it). */
export function FormCard({
  id,
  title,
  as,
  tight = false,
  className,
  children,
}: {
  id: string;
  title: string;
  as?: "h2" | "h3";
  tight?: boolean;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <Section headingId={id} title={title} as={as} className={className} headingClassName={tight ? "mb-2 text-base" : "mb-3 text-base"}>
      {children}
    </Section>
  );
}
