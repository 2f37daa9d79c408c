import Link from "next/link";
import { buttonClass, cardClass, inputClass } from "@/components/ui/styles";
import type { CohortOption } from "@/lib/dal/analytics";
import { addDays, type WeekRange } from "@/lib/analytics/weeks";

export type Cell = string | number;

/** A plain, accessible table: the numbers every chart on these pages shows. */
export function DataTable({ caption, head, rows, numeric = [] }: { caption: string; head: string[]; rows: Cell[][]; numeric?: number[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
          <tr>
            {head.map((h, i) => (
              <th key={h} scope="col" className={`px-3 py-2 ${numeric.includes(i) ? "text-right" : ""}`}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r, i) => (
            <tr key={i}>
              {r.map((c, j) =>
                j === 0 ? (
                  <th key={j} scope="row" className="px-3 py-1.5 text-left font-medium text-slate-800">
                    {c}
                  </th>
                ) : (
                  <td key={j} className={`px-3 py-1.5 tabular-nums ${numeric.includes(j) ? "text-right" : ""}`}>
                    {c}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Section({ id, title, description, children }: { id: string; title: string; description?: React.ReactNode; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className={`${cardClass} mb-6`}>
      <h2 id={id} className="text-lg font-semibold text-slate-900">
        {title}
      </h2>
      {description && <p className="mb-3 mt-1 max-w-prose text-sm text-slate-600">{description}</p>}
      <div className="mt-3 space-y-4">{children}</div>
    </section>
  );
}

function CohortSelect({ id, name, label, options, value }: { id: string; name: string; label: string; options: CohortOption[]; value: string }) {
  return (
    <div>
      <label htmlFor={id} className="block text-xs font-medium text-slate-600">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value} className={inputClass}>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
            {o.archived ? " (archived)" : ""}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The GET form of both pages: cohort(s) and a date range (rounded to whole UTC weeks). */
export function FilterForm({ action, cohorts, options, range }: { action: string; cohorts: { name: string; label: string; value: string }[]; options: CohortOption[]; range: WeekRange }) {
  return (
    <form method="get" action={action} className={`${cardClass} mb-6 flex flex-wrap items-end gap-3`} aria-label="Cohort and weeks">
      {cohorts.map((c) => (
        <CohortSelect key={c.name} id={`pick-${c.name}`} name={c.name} label={c.label} options={options} value={c.value} />
      ))}
      <div>
        <label htmlFor="from" className="block text-xs font-medium text-slate-600">
          From (week of)
        </label>
        <input id="from" name="from" type="date" defaultValue={range.from} className={inputClass} />
      </div>
      <div>
        <label htmlFor="to" className="block text-xs font-medium text-slate-600">
          To (week of)
        </label>
        <input id="to" name="to" type="date" defaultValue={addDays(range.to, 6)} className={inputClass} />
      </div>
      <button type="submit" className={buttonClass.primary}>
        Show
      </button>
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
  return download ? (
    <a href={href} className={buttonClass.secondary} download>
      {children}
    </a>
  ) : (
    <Link href={href} className={buttonClass.secondary}>
      {children}
    </Link>
  );
}

export const pctNumber = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
export const barNumber = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
