// The practice runner's state outside React: answers, the outbox and its network loop, the clock,
// and time per question. The component reads it with useSyncExternalStore and calls its methods.
// The decisions (merge, acknowledge, back-off, status text, clock maths) are the pure functions
// of lib/practice/outbox.ts; this class does the browser I/O around them.

import type { RunnerItem, RunnerSession, SaveResult } from "@/lib/practice/dto";
import {
  acknowledge,
  clockOffsetMs,
  mergeWithServer,
  nextBatch,
  outboxKey,
  parseOutbox,
  remainingMs,
  retryDelayMs,
  serializeOutbox,
  toggleOption,
  upsertEntry,
  type OutboxEntry,
} from "@/lib/practice/outbox";

type SaveError = Extract<SaveResult, { ok: false }>["error"];

export interface StopReason {
  error: SaveError;
  message: string;
  /** The set is closed on the server (submitted or past its deadline): nothing more can be saved. */
  closed: boolean;
}

export interface RunnerSnapshot {
  items: RunnerItem[];
  /** The position (1-based) of the question shown, or last shown before the review. */
  current: number;
  view: "question" | "review";
  /** Changes in the outbox, not yet acknowledged by the server. */
  pending: number;
  inFlight: boolean;
  failures: number;
  online: boolean;
  stopped: StopReason | null;
  remainingMs: number;
  timeUp: boolean;
  /** No more input: time is up, or the server closed the set. */
  locked: boolean;
  /** Answers restored from this browser on load because the server did not have them yet. */
  restored: number;
  /** localStorage refused a write (private mode, quota): answers then live only in this tab. */
  storageFailed: boolean;
  /** Positions whose change the server refused as stale: another tab or window saved a newer one. */
  conflicts: number[];
}

/** Time-only saves go out when at least this much new time has accrued on a question. */
const TIME_SAVE_MIN_MS = 1_000;
const MAX_TIME_MS = 24 * 3_600_000;
/** A clock correction from a save response is adopted only beyond this difference (Date has 1 s resolution). */
const CLOCK_TOLERANCE_MS = 3_000;

export function clearStoredOutbox(sessionId: string): void {
  try {
    window.localStorage.removeItem(outboxKey(sessionId));
  } catch {
    // Storage unavailable: nothing to clear.
  }
}

export class RunnerStore {
  private readonly session: RunnerSession;
  private readonly initial: RunnerSnapshot;
  private snapshot: RunnerSnapshot;
  private readonly listeners = new Set<() => void>();

  private items: RunnerItem[];
  private entries: OutboxEntry[] = [];
  /** Cumulative ms per position. */
  private readonly times = new Map<number, number>();
  /** The timeMs last put in the outbox per position. */
  private readonly queuedTimes = new Map<number, number>();
  private segmentStart: number | null = null;
  private offsetMs = 0;
  private loaded = false;
  private started = false;
  private inFlight = false;
  private failures = 0;
  private online = true;
  private stopped: StopReason | null = null;
  private timeUp = false;
  private restored = 0;
  private storageFailed = false;
  private conflicts: number[] = [];
  /** "position:seq" of entries already put in a request, which may have landed without an answer. */
  private readonly attempted = new Set<string>();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private tickTimer: ReturnType<typeof setInterval> | null = null;
  private detach: (() => void)[] = [];

  constructor(session: RunnerSession) {
    this.session = session;
    this.items = session.items;
    const firstOpen = session.items.find((i) => !i.response)?.position ?? 1;
    // Deterministic from the props, so the server render and hydration agree.
    const remaining = Math.max(0, Date.parse(session.deadlineAt) - Date.parse(session.serverNow));
    this.initial = {
      items: session.items,
      current: firstOpen,
      view: "question",
      pending: 0,
      inFlight: false,
      failures: 0,
      online: true,
      stopped: null,
      remainingMs: remaining,
      timeUp: remaining <= 0,
      locked: remaining <= 0,
      restored: 0,
      storageFailed: false,
      conflicts: [],
    };
    this.snapshot = this.initial;
    this.timeUp = remaining <= 0;
  }

  // ---- useSyncExternalStore ----

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): RunnerSnapshot => this.snapshot;

  getServerSnapshot = (): RunnerSnapshot => this.initial;

  private emit(patch: Partial<RunnerSnapshot> = {}) {
    this.snapshot = {
      ...this.snapshot,
      ...patch,
      items: this.items,
      pending: this.entries.length,
      inFlight: this.inFlight,
      failures: this.failures,
      online: this.online,
      stopped: this.stopped,
      timeUp: this.timeUp,
      locked: this.timeUp || Boolean(this.stopped?.closed),
      restored: this.restored,
      storageFailed: this.storageFailed,
      conflicts: this.conflicts,
    };
    for (const l of this.listeners) l();
  }

  // ---- lifecycle ----

  start() {
    if (this.started) return;
    this.started = true;
    if (!this.loaded) {
      this.loaded = true;
      this.offsetMs = clockOffsetMs(this.session.serverNow, Date.now());
      this.loadOutbox();
    }
    this.online = navigator.onLine;
    const on = <K extends keyof WindowEventMap>(type: K, fn: (e: WindowEventMap[K]) => void) => {
      window.addEventListener(type, fn);
      this.detach.push(() => window.removeEventListener(type, fn));
    };
    on("online", this.handleOnline);
    on("offline", this.handleOffline);
    on("pagehide", this.handlePageHide);
    on("beforeunload", this.handleBeforeUnload);
    on("storage", this.handleStorage);
    document.addEventListener("visibilitychange", this.handleVisibility);
    this.detach.push(() => document.removeEventListener("visibilitychange", this.handleVisibility));
    this.tickTimer = setInterval(this.tick, 500);
    this.resumeSegment();
    this.emit();
    this.tick();
    if (this.entries.length) void this.send();
  }

  stop() {
    if (!this.started) return;
    this.commitSegment();
    this.segmentStart = null;
    this.persist();
    this.started = false;
    for (const d of this.detach.splice(0)) d();
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.tickTimer = null;
    this.clearRetry();
    // Leaving the page within the app (no beforeunload): one last keepalive attempt. Whatever is
    // not acknowledged stays in localStorage and is sent the next time the set is opened.
    if (this.entries.length) void this.send();
  }

  private loadOutbox() {
    const persisted = parseOutbox(this.readStorage());
    const { items, pending } = mergeWithServer(this.session.items, persisted.entries);
    this.items = items;
    this.entries = pending;
    for (const [k, v] of Object.entries(persisted.times)) this.times.set(Number(k), v);
    for (const e of pending) this.times.set(e.position, Math.max(this.times.get(e.position) ?? 0, e.timeMs));
    for (const [p, t] of this.times) this.queuedTimes.set(p, t);
    const serverByPosition = new Map(this.session.items.map((i) => [i.position, i]));
    this.restored = pending.filter((e) => {
      const s = serverByPosition.get(e.position);
      return s && (JSON.stringify(s.response) !== JSON.stringify(e.response) || s.flagged !== e.flagged);
    }).length;
    this.persist();
  }

  // ---- storage ----

  private readStorage(): string | null {
    try {
      return window.localStorage.getItem(outboxKey(this.session.id));
    } catch {
      return null;
    }
  }

  private persist() {
    if (this.stopped?.closed) return;
    try {
      const times: Record<string, number> = {};
      for (const [p, t] of this.times) times[String(p)] = t;
      window.localStorage.setItem(outboxKey(this.session.id), serializeOutbox({ v: 1, entries: this.entries, times }));
      this.storageFailed = false;
    } catch {
      this.storageFailed = true;
    }
  }

  // ---- the clock ----

  private tick = () => {
    const left = remainingMs(this.session.deadlineAt, this.offsetMs, Date.now());
    if (Math.ceil(left / 1000) !== Math.ceil(this.snapshot.remainingMs / 1000)) this.emit({ remainingMs: left });
    if (left <= 0 && !this.timeUp) this.expire();
  };

  private expire() {
    this.commitSegment();
    this.queueTime(this.snapshot.current, 1);
    this.segmentStart = null;
    this.timeUp = true;
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.tickTimer = null;
    this.persist();
    this.emit({ remainingMs: 0 });
    // Saves still count within the server's grace period.
    if (this.entries.length) void this.send();
  }

  /** Corrects the offset with the server's Date header, e.g. when the page came from a cache. */
  private adjustClock(dateHeader: string | null, sentAt: number, receivedAt: number) {
    if (!dateHeader) return;
    const server = Date.parse(dateHeader);
    if (!Number.isFinite(server)) return;
    const candidate = server + 500 - (sentAt + receivedAt) / 2;
    if (Math.abs(candidate - this.offsetMs) > CLOCK_TOLERANCE_MS) this.offsetMs = candidate;
  }

  // ---- time per question ----

  private commitSegment() {
    if (this.segmentStart === null) return;
    const now = performance.now();
    const pos = this.snapshot.current;
    const total = Math.min(MAX_TIME_MS, (this.times.get(pos) ?? 0) + Math.max(0, Math.round(now - this.segmentStart)));
    this.times.set(pos, total);
    this.segmentStart = now;
  }

  private resumeSegment() {
    const showing = this.started && this.snapshot.view === "question" && !this.snapshot.locked && !this.timeUp;
    this.segmentStart = showing && document.visibilityState === "visible" ? performance.now() : null;
  }

  /** Puts the question's accrued time in the outbox when enough is new since the last save. */
  private queueTime(position: number, minNewMs = TIME_SAVE_MIN_MS) {
    if (this.stopped?.closed) return;
    const t = this.times.get(position) ?? 0;
    if (t - (this.queuedTimes.get(position) ?? 0) < minNewMs) return;
    const item = this.items.find((i) => i.position === position);
    if (!item) return;
    this.write({ ...item, seq: item.seq + 1 });
  }

  // ---- changes ----

  /** Records a change: the item's seq goes up, the outbox (localStorage) is written, then it is sent. */
  private write(next: RunnerItem) {
    const timeMs = this.times.get(next.position) ?? 0;
    this.items = this.items.map((i) => (i.position === next.position ? next : i));
    this.entries = upsertEntry(this.entries, {
      position: next.position,
      response: next.response,
      flagged: next.flagged,
      seq: next.seq,
      timeMs,
    });
    this.queuedTimes.set(next.position, timeMs);
    this.persist();
    this.emit();
    if (!this.retryTimer) void this.send();
  }

  private change(position: number, patch: Partial<Pick<RunnerItem, "response" | "flagged">>) {
    if (this.snapshot.locked) return;
    const item = this.items.find((i) => i.position === position);
    if (!item) return;
    this.commitSegment();
    this.write({ ...item, ...patch, seq: item.seq + 1 });
  }

  /** Chooses (single) or toggles (multiple) an option of the question shown. */
  choose(key: string) {
    if (this.snapshot.view !== "question") return;
    const item = this.items.find((i) => i.position === this.snapshot.current);
    if (!item || !item.options.some((o) => o.key === key)) return;
    const response = toggleOption(item.kind, item.response, key);
    if (JSON.stringify(response) === JSON.stringify(item.response)) return;
    this.change(item.position, { response });
  }

  /** Chooses by index (0 = first option), for the keyboard shortcuts. */
  chooseIndex(index: number) {
    const item = this.items.find((i) => i.position === this.snapshot.current);
    const option = item?.options[index];
    if (option) this.choose(option.key);
  }

  clearAnswer() {
    const item = this.items.find((i) => i.position === this.snapshot.current);
    if (item?.response) this.change(item.position, { response: null });
  }

  toggleFlag(position = this.snapshot.current) {
    const item = this.items.find((i) => i.position === position);
    if (item) this.change(position, { flagged: !item.flagged });
  }

  // ---- navigation ----

  private leave() {
    if (this.snapshot.view !== "question") return;
    this.commitSegment();
    this.segmentStart = null;
    this.queueTime(this.snapshot.current);
  }

  goTo(position: number) {
    if (position < 1 || position > this.items.length) return;
    if (this.snapshot.view === "question" && position === this.snapshot.current) return;
    this.leave();
    this.emit({ current: position, view: "question" });
    this.resumeSegment();
  }

  next() {
    if (this.snapshot.view === "question") this.goTo(this.snapshot.current + 1);
  }

  previous() {
    if (this.snapshot.view === "question") this.goTo(this.snapshot.current - 1);
  }

  openReview() {
    if (this.snapshot.view === "review") return;
    this.leave();
    this.emit({ view: "review" });
    this.resumeSegment();
  }

  // ---- the network ----

  private clearRetry() {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private fail() {
    this.failures++;
    this.online = navigator.onLine;
    this.clearRetry();
    if (this.started && this.online) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        void this.send();
      }, retryDelayMs(this.failures));
    }
    this.emit();
  }

  private async send(): Promise<void> {
    if (this.inFlight || this.entries.length === 0) return;
    // A signed-out session keeps retrying (signing in again in another tab is enough); a closed
    // set, an unknown set or a refused batch waits for "Retry saving now".
    if (this.stopped && (this.stopped.closed || this.stopped.error !== "unauthenticated")) return;
    if (!navigator.onLine) {
      // Wait for the "online" event; nothing is lost meanwhile.
      this.online = false;
      this.emit();
      return;
    }
    this.clearRetry();
    const batch = nextBatch(this.entries);
    const firstAttempt = new Set(batch.filter((e) => !this.attempted.has(`${e.position}:${e.seq}`)).map((e) => e.position));
    for (const e of batch) this.attempted.add(`${e.position}:${e.seq}`);
    this.inFlight = true;
    this.emit();
    const sentAt = Date.now();
    let res: Response;
    try {
      res = await fetch(`/api/practice/${encodeURIComponent(this.session.id)}/answers`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ answers: batch }),
        keepalive: true,
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch {
      this.inFlight = false;
      this.fail();
      return;
    }
    const receivedAt = Date.now();
    let body: SaveResult | null = null;
    try {
      body = (await res.json()) as SaveResult;
    } catch {
      body = null;
    }
    this.inFlight = false;
    if (res.ok && body?.ok) {
      // Not applied means the server already holds this seq or a newer one. For a retry of a
      // request that may have landed, an equal seq is that same save; otherwise another tab wrote.
      const sent = new Map(batch.map((e) => [e.position, e.seq]));
      const conflicting = body.results
        .filter((r) => !r.applied && sent.has(r.position) && (r.seq > sent.get(r.position)! || firstAttempt.has(r.position)))
        .map((r) => r.position);
      if (conflicting.length) this.conflicts = [...new Set([...this.conflicts, ...conflicting])].sort((a, b) => a - b);
      this.entries = acknowledge(this.entries, body.results);
      this.failures = 0;
      if (this.stopped && !this.stopped.closed) this.stopped = null;
      this.online = true;
      this.adjustClock(res.headers.get("Date"), sentAt, receivedAt);
      this.persist();
      this.emit();
      if (this.entries.length) void this.send(); // changes made while this request was in flight
      return;
    }
    if (body && !body.ok && res.status < 500) {
      this.halt(body.error, body.message);
      return;
    }
    this.fail();
  }

  private halt(error: SaveError, message: string) {
    const closed = error === "deadline" || error === "submitted";
    this.clearRetry();
    if (closed) {
      const lost = this.entries.length;
      this.entries = [];
      this.stopped = {
        error,
        closed,
        message: lost ? `${message} ${lost} ${lost === 1 ? "change" : "changes"} made after that could not be saved.` : message,
      };
      this.commitSegment();
      this.segmentStart = null;
      clearStoredOutbox(this.session.id);
    } else {
      this.stopped = { error, closed, message };
      // Keeps the status honest ("N answers not saved yet"); a signed-out session also retries.
      if (error === "unauthenticated") {
        this.fail();
        return;
      }
      this.failures = Math.max(1, this.failures);
    }
    this.emit();
  }

  /** Sends now (after a sign-in in another tab, or to skip the back-off). */
  retryNow() {
    if (this.stopped?.closed) return;
    this.stopped = null;
    this.clearRetry();
    this.online = navigator.onLine;
    this.emit();
    void this.send();
  }

  /**
   * Before submitting: puts the question's time in the outbox and tries to send everything.
   * Resolves true when the server has every change, false on timeout or a refusal.
   */
  flush(timeoutMs = 8_000): Promise<boolean> {
    if (this.snapshot.view === "question") {
      this.commitSegment();
      this.queueTime(this.snapshot.current, 1);
    }
    const done = () => this.entries.length === 0 && !this.inFlight;
    if (done()) return Promise.resolve(true);
    if (this.stopped && !this.stopped.closed) this.stopped = null;
    if (!navigator.onLine) {
      this.online = false;
      this.emit();
      return Promise.resolve(false);
    }
    this.clearRetry();
    void this.send();
    return new Promise((resolve) => {
      let finished = false;
      const finish = (ok: boolean) => {
        if (finished) return;
        finished = true;
        unsubscribe();
        clearTimeout(timer);
        resolve(ok);
      };
      const unsubscribe = this.subscribe(() => {
        if (done()) finish(true);
        else if (this.stopped) finish(false);
      });
      const timer = setTimeout(() => finish(done()), timeoutMs);
    });
  }

  // ---- browser events ----

  private handleOnline = () => {
    this.online = true;
    this.failures = 0;
    if (this.stopped && !this.stopped.closed) this.stopped = null;
    this.clearRetry();
    this.emit();
    void this.send();
  };

  private handleOffline = () => {
    this.online = false;
    this.emit();
  };

  private handleVisibility = () => {
    if (document.visibilityState === "hidden") {
      this.commitSegment();
      this.segmentStart = null;
      this.persist();
    } else {
      this.resumeSegment();
    }
  };

  private handlePageHide = () => {
    this.commitSegment();
    this.persist();
    if (this.entries.length) void this.send(); // keepalive lets it outlive the page
  };

  /**
   * Another tab or window of this browser removed the set's outbox: that happens only once the set
   * is closed (its results page, or a save refused as submitted or past the deadline). This tab
   * stops taking answers at once instead of finding out at its next save.
   */
  private handleStorage = (e: StorageEvent) => {
    if (e.key !== outboxKey(this.session.id) || e.newValue !== null || this.stopped?.closed) return;
    this.halt("submitted", "This set was submitted in another tab or window: answers can no longer change.");
  };

  private handleBeforeUnload = (e: BeforeUnloadEvent) => {
    this.commitSegment();
    this.persist();
    if (this.entries.length > 0 && !this.stopped?.closed) {
      e.preventDefault();
      e.returnValue = "";
    }
  };
}
