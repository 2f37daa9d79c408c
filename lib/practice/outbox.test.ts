import { describe, expect, it } from "vitest";
import {
  acknowledge,
  clockOffsetMs,
  formatClock,
  mergeWithServer,
  nextBatch,
  normalizeResponse,
  outboxKey,
  parseOutbox,
  remainingMs,
  retryDelayMs,
  saveStatus,
  serializeOutbox,
  timeWarning,
  toggleOption,
  upsertEntry,
  type OutboxEntry,
} from "./outbox";

const entry = (position: number, seq: number, response: string[] | null = ["A"], flagged = false, timeMs = 0): OutboxEntry => ({
  position,
  seq,
  response,
  flagged,
  timeMs,
});

describe("outbox storage", () => {
  it("keys the outbox by set", () => {
    expect(outboxKey("abc")).toBe("retake-coach:practice-outbox:abc");
  });

  it("round-trips entries and times", () => {
    const box = { v: 1 as const, entries: [entry(1, 2, ["B"], true, 1500), entry(3, 1, null)], times: { "1": 1500, "3": 20 } };
    expect(parseOutbox(serializeOutbox(box))).toEqual(box);
  });

  it("survives missing, corrupt or foreign data without throwing", () => {
    expect(parseOutbox(null)).toEqual({ v: 1, entries: [], times: {} });
    expect(parseOutbox("{not json")).toEqual({ v: 1, entries: [], times: {} });
    expect(parseOutbox("42")).toEqual({ v: 1, entries: [], times: {} });
    const parsed = parseOutbox(
      JSON.stringify({
        entries: [
          entry(1, 2),
          { position: 0, seq: 1, response: null, flagged: false },
          { position: 2, seq: -1, response: null, flagged: false },
          { position: 3, seq: 1, response: ["Z"], flagged: false },
          { position: 4, seq: 1, response: null },
          "junk",
        ],
        times: { "1": 10, x: 5, "2": -3, "3": "7" },
      }),
    );
    expect(parsed.entries).toEqual([entry(1, 2)]);
    expect(parsed.times).toEqual({ "1": 10 });
  });

  it("normalizes responses and keeps only the newest entry per position when reading", () => {
    const parsed = parseOutbox(JSON.stringify({ entries: [entry(2, 3, ["C", "A", "C"]), entry(2, 1, ["B"])] }));
    expect(parsed.entries).toEqual([entry(2, 3, ["A", "C"])]);
  });
});

describe("upsertEntry", () => {
  it("replaces an older change for the same position and keeps positions sorted", () => {
    let box: OutboxEntry[] = [];
    box = upsertEntry(box, entry(3, 1));
    box = upsertEntry(box, entry(1, 1));
    box = upsertEntry(box, entry(3, 2, ["B"]));
    expect(box).toEqual([entry(1, 1), entry(3, 2, ["B"])]);
  });

  it("never lets an older change replace a newer one", () => {
    const box = upsertEntry([entry(1, 5, ["D"])], entry(1, 4, ["A"]));
    expect(box).toEqual([entry(1, 5, ["D"])]);
  });
});

describe("acknowledge", () => {
  it("drops entries whose seq the server now holds", () => {
    const box = [entry(1, 2), entry(2, 7), entry(3, 1)];
    expect(acknowledge(box, [{ position: 1, seq: 2 }, { position: 2, seq: 7 }])).toEqual([entry(3, 1)]);
  });

  it("keeps a change made while the request was in flight (higher seq)", () => {
    const box = [entry(1, 3, ["C"])];
    expect(acknowledge(box, [{ position: 1, seq: 2 }])).toEqual([entry(1, 3, ["C"])]);
  });

  it("drops a stale entry when the server already holds a newer seq (applied: false)", () => {
    expect(acknowledge([entry(4, 2)], [{ position: 4, seq: 9 }])).toEqual([]);
  });
});

describe("mergeWithServer", () => {
  const server = [
    { position: 1, response: ["A"], flagged: false, seq: 2, extra: "stem 1" },
    { position: 2, response: null, flagged: false, seq: 0, extra: "stem 2" },
    { position: 3, response: ["B"], flagged: true, seq: 5, extra: "stem 3" },
  ];

  it("lets an outbox entry newer than the server win and keeps it pending", () => {
    const { items, pending } = mergeWithServer(server, [entry(2, 1, ["D"], true, 900)]);
    expect(items[1]).toEqual({ position: 2, response: ["D"], flagged: true, seq: 1, extra: "stem 2" });
    expect(items[0]).toBe(server[0]);
    expect(pending).toEqual([entry(2, 1, ["D"], true, 900)]);
  });

  it("drops entries the server already has (same or newer seq)", () => {
    const { items, pending } = mergeWithServer(server, [entry(1, 2, ["C"]), entry(3, 4, null)]);
    expect(items).toEqual(server);
    expect(pending).toEqual([]);
  });

  it("drops entries for positions the set does not have", () => {
    expect(mergeWithServer(server, [entry(9, 1)]).pending).toEqual([]);
  });

  it("can clear an answer: a newer null response wins", () => {
    const { items } = mergeWithServer(server, [entry(1, 3, null)]);
    expect(items[0]!.response).toBeNull();
  });
});

describe("nextBatch", () => {
  it("sends at most the endpoint's limit, lowest positions first", () => {
    const box = [entry(3, 1), entry(1, 1), entry(2, 1)];
    expect(nextBatch(box, 2).map((e) => e.position)).toEqual([1, 2]);
  });
});

describe("retryDelayMs", () => {
  it("backs off 1 s, 2 s, 4 s, 8 s and caps at 15 s", () => {
    expect([1, 2, 3, 4, 5, 6, 50].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000, 15000, 15000, 15000]);
    expect(retryDelayMs(0)).toBe(0);
  });
});

describe("toggleOption and normalizeResponse", () => {
  it("a single-answer item takes the chosen key", () => {
    expect(toggleOption("single", ["A"], "C")).toEqual(["C"]);
    expect(toggleOption("single", null, "B")).toEqual(["B"]);
  });

  it("a multiple-answer item toggles keys, sorted, null when empty", () => {
    expect(toggleOption("multiple", null, "C")).toEqual(["C"]);
    expect(toggleOption("multiple", ["C"], "A")).toEqual(["A", "C"]);
    expect(toggleOption("multiple", ["A", "C"], "C")).toEqual(["A"]);
    expect(toggleOption("multiple", ["A"], "A")).toBeNull();
  });

  it("normalizes", () => {
    expect(normalizeResponse([])).toBeNull();
    expect(normalizeResponse(["B", "A", "B"])).toEqual(["A", "B"]);
  });
});

describe("saveStatus", () => {
  it("says everything is saved only when nothing is pending or in flight", () => {
    expect(saveStatus({ pending: 0, inFlight: false, failures: 0, online: true }).text).toBe("All answers saved");
    expect(saveStatus({ pending: 0, inFlight: true, failures: 0, online: true }).text).toBe("Saving…");
    expect(saveStatus({ pending: 2, inFlight: false, failures: 0, online: true }).text).toBe("Saving…");
  });

  it("counts unsaved answers while retrying", () => {
    expect(saveStatus({ pending: 1, inFlight: false, failures: 1, online: true }).text).toBe("1 answer not saved yet — retrying");
    expect(saveStatus({ pending: 3, inFlight: false, failures: 2, online: true })).toEqual({
      tone: "retrying",
      text: "3 answers not saved yet — retrying",
    });
  });

  it("says answers stay in the browser while offline", () => {
    expect(saveStatus({ pending: 2, inFlight: false, failures: 4, online: false })).toEqual({
      tone: "offline",
      text: "Offline — answers are kept in this browser",
    });
    expect(saveStatus({ pending: 0, inFlight: false, failures: 0, online: false }).text).toBe("All answers saved");
  });
});

describe("the clock", () => {
  it("corrects a browser clock that runs ahead or behind", () => {
    const serverNow = "2026-05-01T10:00:00.000Z";
    const deadline = "2026-05-01T10:20:00.000Z";
    // Browser clock 3 minutes fast.
    const fastLoad = Date.parse(serverNow) + 3 * 60_000;
    const offset = clockOffsetMs(serverNow, fastLoad);
    expect(offset).toBe(-180_000);
    expect(remainingMs(deadline, offset, fastLoad)).toBe(20 * 60_000);
    expect(remainingMs(deadline, offset, fastLoad + 60_000)).toBe(19 * 60_000);
    // Browser clock 1 hour slow.
    const slowLoad = Date.parse(serverNow) - 3_600_000;
    expect(remainingMs(deadline, clockOffsetMs(serverNow, slowLoad), slowLoad + 5_000)).toBe(20 * 60_000 - 5_000);
  });

  it("never goes below zero, and a reload recomputes from the server's deadline", () => {
    const deadline = "2026-05-01T10:20:00.000Z";
    const laterServerNow = "2026-05-01T10:15:00.000Z";
    expect(remainingMs(deadline, clockOffsetMs(laterServerNow, 0), 0)).toBe(5 * 60_000);
    expect(remainingMs(deadline, 0, Date.parse("2026-05-01T11:00:00.000Z"))).toBe(0);
    expect(remainingMs("garbage", 0, 0)).toBe(0);
    expect(clockOffsetMs("garbage", 5)).toBe(0);
  });

  it("warns at 10 minutes and at 1 minute", () => {
    expect(timeWarning(10 * 60_000 + 1)).toBe("none");
    expect(timeWarning(10 * 60_000)).toBe("ten-minutes");
    expect(timeWarning(60_001)).toBe("ten-minutes");
    expect(timeWarning(60_000)).toBe("one-minute");
    expect(timeWarning(1)).toBe("one-minute");
    expect(timeWarning(0)).toBe("time-up");
  });

  it("formats the countdown", () => {
    expect(formatClock(0)).toBe("00:00");
    expect(formatClock(999)).toBe("00:01");
    expect(formatClock(61_000)).toBe("01:01");
    expect(formatClock(100 * 60_000)).toBe("1:40:00");
  });
});
