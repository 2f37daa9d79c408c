// The practice runner's outbox: every answer or flag change is written here (in the browser's
// localStorage) before it is sent, and dropped only once the server acknowledges a sequence number
// at least as new. Pure: no React, no Next, no browser APIs — the runner's store does the I/O and
// calls these functions (storage is passed in as a small key-value interface).
//
// Several tabs or windows may run the same set. Each tab keeps its unsent changes in its own slot
// (`<set key>:<tab id>`), so no tab's write can replace another tab's changes. A tab that is gone
// (closed, crashed, reloaded) leaves its slot behind; a live tab of the set adopts it: it takes the
// slot's changes into its own outbox, writes its own slot, and only then removes the orphan. The
// set key itself stays as a marker while the set is open: removing it (once the set is submitted
// or past its deadline) tells the other tabs the set is closed.
//
// A change's seq is the seq of the save it was based on plus one, so a tab that has not seen a
// newer save is refused (and told) instead of overwriting it. Two tabs changing one question on
// the same save thus share a seq: the server keeps whichever arrives first, and adoption likewise
// keeps the adopting tab's own change.

export interface OutboxEntry {
  position: number;
  response: string[] | null;
  flagged: boolean;
  /** The item's client sequence number; the server applies a save only if it is newer than its own. */
  seq: number;
  /** Cumulative time spent on the item, in ms. */
  timeMs: number;
}

/** What one set keeps in localStorage. */
export interface PersistedOutbox {
  v: 1;
  /** At most one entry per position: the newest change. */
  entries: OutboxEntry[];
  /** Cumulative ms per position, kept across reloads (the server doesn't send it back). */
  times: Record<string, number>;
}

/** The item state the server sent with the page. */
export interface ItemState {
  position: number;
  response: string[] | null;
  flagged: boolean;
  seq: number;
}

export const OUTBOX_KEY_PREFIX = "retake-coach:practice-outbox:";
/** The answers endpoint accepts at most this many saves per request. */
export const MAX_BATCH = 200;
export const RETRY_BASE_MS = 1_000;
export const RETRY_MAX_MS = 15_000;

export function outboxKey(sessionId: string): string {
  return `${OUTBOX_KEY_PREFIX}${sessionId}`;
}

export function emptyOutbox(): PersistedOutbox {
  return { v: 1, entries: [], times: {} };
}

const OPTION_KEY = /^[A-F]$/;
const isCount = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n >= 0;

/** A response as the server stores it: unique keys, sorted; null when nothing is chosen. */
export function normalizeResponse(response: readonly string[] | null | undefined): string[] | null {
  if (!response || response.length === 0) return null;
  return [...new Set(response)].sort();
}

function parseEntry(raw: unknown): OutboxEntry | null {
  if (typeof raw !== "object" || raw === null) return null;
  const e = raw as Record<string, unknown>;
  if (!isCount(e.position) || e.position < 1) return null;
  if (!isCount(e.seq) || e.seq < 1) return null;
  if (typeof e.flagged !== "boolean") return null;
  if (e.response !== null && !(Array.isArray(e.response) && e.response.every((k) => typeof k === "string" && OPTION_KEY.test(k)))) return null;
  const timeMs = isCount(e.timeMs) ? e.timeMs : 0;
  return { position: e.position, response: normalizeResponse(e.response as string[] | null), flagged: e.flagged, seq: e.seq, timeMs };
}

/**
 * Reads what localStorage held. Anything unreadable (another version, a hand edit, a truncated
 * write) is skipped entry by entry rather than throwing: the server's state is still there.
 */
export function parseOutbox(raw: string | null | undefined): PersistedOutbox {
  if (!raw) return emptyOutbox();
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return emptyOutbox();
  }
  if (typeof data !== "object" || data === null) return emptyOutbox();
  const d = data as Record<string, unknown>;
  let entries: OutboxEntry[] = [];
  if (Array.isArray(d.entries)) {
    for (const r of d.entries) {
      const e = parseEntry(r);
      if (e) entries = upsertEntry(entries, e);
    }
  }
  const times: Record<string, number> = {};
  if (typeof d.times === "object" && d.times !== null) {
    for (const [k, v] of Object.entries(d.times as Record<string, unknown>)) {
      if (/^[1-9]\d*$/.test(k) && isCount(v)) times[k] = v;
    }
  }
  return { v: 1, entries, times };
}

export function serializeOutbox(outbox: PersistedOutbox): string {
  return JSON.stringify(outbox);
}

/** Adds a change, keeping one entry per position: the one with the highest seq. */
export function upsertEntry(entries: readonly OutboxEntry[], entry: OutboxEntry): OutboxEntry[] {
  const existing = entries.find((e) => e.position === entry.position);
  if (existing && existing.seq >= entry.seq) return [...entries];
  return [...entries.filter((e) => e.position !== entry.position), entry].sort((a, b) => a.position - b.position);
}

/**
 * Applies the server's answer to a batch: an entry is done once the server holds a seq at least as
 * new for its position (applied now, or a newer save landed earlier). A change made while the
 * request was in flight has a higher seq and stays.
 */
export function acknowledge(
  entries: readonly OutboxEntry[],
  results: readonly { position: number; seq: number }[],
): OutboxEntry[] {
  const acked = new Map<number, number>();
  for (const r of results) acked.set(r.position, Math.max(acked.get(r.position) ?? 0, r.seq));
  return entries.filter((e) => {
    const seq = acked.get(e.position);
    return seq === undefined || e.seq > seq;
  });
}

/**
 * Combines the server's state with the outbox on load. An entry newer than the server's seq wins
 * (and stays pending, to be sent again); an entry the server already has, or for a position the set
 * doesn't have, is dropped.
 */
export function mergeWithServer<T extends ItemState>(
  items: readonly T[],
  entries: readonly OutboxEntry[],
): { items: T[]; pending: OutboxEntry[] } {
  const byPosition = new Map(entries.map((e) => [e.position, e]));
  const pending: OutboxEntry[] = [];
  const merged = items.map((item) => {
    const e = byPosition.get(item.position);
    if (!e || e.seq <= item.seq) return item;
    pending.push(e);
    return { ...item, response: e.response, flagged: e.flagged, seq: e.seq };
  });
  return { items: merged, pending: pending.sort((a, b) => a.position - b.position) };
}

// ---- one slot per tab ----

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

/** The entries for the next request, lowest position first, within the endpoint's limit. */
export function nextBatch(entries: readonly OutboxEntry[], max = MAX_BATCH): OutboxEntry[] {
  return [...entries].sort((a, b) => a.position - b.position).slice(0, max);
}

/** Delay before retry number `failures` (1-based): 1 s, 2 s, 4 s, 8 s, then 15 s at most. */
export function retryDelayMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.min(failures - 1, 30));
}

/** The new response after choosing `key`: a single-answer item takes it; a multiple toggles it. */
export function toggleOption(kind: "single" | "multiple", response: readonly string[] | null, key: string): string[] | null {
  if (kind === "single") return [key];
  const current = new Set(response ?? []);
  if (current.has(key)) current.delete(key);
  else current.add(key);
  return normalizeResponse([...current]);
}

export interface SaveStatusInput {
  pending: number;
  inFlight: boolean;
  /** Failed attempts since the last success. */
  failures: number;
  online: boolean;
}

export type SaveTone = "saved" | "saving" | "retrying" | "offline";

/** The save status line the runner shows (in an aria-live="polite" region). */
export function saveStatus(s: SaveStatusInput): { tone: SaveTone; text: string } {
  if (s.pending === 0 && !s.inFlight) return { tone: "saved", text: "All answers saved" };
  if (!s.online) return { tone: "offline", text: "Offline — answers are kept in this browser" };
  if (s.failures > 0) {
    return { tone: "retrying", text: `${s.pending} ${s.pending === 1 ? "answer" : "answers"} not saved yet — retrying` };
  }
  return { tone: "saving", text: "Saving…" };
}

// The clock. The server owns it: the deadline comes from the database, and the browser's clock is
// only used through the offset measured against the server's "now".

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
