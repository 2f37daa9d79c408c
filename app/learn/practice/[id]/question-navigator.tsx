"use client";

// The question navigator: one button per question (answered, flagged, current), its legend, and
// the way to the review.

import { buttonClasses } from "@/components/ui";
import { cardClass } from "@/components/ui/styles";
import type { RunnerItemState } from "@/lib/practice/dto";
import type { RunnerSnapshot, RunnerStore } from "./runner-store";

export function isAnswered(i: RunnerItemState): boolean {
  return Boolean(i.response && i.response.length);
}

function itemLabel(i: RunnerItemState): string {
  return `Question ${i.position}, ${isAnswered(i) ? "answered" : "unanswered"}${i.flagged ? ", flagged" : ""}${i.closed ? ", closed" : ""}`;
}

export function QuestionNavigator({ store, snap }: { store: RunnerStore; snap: RunnerSnapshot }) {
  return (
    <nav aria-labelledby="navigator-h" className={cardClass}>
      <h2 id="navigator-h" className="text-sm font-semibold text-slate-900">
        Questions
      </h2>
      <ol className="mt-3 grid grid-cols-8 gap-1.5 sm:grid-cols-10 lg:grid-cols-5">
        {snap.items.map((i) => {
          const isCurrent = snap.view === "question" && i.position === snap.current;
          const done = isAnswered(i);
          return (
            <li key={i.position}>
              <button
                type="button"
                onClick={() => store.goTo(i.position)}
                disabled={i.closed}
                data-closed={i.closed ? true : undefined}
                aria-label={itemLabel(i)}
                aria-current={isCurrent ? "step" : undefined}
                data-answered={done}
                data-flagged={i.flagged}
                className={`relative flex h-9 w-full items-center justify-center rounded-md border text-sm font-semibold tabular-nums focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:ring-offset-1 ${
                  done ? "border-brand-600 bg-brand-600 text-white" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50"
                } ${isCurrent ? "ring-2 ring-slate-900 ring-offset-1" : ""}`}
              >
                {i.position}
                {i.flagged && (
                  <span aria-hidden className="absolute -right-1 -top-1.5 text-xs text-amber-600 drop-shadow-sm">
                    ⚑
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ol>
      <ul className="mt-3 flex flex-wrap gap-x-3 gap-y-1 text-xs text-slate-600" aria-label="Navigator legend">
        <li className="flex items-center gap-1">
          <span aria-hidden className="inline-block h-3 w-3 rounded-sm bg-brand-600" /> Answered
        </li>
        <li className="flex items-center gap-1">
          <span aria-hidden className="inline-block h-3 w-3 rounded-sm border border-slate-300 bg-white" /> Unanswered
        </li>
        <li className="flex items-center gap-1">
          <span aria-hidden className="text-amber-600">⚑</span> Flagged
        </li>
        <li className="flex items-center gap-1">
          <span aria-hidden className="inline-block h-3 w-3 rounded-sm ring-2 ring-slate-900" /> Current
        </li>
      </ul>
      <button type="button" onClick={() => store.openReview()} className={buttonClasses({ className: "mt-4 w-full" })}>
        Review and submit
      </button>
    </nav>
  );
}
