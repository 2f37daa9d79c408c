"use client";

// The review before submitting: what is unanswered or flagged, and the submission.

import { Alert, Button } from "@/components/ui";
import { cardClass } from "@/components/ui/styles";
import type { RunnerItemState } from "@/lib/practice/dto";
import { isAnswered } from "./question-navigator";
import type { RunnerSnapshot, RunnerStore } from "./runner-store";

function JumpList({ store, items, empty }: { store: RunnerStore; items: RunnerItemState[]; empty: string }) {
  if (items.length === 0) return <p className="mt-1 text-sm text-slate-600">{empty}</p>;
  return (
    <ul className="mt-2 flex flex-wrap gap-2">
      {items.map((i) => (
        <li key={i.position}>
          <Button variant="secondary" size="sm" onClick={() => store.goTo(i.position)} disabled={i.closed}>
            {i.closed ? `Question ${i.position} (closed)` : `Go to question ${i.position}`}
          </Button>
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
          <Alert tone="warning" role="alert" className="mt-3">
            <p>{problem.message}</p>
            {problem.canForce && (
              <Button variant="link" onClick={() => onSubmit(true)} disabled={busy} className="mt-1">
                Submit anyway
              </Button>
            )}
          </Alert>
        )}
        <div className="mt-4 flex flex-wrap gap-2">
          <Button type="submit" disabled={busy} aria-disabled={busy}>
            {busy ? "Saving and submitting…" : "Submit answers"}
          </Button>
          <Button variant="secondary" onClick={() => store.backToQuestions()}>
            Back to the questions
          </Button>
        </div>
      </form>
    </section>
  );
}
