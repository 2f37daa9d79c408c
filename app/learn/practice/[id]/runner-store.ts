// The practice runner's state outside React, as a thin store over three parts of
// lib/practice/runner: the save queue (the outbox's entries and the network loop), the tab slots
// (this tab's localStorage slot, its Web Lock, adopting what gone tabs left) and the question
// clock (the server-owned deadline, time per question), and the question text, which the page
// carries for the first question only and the content loader fetches once after it. The store
// wires them to the browser's APIs and events, and holds what the learner sees: the items' state,
// their text so far, the question shown, the snapshot the component reads with useSyncExternalStore.

import type { RunnerGroup, RunnerItemContent, RunnerItemState, RunnerSession } from "@/lib/practice/dto";
import { clearStoredContent, ContentLoader, firstShown, type ContentView } from "@/lib/practice/runner/content";
import { browserTimers, type LockManagerLike } from "@/lib/practice/runner/ports";
import { QuestionClock, TIME_SAVE_MIN_MS } from "@/lib/practice/runner/question-clock";
import { SaveQueue, type StopReason } from "@/lib/practice/runner/save-queue";
import { clearSetStorage, TabSlots, type OutboxStorage } from "@/lib/practice/runner/tab-slots";
import { setPart, toggleOption } from "@/lib/practice/responses";
import { afterSection, closedByLeaving, sectionLeftMs, type Closing, type SectionKind } from "@/lib/practice/sections";

export type { StopReason };

export interface RunnerSnapshot {
  /** Every item's state: what the navigator, the review, the saves and the clocks need. */
  items: RunnerItemState[];
  /** The question text loaded so far (the first question's comes with the page), and the load's progress. */
  content: ContentView;
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
  /** A move that would close a yes/no solution or a case study, waiting for the learner to confirm. */
  pendingLeave: (Closing & { to: number | "review" }) | null;
  /** Time left in the case study shown (its own section clock); null outside a case study. */
  sectionLeftMs: number | null;
}

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
    clearStoredContent(browserStorage(), sessionId);
  } catch {
    // Storage unavailable: nothing to clear.
  }
}

function lockManager(): LockManagerLike | null {
  if (typeof navigator === "undefined") return null;
  const locks = (navigator as Navigator & { locks?: LockManagerLike }).locks;
  return locks && typeof locks.request === "function" && typeof locks.query === "function" ? locks : null;
}

export class RunnerStore {
  private readonly session: RunnerSession;
  private readonly initial: RunnerSnapshot;
  private snapshot: RunnerSnapshot;
  private readonly listeners = new Set<() => void>();

  private items: RunnerItemState[];
  private readonly content: ContentLoader;
  private readonly clock = new QuestionClock(() => performance.now());
  private readonly queue: SaveQueue;
  private readonly slots: TabSlots;
  private loaded = false;
  private started = false;
  private timeUp = false;
  private restored = 0;
  private storageFailed = false;
  private discarded: number[] = [];
  private tickTimer: ReturnType<typeof setInterval> | null = null;
  private detach: (() => void)[] = [];
  /** Each group's kind, and a case study's minutes. */
  private readonly groupKinds: Map<string, SectionKind>;
  private readonly sectionMinutes: Map<string, number>;

  constructor(session: RunnerSession) {
    this.session = session;
    this.items = session.items;
    // The question text: the page's part now, the rest fetched once the store starts (never on the server).
    this.content = new ContentLoader(
      {
        sessionId: session.id,
        url: `/api/practice/${encodeURIComponent(session.id)}/content`,
        fetch: (url, init) => fetch(url, init),
        timers: browserTimers,
        storage: typeof window === "undefined" ? null : browserStorage(),
      },
      session.content,
      { positions: session.items.map((i) => i.position), groupIds: (session.groups ?? []).map((g) => g.id) },
      () => {
        if (this.started) this.emit();
      },
    );
    this.groupKinds = new Map((session.groups ?? []).map((g) => [g.id, g.kind]));
    this.sectionMinutes = new Map((session.groups ?? []).flatMap((g) => (g.kind === "case-study" ? [[g.id, g.minutes] as const] : [])));
    const firstOpen = firstShown(session.items);
    // Deterministic from the props, so the server render and hydration agree.
    const remaining = Math.max(0, Date.parse(session.deadlineAt) - Date.parse(session.serverNow));
    this.initial = {
      items: session.items,
      content: this.content.view,
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
      pendingLeave: null,
      sectionLeftMs: null,
    };
    this.snapshot = this.initial;
    this.timeUp = remaining <= 0;
    this.queue = new SaveQueue(
      {
        url: `/api/practice/${encodeURIComponent(session.id)}/answers`,
        fetch: (url, init) => fetch(url, init),
        isOnline: () => navigator.onLine,
        now: () => Date.now(),
        timers: browserTimers,
      },
      {
        active: () => this.started,
        changed: () => this.emit(),
        persist: () => this.persist(),
        answered: (date, sentAt, receivedAt) => this.clock.adjust(date, sentAt, receivedAt),
        closed: () => {
          this.slots.forgetClosing();
          this.commitSegment();
          this.clock.pause();
          clearStoredOutbox(this.session.id);
        },
      },
    );
    // Nothing here touches the browser before start(): the server render has no localStorage or navigator.
    this.slots = new TabSlots(
      { sessionId: session.id, storage: browserStorage(), locks: lockManager, now: () => Date.now(), timers: browserTimers },
      () => void this.adoptThenSend(),
    );
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
      content: this.content.view,
      pending: this.queue.pending + this.slots.closingWaiting,
      inFlight: this.queue.inFlight,
      failures: this.queue.failures,
      online: this.queue.online,
      stopped: this.queue.stopped,
      timeUp: this.timeUp,
      locked: this.timeUp || this.queue.closed,
      restored: this.restored,
      storageFailed: this.storageFailed,
      conflicts: this.queue.conflicts,
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
      this.clock.setOffset(this.session.serverNow, Date.now());
      // This tab's slot; changes other tabs left behind are adopted just after (see adopt).
      this.clock.load(this.slots.start());
      // The server's time per item (another device, a cleared browser): a case study's clock reads it.
      for (const i of this.items) if (i.timeMs) this.clock.absorb(i.position, i.timeMs);
      this.persist();
    } else {
      this.slots.resume();
    }
    this.queue.setOnline(navigator.onLine);
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
    this.slots.holdLock();
    this.tickTimer = setInterval(this.tick, 500);
    this.resumeSegment();
    this.emit();
    this.tick();
    this.content.start();
    void this.adoptThenSend();
  }

  stop() {
    if (!this.started) return;
    this.commitSegment();
    this.clock.pause();
    this.persist();
    this.started = false;
    this.slots.stop();
    for (const d of this.detach.splice(0)) d();
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.tickTimer = null;
    this.queue.clearRetry();
    this.content.stop();
    // Leaving the page within the app (no beforeunload): one last keepalive attempt. Whatever is
    // not acknowledged stays in localStorage and is sent the next time the set is opened.
    if (this.queue.pending) void this.queue.send();
  }

  // ---- storage ----

  private persist() {
    if (this.queue.closed) return;
    this.storageFailed = !this.slots.write([...this.queue.entries], this.clock.record());
  }

  /**
   * Takes over the unsent changes of tabs that are gone (closed, crashed or reloaded while offline)
   * so they are sent from here. A change that replaces one of this tab's own pending changes was
   * based on a newer save, and is reported like any other conflict.
   */
  private adopt(): Promise<void> {
    let before = new Map<number, RunnerItemState>();
    return this.slots.adopt(
      () => {
        before = new Map(this.items.map((i) => [i.position, i]));
        return { items: this.items, entries: this.queue.entries, times: this.clock.record() };
      },
      () => this.queue.closed,
      (result, waitingChanged) => {
        if (!result.saved) this.storageFailed = true;
        for (const [k, v] of Object.entries(result.times)) this.clock.absorb(Number(k), v);
        if (result.discarded.length) this.discarded = [...new Set([...this.discarded, ...result.discarded])].sort((a, b) => a - b);
        if (result.adopted.length === 0) {
          if (result.discarded.length || waitingChanged) this.emit();
          return;
        }
        this.items = result.items;
        this.queue.replace(result.entries);
        for (const e of result.adopted) {
          this.clock.absorbSaved(e.position, e.timeMs);
          this.queue.markAttempted(e.position, e.seq);
        }
        this.restored += result.adopted.filter((e) => {
          const s = before.get(e.position);
          return s && (JSON.stringify(s.response) !== JSON.stringify(e.response) || s.flagged !== e.flagged);
        }).length;
        this.queue.addConflicts(result.superseded);
        this.emit();
      },
    );
  }

  private async adoptThenSend() {
    await this.adopt();
    if (this.started && this.queue.pending) void this.queue.send();
  }

  // ---- the clock ----

  private tick = () => {
    const now = Date.now();
    if (this.slots.heartbeatDue()) this.persist();
    if (this.slots.adoptionDue() && this.queue.online) void this.adoptThenSend();
    const left = this.clock.remaining(this.session.deadlineAt, now);
    if (Math.ceil(left / 1000) !== Math.ceil(this.snapshot.remainingMs / 1000)) this.emit({ remainingMs: left });
    if (left <= 0 && !this.timeUp) this.expire();
    else this.tickSection();
  };

  /** A case study's own clock: the time spent on its items against its minutes; at zero the section closes. */
  private tickSection() {
    const item = this.currentItem();
    const id = item?.group?.id;
    const minutes = id !== undefined ? this.sectionMinutes.get(id) : undefined;
    if (!item || minutes === undefined || this.snapshot.view !== "question" || item.closed) {
      if (this.snapshot.sectionLeftMs !== null) this.emit({ sectionLeftMs: null });
      return;
    }
    this.commitSegment();
    const positions = this.items.filter((i) => i.group?.id === id).map((i) => i.position);
    const sectionLeft = sectionLeftMs(minutes, positions.map((p) => this.clock.timeOf(p)));
    if (Math.ceil(sectionLeft / 1000) !== Math.ceil((this.snapshot.sectionLeftMs ?? -1) / 1000)) this.emit({ sectionLeftMs: sectionLeft });
    if (sectionLeft <= 0 && !this.snapshot.locked) {
      this.leave();
      this.close(positions);
      const to = afterSection(this.items, positions);
      this.emit(to === "review" ? { view: "review", pendingLeave: null, sectionLeftMs: null } : { current: to, view: "question", pendingLeave: null, sectionLeftMs: null });
      this.resumeSegment();
    }
  }

  /** A yes/no series or case study of the set, with its texts (undefined while they are loading). */
  group(id: string): RunnerGroup | undefined {
    return this.content.view.groups.get(id);
  }

  /** The question text of an item (undefined while it is loading). */
  contentOf(position: number): RunnerItemContent | undefined {
    return this.content.view.items.get(position);
  }

  /** Back from the review: to the question last shown, or the first one still open. */
  backToQuestions() {
    const open = this.items.find((i) => i.position === this.snapshot.current && !i.closed) ?? this.items.find((i) => !i.closed);
    if (open) this.goTo(open.position);
  }

  private currentItem(): RunnerItemState | undefined {
    return this.items.find((i) => i.position === this.snapshot.current);
  }

  private expire() {
    this.commitSegment();
    this.queueTime(this.snapshot.current, 1);
    this.clock.pause();
    this.timeUp = true;
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.tickTimer = null;
    this.persist();
    this.emit({ remainingMs: 0 });
    // Saves still count within the server's grace period.
    if (this.queue.pending) void this.queue.send();
  }

  // ---- time per question ----

  private commitSegment() {
    this.clock.commit(this.snapshot.current);
  }

  private resumeSegment() {
    const showing = this.started && this.snapshot.view === "question" && !this.snapshot.locked && !this.timeUp;
    this.clock.resume(showing && document.visibilityState === "visible");
  }

  /** Puts the question's accrued time in the outbox when enough is new since the last save. */
  private queueTime(position: number, minNewMs = TIME_SAVE_MIN_MS) {
    if (this.queue.closed) return;
    if (!this.clock.due(position, minNewMs)) return;
    const item = this.items.find((i) => i.position === position);
    if (!item) return;
    this.write({ ...item, seq: item.seq + 1 });
  }

  // ---- changes ----

  /** Records a change: the item's seq goes up, the outbox (localStorage) is written, then it is sent. */
  private write(next: RunnerItemState) {
    const timeMs = this.clock.timeOf(next.position);
    this.items = this.items.map((i) => (i.position === next.position ? next : i));
    this.queue.add({ position: next.position, response: next.response, flagged: next.flagged, seq: next.seq, timeMs, ...(next.closed ? { closed: true } : {}) });
    this.clock.markQueued(next.position, timeMs);
    this.persist();
    this.emit();
    if (!this.queue.retryPending) void this.queue.send();
  }

  private change(position: number, patch: Partial<Pick<RunnerItemState, "response" | "flagged">>) {
    if (this.snapshot.locked) return;
    const item = this.items.find((i) => i.position === position);
    if (!item || item.closed) return;
    this.commitSegment();
    this.write({ ...item, ...patch, seq: item.seq + 1 });
  }

  /** Chooses (single) or toggles (multiple) an option of the question shown. */
  choose(key: string) {
    if (this.snapshot.view !== "question") return;
    const item = this.items.find((i) => i.position === this.snapshot.current);
    // An option is chosen only from the text shown: none while the question is loading.
    if (!item || !this.contentOf(item.position)?.options.some((o) => o.key === key)) return;
    if (item.kind !== "single" && item.kind !== "multiple" && item.kind !== "yes-no") return;
    const response = toggleOption(item.kind, item.response, key);
    if (JSON.stringify(response) === JSON.stringify(item.response)) return;
    this.change(item.position, { response });
  }

  /** Chooses by index (0 = first option), for the keyboard shortcuts. */
  chooseIndex(index: number) {
    const option = this.contentOf(this.snapshot.current)?.options[index];
    if (option) this.choose(option.key);
  }

  /** Puts `key` in a part of the item shown (a hotspot's blank, an ordering's place, a matching's target), or empties it. */
  choosePart(part: number, key: string | null) {
    if (this.snapshot.view !== "question") return;
    const item = this.currentItem();
    if (!item || (item.kind !== "hotspot" && item.kind !== "ordering" && item.kind !== "matching")) return;
    const text = this.contentOf(item.position);
    if (!text) return;
    const known = item.kind === "hotspot" ? (text.hotspot?.blanks[part - 1] ?? []) : text.options;
    if (key !== null && !known.some((o) => o.key === key)) return;
    const parts = item.kind === "hotspot" ? (text.hotspot?.blanks.length ?? 0) : item.kind === "ordering" ? (text.places ?? 0) : (text.matching?.targets.length ?? 0);
    if (part < 1 || part > parts) return;
    const response = setPart(item.kind, item.response, part, key, { reuseValues: text.matching?.reuseValues });
    if (JSON.stringify(response) === JSON.stringify(item.response)) return;
    this.change(item.position, { response });
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
    this.clock.pause();
    this.queueTime(this.snapshot.current);
  }

  /** Closes items for good: a closing save each (the server refuses any later save to them). */
  private close(positions: readonly number[]) {
    for (const p of positions) {
      const item = this.items.find((i) => i.position === p);
      if (!item || item.closed || this.queue.closed) continue;
      this.write({ ...item, closed: true, seq: item.seq + 1 });
    }
  }

  /** A move that closes a yes/no solution or a case study waits for confirmLeave(); anything else happens at once. */
  private move(to: number | "review", confirmed: boolean) {
    const from = this.snapshot.view === "question" ? this.snapshot.current : null;
    const closing = from === null || this.snapshot.locked ? null : closedByLeaving(this.items, this.groupKinds, from, to);
    if (closing && !confirmed) {
      this.emit({ pendingLeave: { ...closing, to } });
      return;
    }
    this.leave();
    if (closing) this.close(closing.positions);
    this.emit(to === "review" ? { view: "review", pendingLeave: null } : { current: to, view: "question", pendingLeave: null });
    this.resumeSegment();
  }

  goTo(position: number) {
    if (position < 1 || position > this.items.length) return;
    if (this.snapshot.view === "question" && position === this.snapshot.current) return;
    // A closed item is not shown again (the exam's rule for yes/no series and case studies).
    if (this.items.find((i) => i.position === position)?.closed) return;
    this.move(position, false);
  }

  /** The learner confirmed the move the runner warned about. */
  confirmLeave() {
    const pending = this.snapshot.pendingLeave;
    if (pending) this.move(pending.to, true);
  }

  cancelLeave() {
    if (this.snapshot.pendingLeave) this.emit({ pendingLeave: null });
  }

  next() {
    if (this.snapshot.view === "question") this.goTo(this.snapshot.current + 1);
  }

  previous() {
    if (this.snapshot.view === "question") this.goTo(this.snapshot.current - 1);
  }

  openReview() {
    if (this.snapshot.view === "review") return;
    this.move("review", false);
  }

  // ---- the network ----

  /** Sends now (after a sign-in in another tab, or to skip the back-off). */
  retryNow() {
    if (!this.queue.resetForRetry()) return;
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
    const done = () => this.queue.pending === 0 && !this.queue.inFlight && this.slots.closingWaiting === 0;
    if (done()) return Promise.resolve(true);
    if (!this.queue.prepareFlush()) {
      this.emit();
      return Promise.resolve(false);
    }
    void this.queue.send();
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
        else if (this.queue.stopped) finish(false);
      });
      const timer = setTimeout(() => finish(done()), timeoutMs);
    });
  }

  // ---- browser events ----

  private handleOnline = () => {
    this.queue.wentOnline();
    this.content.wentOnline();
    this.emit();
    void this.adoptThenSend();
  };

  private handleOffline = () => {
    this.queue.setOnline(false);
    this.emit();
  };

  private handleVisibility = () => {
    if (document.visibilityState === "hidden") {
      this.commitSegment();
      this.clock.pause();
      this.persist();
    } else {
      this.resumeSegment();
    }
  };

  private handlePageHide = () => {
    this.commitSegment();
    // Marks the slot as left behind (for browsers without Web Locks); pageshow undoes it.
    this.slots.setOpen(false);
    this.persist();
    if (this.queue.pending) void this.queue.send(); // keepalive lets it outlive the page
  };

  private handlePageShow = (e: PageTransitionEvent) => {
    if (!e.persisted) return;
    this.slots.setOpen(true);
    this.persist();
    void this.adoptThenSend();
  };

  /**
   * Another tab or window of this browser wrote the set's storage. A closing tab's slot with
   * unsent changes is adopted as soon as that tab counts as gone. The set key is removed only once
   * the set is closed (its results page, or a save refused as submitted or past the deadline):
   * this tab then stops taking answers at once instead of finding out at its next save.
   */
  private handleStorage = (e: StorageEvent) => {
    const seen = this.slots.noticeStorage(e.key, e.newValue, this.queue.closed);
    if (seen === "waiting") this.emit();
    else if (seen === "set-closed") this.queue.halt("submitted", "This set was submitted in another tab or window: answers can no longer change.");
  };

  private handleBeforeUnload = (e: BeforeUnloadEvent) => {
    this.commitSegment();
    this.persist();
    if (this.queue.pending > 0 && !this.queue.closed) {
      e.preventDefault();
      e.returnValue = "";
    }
  };
}
