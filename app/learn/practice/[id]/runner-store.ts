// The practice runner's state outside React: answers, the outbox and its network loop, the clock,
// and time per question. The component reads it with useSyncExternalStore and calls its methods.
// The decisions (merge, acknowledge, back-off, status text, clock maths) are the pure functions
// of lib/practice/outbox.ts; this class does the browser I/O around them.
//
// Each tab keeps its unsent changes in its own localStorage slot and holds a Web Lock while open;
// the slots of tabs that are gone are adopted (on load, when back online, before submitting and
// now and then), so one tab can neither overwrite nor strand another tab's unsent answers.

import type { RunnerItem, RunnerSession, SaveResult } from "@/lib/practice/dto";
import {
  SLOT_HEARTBEAT_MS,
  acknowledge,
  adoptOrphans,
  clearSetStorage,
  clockOffsetMs,
  ensureSetMarker,
  newTabId,
  nextBatch,
  outboxKey,
  parseSlot,
  readSetTimes,
  remainingMs,
  retryDelayMs,
  slotLooksGone,
  slotTab,
  tabLockName,
  toggleOption,
  upsertEntry,
  writeSlot,
  type OutboxEntry,
  type OutboxStorage,
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
  /** Positions where a closed tab's different unsent change gave way to this tab's change. */
  discarded: number[];
}

/** Time-only saves go out when at least this much new time has accrued on a question. */
const TIME_SAVE_MIN_MS = 1_000;
const MAX_TIME_MS = 24 * 3_600_000;
/** A clock correction from a save response is adopted only beyond this difference (Date has 1 s resolution). */
const CLOCK_TOLERANCE_MS = 3_000;
/** How often an open tab looks for slots left behind by tabs that are gone. */
const ADOPT_EVERY_MS = 30_000;
/** A closing tab's slot is looked at again this soon, this many times, until its tab counts as gone. */
const CLOSING_RECHECK_MS = 1_000;
const CLOSING_RECHECKS = 10;

/** localStorage as the outbox's storage; every call may throw (the outbox functions catch that). */
function browserStorage(): OutboxStorage {
  return {
    getItem: (key) => window.localStorage.getItem(key),
    setItem: (key, value) => window.localStorage.setItem(key, value),
    removeItem: (key) => window.localStorage.removeItem(key),
    keys: () => {
      const keys: string[] = [];
      for (let i = 0; i < window.localStorage.length; i++) {
        const key = window.localStorage.key(i);
        if (key !== null) keys.push(key);
      }
      return keys;
    },
  };
}

/** Removes every tab's copy of the set's outbox; removing the set key tells the other tabs it is closed. */
export function clearStoredOutbox(sessionId: string): void {
  try {
    clearSetStorage(browserStorage(), sessionId);
  } catch {
    // Storage unavailable: nothing to clear.
  }
}

interface LockManagerLike {
  request(name: string, callback: () => Promise<void>): Promise<void>;
  query(): Promise<{ held?: { name?: string }[] }>;
}

function lockManager(): LockManagerLike | null {
  const locks = (navigator as Navigator & { locks?: LockManagerLike }).locks;
  return locks && typeof locks.request === "function" && typeof locks.query === "function" ? locks : null;
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
  private discarded: number[] = [];
  /** "position:seq" of entries already put in a request, which may have landed without an answer. */
  private readonly attempted = new Set<string>();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** This tab's slot in localStorage (a new one per page load). */
  private readonly tabId = newTabId();
  /** False from pagehide until the page is shown again (back/forward cache). */
  private slotOpen = true;
  private lastSlotWrite = 0;
  private lastAdoption = 0;
  private adopting: Promise<void> | null = null;
  private closingTimer: ReturnType<typeof setTimeout> | null = null;
  private closingChecks = 0;
  /** Closing tabs' slots with unsent changes, not adopted yet: counted as pending meanwhile. */
  private closingWaiting = 0;
  private releaseLock: (() => void) | null = null;
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
      discarded: [],
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
      pending: this.entries.length + this.closingWaiting,
      inFlight: this.inFlight,
      failures: this.failures,
      online: this.online,
      stopped: this.stopped,
      timeUp: this.timeUp,
      locked: this.timeUp || Boolean(this.stopped?.closed),
      restored: this.restored,
      storageFailed: this.storageFailed,
      conflicts: this.conflicts,
      discarded: this.discarded,
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
    on("pageshow", this.handlePageShow);
    on("beforeunload", this.handleBeforeUnload);
    on("storage", this.handleStorage);
    document.addEventListener("visibilitychange", this.handleVisibility);
    this.detach.push(() => document.removeEventListener("visibilitychange", this.handleVisibility));
    this.holdTabLock();
    this.tickTimer = setInterval(this.tick, 500);
    this.resumeSegment();
    this.emit();
    this.tick();
    void this.adoptThenSend();
  }

  stop() {
    if (!this.started) return;
    this.commitSegment();
    this.segmentStart = null;
    this.persist();
    this.started = false;
    this.releaseLock?.();
    this.releaseLock = null;
    if (this.closingTimer) clearTimeout(this.closingTimer);
    this.closingTimer = null;
    this.closingWaiting = 0;
    for (const d of this.detach.splice(0)) d();
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.tickTimer = null;
    this.clearRetry();
    // Leaving the page within the app (no beforeunload): one last keepalive attempt. Whatever is
    // not acknowledged stays in localStorage and is sent the next time the set is opened.
    if (this.entries.length) void this.send();
  }

  /** Starts this tab's slot. Changes other tabs left behind are adopted just after (see adopt). */
  private loadOutbox() {
    const storage = browserStorage();
    for (const [k, v] of Object.entries(readSetTimes(storage, this.session.id))) this.times.set(Number(k), v);
    for (const [p, t] of this.times) this.queuedTimes.set(p, t);
    ensureSetMarker(storage, this.session.id);
    this.persist();
  }

  // ---- storage ----

  private timesRecord(): Record<string, number> {
    const times: Record<string, number> = {};
    for (const [p, t] of this.times) times[String(p)] = t;
    return times;
  }

  private persist() {
    if (this.stopped?.closed) return;
    this.lastSlotWrite = Date.now();
    const ok = writeSlot(browserStorage(), this.session.id, {
      v: 2,
      tab: this.tabId,
      open: this.slotOpen,
      at: this.lastSlotWrite,
      entries: this.entries,
      times: this.timesRecord(),
    });
    this.storageFailed = !ok;
  }

  /** Holds a Web Lock named after this tab while the runner is open: other tabs see it is alive. */
  private holdTabLock() {
    const locks = lockManager();
    if (!locks || this.releaseLock) return;
    const held = new Promise<void>((resolve) => {
      this.releaseLock = resolve;
    });
    locks.request(tabLockName(this.tabId), () => held).catch(() => {
      // No lock: other tabs then judge this tab by its slot's heartbeat.
    });
  }

  /** Which tabs are gone: those holding no lock where Web Locks exist, else by the slot's heartbeat. */
  private async goneTest(): Promise<(tab: string, slot: { open: boolean; at: number }) => boolean> {
    const locks = lockManager();
    if (locks) {
      try {
        const { held = [] } = await locks.query();
        const names = new Set(held.map((l) => l.name));
        return (tab) => !names.has(tabLockName(tab));
      } catch {
        // Fall through to the heartbeat.
      }
    }
    return (_tab, slot) => slotLooksGone(slot, Date.now());
  }

  /**
   * Takes over the unsent changes of tabs that are gone (closed, crashed or reloaded while offline)
   * so they are sent from here. A change that replaces one of this tab's own pending changes was
   * based on a newer save, and is reported like any other conflict.
   */
  private adopt(): Promise<void> {
    this.lastAdoption = Date.now();
    this.adopting ??= (async () => {
      try {
        const isGone = await this.goneTest();
        if (this.stopped?.closed) return;
        const before = new Map(this.items.map((i) => [i.position, i]));
        const result = adoptOrphans(
          browserStorage(),
          this.session.id,
          { tab: this.tabId, open: this.slotOpen, nowMs: Date.now(), items: this.items, entries: this.entries, times: this.timesRecord() },
          isGone,
        );
        if (!result.saved) this.storageFailed = true;
        if (result.closing > 0) this.recheckClosing();
        else this.closingChecks = 0;
        const waiting = result.closing > 0 && this.closingTimer ? result.closing : 0;
        const waitingChanged = waiting !== this.closingWaiting;
        this.closingWaiting = waiting;
        for (const [k, v] of Object.entries(result.times)) {
          const p = Number(k);
          if (v <= (this.times.get(p) ?? 0)) continue;
          // Time another tab spent (and saved with its changes): not a reason for a save from here.
          this.times.set(p, v);
          this.queuedTimes.set(p, Math.max(this.queuedTimes.get(p) ?? 0, v));
        }
        if (result.discarded.length) this.discarded = [...new Set([...this.discarded, ...result.discarded])].sort((a, b) => a - b);
        if (result.adopted.length === 0) {
          if (result.discarded.length || waitingChanged) this.emit();
          return;
        }
        this.items = result.items;
        this.entries = result.entries;
        for (const e of result.adopted) {
          this.times.set(e.position, Math.max(this.times.get(e.position) ?? 0, e.timeMs));
          this.queuedTimes.set(e.position, Math.max(this.queuedTimes.get(e.position) ?? 0, e.timeMs));
          // The tab that made it may have sent it already: an equal seq on the server is that same save.
          this.attempted.add(`${e.position}:${e.seq}`);
        }
        this.restored += result.adopted.filter((e) => {
          const s = before.get(e.position);
          return s && (JSON.stringify(s.response) !== JSON.stringify(e.response) || s.flagged !== e.flagged);
        }).length;
        if (result.superseded.length) this.conflicts = [...new Set([...this.conflicts, ...result.superseded])].sort((a, b) => a - b);
        this.emit();
      } finally {
        this.adopting = null;
      }
    })();
    return this.adopting;
  }

  /** Looks again shortly at the slot of a tab that is closing (its lock may outlive its page briefly). */
  private recheckClosing() {
    if (this.closingTimer || !this.started || this.closingChecks >= CLOSING_RECHECKS) return;
    this.closingChecks++;
    this.closingTimer = setTimeout(() => {
      this.closingTimer = null;
      void this.adoptThenSend();
    }, CLOSING_RECHECK_MS);
  }

  private async adoptThenSend() {
    await this.adopt();
    if (this.started && this.entries.length) void this.send();
  }

  // ---- the clock ----

  private tick = () => {
    const now = Date.now();
    if (now - this.lastSlotWrite > SLOT_HEARTBEAT_MS) this.persist();
    if (now - this.lastAdoption > ADOPT_EVERY_MS && this.online && !this.adopting) void this.adoptThenSend();
    const left = remainingMs(this.session.deadlineAt, this.offsetMs, now);
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
      this.closingWaiting = 0;
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
    void this.adoptThenSend();
  }

  /**
   * Before submitting: puts the question's time in the outbox and tries to send everything.
   * Resolves true when the server has every change, false on timeout or a refusal.
   */
  async flush(timeoutMs = 8_000): Promise<boolean> {
    if (this.snapshot.view === "question") {
      this.commitSegment();
      this.queueTime(this.snapshot.current, 1);
    }
    // Changes a closed tab of this set left unsent go in with this tab's.
    await this.adopt();
    const done = () => this.entries.length === 0 && !this.inFlight && this.closingWaiting === 0;
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
    void this.adoptThenSend();
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
    // Marks the slot as left behind (for browsers without Web Locks); pageshow undoes it.
    this.slotOpen = false;
    this.persist();
    if (this.entries.length) void this.send(); // keepalive lets it outlive the page
  };

  private handlePageShow = (e: PageTransitionEvent) => {
    if (!e.persisted) return;
    this.slotOpen = true;
    this.persist();
    void this.adoptThenSend();
  };

  /**
   * Another tab or window of this browser removed the set's outbox: that happens only once the set
   * is closed (its results page, or a save refused as submitted or past the deadline). This tab
   * stops taking answers at once instead of finding out at its next save.
   */
  private handleStorage = (e: StorageEvent) => {
    if (e.key !== null && e.newValue !== null && slotTab(this.session.id, e.key) !== null) {
      // Another tab of this set hid its page for good (closed, or navigated away) with changes
      // unsent: adopt them as soon as that tab counts as gone.
      const slot = parseSlot(e.newValue);
      if (!slot.open && slot.entries.length > 0 && !this.stopped?.closed) {
        this.closingChecks = 0;
        this.recheckClosing();
        if (this.closingTimer && this.closingWaiting === 0) {
          this.closingWaiting = 1;
          this.emit();
        }
      }
      return;
    }
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
