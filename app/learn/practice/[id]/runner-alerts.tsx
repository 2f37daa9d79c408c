"use client";

// The runner's alerts: time warnings, a closed or refused set, restored answers, answers changed
// in another tab, a browser that keeps no copy, and a refused submission. Each is an alert region
// only where the learner must act or stop; the rest are plain notices.

import Link from "next/link";
import { buttonClass } from "@/components/ui/styles";
import type { TimeWarning } from "@/lib/practice/outbox";
import type { RunnerSnapshot } from "./runner-store";

export function RunnerAlerts({
  snap,
  sessionId,
  warning,
  submitError,
}: {
  snap: RunnerSnapshot;
  sessionId: string;
  warning: TimeWarning;
  submitError: string | null;
}) {
  return (
    <>
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
            <Link href={`/learn/practice/${sessionId}/results`} className={`${buttonClass.link} mt-1 inline-block`}>
              See your results
            </Link>
          ) : snap.stopped.error === "unauthenticated" ? (
            <a href={`/sign-in?callbackUrl=${encodeURIComponent(`/learn/practice/${sessionId}`)}`} className={`${buttonClass.link} mt-1 inline-block`}>
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
      {submitError && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {submitError}
        </p>
      )}
    </>
  );
}
