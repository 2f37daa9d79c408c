"use client";

// The question shown: its stem, its options, and the buttons to move, flag and clear.

import { buttonClass, cardClass } from "@/components/ui/styles";
import { DOMAIN_SHORT_NAMES } from "@/lib/exam/az104";
import type { RunnerSnapshot, RunnerStore } from "./runner-store";

export function QuestionView({
  store,
  snap,
  headingRef,
}: {
  store: RunnerStore;
  snap: RunnerSnapshot;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
}) {
  const item = snap.items.find((i) => i.position === snap.current) ?? snap.items[0];
  if (!item) return <p className="text-sm text-slate-600">This set has no questions.</p>;
  const last = item.position === snap.items.length;
  const single = item.kind === "single";
  const stemId = `stem-${item.position}`;
  return (
    <section aria-labelledby="question-h" className={cardClass}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="question-h" ref={headingRef} tabIndex={-1} className="text-lg font-semibold text-slate-900 focus:outline-none">
          {`Question ${item.position} of ${snap.items.length}`}
        </h2>
        <div className="flex flex-wrap items-center gap-2 text-xs">
          {item.flagged && <span className="rounded-full bg-amber-100 px-2 py-0.5 font-semibold text-amber-900">Flagged</span>}
          {item.ownVariation && (
            <span className="rounded-full bg-violet-100 px-2 py-0.5 font-semibold text-violet-900" data-testid="own-variation">
              Your variation
            </span>
          )}
          <span className="rounded-full bg-slate-100 px-2 py-0.5 font-medium text-slate-700">{DOMAIN_SHORT_NAMES[item.domain]}</span>
        </div>
      </div>
      <p id={stemId} className="mt-3 whitespace-pre-line text-slate-900">
        {item.stem}
      </p>
      <fieldset className="mt-4" aria-describedby={stemId} disabled={snap.locked} data-testid="options">
        <legend className="text-sm font-medium text-slate-700">{single ? "Choose one answer." : "Choose all that apply."}</legend>
        <div className="mt-2 space-y-2">
          {item.options.map((o) => {
            const checked = Boolean(item.response?.includes(o.key));
            return (
              <label
                key={o.key}
                className={`flex cursor-pointer items-start gap-3 rounded-md border p-3 text-sm transition-colors ${
                  checked ? "border-brand-600 bg-brand-50/60" : "border-slate-200 hover:bg-slate-50"
                } ${snap.locked ? "cursor-not-allowed opacity-70" : ""}`}
              >
                <input
                  type={single ? "radio" : "checkbox"}
                  name={`question-${item.position}`}
                  value={o.key}
                  checked={checked}
                  onChange={() => store.choose(o.key)}
                  className="mt-0.5 h-4 w-4 shrink-0"
                />
                <span aria-hidden className="font-mono font-semibold text-slate-500">
                  {o.key}
                </span>
                <span className="text-slate-900">
                  <span className="sr-only">{o.key}. </span>
                  {o.text}
                </span>
              </label>
            );
          })}
        </div>
      </fieldset>
      <div className="mt-5 flex flex-wrap items-center gap-2">
        <button type="button" onClick={() => store.previous()} disabled={item.position === 1} className={buttonClass.secondary}>
          ← Previous
        </button>
        <button
          type="button"
          onClick={() => store.toggleFlag()}
          aria-pressed={item.flagged}
          disabled={snap.locked}
          className={`${buttonClass.secondary} ${item.flagged ? "border-amber-400 bg-amber-50 text-amber-900 hover:bg-amber-100" : ""}`}
        >
          <span aria-hidden>⚑</span> Flag for review
        </button>
        {item.response && (
          <button type="button" onClick={() => store.clearAnswer()} disabled={snap.locked} className={buttonClass.secondary}>
            Clear answer
          </button>
        )}
        <span className="flex-1" />
        {last ? (
          <button type="button" onClick={() => store.openReview()} className={buttonClass.primary}>
            Review and submit
          </button>
        ) : (
          <button type="button" onClick={() => store.next()} className={buttonClass.primary}>
            Next →
          </button>
        )}
      </div>
    </section>
  );
}
