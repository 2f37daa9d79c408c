"use client";

// The question shown: its group's scenario (a yes/no series' scenario and goal, a case study's
// tabs and section clock), its stem and exhibits, the input its kind needs, the warning before a
// move that closes something, and the buttons to move, flag and clear.

import { useEffect, useRef } from "react";
import { ExhibitList } from "@/components/practice/exhibits";
import { SlotBoard } from "@/components/practice/slot-board";
import { Alert, Badge, Button, cn } from "@/components/ui";
import { cardClass } from "@/components/ui/styles";
import { DOMAIN_SHORT_NAMES } from "@/lib/exam/az104";
import { formatClock } from "@/lib/practice/outbox";
import { partValues } from "@/lib/practice/responses";
import { CaseStudyTabs, HotspotInputs, SeriesContext } from "./item-inputs";
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
  // The question's text (and its group's) may still be on its way: the page carries the first one only.
  const text = snap.content.items.get(item.position);
  const last = item.position === snap.items.length;
  const locked = snap.locked || Boolean(item.closed);
  const stemId = `stem-${item.position}`;
  const group = item.group ? snap.content.groups.get(item.group.id) : undefined;
  const loaded = Boolean(text) && (!item.group || Boolean(group));
  const previous = snap.items.find((i) => i.position === item.position - 1);
  return (
    <section aria-labelledby="question-h" className={cardClass} data-kind={item.kind}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="question-h" ref={headingRef} tabIndex={-1} className="text-lg font-semibold text-slate-900 focus:outline-none">
          {`Question ${item.position} of ${snap.items.length}`}
        </h2>
        <div className="flex flex-wrap items-center gap-2 text-xs">
          {item.closed && <Badge tone="neutral">Closed</Badge>}
          {item.flagged && <Badge tone="warning">Flagged</Badge>}
          {item.ownVariation && (
            <Badge tone="violet" data-testid="own-variation">
              Your variation
            </Badge>
          )}
          <Badge tone="muted" className="font-medium">
            {DOMAIN_SHORT_NAMES[item.domain]}
          </Badge>
        </div>
      </div>

      {snap.pendingLeave && <LeaveWarning store={store} pending={snap.pendingLeave} />}

      {!loaded && <ContentLoading content={snap.content} />}

      {group?.kind === "yes-no-series" && item.group && <SeriesContext group={group} order={item.group.order} size={item.group.size} />}
      {group?.kind === "case-study" && item.group && (
        <>
          <p className="mt-3 flex flex-wrap items-center justify-between gap-2 rounded-md bg-indigo-50 px-3 py-2 text-sm text-indigo-950">
            <span>
              <span className="font-semibold">Case study: {group.title}</span> · question {item.group.order} of {item.group.size}
            </span>
            {snap.sectionLeftMs !== null && (
              <span data-testid="section-time-left">
                Section time left <span className="font-mono font-semibold tabular-nums">{formatClock(snap.sectionLeftMs)}</span>
              </span>
            )}
          </p>
          <CaseStudyTabs group={group} />
        </>
      )}

      {loaded && text && (
        <>
          {item.kind === "yes-no" ? (
            <div className="mt-3 rounded-md border border-slate-200 p-3">
              <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Solution</p>
              <p id={stemId} className="mt-1 whitespace-pre-line text-slate-900">
                {text.stem}
              </p>
            </div>
          ) : (
            <p id={stemId} className="mt-3 whitespace-pre-line text-slate-900">
              {text.stem}
            </p>
          )}
          <ExhibitList exhibits={text.exhibits} />

          {(item.kind === "single" || item.kind === "multiple" || item.kind === "yes-no") && (
            <fieldset className="mt-4" aria-describedby={stemId} disabled={locked} data-testid="options">
              <legend className="text-sm font-medium text-slate-700">
                {item.kind === "yes-no" ? "Does the solution meet the goal?" : item.kind === "single" ? "Choose one answer." : "Choose all that apply."}
              </legend>
              <div className="mt-2 space-y-2">
                {text.options.map((o) => {
                  const checked = Boolean(item.response?.includes(o.key));
                  return (
                    <label
                      key={o.key}
                      className={`flex cursor-pointer items-start gap-3 rounded-md border p-3 text-sm transition-colors ${
                        checked ? "border-brand-600 bg-brand-50/60" : "border-slate-200 hover:bg-slate-50"
                      } ${locked ? "cursor-not-allowed opacity-70" : ""}`}
                    >
                      <input
                        type={item.kind === "multiple" ? "checkbox" : "radio"}
                        name={`question-${item.position}`}
                        value={o.key}
                        checked={checked}
                        onChange={() => store.choose(o.key)}
                        className="mt-0.5 h-4 w-4 shrink-0"
                      />
                      {item.kind !== "yes-no" && (
                        <span aria-hidden className="font-mono font-semibold text-slate-500">
                          {o.key}
                        </span>
                      )}
                      <span className="text-slate-900">
                        {item.kind !== "yes-no" && <span className="sr-only">{o.key}. </span>}
                        {o.text}
                      </span>
                    </label>
                  );
                })}
              </div>
            </fieldset>
          )}
          {item.kind === "hotspot" && text.hotspot && (
            <HotspotInputs hotspot={text.hotspot} response={item.response} disabled={locked} describedBy={stemId} onChoose={(blank, key) => store.choosePart(blank, key)} />
          )}
          {item.kind === "ordering" && (
            <SlotBoard
              key={item.position}
              slotNoun="place"
              slots={Array.from({ length: text.places ?? 0 }, (_, i) => `Step ${i + 1}`)}
              values={text.options}
              assigned={partValues(item.response, text.places ?? 0)}
              reuse={false}
              disabled={locked}
              onAssign={(slot, key) => store.choosePart(slot, key)}
            />
          )}
          {item.kind === "matching" && text.matching && (
            <SlotBoard
              key={item.position}
              slotNoun="target"
              slots={text.matching.targets}
              values={text.options}
              assigned={partValues(item.response, text.matching.targets.length)}
              reuse={text.matching.reuseValues}
              disabled={locked}
              onAssign={(slot, key) => store.choosePart(slot, key)}
            />
          )}

        </>
      )}

      <div className="mt-5 flex flex-wrap items-center gap-2">
        <Button variant="secondary" onClick={() => store.previous()} disabled={item.position === 1 || Boolean(previous?.closed)}>
          ← Previous
        </Button>
        <Button
          variant="secondary"
          onClick={() => store.toggleFlag()}
          aria-pressed={item.flagged}
          disabled={locked}
          className={cn(item.flagged && "border-amber-400 bg-amber-50 text-amber-900 hover:bg-amber-100")}
        >
          <span aria-hidden>⚑</span> Flag for review
        </Button>
        {item.response && (
          <Button variant="secondary" onClick={() => store.clearAnswer()} disabled={locked}>
            Clear answer
          </Button>
        )}
        <span className="flex-1" />
        {last ? (
          <Button onClick={() => store.openReview()}>Review and submit</Button>
        ) : (
          <Button onClick={() => store.next()}>Next →</Button>
        )}
      </div>
    </section>
  );
}

/** A question whose text has not arrived yet: said politely; answers, flags and moves still work. */
function ContentLoading({ content }: { content: RunnerSnapshot["content"] }) {
  const failed = content.refused || (content.failures > 0 && !content.loading);
  return (
    <div className="mt-3 rounded-md border border-slate-200 bg-slate-50 p-4 text-sm text-slate-700" data-testid="question-loading">
      <p role="status" aria-live="polite">
        {content.refused
          ? "This question could not be loaded. Reload the page to see it."
          : content.failures > 0
            ? "Loading question… (the connection is slow or down; trying again)"
            : "Loading question…"}
      </p>
      {!failed && (
        <div aria-hidden className="mt-3 space-y-2">
          <div className="h-3 w-11/12 animate-pulse rounded bg-slate-200" />
          <div className="h-3 w-9/12 animate-pulse rounded bg-slate-200" />
          <div className="h-3 w-10/12 animate-pulse rounded bg-slate-200" />
        </div>
      )}
    </div>
  );
}

/** Before a move that closes a yes/no solution or a case study: what closes, and the choice. */
function LeaveWarning({ store, pending }: { store: RunnerStore; pending: NonNullable<RunnerSnapshot["pendingLeave"]> }) {
  const stay = useRef<HTMLButtonElement>(null);
  useEffect(() => stay.current?.focus(), []);
  const text =
    pending.kind === "yes-no-series"
      ? "You can't return to this solution after you move on, as in the exam. Its answer is kept as it is."
      : "You are leaving the case study. Its questions close and you can't return to them, as in the exam. Answers are kept as they are.";
  return (
    <Alert
      tone="warning"
      role="alert"
      className="mt-3 text-amber-950"
      title={pending.kind === "yes-no-series" ? "Move past this solution?" : "Leave the case study?"}
      data-testid="leave-warning"
    >
      <p className="mt-1">{text}</p>
      <div className="mt-2 flex flex-wrap gap-2">
        <Button variant="secondary" ref={stay} onClick={() => store.cancelLeave()}>
          Stay here
        </Button>
        <Button onClick={() => store.confirmLeave()}>{pending.kind === "yes-no-series" ? "Move on" : "Leave the case study"}</Button>
      </div>
    </Alert>
  );
}
