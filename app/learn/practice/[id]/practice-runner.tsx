"use client";

// The practice runner: the status bar (progress, save status, time left), the alerts, the
// question or the review, the navigator and the shortcut help. Its state lives in RunnerStore.

import { startTransition, useActionState, useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { buttonClasses } from "@/components/ui";
import { initialFormState } from "@/lib/form-state";
import type { RunnerSession } from "@/lib/practice/dto";
import { formatClock, saveStatus, timeWarning, type SaveTone } from "@/lib/practice/outbox";
import { submitPracticeAction } from "../actions";
import { isAnswered, QuestionNavigator } from "./question-navigator";
import { QuestionView } from "./question-view";
import { ReviewView } from "./review-view";
import { RunnerAlerts } from "./runner-alerts";
import { RunnerStore } from "./runner-store";
import { DIGIT_KEYS, isTypingTarget, LETTER_KEYS, ShortcutHelp } from "./shortcut-help";

const TONE: Record<SaveTone, string> = {
  saved: "border-emerald-200 bg-emerald-50 text-emerald-800",
  saving: "border-slate-200 bg-slate-50 text-slate-700",
  retrying: "border-amber-200 bg-amber-50 text-amber-900",
  offline: "border-amber-300 bg-amber-50 text-amber-900",
};

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
          <button type="button" onClick={() => store.retryNow()} className={buttonClasses({ variant: "link", className: "mt-1 text-sm" })}>
            Retry saving now
          </button>
        )}
      </div>
      <RunnerAlerts
        snap={snap}
        sessionId={session.id}
        warning={warning}
        submitError={submitState.status === "error" && submitState.message ? submitState.message : null}
      />

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
          <QuestionNavigator store={store} snap={snap} />
          <ShortcutHelp />
        </aside>
      </div>
    </div>
  );
}
