// The question text of a practice set, loaded apart from its state. The page carries every item's
// state but the text of only the item shown first (and its group's texts); the rest comes in one
// request (GET /api/practice/[id]/content) right after the page starts. This part merges what
// arrives, says which items are still loading, retries a failed request with back-off (and at
// once when the browser comes back online), and keeps a copy in this browser's storage so another
// tab of the set, or a reload, has the text at once. Answers never wait for it: saving, flags,
// the clocks and navigation work on the state alone.

import type { RunnerContent, RunnerGroup, RunnerItemContent, RunnerItemState } from "../dto";
import type { FetchLike, Timers } from "./ports";
import type { OutboxStorage } from "./tab-slots";

/** The item a set opens at: the first unanswered one still open, else the first open one, else 1. */
export function firstShown(items: readonly Pick<RunnerItemState, "position" | "response" | "closed">[]): number {
  return items.find((i) => !i.response && !i.closed)?.position ?? items.find((i) => !i.closed)?.position ?? 1;
}

/** The part of a set's content the given positions need: their items and the groups they belong to. */
export function contentFor(content: RunnerContent, positions: readonly number[]): RunnerContent {
  const wanted = new Set(positions);
  return {
    items: content.items.filter((i) => wanted.has(i.position)),
    groups: content.groups.filter((g) => g.positions.some((p) => wanted.has(p))),
  };
}

export const CONTENT_KEY_PREFIX = "retake-coach:practice-content:";

export function contentKey(sessionId: string): string {
  return `${CONTENT_KEY_PREFIX}${sessionId}`;
}

/** Waits between failed loads: 1 s, 2 s, 4 s … up to 30 s. */
export function contentRetryDelay(failures: number): number {
  return Math.min(30_000, 1_000 * 2 ** Math.max(0, failures - 1));
}

/** A response body that looks like RunnerContent (what the route sends); anything else is refused. */
export function parseContent(body: unknown): RunnerContent | null {
  if (!body || typeof body !== "object") return null;
  const { items, groups } = body as { items?: unknown; groups?: unknown };
  if (!Array.isArray(items) || !Array.isArray(groups)) return null;
  const itemsOk = items.every(
    (i) => i && typeof i === "object" && typeof i.position === "number" && typeof i.stem === "string" && Array.isArray(i.options),
  );
  const groupsOk = groups.every((g) => g && typeof g === "object" && typeof g.id === "string" && typeof g.kind === "string" && Array.isArray(g.positions));
  return itemsOk && groupsOk ? { items: items as RunnerItemContent[], groups: groups as RunnerGroup[] } : null;
}

/** What the view reads: the content so far, and whether loading has stopped for good. */
export interface ContentView {
  items: ReadonlyMap<number, RunnerItemContent>;
  groups: ReadonlyMap<string, RunnerGroup>;
  /** Every item and group the set has is here. */
  complete: boolean;
  /** A request is out, or a retry is waiting. */
  loading: boolean;
  /** Failed requests since the last success. */
  failures: number;
  /** The server refused for good (the set was submitted, or is not this learner's): no more retries. */
  refused: boolean;
}

export interface ContentDeps {
  sessionId: string;
  url: string;
  fetch: FetchLike;
  timers: Timers;
  /** This browser's storage for the copy; null, or a storage that throws, just means no copy. */
  storage: OutboxStorage | null;
}

/**
 * One set's question text on the client. Created with what the page carried; start() loads the
 * rest (storage first, then the network). Every change calls `changed`.
 */
export class ContentLoader {
  private items: Map<number, RunnerItemContent>;
  private groups: Map<string, RunnerGroup>;
  private readonly positions: readonly number[];
  private readonly groupIds: readonly string[];
  private failures = 0;
  private refused = false;
  private inFlight = false;
  private retryTimer: unknown = null;
  private active = false;
  private snapshot: ContentView;

  constructor(
    private readonly deps: ContentDeps,
    initial: RunnerContent,
    /** Every item's position and every group's id in the set, to know when the content is whole. */
    all: { positions: readonly number[]; groupIds: readonly string[] },
    private readonly changed: () => void,
  ) {
    this.items = new Map(initial.items.map((i) => [i.position, i]));
    this.groups = new Map(initial.groups.map((g) => [g.id, g]));
    this.positions = all.positions;
    this.groupIds = all.groupIds;
    this.snapshot = this.build();
  }

  get view(): ContentView {
    return this.snapshot;
  }

  get complete(): boolean {
    return this.positions.every((p) => this.items.has(p)) && this.groupIds.every((g) => this.groups.has(g));
  }

  /** The item's text and, for an item in a group, the group's texts are here. */
  ready(item: Pick<RunnerItemState, "position" | "group">): boolean {
    return this.items.has(item.position) && (!item.group || this.groups.has(item.group.id));
  }

  /** Adds content (from the network, storage or another source); what is already here is replaced. */
  merge(content: RunnerContent): boolean {
    let added = false;
    const items = new Map(this.items);
    const groups = new Map(this.groups);
    for (const i of content.items) {
      if (!items.has(i.position)) added = true;
      items.set(i.position, i);
    }
    for (const g of content.groups) {
      if (!groups.has(g.id)) added = true;
      groups.set(g.id, g);
    }
    this.items = items;
    this.groups = groups;
    this.snapshot = this.build();
    return added;
  }

  /** Loads what is missing: the copy in storage at once, then the network if anything still is. */
  start() {
    if (this.active) return;
    this.active = true;
    if (!this.complete) {
      const stored = this.readStored();
      if (stored) {
        this.merge(stored);
        this.changed();
      }
    }
    if (this.complete) {
      // The page's and the copy's content are whole: make sure another tab finds the copy too.
      this.writeStored(true);
      return;
    }
    void this.load();
  }

  stop() {
    this.active = false;
    this.clearRetry();
  }

  /** The browser is back online: a waiting retry goes now. */
  wentOnline() {
    if (!this.active || this.complete || this.refused || this.inFlight) return;
    this.clearRetry();
    void this.load();
  }

  private clearRetry() {
    if (this.retryTimer !== null) this.deps.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private async load() {
    if (!this.active || this.inFlight || this.refused || this.complete) return;
    this.inFlight = true;
    this.update();
    let content: RunnerContent | null = null;
    let permanent = false;
    try {
      const res = await this.deps.fetch(this.deps.url, { method: "GET", credentials: "same-origin", cache: "no-store", headers: { accept: "application/json" } });
      if (res.ok) content = parseContent(await res.json().catch(() => null));
      // Not found (not this learner's, or gone) or refused as submitted: asking again will not help.
      else permanent = res.status === 404 || res.status === 409 || res.status === 403;
    } catch {
      // A network error: retried below.
    }
    this.inFlight = false;
    if (content) {
      this.failures = 0;
      this.merge(content);
      this.writeStored();
      this.update();
      return;
    }
    this.failures++;
    if (permanent) this.refused = true;
    else if (this.active) this.retryTimer = this.deps.timers.setTimeout(() => {
      this.retryTimer = null;
      void this.load();
    }, contentRetryDelay(this.failures));
    this.update();
  }

  private update() {
    this.snapshot = this.build();
    this.changed();
  }

  private build(): ContentView {
    const complete = this.complete;
    return {
      items: this.items,
      groups: this.groups,
      complete,
      loading: !complete && !this.refused && (this.inFlight || this.retryTimer !== null),
      failures: this.failures,
      refused: this.refused,
    };
  }

  private readStored(): RunnerContent | null {
    try {
      const raw = this.deps.storage?.getItem(contentKey(this.deps.sessionId));
      return raw ? parseContent(JSON.parse(raw)) : null;
    } catch {
      return null;
    }
  }

  /** The whole content in storage for this set only: another set's copy is dropped (it is refetched if needed). */
  private writeStored(onlyIfMissing = false) {
    const storage = this.deps.storage;
    if (!storage || !this.complete) return;
    const key = contentKey(this.deps.sessionId);
    try {
      for (const k of storage.keys()) if (k.startsWith(CONTENT_KEY_PREFIX) && k !== key) storage.removeItem(k);
      if (onlyIfMissing && storage.getItem(key) !== null) return;
      storage.setItem(key, JSON.stringify({ items: [...this.items.values()], groups: [...this.groups.values()] } satisfies RunnerContent));
    } catch {
      // Full or unavailable: the text stays in this tab only.
    }
  }
}

/** Removes the set's copy of its content from storage (once it is submitted). */
export function clearStoredContent(storage: OutboxStorage, sessionId: string): void {
  try {
    storage.removeItem(contentKey(sessionId));
  } catch {
    // Storage unavailable: nothing to clear.
  }
}
