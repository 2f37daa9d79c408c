"use client";

// A status message that outlives the form that caused it. After an action the page re-renders
// from the server and the form often disappears (evidence submitted, task reviewed or removed),
// taking its own message with it; this region stays mounted above the forms and is announced by
// screen readers (role=status) and shown at the bottom of the viewport.

import { createContext, useCallback, useContext, useEffect, useState } from "react";
import { Alert } from "@/components/ui";

type Announce = (message: string) => void;

const AnnounceContext = createContext<Announce>(() => {});

export function useAnnounce(): Announce {
  return useContext(AnnounceContext);
}

export function AnnouncerProvider({ children }: { children: React.ReactNode }) {
  const [message, setMessage] = useState<{ text: string; n: number }>({ text: "", n: 0 });
  const announce = useCallback<Announce>((text) => setMessage((m) => ({ text, n: m.n + 1 })), []);

  useEffect(() => {
    if (!message.text) return;
    const timer = window.setTimeout(() => setMessage((m) => (m.n === message.n ? { ...m, text: "" } : m)), 8000);
    return () => window.clearTimeout(timer);
  }, [message]);

  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div className="pointer-events-none fixed inset-x-0 bottom-4 z-40 flex justify-center px-4 print:hidden">
        <Alert
          tone="success"
          role="status"
          data-testid="plan-announcement"
          className={message.text ? "pointer-events-auto flex max-w-md items-start gap-3 px-4 py-3 text-emerald-900 shadow-lg" : "sr-only"}
        >
          <span>{message.text}</span>
          {message.text && (
            <button
              type="button"
              onClick={() => setMessage((m) => ({ ...m, text: "" }))}
              className="font-semibold text-emerald-900 underline underline-offset-2"
            >
              Dismiss
            </button>
          )}
        </Alert>
      </div>
    </AnnounceContext.Provider>
  );
}
