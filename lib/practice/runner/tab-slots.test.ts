import { describe, expect, it } from "vitest";

import { outboxKey, type OutboxEntry } from "./save-queue";
import { CLOSING_RECHECK_MS, CLOSING_RECHECKS, parseSlot, SET_MARKER, slotKey, TabSlots, tabLockName, writeSlot, type Adoption } from "./tab-slots";
import { FakeClock, FakeLocks, FakeStorage, settle } from "./testing";

const SET = "0b7e8c2a-5d1f-4e3a-8b9c-7d6e5f4a3b2c";
const entry = (position: number, seq: number, response: string[] | null = ["A"]): OutboxEntry => ({ position, seq, response, flagged: false, timeMs: 0 });
const item = (position: number, seq = 0) => ({ position, seq, response: null as string[] | null, flagged: false });

function tab(storage: FakeStorage, clock: FakeClock, locks: FakeLocks | null, tabId: string, onRecheck: () => void = () => {}) {
  return new TabSlots({ sessionId: SET, storage, locks: () => locks, now: clock.now, timers: clock, tabId }, onRecheck);
}

async function adopt(slots: TabSlots, items = [item(1), item(2), item(3)], entries: OutboxEntry[] = []) {
  let got: { result: Adoption<ReturnType<typeof item>>; waitingChanged: boolean } | null = null;
  await slots.adopt(
    () => ({ items, entries, times: {} }),
    () => false,
    (result, waitingChanged) => (got = { result, waitingChanged }),
  );
  return got!;
}

describe("TabSlots", () => {
  it("starts by putting the open-set marker in place and reading the highest time per question over the set's keys", () => {
    const storage = new FakeStorage();
    const clock = new FakeClock();
    writeSlot(storage, SET, { v: 2, tab: "old", open: false, at: 0, entries: [], times: { "1": 5_000, "2": 100 } });
    writeSlot(storage, SET, { v: 2, tab: "other", open: true, at: 0, entries: [], times: { "1": 3_000, "3": 40 } });
    const slots = tab(storage, clock, null, "me");
    expect(slots.start()).toEqual({ "1": 5_000, "2": 100, "3": 40 });
    expect(storage.getItem(outboxKey(SET))).toBe(SET_MARKER);
  });

  it("writes its slot with its liveness hints, and reports a refused write", () => {
    const storage = new FakeStorage();
    const clock = new FakeClock();
    const slots = tab(storage, clock, null, "me");
    expect(slots.write([entry(2, 1)], { "2": 900 })).toBe(true);
    expect(parseSlot(storage.getItem(slotKey(SET, "me")))).toEqual({ open: true, at: clock.nowMs, entries: [entry(2, 1)], times: { "2": 900 } });
    slots.setOpen(false);
    slots.write([], {});
    expect(parseSlot(storage.getItem(slotKey(SET, "me"))).open).toBe(false);
    storage.failWrites = true;
    expect(slots.write([], {})).toBe(false);
  });

  it("asks for a heartbeat write after 20 s without one, and another adoption every 30 s", async () => {
    const storage = new FakeStorage();
    const clock = new FakeClock();
    const slots = tab(storage, clock, null, "me");
    slots.write([], {});
    await adopt(slots);
    clock.advance(20_000);
    expect(slots.heartbeatDue()).toBe(false);
    clock.advance(1);
    expect(slots.heartbeatDue()).toBe(true);
    expect(slots.adoptionDue()).toBe(false);
    clock.advance(10_000);
    expect(slots.adoptionDue()).toBe(true);
  });

  it("with Web Locks: adopts the slot of a tab that holds no lock, leaves a live tab's alone, and releases its own lock on stop", async () => {
    const storage = new FakeStorage();
    const clock = new FakeClock();
    const locks = new FakeLocks();
    const live = tab(storage, clock, locks, "live");
    live.start();
    live.holdLock();
    live.write([entry(1, 1, ["B"])], {});
    writeSlot(storage, SET, { v: 2, tab: "gone", open: true, at: clock.nowMs, entries: [entry(2, 1, ["C"])], times: { "2": 700 } });
    const me = tab(storage, clock, locks, "me");
    me.start();
    me.holdLock();
    await settle();
    expect(locks.held.has(tabLockName("me"))).toBe(true);
    const { result } = await adopt(me);
    expect(result.adopted).toEqual([entry(2, 1, ["C"])]);
    expect(result.times).toEqual({ "2": 700 });
    expect(storage.getItem(slotKey(SET, "gone"))).toBeNull();
    expect(storage.getItem(slotKey(SET, "live"))).not.toBeNull();
    expect(parseSlot(storage.getItem(slotKey(SET, "me"))).entries).toEqual([entry(2, 1, ["C"])]);
    me.stop();
    await settle();
    expect(locks.held.has(tabLockName("me"))).toBe(false);
  });

  it("without Web Locks: a slot counts as gone once hidden for good or silent for two minutes", async () => {
    const storage = new FakeStorage();
    const clock = new FakeClock();
    writeSlot(storage, SET, { v: 2, tab: "fresh", open: true, at: clock.nowMs - 60_000, entries: [entry(1, 1)], times: {} });
    writeSlot(storage, SET, { v: 2, tab: "silent", open: true, at: clock.nowMs - 121_000, entries: [entry(2, 1)], times: {} });
    writeSlot(storage, SET, { v: 2, tab: "hidden", open: false, at: clock.nowMs, entries: [entry(3, 1)], times: {} });
    const me = tab(storage, clock, null, "me");
    me.start();
    const { result } = await adopt(me);
    expect(result.adopted.map((e) => e.position)).toEqual([2, 3]);
    expect(storage.getItem(slotKey(SET, "fresh"))).not.toBeNull();
  });

  it("waits for a tab closing with unsent changes while it still holds its lock, looking again every second, at most ten times", async () => {
    const storage = new FakeStorage();
    const clock = new FakeClock();
    const locks = new FakeLocks();
    locks.held.add(tabLockName("closing"));
    writeSlot(storage, SET, { v: 2, tab: "closing", open: false, at: clock.nowMs, entries: [entry(1, 1)], times: {} });
    let rechecks = 0;
    const me = tab(storage, clock, locks, "me", () => rechecks++);
    me.start();
    const first = await adopt(me);
    expect(first.result.closing).toBe(1);
    expect(first.result.adopted).toEqual([]);
    expect(first.waitingChanged).toBe(true);
    expect(me.closingWaiting).toBe(1);
    expect(clock.delays()).toEqual([CLOSING_RECHECK_MS]);
    for (let i = 0; i < CLOSING_RECHECKS + 3; i++) {
      clock.advance(CLOSING_RECHECK_MS);
      await adopt(me);
    }
    expect(rechecks).toBe(CLOSING_RECHECKS);
    // Its lock goes: the next look adopts its changes and nothing is waited for.
    locks.held.delete(tabLockName("closing"));
    const last = await adopt(me);
    expect(last.result.adopted).toEqual([entry(1, 1)]);
    expect(me.closingWaiting).toBe(0);
  });

  it("tells a closed set (its key removed) and a closing tab of this set apart from other storage events", () => {
    const storage = new FakeStorage();
    const clock = new FakeClock();
    let rechecks = 0;
    const me = tab(storage, clock, null, "me", () => rechecks++);
    me.start();
    expect(me.noticeStorage(outboxKey(SET), null, false)).toBe("set-closed");
    expect(me.noticeStorage(outboxKey(SET), null, true)).toBeNull();
    expect(me.noticeStorage(outboxKey("another-set"), null, false)).toBeNull();
    expect(me.noticeStorage(null, null, false)).toBeNull();
    const closing = JSON.stringify({ v: 2, tab: "x", open: false, at: 0, entries: [entry(1, 1)], times: {} });
    const openSlot = JSON.stringify({ v: 2, tab: "y", open: true, at: 0, entries: [entry(1, 1)], times: {} });
    expect(me.noticeStorage(slotKey(SET, "y"), openSlot, false)).toBeNull();
    expect(me.noticeStorage(slotKey(SET, "x"), closing, false)).toBe("waiting");
    expect(me.closingWaiting).toBe(1);
    clock.advance(CLOSING_RECHECK_MS);
    expect(rechecks).toBe(1);
    me.stop();
    expect(me.closingWaiting).toBe(0);
  });

  it("does nothing once the set is closed", async () => {
    const storage = new FakeStorage();
    const clock = new FakeClock();
    writeSlot(storage, SET, { v: 2, tab: "gone", open: false, at: 0, entries: [entry(1, 1)], times: {} });
    const me = tab(storage, clock, null, "me");
    let applied = false;
    await me.adopt(() => ({ items: [item(1)], entries: [], times: {} }), () => true, () => (applied = true));
    expect(applied).toBe(false);
    expect(storage.getItem(slotKey(SET, "gone"))).not.toBeNull();
  });
});
