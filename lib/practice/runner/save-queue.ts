// The save queue: every answer or flag change is an entry with a per-question sequence number,
// kept (in the browser's localStorage, through the tab slots) until the server acknowledges a
// sequence number at least as new. The pure rules (upsert, acknowledge, merge with the server's
// state, batches, back-off, the status line) come first; the SaveQueue class below does the
// network I/O around them with an injected fetch, timers and "online" test, so it is unit-tested
// without a browser.
//
// A change's seq is the seq of the save it was based on plus one, so a tab that has not seen a
// newer save is refused (and told) instead of overwriting it. Two tabs changing one question on
// the same save thus share a seq: the server keeps whichever arrives first, and adoption likewise
// keeps the adopting tab's own change.

import type { SaveResult } from "../dto";
import type { FetchLike, Timers } from "./ports";

export interface OutboxEntry {
  position: number;
  response: string[] | null;
  flagged: boolean;
  /** The item's client sequence number; the server applies a save only if it is newer than its own. */
  seq: number;
  /** Cumulative time spent on the item, in ms. */
  timeMs: number;
  /** The learner left the item for good (a yes/no solution, a case study's section); absent: false. */
  closed?: boolean;
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
  closed?: boolean;
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

/** A response entry: an option key, Y or N, or "<part>=<key>" (hotspot blank, ordering place, matching target). */
const RESPONSE_ENTRY = /^(?:[A-F]|[YN]|[1-9]=[A-H])$/;
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
  if (e.response !== null && !(Array.isArray(e.response) && e.response.every((k) => typeof k === "string" && RESPONSE_ENTRY.test(k)))) return null;
  const timeMs = isCount(e.timeMs) ? e.timeMs : 0;
  return { position: e.position, response: normalizeResponse(e.response as string[] | null), flagged: e.flagged, seq: e.seq, timeMs, ...(e.closed === true ? { closed: true } : {}) };
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
    return { ...item, response: e.response, flagged: e.flagged, seq: e.seq, ...(e.closed || item.closed ? { closed: true } : {}) };
  });
  return { items: merged, pending: pending.sort((a, b) => a.position - b.position) };
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


// ---- the queue and its network loop ----

export type SaveError = Extract<SaveResult, { ok: false }>["error"];

export interface StopReason {
  error: SaveError;
  message: string;
  /** The set is closed on the server (submitted or past its deadline): nothing more can be saved. */
  closed: boolean;
}

export interface SaveQueueDeps {
  /** The answers endpoint of this set. */
  url: string;
  fetch: FetchLike;
  /** navigator.onLine */
  isOnline(): boolean;
  /** Wall-clock ms (Date.now), for the Date header's round trip. */
  now(): number;
  timers: Timers;
}

/** What the queue tells the store it lives in. */
export interface SaveQueueHooks {
  /** Retries are scheduled only while this holds (the runner is started). */
  active(): boolean;
  /** Something the snapshot shows changed. */
  changed(): void;
  /** The entries changed after an acknowledgement: write the tab's slot. */
  persist(): void;
  /** A save was answered: the response's Date header and the round trip, for the clock's offset. */
  answered(dateHeader: string | null, sentAt: number, receivedAt: number): void;
  /** The server closed the set; the pending changes were dropped. Called before changed(). */
  closed(): void;
}

/**
 * The pending changes and the loop that sends them: one request at a time, the lowest positions
 * first, acknowledged entries dropped, failures retried with back-off while online, refusals
 * stopping the loop until asked again (a signed-out session keeps retrying, since signing in again
 * in another tab is enough).
 */
export class SaveQueue {
  private pendingEntries: OutboxEntry[] = [];
  private sending = false;
  private failureCount = 0;
  private isOnlineNow = true;
  private stopReason: StopReason | null = null;
  private conflictPositions: number[] = [];
  /** "position:seq" of entries already put in a request, which may have landed without an answer. */
  private readonly attempted = new Set<string>();
  private retryTimer: unknown = null;

  constructor(
    private readonly deps: SaveQueueDeps,
    private readonly hooks: SaveQueueHooks,
  ) {}

  get entries(): readonly OutboxEntry[] {
    return this.pendingEntries;
  }
  get pending(): number {
    return this.pendingEntries.length;
  }
  get inFlight(): boolean {
    return this.sending;
  }
  get failures(): number {
    return this.failureCount;
  }
  get online(): boolean {
    return this.isOnlineNow;
  }
  get stopped(): StopReason | null {
    return this.stopReason;
  }
  /** Positions whose change the server refused as stale: another tab or window saved a newer one. */
  get conflicts(): number[] {
    return this.conflictPositions;
  }
  /** A retry is scheduled: a new change waits for it rather than sending at once. */
  get retryPending(): boolean {
    return this.retryTimer !== null;
  }
  get closed(): boolean {
    return Boolean(this.stopReason?.closed);
  }

  /** Adds a change (one entry per position: the newest). */
  add(entry: OutboxEntry) {
    this.pendingEntries = upsertEntry(this.pendingEntries, entry);
  }

  /** Replaces the entries (after adopting another tab's). */
  replace(entries: OutboxEntry[]) {
    this.pendingEntries = entries;
  }

  /** The tab that made an adopted change may have sent it already: an equal seq on the server is that same save. */
  markAttempted(position: number, seq: number) {
    this.attempted.add(`${position}:${seq}`);
  }

  addConflicts(positions: readonly number[]) {
    if (positions.length) this.conflictPositions = [...new Set([...this.conflictPositions, ...positions])].sort((a, b) => a - b);
  }

  setOnline(online: boolean) {
    this.isOnlineNow = online;
  }

  /** The browser is back online: start afresh (a refusal other than a closed set is forgotten). */
  wentOnline() {
    this.isOnlineNow = true;
    this.failureCount = 0;
    if (this.stopReason && !this.stopReason.closed) this.stopReason = null;
    this.clearRetry();
  }

  /** "Retry saving now": false when the set is closed and nothing can be sent. */
  resetForRetry(): boolean {
    if (this.stopReason?.closed) return false;
    this.stopReason = null;
    this.clearRetry();
    this.isOnlineNow = this.deps.isOnline();
    return true;
  }

  /** Before a submission: a refusal other than a closed set is tried again. False when offline. */
  prepareFlush(): boolean {
    if (this.stopReason && !this.stopReason.closed) this.stopReason = null;
    if (!this.deps.isOnline()) {
      this.isOnlineNow = false;
      return false;
    }
    this.clearRetry();
    return true;
  }

  clearRetry() {
    if (this.retryTimer !== null) this.deps.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private fail() {
    this.failureCount++;
    this.isOnlineNow = this.deps.isOnline();
    this.clearRetry();
    if (this.hooks.active() && this.isOnlineNow) {
      this.retryTimer = this.deps.timers.setTimeout(() => {
        this.retryTimer = null;
        void this.send();
      }, retryDelayMs(this.failureCount));
    }
    this.hooks.changed();
  }

  /** Sends the next batch, unless one is in flight, nothing is pending, or a refusal stopped the loop. */
  async send(): Promise<void> {
    if (this.sending || this.pendingEntries.length === 0) return;
    // A signed-out session keeps retrying (signing in again in another tab is enough); a closed
    // set, an unknown set or a refused batch waits for "Retry saving now".
    if (this.stopReason && (this.stopReason.closed || this.stopReason.error !== "unauthenticated")) return;
    if (!this.deps.isOnline()) {
      // Wait for the "online" event; nothing is lost meanwhile.
      this.isOnlineNow = false;
      this.hooks.changed();
      return;
    }
    this.clearRetry();
    const batch = nextBatch(this.pendingEntries);
    const firstAttempt = new Set(batch.filter((e) => !this.attempted.has(`${e.position}:${e.seq}`)).map((e) => e.position));
    for (const e of batch) this.attempted.add(`${e.position}:${e.seq}`);
    this.sending = true;
    this.hooks.changed();
    const sentAt = this.deps.now();
    let res: Awaited<ReturnType<FetchLike>>;
    try {
      res = await this.deps.fetch(this.deps.url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ answers: batch }),
        keepalive: true,
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch {
      this.sending = false;
      this.fail();
      return;
    }
    const receivedAt = this.deps.now();
    let body: SaveResult | null = null;
    try {
      body = (await res.json()) as SaveResult;
    } catch {
      body = null;
    }
    this.sending = false;
    if (res.ok && body?.ok) {
      // Not applied means the server already holds this seq or a newer one. For a retry of a
      // request that may have landed, an equal seq is that same save; otherwise another tab wrote.
      const sent = new Map(batch.map((e) => [e.position, e.seq]));
      this.addConflicts(
        body.results
          .filter((r) => !r.applied && sent.has(r.position) && (r.seq > sent.get(r.position)! || firstAttempt.has(r.position)))
          .map((r) => r.position),
      );
      this.pendingEntries = acknowledge(this.pendingEntries, body.results);
      this.failureCount = 0;
      if (this.stopReason && !this.stopReason.closed) this.stopReason = null;
      this.isOnlineNow = true;
      this.hooks.answered(res.headers.get("Date"), sentAt, receivedAt);
      this.hooks.persist();
      this.hooks.changed();
      if (this.pendingEntries.length) void this.send(); // changes made while this request was in flight
      return;
    }
    if (body && !body.ok && res.status < 500) {
      this.halt(body.error, body.message);
      return;
    }
    this.fail();
  }

  /** A refusal. A closed set drops what is pending (it can never be saved) and stops for good. */
  halt(error: SaveError, message: string) {
    const closed = error === "deadline" || error === "submitted";
    this.clearRetry();
    if (closed) {
      const lost = this.pendingEntries.length;
      this.pendingEntries = [];
      this.stopReason = {
        error,
        closed,
        message: lost ? `${message} ${lost} ${lost === 1 ? "change" : "changes"} made after that could not be saved.` : message,
      };
      this.hooks.closed();
    } else {
      this.stopReason = { error, closed, message };
      // Keeps the status honest ("N answers not saved yet"); a signed-out session also retries.
      if (error === "unauthenticated") {
        this.fail();
        return;
      }
      this.failureCount = Math.max(1, this.failureCount);
    }
    this.hooks.changed();
  }
}
