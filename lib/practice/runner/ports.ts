// What the runner's parts need from the browser, as small interfaces. The store passes the real
// ones (localStorage, fetch, setTimeout, navigator.locks); the unit tests pass fakes, so every part
// runs in Node with a hand-driven clock.

/** Timers, as setTimeout/clearTimeout. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The part of a fetch Response the save queue reads. */
export interface ResponseLike {
  ok: boolean;
  status: number;
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
}

export type FetchLike = (url: string, init: RequestInit) => Promise<ResponseLike>;

/** The part of navigator.locks the tab slots use (a lock held while a tab's runner is open). */
export interface LockManagerLike {
  request(name: string, callback: () => Promise<void>): Promise<void>;
  query(): Promise<{ held?: { name?: string }[] }>;
}

/** The browser's timers. */
export const browserTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
