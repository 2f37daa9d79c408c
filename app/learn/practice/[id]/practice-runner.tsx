"use client";

import Link from "next/link";
import { startTransition, useActionState, useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { buttonClass, cardClass } from "@/components/ui/styles";
import { DOMAIN_SHORT_NAMES } from "@/lib/exam/az104";
import { initialFormState } from "@/lib/form-state";
import type { RunnerItem, RunnerSession } from "@/lib/practice/dto";
import { formatClock, saveStatus, timeWarning, type SaveTone } from "@/lib/practice/outbox";
import { submitPracticeAction } from "../actions";
import { RunnerStore, type RunnerSnapshot } from "./runner-store";

const TONE: Record<SaveTone, string> = {
  saved: "border-emerald-200 bg-emerald-50 text-emerald-800",
  saving: "border-slate-200 bg-slate-50 text-slate-700",
  retrying: "border-amber-200 bg-amber-50 text-amber-900",
  offline: "border-amber-300 bg-amber-50 text-amber-900",
};

const KBD = "rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs text-slate-800";
const LETTER_KEYS = ["a", "b", "c", "d", "e"];
const DIGIT_KEYS = ["1", "2", "3", "4", "5", "6"];

function isAnswered(i: RunnerItem): boolean {
  return Boolean(i.response && i.response.length);
}

/** Text fields keep their keys: the shortcuts only act elsewhere. */
function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !["radio", "checkbox", "button", "submit", "reset"].includes(target.type);
  return false;
}

function itemLabel(i: RunnerItem): string {
  return `Question ${i.position}, ${isAnswered(i) ? "answered" : "unanswered"}${i.flagged ? ", flagged" : ""}`;
}

export function PracticeRunner({ session }: { session: RunnerSession }) {
  const [store] = useState(() => new RunnerStore(session));
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getServerSnapshot);
  const [submitState, submitAction, submitting] = useActionState(submitPracticeAction, initialFormState);
  const [preparing, setPreparing] = useState(false);
  const [submitProblem, setSubmitProblem] = useState<{ message: string; canForce: boolean } | null>(null);
  const autoSubmitted = useRef(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    store.start();
    return () => store.stop();
  }, [store]);

  const dispatchSubmit = useCallback(() => {
    const data = new FormData();
    data.set("id", session.id);
    startTransition(() => submitAction(data));
  }, [session.id, submitAction]);

  // Flush pending saves first; submit only once the server has every change (or on request).
  const submit = useCallback(
    async (force: boolean) => {
      setPreparing(true);
      setSubmitProblem(null);
      const saved = await store.flush();
      const now = store.getSnapshot();
      if (!saved && !force && !now.stopped?.closed) {
        setPreparing(false);
        const n = now.pending;
        const what = `${n} ${n === 1 ? "change is" : "changes are"} not saved on the server yet`;
        setSubmitProblem(
          navigator.onLine
            ? { message: `${what}. Try again in a moment, or submit anyway without ${n === 1 ? "it" : "them"}.`, canForce: true }
            : { message: `You are offline: ${what} (they are kept in this browser). Reconnect, then submit.`, canForce: false },
        );
        return;
      }
      setPreparing(false);
      dispatchSubmit();
    },
    [store, dispatchSubmit],
  );

  // At 0 the server's deadline has passed: input is locked; send what is pending and submit.
  useEffect(() => {
    if (!snap.timeUp || autoSubmitted.current) return;
    autoSubmitted.current = true;
    void (async () => {
      await store.flush(4_000);
      if (!navigator.onLine) {
        await new Promise<void>((resolve) => window.addEventListener("online", () => resolve(), { once: true }));
      }
      dispatchSubmit();
    })();
  }, [snap.timeUp, store, dispatchSubmit]);

  // Keyboard shortcuts.
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      const s = store.getSnapshot();
      if (s.view !== "question") return;
      const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      let handled = true;
      if (key === "n" || key === "ArrowRight") store.next();
      else if (key === "p" || key === "ArrowLeft") store.previous();
      else if (key === "f") store.toggleFlag();
      else if (LETTER_KEYS.includes(key)) store.chooseIndex(LETTER_KEYS.indexOf(key));
      else if (DIGIT_KEYS.includes(key)) store.chooseIndex(DIGIT_KEYS.indexOf(key));
      else handled = false;
      if (handled) e.preventDefault();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [store]);

  // Focus follows the question (or the review) when it changes, not on first load.
  const shown = `${snap.view}:${snap.current}`;
  const lastShown = useRef(shown);
  useEffect(() => {
    if (lastShown.current === shown) return;
    lastShown.current = shown;
    headingRef.current?.focus();
  }, [shown]);

  const answered = snap.items.filter(isAnswered).length;
  const flagged = snap.items.filter((i) => i.flagged).length;
  const status = saveStatus({ pending: snap.pending, inFlight: snap.inFlight, failures: snap.failures, online: snap.online });
  const warning = timeWarning(snap.remainingMs);
  const busy = preparing || submitting;

  return (
    <div className="space-y-4" data-testid="practice-runner">
      <div className="sticky top-0 z-10 -mx-4 border-b border-slate-200 bg-white/95 px-4 py-3 backdrop-blur sm:mx-0 sm:rounded-lg sm:border">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div className="text-sm text-slate-700">
            <span className="font-semibold text-slate-900">
              {answered} of {snap.items.length} answered
            </span>
            {flagged > 0 && <span> · {flagged} flagged</span>}
          </div>
          <p
            role="status"
            aria-live="polite"
            data-testid="save-status"
            data-tone={status.tone}
            className={`rounded-md border px-2.5 py-1 text-sm font-medium ${TONE[status.tone]}`}
          >
            {status.text}
          </p>
          <div className="text-right">
            <span className="block text-[11px] font-semibold uppercase tracking-wide text-slate-500">Time left</span>
            <span
              data-testid="time-left"
              className={`font-mono text-xl font-bold tabular-nums ${warning === "one-minute" || warning === "time-up" ? "text-red-700" : warning === "ten-minutes" ? "text-amber-700" : "text-slate-900"}`}
            >
              {snap.timeUp ? "0:00" : formatClock(snap.remainingMs)}
            </span>
          </div>
        </div>
        {(snap.failures > 0 || (snap.stopped && !snap.stopped.closed)) && snap.pending > 0 && snap.online && (
          <button type="button" onClick={() => store.retryNow()} className={`${buttonClass.link} mt-1 text-sm`}>
            Retry saving now
          </button>
        )}
      </div>

      {warning === "ten-minutes" && (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm font-medium text-amber-900">
          Less than 10 minutes left.
        </div>
      )}
      {warning === "one-minute" && (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm font-semibold text-red-800">
          Less than 1 minute left. Answers are saved as you go; the set is submitted when time runs out.
        </div>
      )}
      {snap.timeUp && (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          <p className="font-semibold">Time is up</p>
          <p>
            {snap.online
              ? "Answers can no longer change. Submitting your set…"
              : "Answers can no longer change. You are offline: the set is submitted when you reconnect (the server also submits it with your saved answers)."}
          </p>
        </div>
      )}
      {snap.stopped && (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          <p>{snap.stopped.message}</p>
          {snap.stopped.closed ? (
            <Link href={`/learn/practice/${session.id}/results`} className={`${buttonClass.link} mt-1 inline-block`}>
              See your results
            </Link>
          ) : snap.stopped.error === "unauthenticated" ? (
            <a href={`/sign-in?callbackUrl=${encodeURIComponent(`/learn/practice/${session.id}`)}`} className={`${buttonClass.link} mt-1 inline-block`}>
              Sign in again
            </a>
          ) : null}
        </div>
      )}
      {snap.restored > 0 && (
        <p className="rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-900">
          {snap.restored} {snap.restored === 1 ? "answer was" : "answers were"} restored from this browser (made while the
          server could not be reached).
        </p>
      )}
      {snap.conflicts.length > 0 && (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <p>
            {snap.conflicts.length === 1 ? "Question" : "Questions"} {snap.conflicts.join(", ")}{" "}
            {snap.conflicts.length === 1 ? "was" : "were"} changed in another tab or window, and that change is the one
            saved. Reload this page to see the saved answers.
          </p>
          <button type="button" onClick={() => window.location.reload()} className={`${buttonClass.link} mt-1`}>
            Reload
          </button>
        </div>
      )}
      {snap.discarded.length > 0 && (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {snap.discarded.length === 1 ? "Question" : "Questions"} {snap.discarded.join(", ")}{" "}
          {snap.discarded.length === 1 ? "was" : "were"} also changed in a tab or window that was closed before it could
          save; the answer shown here is the one kept.
        </p>
      )}
      {snap.storageFailed && (
        <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          This browser would not keep a copy of your answers. Keep this tab open until it says “All answers saved”.
        </p>
      )}
      {submitState.status === "error" && submitState.message && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {submitState.message}
        </p>
      )}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_17rem]">
        <div>
          {snap.view === "question" ? (
            <QuestionView store={store} snap={snap} headingRef={headingRef} />
          ) : (
            <ReviewView
              store={store}
              snap={snap}
              sessionId={session.id}
              headingRef={headingRef}
              busy={busy}
              problem={submitProblem}
              onSubmit={(force) => void submit(force)}
            />
          )}
        </div>

        <aside className="space-y-4">
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
            <button type="button" onClick={() => store.openReview()} className={`${buttonClass.primary} mt-4 w-full`}>
              Review and submit
            </button>
          </nav>

          <section aria-labelledby="keys-h" className={`${cardClass} text-sm`}>
            <h2 id="keys-h" className="font-semibold text-slate-900">
              Keyboard shortcuts
            </h2>
            <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-slate-700">
              <dt>
                <kbd className={KBD}>A</kbd>–<kbd className={KBD}>E</kbd> or <kbd className={KBD}>1</kbd>–<kbd className={KBD}>6</kbd>
              </dt>
              <dd>choose an option (toggle it on a multiple-answer question)</dd>
              <dt>
                <kbd className={KBD}>N</kbd> or <kbd className={KBD}>→</kbd>
              </dt>
              <dd>next question</dd>
              <dt>
                <kbd className={KBD}>P</kbd> or <kbd className={KBD}>←</kbd>
              </dt>
              <dd>previous question</dd>
              <dt>
                <kbd className={KBD}>F</kbd>
              </dt>
              <dd>flag or unflag (a sixth option F is chosen with 6)</dd>
            </dl>
            <p className="mt-2 text-xs text-slate-500">Shortcuts do nothing while you type in a text field or on the review screen.</p>
          </section>
        </aside>
      </div>
    </div>
  );
}

function QuestionView({
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

function JumpList({ store, items, empty }: { store: RunnerStore; items: RunnerItem[]; empty: string }) {
  if (items.length === 0) return <p className="mt-1 text-sm text-slate-600">{empty}</p>;
  return (
    <ul className="mt-2 flex flex-wrap gap-2">
      {items.map((i) => (
        <li key={i.position}>
          <button type="button" onClick={() => store.goTo(i.position)} className={`${buttonClass.secondary} px-3 py-1`}>
            Go to question {i.position}
          </button>
        </li>
      ))}
    </ul>
  );
}

function ReviewView({
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
          <button type="button" onClick={() => store.goTo(snap.current)} className={buttonClass.secondary}>
            Back to the questions
          </button>
        </div>
      </form>
    </section>
  );
}
