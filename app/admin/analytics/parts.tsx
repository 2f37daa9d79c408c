import Link from "next/link";
import { Button, FormField, Input, Section, Select, buttonClasses, cardClass, cn } from "@/components/ui";
import type { CohortOption } from "@/lib/dal/analytics";
import { addDays, type WeekRange } from "@/lib/analytics/weeks";

export type Cell = string | number;

/** A card of the report: a heading, a short description, then its charts and tables. */
export function ReportSection({ id, title, description, children }: { id: string; title: string; description?: React.ReactNode; children: React.ReactNode }) {
  return (
    <Section headingId={id} title={title} description={description} className="mb-6" descriptionClassName="mb-3 max-w-prose">
      <div className="mt-3 space-y-4">{children}</div>
    </Section>
  );
}

/** The GET form of both pages: cohort(s) and a date range (rounded to whole UTC weeks). */
export function FilterForm({ action, cohorts, options, range }: { action: string; cohorts: { name: string; label: string; value: string }[]; options: CohortOption[]; range: WeekRange }) {
  const cohortOptions = options.map((o) => ({ value: o.id, label: `${o.name}${o.archived ? " (archived)" : ""}` }));
  return (
    <form method="get" action={action} className={cn(cardClass, "mb-6 flex flex-wrap items-end gap-3")} aria-label="Cohort and weeks">
      {cohorts.map((c) => (
        <FormField key={c.name} id={`pick-${c.name}`} label={c.label} compact>
          <Select name={c.name} defaultValue={c.value} options={cohortOptions} />
        </FormField>
      ))}
      <FormField id="from" label="From (week of)" compact>
        <Input name="from" type="date" defaultValue={range.from} />
      </FormField>
      <FormField id="to" label="To (week of)" compact>
        <Input name="to" type="date" defaultValue={addDays(range.to, 6)} />
      </FormField>
      <Button type="submit">Show</Button>
      <p className="basis-full text-xs text-slate-500">
        {range.weeks} whole week{range.weeks === 1 ? "" : "s"}, Monday {range.from} to Sunday {addDays(range.to, 6)} (UTC).
      </p>
    </form>
  );
}

export function StatList({ stats }: { stats: { label: string; value: Cell; hint?: string }[] }) {
  return (
    <dl className="mb-6 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
      {stats.map((s) => (
        <div key={s.label} className={cardClass}>
          <dt className="text-xs text-slate-500">{s.label}</dt>
          <dd className="mt-1 text-2xl font-bold text-slate-900 tabular-nums">{s.value}</dd>
          {s.hint && <dd className="text-xs text-slate-500">{s.hint}</dd>}
        </div>
      ))}
    </dl>
  );
}

export function LinkButton({ href, children, download }: { href: string; children: React.ReactNode; download?: boolean }) {
  const className = buttonClasses({ variant: "secondary" });
  return download ? (
    <a href={href} className={className} download>
      {children}
    </a>
  ) : (
    <Link href={href} className={className}>
      {children}
    </Link>
  );
}

export const pctNumber = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
export const barNumber = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
