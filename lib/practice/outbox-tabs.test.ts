import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  SET_MARKER,
  acknowledge,
  adoptOrphans,
  clearSetStorage,
  ensureSetMarker,
  newTabId,
  nextBatch,
  outboxKey,
  parseOutbox,
  parseSlot,
  readSetTimes,
  setStorageKeys,
  slotKey,
  slotLooksGone,
  slotTab,
  upsertEntry,
  writeSlot,
  type ItemState,
  type OutboxEntry,
  type OutboxStorage,
} from "./outbox";

const SET = "7d8f1a52-3c1e-4d7a-9c4b-1f2e3d4c5b6a";

/** localStorage's behaviour, in memory; `failWrites` makes setItem throw like a full quota. */
class MapStorage implements OutboxStorage {
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

const entry = (position: number, seq: number, response: string[] | null = ["A"], flagged = false, timeMs = 0): OutboxEntry => ({
  position,
  seq,
  response,
  flagged,
  timeMs,
});
const item = (position: number, seq = 0, response: string[] | null = null): ItemState => ({ position, seq, response, flagged: false });

function putSlot(storage: MapStorage, tab: string, entries: OutboxEntry[], extra: { open?: boolean; at?: number; times?: Record<string, number> } = {}) {
  writeSlot(storage, SET, { v: 2, tab, open: extra.open ?? true, at: extra.at ?? 0, entries, times: extra.times ?? {} });
}

/** Every entry any key of the set holds. */
function stored(storage: MapStorage): OutboxEntry[] {
  return setStorageKeys(storage, SET).flatMap((k) => parseOutbox(storage.getItem(k)).entries);
}

describe("tab slots", () => {
  it("keys each tab's slot under the set key, and tells slot keys from the set key and other sets", () => {
    expect(slotKey(SET, "t1")).toBe(`retake-coach:practice-outbox:${SET}:t1`);
    expect(slotTab(SET, slotKey(SET, "t1"))).toBe("t1");
    expect(slotTab(SET, outboxKey(SET))).toBeNull();
    expect(slotTab(SET, `${outboxKey(SET)}:`)).toBeNull();
    expect(slotTab(SET, slotKey("other-set", "t1"))).toBeNull();
  });

  it("makes tab ids of 12 base-36 characters that differ between tabs", () => {
    const a = newTabId();
    expect(a).toMatch(/^[0-9a-z]{12}$/);
    expect(newTabId()).not.toBe(a);
    expect(newTabId(() => 0)).toBe("000000000000");
  });

  it("reads a slot's liveness hints, treating missing ones as an open tab that never beat", () => {
    const s = new MapStorage();
    putSlot(s, "t1", [entry(2, 3)], { open: false, at: 1234, times: { "2": 50 } });
    expect(parseSlot(s.getItem(slotKey(SET, "t1")))).toEqual({ open: false, at: 1234, entries: [entry(2, 3)], times: { "2": 50 } });
    expect(parseSlot("{broken")).toEqual({ open: true, at: 0, entries: [], times: {} });
    expect(parseSlot(null)).toEqual({ open: true, at: 0, entries: [], times: {} });
  });

  it("without Web Locks, a slot is left behind once hidden for good or silent for two minutes", () => {
    expect(slotLooksGone({ open: true, at: 1_000 }, 1_000 + 119_000)).toBe(false);
    expect(slotLooksGone({ open: true, at: 1_000 }, 1_000 + 121_000)).toBe(true);
    expect(slotLooksGone({ open: false, at: 1_000 }, 1_000)).toBe(true);
  });

  it("puts the open-set marker in place only when missing", () => {
    const s = new MapStorage();
    ensureSetMarker(s, SET);
    expect(s.getItem(outboxKey(SET))).toBe(SET_MARKER);
    s.map.set(outboxKey(SET), JSON.stringify({ v: 1, entries: [entry(1, 1)], times: {} }));
    ensureSetMarker(s, SET);
    expect(parseOutbox(s.getItem(outboxKey(SET))).entries).toEqual([entry(1, 1)]);
  });

  it("reports a refused write instead of throwing", () => {
    const s = new MapStorage();
    s.failWrites = true;
    expect(writeSlot(s, SET, { v: 2, tab: "t1", open: true, at: 0, entries: [], times: {} })).toBe(false);
  });

  it("takes the highest time per position over all of the set's keys", () => {
    const s = new MapStorage();
    putSlot(s, "t1", [], { times: { "1": 500, "2": 10 } });
    putSlot(s, "t2", [], { times: { "1": 200, "3": 40 } });
    s.map.set(outboxKey("other"), JSON.stringify({ v: 1, entries: [], times: { "1": 9_999 } }));
    expect(readSetTimes(s, SET)).toEqual({ "1": 500, "2": 10, "3": 40 });
  });

  it("clears every slot of the set and the set key last, leaving other sets alone", () => {
    const s = new MapStorage();
    ensureSetMarker(s, SET);
    putSlot(s, "t1", [entry(1, 1)]);
    putSlot(s, "t2", [entry(2, 1)]);
    s.map.set(slotKey("other", "t3"), "{}");
    s.map.set("unrelated", "x");
    const removed: string[] = [];
    const remove = s.removeItem.bind(s);
    s.removeItem = (k: string) => {
      removed.push(k);
      remove(k);
    };
    clearSetStorage(s, SET);
    expect(removed.at(-1)).toBe(outboxKey(SET));
    expect(removed).toHaveLength(3);
    expect([...s.map.keys()].sort()).toEqual([slotKey("other", "t3"), "unrelated"].sort());
  });
});

describe("adoptOrphans", () => {
  const items = [item(1), item(2), item(3)];
  const self = (over: Partial<Parameters<typeof adoptOrphans>[2]> = {}) => ({
    tab: "me",
    open: true,
    nowMs: 99,
    items,
    entries: [] as OutboxEntry[],
    times: {},
    ...over,
  });

  it("takes a gone tab's changes, writes its own slot with them, then removes the orphan", () => {
    const s = new MapStorage();
    ensureSetMarker(s, SET);
    putSlot(s, "gone", [entry(2, 1, ["B"], true, 700)], { times: { "2": 700 } });
    putSlot(s, "me", [entry(1, 1, ["A"])]);
    const r = adoptOrphans(s, SET, self({ entries: [entry(1, 1, ["A"])], items: [item(1, 1, ["A"]), item(2), item(3)] }), (t) => t === "gone");
    expect(r.adopted).toEqual([entry(2, 1, ["B"], true, 700)]);
    expect(r.entries).toEqual([entry(1, 1, ["A"]), entry(2, 1, ["B"], true, 700)]);
    expect(r.items[1]).toEqual({ position: 2, seq: 1, response: ["B"], flagged: true });
    expect(r.times).toEqual({ "2": 700 });
    expect(r.superseded).toEqual([]);
    expect(r.cleared).toEqual([slotKey(SET, "gone")]);
    expect(s.getItem(slotKey(SET, "gone"))).toBeNull();
    expect(parseSlot(s.getItem(slotKey(SET, "me")))).toMatchObject({ at: 99, entries: r.entries, times: { "2": 700 } });
    expect(s.getItem(outboxKey(SET))).toBe(SET_MARKER);
  });

  it("leaves the slots of live tabs alone", () => {
    const s = new MapStorage();
    putSlot(s, "live", [entry(3, 1)]);
    const r = adoptOrphans(s, SET, self(), () => false);
    expect(r.adopted).toEqual([]);
    expect(r.cleared).toEqual([]);
    expect(parseSlot(s.getItem(slotKey(SET, "live"))).entries).toEqual([entry(3, 1)]);
  });

  it("counts the slots of tabs still holding their lock after hiding their page for good with changes unsent", () => {
    const s = new MapStorage();
    putSlot(s, "closing", [entry(1, 1)], { open: false });
    putSlot(s, "closing-empty", [], { open: false });
    putSlot(s, "open", [entry(2, 1)]);
    const r = adoptOrphans(s, SET, self(), () => false);
    expect(r.closing).toBe(1);
    expect(r.cleared).toEqual([]);
    expect(adoptOrphans(s, SET, self(), (t) => t === "closing").closing).toBe(0);
  });

  it("never adopts its own slot, whatever the liveness test says", () => {
    const s = new MapStorage();
    putSlot(s, "me", [entry(1, 4)]);
    const r = adoptOrphans(s, SET, self({ entries: [entry(1, 4)] }), () => true);
    expect(r.cleared).toEqual([]);
    expect(s.getItem(slotKey(SET, "me"))).not.toBeNull();
  });

  it("adopts an outbox an older runner left under the set key, and leaves the marker in its place", () => {
    const s = new MapStorage();
    s.map.set(outboxKey(SET), JSON.stringify({ v: 1, entries: [entry(3, 2, ["C"])], times: { "3": 30 } }));
    const r = adoptOrphans(s, SET, self(), () => false);
    expect(r.adopted).toEqual([entry(3, 2, ["C"])]);
    expect(s.getItem(outboxKey(SET))).toBe(SET_MARKER);
  });

  it("drops a left-behind change this tab already has something as new for, and reports one it replaces", () => {
    const s = new MapStorage();
    // Position 1: this tab's change (seq 3) is newer. Position 2: the gone tab's change was based on
    // a newer save than this tab's pending one, so it wins and this tab's is superseded.
    putSlot(s, "gone", [entry(1, 2, ["B"]), entry(2, 5, ["D"])]);
    const mine = [entry(1, 3, ["A"]), entry(2, 4, ["C"])];
    const r = adoptOrphans(s, SET, self({ entries: mine, items: [item(1, 3, ["A"]), item(2, 4, ["C"]), item(3)] }), () => true);
    expect(r.adopted).toEqual([entry(2, 5, ["D"])]);
    expect(r.entries).toEqual([entry(1, 3, ["A"]), entry(2, 5, ["D"])]);
    expect(r.superseded).toEqual([2]);
    expect(s.getItem(slotKey(SET, "gone"))).toBeNull();
  });

  it("reports a gone tab's different change of the same question on the same save, which gives way to this tab's", () => {
    const s = new MapStorage();
    // Position 1: same save (seq 2), different answer. Position 2: same answer (nothing to report).
    // Position 3: the gone tab's change is older than a save this tab has and nothing is pending
    // here (the server refused it; its tab was told).
    putSlot(s, "gone", [entry(1, 2, ["B"]), entry(2, 1, ["C"]), entry(3, 1, ["A"])]);
    const r = adoptOrphans(
      s,
      SET,
      self({ entries: [entry(1, 2, ["A"]), entry(2, 1, ["C"])], items: [item(1, 2, ["A"]), item(2, 1, ["C"]), item(3, 4, ["D"])] }),
      () => true,
    );
    expect(r.adopted).toEqual([]);
    expect(r.discarded).toEqual([1]);
    expect(r.entries).toEqual([entry(1, 2, ["A"]), entry(2, 1, ["C"])]);
  });

  it("reports a gone tab's older different change while this tab's own change of that question is unsent", () => {
    const s = new MapStorage();
    putSlot(s, "gone", [entry(1, 2, ["B"])]);
    const r = adoptOrphans(s, SET, self({ entries: [entry(1, 3, ["A"])], items: [item(1, 3, ["A"]), item(2), item(3)] }), () => true);
    expect(r.discarded).toEqual([1]);
  });

  it("leaves the orphans in place when its own slot cannot be written", () => {
    const s = new MapStorage();
    putSlot(s, "gone", [entry(2, 1)]);
    s.failWrites = true;
    const r = adoptOrphans(s, SET, self(), () => true);
    expect(r.saved).toBe(false);
    expect(r.adopted).toEqual([entry(2, 1)]); // still sent from memory
    expect(r.cleared).toEqual([]);
    expect(parseSlot(s.getItem(slotKey(SET, "gone"))).entries).toEqual([entry(2, 1)]);
  });

  it("two offline tabs answer different questions, one is closed: the other ends up with both", () => {
    const s = new MapStorage();
    ensureSetMarker(s, SET);
    // Each tab writes only its own slot, so neither write replaces the other's change.
    putSlot(s, "a", [entry(1, 1, ["A"])]);
    putSlot(s, "b", [entry(2, 1, ["B"])]);
    putSlot(s, "a", [entry(1, 1, ["A"]), entry(3, 1, ["C"])]);
    expect(stored(s)).toHaveLength(3);
    // Tab a is closed; tab b adopts its slot.
    const r = adoptOrphans(s, SET, self({ tab: "b", entries: [entry(2, 1, ["B"])], items: [item(1), item(2, 1, ["B"]), item(3)] }), (t) => t === "a");
    expect(r.entries.map((e) => e.position)).toEqual([1, 2, 3]);
    expect(stored(s).map((e) => e.position).sort()).toEqual([1, 2, 3]);
    expect(s.getItem(slotKey(SET, "a"))).toBeNull();
  });
});

// ---- any interleaving of several tabs on one storage ----

/** The server's rule: a save applies only with a seq newer than the stored one. */
class Server {
  readonly rows = new Map<number, { seq: number; response: string[] | null; flagged: boolean }>();
  constructor(positions: number) {
    for (let p = 1; p <= positions; p++) this.rows.set(p, { seq: 0, response: null, flagged: false });
  }
  items(): ItemState[] {
    return [...this.rows].map(([position, r]) => ({ position, ...r }));
  }
  save(batch: OutboxEntry[]) {
    return batch.map((e) => {
      const row = this.rows.get(e.position)!;
      if (e.seq > row.seq) {
        this.rows.set(e.position, { seq: e.seq, response: e.response, flagged: e.flagged });
        return { position: e.position, seq: e.seq, applied: true };
      }
      return { position: e.position, seq: row.seq, applied: false };
    });
  }
}

/** A tab as the runner's store drives the outbox: same functions, same order of writes. */
class Tab {
  items: ItemState[];
  entries: OutboxEntry[] = [];
  times: Record<string, number> = {};
  closed = false;
  inFlight: { batch: OutboxEntry[]; results: { position: number; seq: number }[] | null } | null = null;
  constructor(
    readonly id: string,
    private readonly storage: MapStorage,
    server: Server,
  ) {
    this.items = server.items();
    this.persist();
  }
  persist() {
    writeSlot(this.storage, SET, { v: 2, tab: this.id, open: true, at: 0, entries: this.entries, times: this.times });
  }
  change(position: number, response: string[] | null, flagged: boolean) {
    const it = this.items.find((i) => i.position === position)!;
    const next = { ...it, response, flagged, seq: it.seq + 1 };
    this.items = this.items.map((i) => (i.position === position ? next : i));
    this.entries = upsertEntry(this.entries, { position, response, flagged, seq: next.seq, timeMs: 0 });
    this.persist();
  }
  adopt(isGone: (tab: string) => boolean) {
    const r = adoptOrphans(this.storage, SET, { tab: this.id, open: true, nowMs: 0, items: this.items, entries: this.entries, times: this.times }, isGone);
    this.items = r.items;
    this.entries = r.entries;
    this.times = r.times;
  }
}

type Op =
  | { t: "change"; tab: number; position: number; key: string | null; flagged: boolean }
  | { t: "send" | "land" | "ack" | "drop" | "close" | "open"; tab: number }
  | { t: "adopt"; tab: number; liberal: boolean };

const TABS = 3;
const POSITIONS = 3;
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant("change" as const),
      tab: fc.nat(TABS - 1),
      position: fc.integer({ min: 1, max: POSITIONS }),
      key: fc.constantFrom("A", "B", "C", null),
      flagged: fc.boolean(),
    }),
  },
  fc.record({ t: fc.constantFrom("send" as const, "land" as const, "ack" as const, "drop" as const, "close" as const, "open" as const), tab: fc.nat(TABS - 1) }),
  fc.record({ t: fc.constant("adopt" as const), tab: fc.nat(TABS - 1), liberal: fc.boolean() }),
);

describe("several tabs on one storage (property)", () => {
  it("keeps, until the server has it, every position's newest pending change of every tab (closed ones too)", () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 60 }), (ops) => {
        const storage = new MapStorage();
        const server = new Server(POSITIONS);
        ensureSetMarker(storage, SET);
        let nextId = 0;
        const all: Tab[] = [];
        const open = () => {
          const t = new Tab(`t${nextId++}`, storage, server);
          all.push(t);
          // A tab that starts adopts what gone tabs left behind.
          t.adopt((id) => all.find((x) => x.id === id)?.closed ?? true);
          return t;
        };
        const slots: Tab[] = [];
        for (let i = 0; i < TABS; i++) slots.push(open());

        for (const op of ops) {
          const tab = slots[op.tab]!;
          if (op.t === "open") {
            if (tab.closed) slots[op.tab] = open();
            continue;
          }
          if (tab.closed) continue;
          switch (op.t) {
            case "change":
              tab.change(op.position, op.key ? [op.key] : null, op.flagged);
              break;
            case "send":
              if (!tab.inFlight && tab.entries.length) tab.inFlight = { batch: nextBatch(tab.entries), results: null };
              break;
            case "land": // the request reaches the server
              if (tab.inFlight && !tab.inFlight.results) tab.inFlight.results = server.save(tab.inFlight.batch);
              break;
            case "ack": // its answer reaches the tab
              if (tab.inFlight?.results) {
                tab.entries = acknowledge(tab.entries, tab.inFlight.results);
                tab.inFlight = null;
                tab.persist();
              }
              break;
            case "drop": // the request or its answer is lost
              tab.inFlight = null;
              break;
            case "close": // closed or crashed: its slot stays, nothing more is written
              tab.closed = true;
              tab.inFlight = null;
              break;
            case "adopt":
              // A liberal liveness test also takes live tabs' slots (heartbeat misjudged): still safe.
              tab.adopt(op.liberal ? () => true : (id) => all.find((x) => x.id === id)?.closed ?? true);
              break;
          }

          // The invariant, after every step.
          const inStorage = stored(storage);
          for (let p = 1; p <= POSITIONS; p++) {
            const serverSeq = server.rows.get(p)!.seq;
            const pending = all.flatMap((t) => t.entries).filter((e) => e.position === p && e.seq > serverSeq);
            if (pending.length === 0) continue;
            const top = Math.max(...pending.map((e) => e.seq));
            const newest = pending.filter((e) => e.seq === top);
            const kept = inStorage.filter((e) => e.position === p && e.seq === top);
            if (kept.length === 0) return false;
            const distinct = new Set(newest.map((e) => JSON.stringify([e.response, e.flagged])));
            // Two tabs can make different changes on the same save (same seq): the server takes the
            // first to arrive. Otherwise the newest change itself must be there.
            if (distinct.size === 1 && !kept.some((e) => JSON.stringify([e.response, e.flagged]) === [...distinct][0])) return false;
          }
        }
        return true;
      }),
      { numRuns: 400 },
    );
  });

  it("after the last tab is closed, a new tab sends everything left behind and the server ends with each tab's newest change", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ tab: fc.nat(1), position: fc.integer({ min: 1, max: 4 }), key: fc.constantFrom("A", "B", "C") }), { minLength: 1, maxLength: 20 }),
        (changes) => {
          const storage = new MapStorage();
          const server = new Server(4);
          ensureSetMarker(storage, SET);
          // Two tabs offline; each position is only ever answered in one of them.
          const owner = new Map<number, number>();
          const tabs = [new Tab("a", storage, server), new Tab("b", storage, server)];
          const last = new Map<number, string>();
          for (const c of changes) {
            const t = owner.get(c.position) ?? c.tab;
            owner.set(c.position, t);
            tabs[t]!.change(c.position, [c.key], false);
            last.set(c.position, c.key);
          }
          // Both closed; a new tab opens the set, adopts and flushes.
          const again = new Tab("c", storage, server);
          again.adopt((id) => id !== "c");
          again.entries = acknowledge(again.entries, server.save(nextBatch(again.entries)));
          again.persist();
          expect(again.entries).toEqual([]);
          for (const [p, key] of last) expect(server.rows.get(p)!.response).toEqual([key]);
          expect(stored(storage)).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
