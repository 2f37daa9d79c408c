// One outbox slot per tab. Several tabs or windows may run the same set: each keeps its unsent
// changes in its own slot (`<set key>:<tab id>`), so no tab's write can replace another tab's
// changes. A tab that is gone (closed, crashed, reloaded) leaves its slot behind; a live tab of the
// set adopts it: it takes the slot's changes into its own outbox, writes its own slot, and only then
// removes the orphan. The set key itself stays as a marker while the set is open: removing it (once
// the set is submitted or past its deadline) tells the other tabs the set is closed.
//
// The pure functions take the storage as a small key-value interface; the TabSlots class below
// keeps one tab's slot, its Web Lock and its adoption timers, with every browser API injected.

import { emptyOutbox, mergeWithServer, outboxKey, parseOutbox, serializeOutbox, upsertEntry, type ItemState, type OutboxEntry } from "./save-queue";
import type { LockManagerLike, Timers } from "./ports";

const isCount = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n >= 0;


/**
 * The key-value storage the outbox lives in (localStorage in the browser). Writes may throw (quota,
 * private mode); the functions below catch that and report it.
 */
export interface OutboxStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  /** Every key currently held. */
  keys(): string[];
}

/** One tab's unsent changes, as kept in its slot. */
export interface TabSlot {
  v: 2;
  tab: string;
  /** False once the tab's page was hidden for good (pagehide); a page restored from the back/forward cache sets it again. */
  open: boolean;
  /** When the tab last wrote its slot (browser ms): a liveness hint where Web Locks are unavailable. */
  at: number;
  entries: OutboxEntry[];
  times: Record<string, number>;
}

/** A slot not written for this long counts as left behind, where Web Locks cannot tell. */
export const STALE_SLOT_MS = 2 * 60_000;
/** A tab rewrites its slot at least this often, so that {@link STALE_SLOT_MS} stays meaningful. */
export const SLOT_HEARTBEAT_MS = 20_000;

/** The marker the set key holds while the set is open (readable as an empty outbox). */
export const SET_MARKER = serializeOutbox(emptyOutbox());

export function slotKey(sessionId: string, tab: string): string {
  return `${outboxKey(sessionId)}:${tab}`;
}

/** The tab id of a slot key of this set, or null for any other key (the set key included). */
export function slotTab(sessionId: string, key: string): string | null {
  const prefix = `${outboxKey(sessionId)}:`;
  return key.startsWith(prefix) && key.length > prefix.length ? key.slice(prefix.length) : null;
}

/** The name of the Web Lock a tab holds while its runner is open. */
export function tabLockName(tab: string): string {
  return `retake-coach:practice-tab:${tab}`;
}

/** A random id for a tab's slot (not a secret: it only has to differ between tabs). */
export function newTabId(random: () => number = Math.random): string {
  let id = "";
  while (id.length < 12) id += Math.floor(random() * 36).toString(36);
  return id;
}

export function parseSlot(raw: string | null | undefined): Omit<TabSlot, "v" | "tab"> {
  const { entries, times } = parseOutbox(raw);
  let open = true;
  let at = 0;
  try {
    const d = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
    if (d && typeof d === "object") {
      open = d.open !== false;
      at = isCount(d.at) ? d.at : 0;
    }
  } catch {
    // parseOutbox already fell back to an empty outbox.
  }
  return { open, at, entries, times };
}

/** Where a tab cannot ask Web Locks: a slot is left behind once its page was hidden for good, or not written for a while. */
export function slotLooksGone(slot: { open: boolean; at: number }, nowMs: number, staleMs = STALE_SLOT_MS): boolean {
  return !slot.open || nowMs - slot.at > staleMs;
}

/** Writes a tab's slot; false when storage refused it. */
export function writeSlot(storage: OutboxStorage, sessionId: string, slot: TabSlot): boolean {
  try {
    storage.setItem(slotKey(sessionId, slot.tab), JSON.stringify(slot));
    return true;
  } catch {
    return false;
  }
}

/** Puts the open-set marker in place when missing (a new set, or storage cleared by hand). */
export function ensureSetMarker(storage: OutboxStorage, sessionId: string): void {
  try {
    if (storage.getItem(outboxKey(sessionId)) === null) storage.setItem(outboxKey(sessionId), SET_MARKER);
  } catch {
    // Storage unavailable: the runner reports that on its first write.
  }
}

/** Every key this set uses: the set key and all tabs' slots. */
export function setStorageKeys(storage: OutboxStorage, sessionId: string): string[] {
  const base = outboxKey(sessionId);
  try {
    return storage.keys().filter((k) => k === base || slotTab(sessionId, k) !== null);
  } catch {
    return [];
  }
}

/** Once the set is closed: removes every tab's slot, then the set key (which tells the other tabs). */
export function clearSetStorage(storage: OutboxStorage, sessionId: string): void {
  const base = outboxKey(sessionId);
  for (const key of setStorageKeys(storage, sessionId)) {
    if (key === base) continue;
    try {
      storage.removeItem(key);
    } catch {
      // Nothing more can be done; a later load of a closed set ignores it.
    }
  }
  try {
    storage.removeItem(base);
  } catch {
    // Storage unavailable: nothing to clear.
  }
}

/** Cumulative ms per position over the set's keys (the highest seen), for a tab that starts. */
export function readSetTimes(storage: OutboxStorage, sessionId: string): Record<string, number> {
  let times: Record<string, number> = {};
  for (const key of setStorageKeys(storage, sessionId)) {
    let raw: string | null = null;
    try {
      raw = storage.getItem(key);
    } catch {
      raw = null;
    }
    times = mergeTimes(times, parseOutbox(raw).times);
  }
  return times;
}

export function mergeTimes(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = Math.max(out[k] ?? 0, v);
  return out;
}

export interface AdoptingTab<T extends ItemState> {
  tab: string;
  open: boolean;
  nowMs: number;
  /** The tab's items, each with the seq of its newest change (pending or acknowledged). */
  items: readonly T[];
  entries: readonly OutboxEntry[];
  times: Record<string, number>;
}

export interface Adoption<T extends ItemState> {
  items: T[];
  entries: OutboxEntry[];
  times: Record<string, number>;
  /** Changes taken from other tabs' slots, now pending in this tab. */
  adopted: OutboxEntry[];
  /** Positions where an adopted change replaced this tab's own pending change (it was based on a newer save). */
  superseded: number[];
  /**
   * Positions where a gone tab left a different change that is not taken because this tab changed
   * the question at the same time, on a save at least as new: this tab's change is the one kept.
   */
  discarded: number[];
  /** Keys removed (or, for the set key, emptied) after this tab's slot was written. */
  cleared: string[];
  /** False when this tab's slot could not be written: the orphans are then left in place. */
  saved: boolean;
  /**
   * Slots with unsent changes whose page was hidden for good but whose tab does not count as gone
   * yet (a closing tab can hold its Web Lock a moment longer): worth another look shortly.
   */
  closing: number;
}

/**
 * Adopts the slots of tabs that are gone, and any outbox left under the set key by an older
 * version of the runner. A left-behind change newer than what this tab has for its position joins
 * this tab's outbox (and its view of the item); one that is not newer would be refused by the
 * server anyway. The order makes the hand-over safe: this tab's slot, holding the adopted changes,
 * is written first, and only then are the orphans removed. Adopting the slot of a tab that is in
 * fact still open loses nothing either: that tab writes its slot again at its next change, and a
 * change both tabs send is applied once (same seq).
 */
export function adoptOrphans<T extends ItemState>(
  storage: OutboxStorage,
  sessionId: string,
  self: AdoptingTab<T>,
  isGone: (tab: string, slot: Omit<TabSlot, "v" | "tab">) => boolean,
): Adoption<T> {
  const base = outboxKey(sessionId);
  const orphans: string[] = [];
  let found: OutboxEntry[] = [];
  let foundTimes: Record<string, number> = {};
  let closing = 0;
  for (const key of setStorageKeys(storage, sessionId)) {
    let raw: string | null = null;
    try {
      raw = storage.getItem(key);
    } catch {
      continue;
    }
    const slot = parseSlot(raw);
    if (key !== base) {
      const tab = slotTab(sessionId, key)!;
      if (tab === self.tab) continue;
      if (!isGone(tab, slot)) {
        if (!slot.open && slot.entries.length > 0) closing++;
        continue;
      }
    } else if (raw === SET_MARKER || raw === null) {
      continue;
    }
    orphans.push(key);
    for (const e of slot.entries) found = upsertEntry(found, e);
    foundTimes = mergeTimes(foundTimes, slot.times);
  }
  const unchanged: Adoption<T> = {
    items: [...self.items],
    entries: [...self.entries],
    times: self.times,
    adopted: [],
    superseded: [],
    discarded: [],
    cleared: [],
    saved: true,
    closing,
  };
  if (orphans.length === 0) return unchanged;

  const { items, pending: adopted } = mergeWithServer(self.items, found);
  const own = new Set(self.entries.map((e) => e.position));
  const superseded = adopted.filter((e) => own.has(e.position)).map((e) => e.position);
  const taken = new Set(adopted.map((e) => e.position));
  const current = new Map(self.items.map((i) => [i.position, i]));
  const discarded = found
    .filter((e) => {
      const mine = current.get(e.position);
      if (!mine || taken.has(e.position)) return false;
      if (JSON.stringify(mine.response) === JSON.stringify(e.response) && mine.flagged === e.flagged) return false;
      // Made on the same save as this tab's, or while this tab's own change is still unsent: the
      // two tabs changed it at the same time. (Older than a save this tab has: the server refused it.)
      return e.seq === mine.seq || own.has(e.position);
    })
    .map((e) => e.position);
  let entries = [...self.entries];
  for (const e of adopted) entries = upsertEntry(entries, e);
  const times = mergeTimes(self.times, foundTimes);
  const saved = writeSlot(storage, sessionId, { v: 2, tab: self.tab, open: self.open, at: self.nowMs, entries, times });
  const cleared: string[] = [];
  if (saved) {
    for (const key of orphans) {
      try {
        if (key === base) storage.setItem(base, SET_MARKER);
        else storage.removeItem(key);
        cleared.push(key);
      } catch {
        // Left in place: adopting it again later only sends the same changes again.
      }
    }
  }
  return { items, entries, times, adopted, superseded, discarded, cleared, saved, closing };
}


// ---- one tab's slot ----

/** How often an open tab looks for slots left behind by tabs that are gone. */
export const ADOPT_EVERY_MS = 30_000;
/** A closing tab's slot is looked at again this soon, this many times, until its tab counts as gone. */
export const CLOSING_RECHECK_MS = 1_000;
export const CLOSING_RECHECKS = 10;

export interface TabSlotsDeps {
  sessionId: string;
  storage: OutboxStorage;
  /** navigator.locks, or null where Web Locks are unavailable (liveness then by heartbeat). Asked when needed. */
  locks(): LockManagerLike | null;
  /** Wall-clock ms (Date.now): heartbeats and staleness. */
  now(): number;
  timers: Timers;
  /** This tab's id; a new random one by default (one per page load). */
  tabId?: string;
}

/** The state a tab hands to an adoption: read after the liveness test, so it is current. */
export interface AdoptionInput<T extends ItemState> {
  items: readonly T[];
  entries: readonly OutboxEntry[];
  times: Record<string, number>;
}

/**
 * This tab's slot: writing it (with a heartbeat), holding the tab's Web Lock, adopting the slots
 * of tabs that are gone, and looking again shortly at a tab that is closing with changes unsent.
 */
export class TabSlots {
  readonly tabId: string;
  /** False from pagehide until the page is shown again (back/forward cache). */
  private open = true;
  private lastWrite = 0;
  private lastAdoption = 0;
  private adopting: Promise<void> | null = null;
  private closingTimer: unknown = null;
  private closingChecks = 0;
  /** Closing tabs' slots with unsent changes, not adopted yet: counted as pending meanwhile. */
  private waiting = 0;
  private releaseLock: (() => void) | null = null;
  private active = false;

  constructor(
    private readonly deps: TabSlotsDeps,
    /** Called when a closing tab's slot is due another look: adopt, then send. */
    private readonly onRecheck: () => void,
  ) {
    this.tabId = deps.tabId ?? newTabId();
  }

  /** Closing tabs' unsent changes this tab waits for. */
  get closingWaiting(): number {
    return this.waiting;
  }

  /** Starts: puts the open-set marker in place and returns the time per question the set's keys hold. */
  start(): Record<string, number> {
    this.active = true;
    const times = readSetTimes(this.deps.storage, this.deps.sessionId);
    ensureSetMarker(this.deps.storage, this.deps.sessionId);
    return times;
  }

  /** Starts again after stop() (the set's keys were read on the first start). */
  resume() {
    this.active = true;
  }

  /** Writes this tab's slot; false when storage refused it. */
  write(entries: OutboxEntry[], times: Record<string, number>): boolean {
    this.lastWrite = this.deps.now();
    return writeSlot(this.deps.storage, this.deps.sessionId, { v: 2, tab: this.tabId, open: this.open, at: this.lastWrite, entries, times });
  }

  /** pagehide marks the slot as left behind (for browsers without Web Locks); pageshow undoes it. */
  setOpen(open: boolean) {
    this.open = open;
  }

  /** The slot should be written again so that other tabs' staleness test stays meaningful. */
  heartbeatDue(): boolean {
    return this.deps.now() - this.lastWrite > SLOT_HEARTBEAT_MS;
  }

  /** Time for another look at other tabs' slots. */
  adoptionDue(): boolean {
    return this.deps.now() - this.lastAdoption > ADOPT_EVERY_MS && !this.adopting;
  }

  /** Holds a Web Lock named after this tab while the runner is open: other tabs see it is alive. */
  holdLock() {
    const locks = this.deps.locks();
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
    const locks = this.deps.locks();
    if (locks) {
      try {
        const { held = [] } = await locks.query();
        const names = new Set(held.map((l) => l.name));
        return (tab) => !names.has(tabLockName(tab));
      } catch {
        // Fall through to the heartbeat.
      }
    }
    return (_tab, slot) => slotLooksGone(slot, this.deps.now());
  }

  /**
   * Takes over the unsent changes of tabs that are gone. One adoption at a time (a second call
   * joins the running one). `current` is read after the liveness test; `apply` receives the
   * result and whether the number of closing tabs waited for changed. Nothing happens once
   * `isClosed()` says the set is closed.
   */
  adopt<T extends ItemState>(
    current: () => AdoptionInput<T>,
    isClosed: () => boolean,
    apply: (result: Adoption<T>, waitingChanged: boolean) => void,
  ): Promise<void> {
    this.lastAdoption = this.deps.now();
    this.adopting ??= (async () => {
      try {
        const isGone = await this.goneTest();
        if (isClosed()) return;
        const self = current();
        const result = adoptOrphans(
          this.deps.storage,
          this.deps.sessionId,
          { tab: this.tabId, open: this.open, nowMs: this.deps.now(), items: self.items, entries: self.entries, times: self.times },
          isGone,
        );
        if (result.closing > 0) this.recheckClosing();
        else this.closingChecks = 0;
        const waiting = result.closing > 0 && this.closingTimer !== null ? result.closing : 0;
        const waitingChanged = waiting !== this.waiting;
        this.waiting = waiting;
        apply(result, waitingChanged);
      } finally {
        this.adopting = null;
      }
    })();
    return this.adopting;
  }

  /** Looks again shortly at the slot of a tab that is closing (its lock may outlive its page briefly). */
  private recheckClosing() {
    if (this.closingTimer !== null || !this.active || this.closingChecks >= CLOSING_RECHECKS) return;
    this.closingChecks++;
    this.closingTimer = this.deps.timers.setTimeout(() => {
      this.closingTimer = null;
      this.onRecheck();
    }, CLOSING_RECHECK_MS);
  }

  /**
   * A storage event from another tab or window of this browser. "set-closed": the set key was
   * removed, which happens only once the set is closed. "waiting": another tab of this set hid its
   * page for good with changes unsent, and this tab now waits to adopt them. Null otherwise.
   */
  noticeStorage(key: string | null, newValue: string | null, setClosed: boolean): "set-closed" | "waiting" | null {
    if (key !== null && newValue !== null && slotTab(this.deps.sessionId, key) !== null) {
      const slot = parseSlot(newValue);
      if (!slot.open && slot.entries.length > 0 && !setClosed) {
        this.closingChecks = 0;
        this.recheckClosing();
        if (this.closingTimer !== null && this.waiting === 0) {
          this.waiting = 1;
          return "waiting";
        }
      }
      return null;
    }
    if (key !== outboxKey(this.deps.sessionId) || newValue !== null || setClosed) return null;
    return "set-closed";
  }

  /** The set is closed: nothing is waited for any more. */
  forgetClosing() {
    this.waiting = 0;
  }

  /** The runner stops: the lock is released and no recheck is pending. */
  stop() {
    this.active = false;
    this.releaseLock?.();
    this.releaseLock = null;
    if (this.closingTimer !== null) this.deps.timers.clearTimeout(this.closingTimer);
    this.closingTimer = null;
    this.waiting = 0;
  }
}
