// The question clock. The server owns the set's clock: the deadline comes from the database, and
// the browser's clock is only used through the offset measured against the server's "now". Time
// per question is counted here too (a monotonic clock, paused while the page is hidden), kept
// across reloads in the tab slots and saved with the answers. The QuestionClock class takes the
// monotonic clock as a function, so tests drive it by hand.


/** serverNow − browser now, measured when the page loads. */
export function clockOffsetMs(serverNowIso: string, browserNowMs: number): number {
  const server = Date.parse(serverNowIso);
  return Number.isFinite(server) ? server - browserNowMs : 0;
}

/** Time left before the deadline, as the server's clock sees it now. Never negative. */
export function remainingMs(deadlineIso: string, offsetMs: number, browserNowMs: number): number {
  const deadline = Date.parse(deadlineIso);
  if (!Number.isFinite(deadline)) return 0;
  return Math.max(0, deadline - (browserNowMs + offsetMs));
}

export type TimeWarning = "none" | "ten-minutes" | "one-minute" | "time-up";

export function timeWarning(remaining: number): TimeWarning {
  if (remaining <= 0) return "time-up";
  if (remaining <= 60_000) return "one-minute";
  if (remaining <= 10 * 60_000) return "ten-minutes";
  return "none";
}

/** "1:05:09" or "04:07" */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, "0");
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

// ---- time per question ----

/** Time-only saves go out when at least this much new time has accrued on a question. */
export const TIME_SAVE_MIN_MS = 1_000;
export const MAX_TIME_MS = 24 * 3_600_000;
/** A clock correction from a save response is adopted only beyond this difference (Date has 1 s resolution). */
export const CLOCK_TOLERANCE_MS = 3_000;

/**
 * The set's clock offset and the time spent per question. A segment runs while a question is
 * shown in a visible page; commit() adds it to that question's total.
 */
export class QuestionClock {
  private offset = 0;
  /** Cumulative ms per position. */
  private readonly times = new Map<number, number>();
  /** The timeMs last put in the outbox per position. */
  private readonly queued = new Map<number, number>();
  private segmentStart: number | null = null;

  /** @param monotonic performance.now, or a fake */
  constructor(private readonly monotonic: () => number) {}

  get offsetMs(): number {
    return this.offset;
  }

  /** serverNow − browser now, measured when the page loads. */
  setOffset(serverNowIso: string, browserNowMs: number) {
    this.offset = clockOffsetMs(serverNowIso, browserNowMs);
  }

  /** Corrects the offset with a response's Date header, e.g. when the page came from a cache. */
  adjust(dateHeader: string | null, sentAt: number, receivedAt: number) {
    if (!dateHeader) return;
    const server = Date.parse(dateHeader);
    if (!Number.isFinite(server)) return;
    const candidate = server + 500 - (sentAt + receivedAt) / 2;
    if (Math.abs(candidate - this.offset) > CLOCK_TOLERANCE_MS) this.offset = candidate;
  }

  /** Time left before the deadline, by the server's clock. */
  remaining(deadlineIso: string, browserNowMs: number): number {
    return remainingMs(deadlineIso, this.offset, browserNowMs);
  }

  /** Times kept from an earlier page load: counted, and already saved. */
  load(times: Record<string, number>) {
    for (const [k, v] of Object.entries(times)) {
      this.times.set(Number(k), v);
      this.queued.set(Number(k), v);
    }
  }

  get running(): boolean {
    return this.segmentStart !== null;
  }

  /** Adds the running segment to `position`'s total and starts a new segment. */
  commit(position: number) {
    if (this.segmentStart === null) return;
    const now = this.monotonic();
    const total = Math.min(MAX_TIME_MS, (this.times.get(position) ?? 0) + Math.max(0, Math.round(now - this.segmentStart)));
    this.times.set(position, total);
    this.segmentStart = now;
  }

  /** Stops counting (call commit first to keep the running segment). */
  pause() {
    this.segmentStart = null;
  }

  /** Starts a segment when a question is shown in a visible page, else stays paused. */
  resume(showing: boolean) {
    this.segmentStart = showing ? this.monotonic() : null;
  }

  timeOf(position: number): number {
    return this.times.get(position) ?? 0;
  }

  /** At least `minNewMs` accrued on `position` since its time was last put in the outbox. */
  due(position: number, minNewMs = TIME_SAVE_MIN_MS): boolean {
    return this.timeOf(position) - (this.queued.get(position) ?? 0) >= minNewMs;
  }

  /** The time now in the outbox for `position`. */
  markQueued(position: number, timeMs: number) {
    this.queued.set(position, timeMs);
  }

  /** Time another tab spent (and saved with its changes): kept when higher, and not a reason for a save from here. */
  absorb(position: number, timeMs: number) {
    if (timeMs <= this.timeOf(position)) return;
    this.times.set(position, timeMs);
    this.queued.set(position, Math.max(this.queued.get(position) ?? 0, timeMs));
  }

  /** An adopted change's time: both the total and what is queued rise to it (the change carries it). */
  absorbSaved(position: number, timeMs: number) {
    this.times.set(position, Math.max(this.timeOf(position), timeMs));
    this.queued.set(position, Math.max(this.queued.get(position) ?? 0, timeMs));
  }

  /** Cumulative ms per position, as kept in the tab's slot. */
  record(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [p, t] of this.times) out[String(p)] = t;
    return out;
  }
}
