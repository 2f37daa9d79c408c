import { describe, expect, it } from "vitest";
import { CLOCK_TOLERANCE_MS, MAX_TIME_MS, QuestionClock } from "./question-clock";

/** A monotonic clock moved by hand. */
function manual(start = 1_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("QuestionClock: time per question", () => {
  it("counts a question's time only while its segment runs, and adds up over visits", () => {
    const m = manual();
    const clock = new QuestionClock(m.now);
    clock.resume(true);
    m.advance(4_000);
    clock.commit(1);
    expect(clock.timeOf(1)).toBe(4_000);
    clock.pause();
    m.advance(60_000); // hidden page or another question: not counted
    clock.commit(1);
    expect(clock.timeOf(1)).toBe(4_000);
    clock.resume(true);
    m.advance(1_500);
    clock.commit(1);
    expect(clock.timeOf(1)).toBe(5_500);
  });

  it("does not run when the question is not shown in a visible page", () => {
    const m = manual();
    const clock = new QuestionClock(m.now);
    clock.resume(false);
    expect(clock.running).toBe(false);
    m.advance(10_000);
    clock.commit(2);
    expect(clock.timeOf(2)).toBe(0);
  });

  it("caps a question's time at 24 hours", () => {
    const m = manual();
    const clock = new QuestionClock(m.now);
    clock.resume(true);
    m.advance(MAX_TIME_MS + 5_000);
    clock.commit(1);
    expect(clock.timeOf(1)).toBe(MAX_TIME_MS);
  });

  it("says a time-only save is due once a second of new time has accrued since the last one", () => {
    const m = manual();
    const clock = new QuestionClock(m.now);
    clock.resume(true);
    m.advance(900);
    clock.commit(3);
    expect(clock.due(3)).toBe(false);
    expect(clock.due(3, 1)).toBe(true);
    m.advance(200);
    clock.commit(3);
    expect(clock.due(3)).toBe(true);
    clock.markQueued(3, clock.timeOf(3));
    expect(clock.due(3)).toBe(false);
  });

  it("keeps times from an earlier load as already saved, and takes another tab's higher time without a save", () => {
    const clock = new QuestionClock(manual().now);
    clock.load({ "1": 7_000, "4": 300 });
    expect(clock.record()).toEqual({ "1": 7_000, "4": 300 });
    expect(clock.due(1, 1)).toBe(false);
    clock.absorb(1, 5_000); // lower: ignored
    clock.absorb(4, 9_000);
    expect(clock.record()).toEqual({ "1": 7_000, "4": 9_000 });
    expect(clock.due(4, 1)).toBe(false);
    // An adopted change's time raises what is queued even where the total is already higher.
    clock.absorbSaved(1, 6_000);
    expect(clock.timeOf(1)).toBe(7_000);
    expect(clock.due(1, 1_001)).toBe(false);
  });
});

describe("QuestionClock: the server's clock", () => {
  it("measures the offset from the server's now and counts down to the deadline by it", () => {
    const clock = new QuestionClock(manual().now);
    const browserNow = Date.parse("2026-06-01T09:00:00Z");
    clock.setOffset("2026-06-01T09:00:30Z", browserNow); // the browser runs 30 s slow
    expect(clock.offsetMs).toBe(30_000);
    expect(clock.remaining("2026-06-01T09:10:00Z", browserNow)).toBe(9.5 * 60_000);
    expect(clock.remaining("2026-06-01T08:00:00Z", browserNow)).toBe(0);
  });

  it("corrects the offset from a save's Date header only beyond the tolerance", () => {
    const clock = new QuestionClock(manual().now);
    const sentAt = Date.parse("2026-06-01T09:00:00Z");
    clock.setOffset("2026-06-01T09:00:00Z", sentAt);
    // Within the header's one-second resolution plus tolerance: kept.
    clock.adjust(new Date(sentAt + 2_000).toUTCString(), sentAt, sentAt + 200);
    expect(clock.offsetMs).toBe(0);
    // The server is a minute ahead (the page came from a cache): corrected.
    clock.adjust(new Date(sentAt + 60_000).toUTCString(), sentAt, sentAt + 200);
    expect(Math.abs(clock.offsetMs - 60_400)).toBeLessThanOrEqual(CLOCK_TOLERANCE_MS);
    clock.adjust(null, sentAt, sentAt);
    clock.adjust("not a date", sentAt, sentAt);
    expect(Math.abs(clock.offsetMs - 60_400)).toBeLessThanOrEqual(CLOCK_TOLERANCE_MS);
  });
});
