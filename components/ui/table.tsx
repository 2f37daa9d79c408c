import { cn } from "./cn";

/** The one header style of every table. */
export const tableHeadClass = "bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500";

export interface TableProps extends React.TableHTMLAttributes<HTMLTableElement> {
  /** Said to screen readers only (the page's heading already names the table for sighted readers). */
  caption?: React.ReactNode;
  /** Classes of the scrolling, bordered box around the table. */
  frameClassName?: string;
  /** Leave out the bordered box and the rule under the header (a table inside a card). */
  bare?: boolean;
}

/** A table in a scrolling, bordered white box (or, `bare`, just the table). */
export function Table({ caption, frameClassName, bare, className, children, ...rest }: TableProps) {
  const table = (
    <table className={cn("min-w-full text-sm", !bare && "divide-y divide-slate-200", className)} {...rest}>
      {caption && <caption className="sr-only">{caption}</caption>}
      {children}
    </table>
  );
  if (bare) return table;
  return <div className={cn("overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm", frameClassName)}>{table}</div>;
}

/** `plain`: no background, for a table inside a card. */
export function THead({ className, plain, ...rest }: React.HTMLAttributes<HTMLTableSectionElement> & { plain?: boolean }) {
  return <thead className={cn(tableHeadClass, plain && "bg-transparent", className)} {...rest} />;
}

/**
 * A header row from its column labels (a node each: an sr-only label names a column of buttons).
 * `cellClassName` goes on every header cell (a denser table's padding, say).
 */
export function HeadRow({ labels, cellClassName, plain }: { labels: readonly React.ReactNode[]; cellClassName?: string; plain?: boolean }) {
  return (
    <THead plain={plain}>
      <tr>
        {labels.map((label, i) => (
          <TH key={i} plain={plain} className={cellClassName}>
            {label}
          </TH>
        ))}
      </tr>
    </THead>
  );
}

/** Cell padding: boxed tables pad both sides; plain ones (inside a card) only between columns. */
const cellPad = (plain?: boolean) => (plain ? "py-2 pr-3 last:pr-0" : "px-4 py-3");

export function TBody({ className, ...rest }: React.HTMLAttributes<HTMLTableSectionElement>) {
  return <tbody className={cn("divide-y divide-slate-100", className)} {...rest} />;
}

export function TR(props: React.HTMLAttributes<HTMLTableRowElement>) {
  return <tr {...props} />;
}

/** A header cell; a column header unless `scope="row"` (then it reads like a first data cell). */
export function TH({
  className,
  scope = "col",
  numeric,
  plain,
  ...rest
}: React.ThHTMLAttributes<HTMLTableCellElement> & { numeric?: boolean; plain?: boolean }) {
  return (
    <th
      scope={scope}
      className={cn(cellPad(plain), scope === "row" && "text-left font-medium text-slate-800", numeric && "text-right", className)}
      {...rest}
    />
  );
}

export function TD({ className, numeric, plain, ...rest }: React.TdHTMLAttributes<HTMLTableCellElement> & { numeric?: boolean; plain?: boolean }) {
  return <td className={cn(cellPad(plain), numeric && "text-right tabular-nums", className)} {...rest} />;
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
