import { describe, expect, it } from "vitest";
import type { RunnerContent, RunnerGroup, RunnerItemContent } from "../dto";
import { ContentLoader, contentFor, contentKey, contentRetryDelay, firstShown, parseContent, clearStoredContent } from "./content";
import type { FetchLike, ResponseLike } from "./ports";
import { FakeClock, FakeStorage, settle } from "./testing";

const SET = "3f1c2a9e-8b7d-4c6e-9f00-1234567890ab";
const URL = `/api/practice/${SET}/content`;

const item = (position: number): RunnerItemContent => ({ position, stem: `Question ${position}?`, options: [{ key: "A", text: `A${position}` }, { key: "B", text: `B${position}` }] });
const series: RunnerGroup = { id: "g1", kind: "yes-no-series", scenario: "A scenario", goal: "A goal", exhibits: [], positions: [3, 4] };
const WHOLE: RunnerContent = { items: [1, 2, 3, 4].map(item), groups: [series] };
const ALL = { positions: [1, 2, 3, 4], groupIds: ["g1"] };

type Reply = { status: number; body?: unknown } | "network-error";

/** A GET fetch answering from a script (200 with the whole content once the script is empty). */
function fakeFetch(...replies: Reply[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch: FetchLike = (url, init) => {
    calls.push({ url, init });
    const next = replies.shift() ?? { status: 200, body: WHOLE };
    if (next === "network-error") return Promise.reject(new TypeError("Failed to fetch"));
    const res: ResponseLike = {
      ok: next.status >= 200 && next.status < 300,
      status: next.status,
      headers: { get: () => null },
      json: () => (next.body === undefined ? Promise.reject(new SyntaxError("no body")) : Promise.resolve(next.body)),
    };
    return Promise.resolve(res);
  };
  return { fetch, calls };
}

function loader(opts: { replies?: Reply[]; initial?: RunnerContent; storage?: FakeStorage | null } = {}) {
  const clock = new FakeClock();
  const net = fakeFetch(...(opts.replies ?? []));
  const storage = opts.storage === undefined ? new FakeStorage() : opts.storage;
  let changes = 0;
  const l = new ContentLoader(
    { sessionId: SET, url: URL, fetch: net.fetch, timers: clock, storage },
    opts.initial ?? contentFor(WHOLE, [1]),
    ALL,
    () => changes++,
  );
  return { l, clock, net, storage, changes: () => changes };
}

describe("firstShown", () => {
  it("opens at the first unanswered open item, else the first open one, else 1", () => {
    expect(firstShown([{ position: 1, response: ["A"] }, { position: 2, response: null }])).toBe(2);
    expect(firstShown([{ position: 1, response: null, closed: true }, { position: 2, response: ["A"] }, { position: 3, response: ["B"] }])).toBe(2);
    expect(firstShown([{ position: 1, response: ["A"], closed: true }])).toBe(1);
    expect(firstShown([])).toBe(1);
  });
});

describe("contentFor", () => {
  it("keeps the given items and the groups they belong to, nothing else", () => {
    expect(contentFor(WHOLE, [1])).toEqual({ items: [item(1)], groups: [] });
    expect(contentFor(WHOLE, [4])).toEqual({ items: [item(4)], groups: [series] });
  });
});

describe("parseContent", () => {
  it("takes the route's shape and refuses anything else", () => {
    expect(parseContent(WHOLE)).toEqual(WHOLE);
    for (const bad of [null, "x", [], {}, { items: [] }, { items: [{ position: "1", stem: "s", options: [] }], groups: [] }, { items: [], groups: [{ id: 1 }] }])
      expect(parseContent(bad), JSON.stringify(bad)).toBeNull();
  });
});

describe("ContentLoader", () => {
  it("starts with what the page carried: the first question ready, the others loading", () => {
    const { l } = loader();
    expect(l.ready({ position: 1 })).toBe(true);
    expect(l.ready({ position: 2 })).toBe(false);
    expect(l.view.complete).toBe(false);
    expect(l.view.items.get(1)).toEqual(item(1));
  });

  it("fetches the rest in one GET, merges it, and then has every question and group", async () => {
    const { l, net, changes } = loader();
    l.start();
    expect(l.view.loading).toBe(true);
    await settle();
    expect(net.calls).toHaveLength(1);
    expect(net.calls[0]!.url).toBe(URL);
    expect(net.calls[0]!.init.method).toBe("GET");
    expect(l.view).toMatchObject({ complete: true, loading: false, failures: 0, refused: false });
    for (const p of [1, 2, 3, 4]) expect(l.ready({ position: p, group: p >= 3 ? { id: "g1", order: p - 2, size: 2 } : undefined })).toBe(true);
    expect(l.view.groups.get("g1")).toEqual(series);
    expect(changes()).toBeGreaterThan(0);
  });

  it("an item in a group is not ready until its group's texts are here", () => {
    const { l } = loader({ initial: { items: [item(3)], groups: [] } });
    expect(l.ready({ position: 3, group: { id: "g1", order: 1, size: 2 } })).toBe(false);
    l.merge({ items: [], groups: [series] });
    expect(l.ready({ position: 3, group: { id: "g1", order: 1, size: 2 } })).toBe(true);
  });

  it("gives a new snapshot on every change, so a view subscribed to it re-renders", async () => {
    const { l } = loader();
    const before = l.view;
    l.start();
    await settle();
    expect(l.view).not.toBe(before);
    expect(before.items.has(2)).toBe(false);
    expect(l.view.items.has(2)).toBe(true);
  });

  it("retries a failed load with growing waits, and at once when the browser is back online", async () => {
    const { l, net, clock } = loader({ replies: ["network-error", { status: 503, body: { error: "unavailable" } }, "network-error"] });
    l.start();
    await settle();
    expect(net.calls).toHaveLength(1);
    expect(l.view).toMatchObject({ complete: false, loading: true, failures: 1 });
    expect(clock.delays()).toEqual([contentRetryDelay(1)]);
    clock.advance(contentRetryDelay(1));
    await settle();
    expect(net.calls).toHaveLength(2);
    expect(l.view.failures).toBe(2);
    expect(clock.delays()).toEqual([contentRetryDelay(2)]);
    expect(contentRetryDelay(2)).toBeGreaterThan(contentRetryDelay(1));
    clock.advance(contentRetryDelay(2));
    await settle();
    expect(net.calls).toHaveLength(3);
    expect(l.view.failures).toBe(3);
    // Online again: no need to sit out the 4 s wait.
    l.wentOnline();
    await settle();
    expect(net.calls).toHaveLength(4);
    expect(l.view).toMatchObject({ complete: true, loading: false, failures: 0 });
    expect(clock.delays()).toEqual([]);
  });

  it("caps the wait at 30 seconds", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(contentRetryDelay)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it("retries a body it cannot read, but stops for good when the set is refused (submitted, not found)", async () => {
    const bad = loader({ replies: [{ status: 200, body: { nope: true } }] });
    bad.l.start();
    await settle();
    expect(bad.l.view).toMatchObject({ complete: false, failures: 1, refused: false, loading: true });

    for (const status of [404, 409]) {
      const { l, clock, net } = loader({ replies: [{ status, body: { error: "x" } }] });
      l.start();
      await settle();
      expect(l.view, String(status)).toMatchObject({ complete: false, loading: false, refused: true });
      expect(clock.delays()).toEqual([]);
      l.wentOnline();
      await settle();
      expect(net.calls).toHaveLength(1);
    }
  });

  it("keeps the whole content in storage, so another tab or a reload has it without a request", async () => {
    const storage = new FakeStorage();
    const first = loader({ storage });
    first.l.start();
    await settle();
    expect(JSON.parse(storage.getItem(contentKey(SET))!)).toEqual({ items: WHOLE.items, groups: WHOLE.groups });

    // Another tab (or the page again): the copy fills everything at start, offline or not.
    const second = loader({ storage, replies: ["network-error"] });
    second.l.start();
    expect(second.l.view.complete).toBe(true);
    await settle();
    expect(second.net.calls).toHaveLength(0);
  });

  it("keeps only this set's copy, and none once it is cleared", async () => {
    const storage = new FakeStorage();
    storage.setItem(contentKey("another-set"), JSON.stringify(WHOLE));
    storage.setItem("retake-coach:practice-outbox:another-set", "{}");
    const { l } = loader({ storage });
    l.start();
    await settle();
    expect(storage.keys().sort()).toEqual([contentKey(SET), "retake-coach:practice-outbox:another-set"].sort());
    clearStoredContent(storage, SET);
    expect(storage.getItem(contentKey(SET))).toBeNull();
  });

  it("ignores a broken copy and loads from the network; a storage that throws is no copy at all", async () => {
    const storage = new FakeStorage();
    storage.setItem(contentKey(SET), "{not json");
    const broken = loader({ storage });
    broken.l.start();
    expect(broken.l.view.complete).toBe(false);
    await settle();
    expect(broken.net.calls).toHaveLength(1);
    expect(broken.l.view.complete).toBe(true);

    const full = new FakeStorage();
    full.failWrites = true;
    const noCopy = loader({ storage: full });
    noCopy.l.start();
    await settle();
    expect(noCopy.l.view.complete).toBe(true);
    expect(full.keys()).toEqual([]);

    const none = loader({ storage: null });
    none.l.start();
    await settle();
    expect(none.l.view.complete).toBe(true);
  });

  it("a page that carried everything asks for nothing", async () => {
    const { l, net } = loader({ initial: WHOLE });
    l.start();
    await settle();
    expect(net.calls).toHaveLength(0);
    expect(l.view.complete).toBe(true);
  });

  it("stops retrying once stopped (the runner left the page)", async () => {
    const { l, clock, net } = loader({ replies: ["network-error"] });
    l.start();
    await settle();
    expect(clock.delays()).toHaveLength(1);
    l.stop();
    expect(clock.delays()).toEqual([]);
    l.wentOnline();
    await settle();
    expect(net.calls).toHaveLength(1);
  });
});
