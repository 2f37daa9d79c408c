"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

function parts(ms: number): [number, number, number, number] {
  const s = Math.max(0, Math.floor(ms / 1000));
  return [Math.floor(s / 86400), Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60), s % 60];
}

/**
 * Counts down to a server-given instant. The browser's clock may be wrong, so the offset
 * between the server's "now" (sent with the page) and the browser's is measured once and
 * applied to every tick.
 */
export function Countdown({ targetMs, serverNowMs, doneText }: { targetMs: number; serverNowMs: number; doneText: string }) {
  const router = useRouter();
  const [remaining, setRemaining] = useState(targetMs - serverNowMs);
  useEffect(() => {
    const offset = serverNowMs - Date.now();
    let refreshed = false;
    const tick = () => {
      const left = targetMs - (Date.now() + offset);
      setRemaining(left);
      if (left <= 0 && !refreshed) {
        refreshed = true;
        router.refresh();
      }
    };
    tick();
    const id = window.setInterval(tick, 1000);
    return () => window.clearInterval(id);
  }, [targetMs, serverNowMs, router]);

  if (remaining <= 0) return <p className="text-lg font-semibold text-emerald-700">{doneText}</p>;
  const [d, h, m, s] = parts(remaining);
  const label = `${d} days, ${h} hours, ${m} minutes`;
  return (
    <div>
      <p className="sr-only">Time left: {label}.</p>
      <div aria-hidden className="flex gap-3 font-mono tabular-nums" data-testid="countdown">
        {[
          [d, "days"],
          [h, "hours"],
          [m, "min"],
          [s, "sec"],
        ].map(([v, unit]) => (
          <div key={unit} className="min-w-14 rounded-md bg-slate-900 px-2 py-1 text-center text-white">
            <div className="text-2xl font-bold">{String(v).padStart(2, "0")}</div>
            <div className="text-[10px] uppercase tracking-wide text-slate-300">{unit}</div>
          </div>
        ))}
      </div>
    </div>
  );
}
