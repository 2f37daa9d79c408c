// Exhibits beside a question or in a case study's tab: a table (real headers, a caption) or a code
// or output block (monospaced, its language named), so a screen reader reads them as what they are.

import type { ExhibitView } from "@/lib/practice/dto";
import { CODE_LANGUAGE_LABELS, type CodeLanguage } from "@/lib/practice/code-languages";

export function languageLabel(language: string | undefined): string {
  return language && language in CODE_LANGUAGE_LABELS ? CODE_LANGUAGE_LABELS[language as CodeLanguage] : "Code";
}

export function CodeBlock({ title, language, text }: { title?: string; language: string; text: string }) {
  const label = languageLabel(language);
  return (
    <figure className="overflow-hidden rounded-md border border-slate-300">
      <figcaption className="flex items-center justify-between gap-2 border-b border-slate-300 bg-slate-100 px-3 py-1.5 text-xs text-slate-700">
        <span className="font-semibold text-slate-900">{title ?? label}</span>
        <span data-testid="code-language">{label}</span>
      </figcaption>
      <pre className="overflow-x-auto bg-slate-950 p-3 font-mono text-sm leading-relaxed text-slate-50" tabIndex={0} aria-label={`${title ?? "Code"} (${label})`}>
        <code>{text}</code>
      </pre>
    </figure>
  );
}

export function Exhibit({ exhibit }: { exhibit: ExhibitView }) {
  if (exhibit.type === "code") return <CodeBlock title={exhibit.title} language={exhibit.language} text={exhibit.text} />;
  return (
    <div className="overflow-x-auto rounded-md border border-slate-300" tabIndex={0} role="region" aria-label={exhibit.title}>
      <table className="min-w-full text-left text-sm">
        <caption className="border-b border-slate-300 bg-slate-100 px-3 py-1.5 text-left text-xs font-semibold text-slate-900">{exhibit.title}</caption>
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
          <tr>
            {exhibit.columns.map((c, i) => (
              <th key={i} scope="col" className="px-3 py-1.5 font-semibold">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {exhibit.rows.map((row, r) => (
            <tr key={r}>
              {row.map((cell, c) => (
                <td key={c} className="px-3 py-1.5 font-mono text-xs text-slate-900">
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ExhibitList({ exhibits, heading = "Exhibits" }: { exhibits: readonly ExhibitView[] | undefined; heading?: string }) {
  if (!exhibits || exhibits.length === 0) return null;
  return (
    <section aria-label={heading} className="mt-4 space-y-3" data-testid="exhibits">
      <h3 className="text-sm font-semibold text-slate-900">{heading}</h3>
      {exhibits.map((e, i) => (
        <Exhibit key={i} exhibit={e} />
      ))}
    </section>
  );
}

/** A hotspot's text split at its {{n}} blanks: text pieces and blank numbers, in order. */
export function splitBlanks(text: string): (string | number)[] {
  const out: (string | number)[] = [];
  let last = 0;
  for (const m of text.matchAll(/\{\{(\d+)\}\}/g)) {
    out.push(text.slice(last, m.index));
    out.push(Number(m[1]));
    last = m.index! + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}
