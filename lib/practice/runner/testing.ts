// Fakes for the runner parts' unit tests: storage like localStorage, a clock and timers driven by
// hand, a fetch that answers from a script, and Web Locks. Not used by the app.

import type { FetchLike, LockManagerLike, ResponseLike, Timers } from "./ports";
import type { OutboxStorage } from "./tab-slots";

/** localStorage's behaviour, in memory; `failWrites` makes setItem throw like a full quota. */
export class FakeStorage implements OutboxStorage {
  readonly map = new Map<string, string>();
  failWrites = false;
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    if (this.failWrites) throw new Error("QuotaExceededError");
    this.map.set(key, value);
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
  keys() {
    return [...this.map.keys()];
  }
}

/** A wall clock and timers that move only when told to. */
export class FakeClock implements Timers {
  nowMs: number;
  private nextId = 1;
  private readonly pending = new Map<number, { at: number; fn: () => void }>();
  constructor(start = Date.UTC(2026, 5, 1, 9, 0, 0)) {
    this.nowMs = start;
  }
  now = () => this.nowMs;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { at: this.nowMs + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown) {
    this.pending.delete(handle as number);
  }
  /** Delays of the timers still pending, from now. */
  delays(): number[] {
    return [...this.pending.values()].map((t) => t.at - this.nowMs).sort((a, b) => a - b);
  }
  /** Moves the clock on, running each timer that falls due (in order). */
  advance(ms: number) {
    const end = this.nowMs + ms;
    for (;;) {
      const due = [...this.pending.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.nowMs = due[1].at;
      due[1].fn();
    }
    this.nowMs = end;
  }
}

export interface ScriptedReply {
  status: number;
  body?: unknown;
  /** The response's Date header. */
  date?: string;
  /** Throw instead of answering (a network error). */
  networkError?: boolean;
}

/** A fetch that records each request and answers with the next scripted reply (or holds it until released). */
export class FakeFetch {
  readonly requests: { url: string; body: { answers: { position: number; seq: number; response: string[] | null; flagged: boolean; timeMs: number }[] } }[] = [];
  private readonly replies: (ScriptedReply | ((body: FakeFetch["requests"][number]["body"]) => ScriptedReply))[] = [];
  private held: (() => void)[] = [];
  hold = false;

  reply(...replies: (ScriptedReply | ((body: FakeFetch["requests"][number]["body"]) => ScriptedReply))[]) {
    this.replies.push(...replies);
    return this;
  }

  /** Answers every request held while `hold` was on. */
  release() {
    const held = this.held;
    this.held = [];
    for (const r of held) r();
  }

  fetch: FetchLike = (url, init) => {
    const body = JSON.parse(String(init.body)) as FakeFetch["requests"][number]["body"];
    this.requests.push({ url, body });
    const next = this.replies.shift() ?? { status: 200, body: { ok: true, results: body.answers.map((a) => ({ position: a.position, seq: a.seq, applied: true })) } };
    const reply = typeof next === "function" ? next(body) : next;
    const answer = (): Promise<ResponseLike> =>
      reply.networkError
        ? Promise.reject(new TypeError("Failed to fetch"))
        : Promise.resolve({
            ok: reply.status >= 200 && reply.status < 300,
            status: reply.status,
            headers: { get: (name: string) => (name.toLowerCase() === "date" ? (reply.date ?? null) : null) },
            json: () => (reply.body === undefined ? Promise.reject(new SyntaxError("no body")) : Promise.resolve(reply.body)),
          });
    if (!this.hold) return answer();
    return new Promise((resolve, reject) => this.held.push(() => answer().then(resolve, reject)));
  };
}

/** Web Locks in memory: a lock is held until its callback's promise settles. */
export class FakeLocks implements LockManagerLike {
  readonly held = new Set<string>();
  async request(name: string, callback: () => Promise<void>) {
    this.held.add(name);
    try {
      await callback();
    } finally {
      this.held.delete(name);
    }
  }
  async query() {
    return { held: [...this.held].map((name) => ({ name })) };
  }
}

/** Lets pending promise callbacks run. */
export async function settle(rounds = 5) {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
