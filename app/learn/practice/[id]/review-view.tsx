"use client";

// The review before submitting: what is unanswered or flagged, and the submission.

import { buttonClass, cardClass } from "@/components/ui/styles";
import type { RunnerItem } from "@/lib/practice/dto";
import { isAnswered } from "./question-navigator";
import type { RunnerSnapshot, RunnerStore } from "./runner-store";

function JumpList({ store, items, empty }: { store: RunnerStore; items: RunnerItem[]; empty: string }) {
  if (items.length === 0) return <p className="mt-1 text-sm text-slate-600">{empty}</p>;
  return (
    <ul className="mt-2 flex flex-wrap gap-2">
      {items.map((i) => (
        <li key={i.position}>
          <button type="button" onClick={() => store.goTo(i.position)} disabled={i.closed} className={`${buttonClass.secondary} px-3 py-1`}>
            {i.closed ? `Question ${i.position} (closed)` : `Go to question ${i.position}`}
          </button>
        </li>
      ))}
    </ul>
  );
}

export function ReviewView({
  store,
  snap,
  sessionId,
  headingRef,
  busy,
  problem,
  onSubmit,
}: {
  store: RunnerStore;
  snap: RunnerSnapshot;
  sessionId: string;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  busy: boolean;
  problem: { message: string; canForce: boolean } | null;
  onSubmit: (force: boolean) => void;
}) {
  const unanswered = snap.items.filter((i) => !isAnswered(i));
  const flagged = snap.items.filter((i) => i.flagged);
  return (
    <section aria-labelledby="review-h" className={cardClass}>
      <h2 id="review-h" ref={headingRef} tabIndex={-1} className="text-lg font-semibold text-slate-900 focus:outline-none">
        Review and submit
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        {snap.items.length - unanswered.length} of {snap.items.length} answered. An unanswered question counts as a miss.
      </p>

      <h3 className="mt-5 text-sm font-semibold text-slate-900">Unanswered ({unanswered.length})</h3>
      <JumpList store={store} items={unanswered} empty="None: every question has an answer." />

      <h3 className="mt-5 text-sm font-semibold text-slate-900">Flagged for review ({flagged.length})</h3>
      <JumpList store={store} items={flagged} empty="None flagged." />

      <form
        className="mt-6 border-t border-slate-100 pt-4"
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit(false);
        }}
      >
        <input type="hidden" name="id" value={sessionId} />
        <p className="text-sm text-slate-600">After submitting you can no longer change answers; the review shows every question with its explanation.</p>
        {problem && (
          <div role="alert" className="mt-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            <p>{problem.message}</p>
            {problem.canForce && (
              <button type="button" onClick={() => onSubmit(true)} disabled={busy} className={`${buttonClass.link} mt-1`}>
                Submit anyway
              </button>
            )}
          </div>
        )}
        <div className="mt-4 flex flex-wrap gap-2">
          <button type="submit" disabled={busy} aria-disabled={busy} className={buttonClass.primary}>
            {busy ? "Saving and submitting…" : "Submit answers"}
          </button>
          <button type="button" onClick={() => store.backToQuestions()} className={buttonClass.secondary}>
            Back to the questions
          </button>
        </div>
      </form>
    </section>
  );
}
