// The practice runner's outbox: every answer or flag change is written here (in the browser's
// localStorage, keyed by set) before it is sent, and dropped only once the server acknowledges a
// sequence number at least as new. Pure: no React, no Next, no browser APIs — the runner's store
// does the I/O and calls these functions.

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
