import { cn } from "./cn";

/** The one header style of every table. */
export const tableHeadClass = "bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500";

export interface TableProps extends React.TableHTMLAttributes<HTMLTableElement> {
  /** Said to screen readers only (the page's heading already names the table for sighted readers). */
  caption?: React.ReactNode;
  /** Classes of the scrolling, bordered box around the table. */
  frameClassName?: string;
  /** Leave out the bordered box (a table inside a card). */
  bare?: boolean;
}

/** A table in a scrolling, bordered white box. */
export function Table({ caption, frameClassName, bare, className, children, ...rest }: TableProps) {
  const table = (
    <table className={cn("min-w-full divide-y divide-slate-200 text-sm", className)} {...rest}>
      {caption && <caption className="sr-only">{caption}</caption>}
      {children}
    </table>
  );
  if (bare) return table;
  return <div className={cn("overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm", frameClassName)}>{table}</div>;
}

export function THead({ className, ...rest }: React.HTMLAttributes<HTMLTableSectionElement>) {
  return <thead className={cn(tableHeadClass, className)} {...rest} />;
}

export function TBody({ className, ...rest }: React.HTMLAttributes<HTMLTableSectionElement>) {
  return <tbody className={cn("divide-y divide-slate-100", className)} {...rest} />;
}

export function TR(props: React.HTMLAttributes<HTMLTableRowElement>) {
  return <tr {...props} />;
}

/** A header cell; a column header unless `scope="row"` (then it reads like a first data cell). */
export function TH({ className, scope = "col", numeric, ...rest }: React.ThHTMLAttributes<HTMLTableCellElement> & { numeric?: boolean }) {
  return (
    <th
      scope={scope}
      className={cn("px-4 py-3", scope === "row" && "text-left font-medium text-slate-800", numeric && "text-right", className)}
      {...rest}
    />
  );
}

export function TD({ className, numeric, ...rest }: React.TdHTMLAttributes<HTMLTableCellElement> & { numeric?: boolean }) {
  return <td className={cn("px-4 py-3", numeric && "text-right tabular-nums", className)} {...rest} />;
}

export type Cell = React.ReactNode;

/**
 * A plain table from rows of cells: the first cell of a row is its header. `numeric` names the
 * columns (by index) that hold numbers and so align right.
 */
export function DataTable({ caption, head, rows, numeric = [] }: { caption: string; head: string[]; rows: Cell[][]; numeric?: number[] }) {
  return (
    <Table caption={caption} frameClassName="shadow-none">
      <THead>
        <tr>
          {head.map((h, i) => (
            <TH key={h} className={cn("px-3 py-2", numeric.includes(i) && "text-right")}>
              {h}
            </TH>
          ))}
        </tr>
      </THead>
      <TBody>
        {rows.map((r, i) => (
          <tr key={i}>
            {r.map((c, j) =>
              j === 0 ? (
                <TH key={j} scope="row" className="px-3 py-1.5">
                  {c}
                </TH>
              ) : (
                <TD key={j} className={cn("px-3 py-1.5 tabular-nums", numeric.includes(j) && "text-right")}>
                  {c}
                </TD>
              ),
            )}
          </tr>
        ))}
      </TBody>
    </Table>
  );
}
