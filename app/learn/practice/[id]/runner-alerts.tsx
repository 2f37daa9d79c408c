"use client";

// The runner's alerts: time warnings, a closed or refused set, restored answers, answers changed
// in another tab, a browser that keeps no copy, and a refused submission. Each is an alert region
// only where the learner must act or stop; the rest are plain notices.

import Link from "next/link";
import { Alert, buttonClasses } from "@/components/ui";
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
        <Alert tone="warning" role="alert" className="font-medium">
          Less than 10 minutes left.
        </Alert>
      )}
      {warning === "one-minute" && (
        <Alert tone="danger" className="font-semibold border-red-300">
          Less than 1 minute left. Answers are saved as you go; the set is submitted when time runs out.
        </Alert>
      )}
      {snap.timeUp && (
        <Alert tone="danger" className="border-red-300">
          <p className="font-semibold">Time is up</p>
          <p>
            {snap.online
              ? "Answers can no longer change. Submitting your set…"
              : "Answers can no longer change. You are offline: the set is submitted when you reconnect (the server also submits it with your saved answers)."}
          </p>
        </Alert>
      )}
      {snap.stopped && (
        <Alert tone="danger" className="border-red-300">
          <p>{snap.stopped.message}</p>
          {snap.stopped.closed ? (
            <Link href={`/learn/practice/${sessionId}/results`} className={buttonClasses({ variant: "link", className: "mt-1 inline-block" })}>
              See your results
            </Link>
          ) : snap.stopped.error === "unauthenticated" ? (
            <a href={`/sign-in?callbackUrl=${encodeURIComponent(`/learn/practice/${sessionId}`)}`} className={buttonClasses({ variant: "link", className: "mt-1 inline-block" })}>
              Sign in again
            </a>
          ) : null}
        </Alert>
      )}
      {snap.restored > 0 && (
        <Alert tone="info" role={false}>
          {snap.restored} {snap.restored === 1 ? "answer was" : "answers were"} restored from this browser (made while the
          server could not be reached).
        </Alert>
      )}
      {snap.conflicts.length > 0 && (
        <Alert tone="warning" role="alert">
          <p>
            {snap.conflicts.length === 1 ? "Question" : "Questions"} {snap.conflicts.join(", ")}{" "}
            {snap.conflicts.length === 1 ? "was" : "were"} changed in another tab or window, and that change is the one
            saved. Reload this page to see the saved answers.
          </p>
          <button type="button" onClick={() => window.location.reload()} className={buttonClasses({ variant: "link", className: "mt-1" })}>
            Reload
          </button>
        </Alert>
      )}
      {snap.discarded.length > 0 && (
        <Alert tone="warning" role="alert">
          {snap.discarded.length === 1 ? "Question" : "Questions"} {snap.discarded.join(", ")}{" "}
          {snap.discarded.length === 1 ? "was" : "were"} also changed in a tab or window that was closed before it could
          save; the answer shown here is the one kept.
        </Alert>
      )}
      {snap.storageFailed && (
        <Alert tone="warning" role={false}>
          This browser would not keep a copy of your answers. Keep this tab open until it says “All answers saved”.
        </Alert>
      )}
      {submitError && (
        <Alert tone="danger">
          {submitError}
        </Alert>
      )}
    </>
  );
}
