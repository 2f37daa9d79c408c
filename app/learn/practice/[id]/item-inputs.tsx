"use client";

// The parts of the runner the new item kinds need: a hotspot's drop-downs inside its statement or
// code, a yes/no series' scenario and goal, and a case study's tabs.

import { useId, useRef, useState } from "react";
import { CodeBlock, ExhibitList, languageLabel, splitBlanks } from "@/components/practice/exhibits";
import type { RunnerGroup, RunnerItemContent } from "@/lib/practice/dto";
import { partValues } from "@/lib/practice/responses";

export function HotspotInputs({
  hotspot,
  response,
  disabled,
  describedBy,
  onChoose,
}: {
  hotspot: NonNullable<RunnerItemContent["hotspot"]>;
  response: string[] | null;
  disabled: boolean;
  describedBy: string;
  onChoose: (blank: number, key: string | null) => void;
}) {
  const values = partValues(response, hotspot.blanks.length);
  const pieces = splitBlanks(hotspot.text);
  const select = (n: number) => {
    const choices = hotspot.blanks[n - 1] ?? [];
    return (
      <select
        key={`blank-${n}`}
        aria-label={`Blank ${n}`}
        data-testid={`blank-${n}`}
        value={values[n - 1] ?? ""}
        disabled={disabled}
        onChange={(e) => onChoose(n, e.target.value === "" ? null : e.target.value)}
        className="mx-0.5 rounded border border-brand-600 bg-white px-1 py-0.5 font-mono text-sm text-slate-900"
      >
        <option value="">{`[blank ${n}]`}</option>
        {choices.map((c) => (
          <option key={c.key} value={c.key}>
            {c.text}
          </option>
        ))}
      </select>
    );
  };
  const body = pieces.map((p, i) => (typeof p === "number" ? select(p) : <span key={i}>{p}</span>));
  return (
    <fieldset className="mt-4" aria-describedby={describedBy} data-testid="hotspot">
      <legend className="text-sm font-medium text-slate-700">
        Choose the right option in each of the {hotspot.blanks.length === 1 ? "blank" : `${hotspot.blanks.length} blanks`}.
      </legend>
      {hotspot.format === "code" ? (
        <figure className="mt-2 overflow-hidden rounded-md border border-slate-300">
          <figcaption className="flex justify-between border-b border-slate-300 bg-slate-100 px-3 py-1.5 text-xs text-slate-700">
            <span className="font-semibold text-slate-900">Complete the code</span>
            <span data-testid="code-language">{languageLabel(hotspot.language)}</span>
          </figcaption>
          <pre className="overflow-x-auto whitespace-pre-wrap bg-slate-50 p-3 font-mono text-sm leading-loose text-slate-900">
            <code>{body}</code>
          </pre>
        </figure>
      ) : (
        <p className="mt-2 rounded-md border border-slate-200 p-3 leading-loose text-slate-900">{body}</p>
      )}
    </fieldset>
  );
}

export function SeriesContext({ group, order, size }: { group: Extract<RunnerGroup, { kind: "yes-no-series" }>; order: number; size: number }) {
  return (
    <div className="mt-3 space-y-2 rounded-md border border-sky-200 bg-sky-50 p-3 text-sm text-slate-900" data-testid="series-context">
      <p className="text-xs font-semibold uppercase tracking-wide text-sky-900">
        Yes/no series · solution {order} of {size}
      </p>
      <p className="whitespace-pre-line">{group.scenario}</p>
      <p>
        <span className="font-semibold">Goal: </span>
        {group.goal}
      </p>
      <ExhibitList exhibits={group.exhibits} heading="Scenario exhibits" />
      <p className="text-xs text-sky-900">Each solution is its own question. Once you move past a solution you can&apos;t return to it.</p>
    </div>
  );
}

const TABS = [
  ["overview", "Overview"],
  ["environment", "Existing environment"],
  ["requirements", "Requirements"],
  ["exhibits", "Exhibits"],
] as const;
type Tab = (typeof TABS)[number][0];

/** The case study's scenario as tabs (the ARIA tabs pattern: arrow keys, Home and End move between tabs). */
export function CaseStudyTabs({ group }: { group: Extract<RunnerGroup, { kind: "case-study" }> }) {
  const [tab, setTab] = useState<Tab>("overview");
  const base = useId();
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const move = (i: number) => {
    const next = (i + TABS.length) % TABS.length;
    setTab(TABS[next]![0]);
    refs.current[next]?.focus();
  };
  const current = TABS.findIndex(([k]) => k === tab);
  return (
    <div className="mt-3 rounded-md border border-indigo-200" data-testid="case-study">
      <div role="tablist" aria-label={`Case study: ${group.title}`} className="flex flex-wrap border-b border-indigo-200 bg-indigo-50">
        {TABS.map(([key, label], i) => (
          <button
            key={key}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${base}-tab-${key}`}
            aria-selected={tab === key}
            aria-controls={`${base}-panel-${key}`}
            tabIndex={tab === key ? 0 : -1}
            onClick={() => setTab(key)}
            onKeyDown={(e) => {
              if (e.key === "ArrowRight") move(current + 1);
              else if (e.key === "ArrowLeft") move(current - 1);
              else if (e.key === "Home") move(0);
              else if (e.key === "End") move(TABS.length - 1);
              else return;
              e.preventDefault();
              e.stopPropagation();
            }}
            className={`px-3 py-2 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 ${
              tab === key ? "border-b-2 border-indigo-700 text-indigo-950" : "text-indigo-900 hover:bg-indigo-100"
            }`}
          >
            {label}
          </button>
        ))}
      </div>
      {TABS.map(([key]) => (
        <div
          key={key}
          role="tabpanel"
          id={`${base}-panel-${key}`}
          aria-labelledby={`${base}-tab-${key}`}
          hidden={tab !== key}
          tabIndex={0}
          className="max-h-80 overflow-y-auto p-3 text-sm text-slate-900"
        >
          {key === "exhibits" ? (
            group.exhibits.length ? (
              <div className="space-y-3">
                {group.exhibits.map((e, i) =>
                  e.type === "code" ? <CodeBlock key={i} title={e.title} language={e.language} text={e.text} /> : <ExhibitList key={i} exhibits={[e]} heading={e.title} />,
                )}
              </div>
            ) : (
              <p className="text-slate-600">This case study has no exhibits.</p>
            )
          ) : (
            <p className="whitespace-pre-line">{group[key]}</p>
          )}
        </div>
      ))}
    </div>
  );
}
