import { describe, expect, it } from "vitest";
import { SaveQueue, type OutboxEntry } from "./save-queue";
import { FakeClock, FakeFetch, settle } from "./testing";

const entry = (position: number, seq: number, response: string[] | null = ["A"]): OutboxEntry => ({ position, seq, response, flagged: false, timeMs: 0 });

function setup(opts: { online?: boolean } = {}) {
  const clock = new FakeClock();
  const net = new FakeFetch();
  let online = opts.online ?? true;
  const log = { changed: 0, persisted: 0, closed: 0, answered: [] as (string | null)[] };
  let active = true;
  const queue = new SaveQueue(
    { url: "/api/practice/s1/answers", fetch: net.fetch, isOnline: () => online, now: clock.now, timers: clock },
    {
      active: () => active,
      changed: () => log.changed++,
      persist: () => log.persisted++,
      answered: (date) => log.answered.push(date),
      closed: () => log.closed++,
    },
  );
  return {
    clock,
    net,
    queue,
    log,
    setOnline: (v: boolean) => (online = v),
    setActive: (v: boolean) => (active = v),
  };
}

describe("SaveQueue", () => {
  it("sends pending changes, drops what the server acknowledged, writes the slot and reads the Date header", async () => {
    const { net, queue, log } = setup();
    net.reply({ status: 200, date: "Mon, 01 Jun 2026 09:00:00 GMT", body: { ok: true, results: [{ position: 1, seq: 1, applied: true }, { position: 2, seq: 3, applied: true }] } });
    queue.add(entry(2, 3));
    queue.add(entry(1, 1));
    await queue.send();
    expect(net.requests).toHaveLength(1);
    expect(net.requests[0]!.url).toBe("/api/practice/s1/answers");
    expect(net.requests[0]!.body.answers.map((a) => a.position)).toEqual([1, 2]);
    expect(queue.pending).toBe(0);
    expect(queue.failures).toBe(0);
    expect(log.persisted).toBe(1);
    expect(log.answered).toEqual(["Mon, 01 Jun 2026 09:00:00 GMT"]);
  });

  it("keeps a change made while its request was in flight, and sends it next", async () => {
    const { net, queue } = setup();
    net.hold = true;
    queue.add(entry(1, 1, ["A"]));
    const first = queue.send();
    await settle();
    expect(queue.inFlight).toBe(true);
    queue.add(entry(1, 2, ["B"]));
    void queue.send(); // one request at a time: ignored while in flight
    expect(net.requests).toHaveLength(1);
    net.hold = false;
    net.release();
    await first;
    await settle(10);
    expect(net.requests).toHaveLength(2);
    expect(net.requests[1]!.body.answers).toEqual([entry(1, 2, ["B"])]);
    expect(queue.pending).toBe(0);
  });

  it("retries a failed request with back-off while online (1 s, then 2 s) and stops counting on success", async () => {
    const { clock, net, queue } = setup();
    net.reply({ status: 0, networkError: true }, { status: 503, body: { ok: false, error: "unavailable", message: "down", retryAfterMs: 2000 } });
    queue.add(entry(1, 1));
    await queue.send();
    expect(queue.failures).toBe(1);
    expect(clock.delays()).toEqual([1_000]);
    clock.advance(1_000);
    await settle(10);
    expect(queue.failures).toBe(2);
    expect(clock.delays()).toEqual([2_000]);
    clock.advance(2_000);
    await settle(10);
    expect(net.requests).toHaveLength(3);
    expect(queue.pending).toBe(0);
    expect(queue.failures).toBe(0);
  });

  it("offline: sends nothing and schedules nothing until the browser is back online", async () => {
    const { clock, net, queue, setOnline } = setup({ online: false });
    queue.add(entry(1, 1));
    await queue.send();
    expect(net.requests).toHaveLength(0);
    expect(queue.online).toBe(false);
    expect(clock.delays()).toEqual([]);
    setOnline(true);
    queue.wentOnline();
    await queue.send();
    expect(net.requests).toHaveLength(1);
    expect(queue.pending).toBe(0);
  });

  it("schedules no retry once the runner has stopped", async () => {
    const { clock, net, queue, setActive } = setup();
    setActive(false);
    net.reply({ status: 0, networkError: true });
    queue.add(entry(1, 1));
    await queue.send();
    expect(queue.failures).toBe(1);
    expect(clock.delays()).toEqual([]);
  });

  it("reports a change the server refused as stale on its first attempt, but not a retry of a save that landed", async () => {
    const { net, queue } = setup();
    // Another tab saved seq 4 of question 1 first; question 2's earlier request landed but its answer was lost.
    net.reply({ status: 0, networkError: true });
    queue.add(entry(2, 1));
    await queue.send();
    queue.add(entry(1, 4));
    net.reply({ status: 200, body: { ok: true, results: [{ position: 1, seq: 4, applied: false }, { position: 2, seq: 1, applied: false }] } });
    queue.resetForRetry();
    await queue.send();
    expect(queue.conflicts).toEqual([1]);
    expect(queue.pending).toBe(0);
  });

  it("a closed set (submitted or past the deadline) drops what is pending, says how much, and sends no more", async () => {
    const { net, queue, log } = setup();
    net.reply({ status: 409, body: { ok: false, error: "deadline", message: "Time is up." } });
    queue.add(entry(1, 1));
    queue.add(entry(2, 1));
    await queue.send();
    expect(queue.closed).toBe(true);
    expect(queue.pending).toBe(0);
    expect(queue.stopped).toEqual({ error: "deadline", closed: true, message: "Time is up. 2 changes made after that could not be saved." });
    expect(log.closed).toBe(1);
    queue.add(entry(3, 1));
    await queue.send();
    expect(net.requests).toHaveLength(1);
    expect(queue.resetForRetry()).toBe(false);
  });

  it("a signed-out session keeps retrying; a refused batch waits for 'Retry saving now'", async () => {
    const { clock, net, queue } = setup();
    net.reply({ status: 401, body: { ok: false, error: "unauthenticated", message: "Sign in again." } });
    queue.add(entry(1, 1));
    await queue.send();
    expect(queue.stopped?.error).toBe("unauthenticated");
    expect(clock.delays()).toEqual([1_000]);

    const second = setup();
    second.net.reply({ status: 422, body: { ok: false, error: "invalid", message: "Invalid save." } });
    second.queue.add(entry(1, 1));
    await second.queue.send();
    expect(second.queue.stopped?.error).toBe("invalid");
    expect(second.queue.failures).toBe(1);
    expect(second.clock.delays()).toEqual([]);
    await second.queue.send();
    expect(second.net.requests).toHaveLength(1);
    expect(second.queue.resetForRetry()).toBe(true);
    await second.queue.send();
    expect(second.net.requests).toHaveLength(2);
    expect(second.queue.pending).toBe(0);
    expect(second.queue.stopped).toBeNull();
  });

  it("before a submission, tries again after a refusal, but not offline", async () => {
    const { net, queue, setOnline } = setup();
    net.reply({ status: 404, body: { ok: false, error: "not-found", message: "Unknown set." } });
    queue.add(entry(1, 1));
    await queue.send();
    expect(queue.stopped?.error).toBe("not-found");
    setOnline(false);
    expect(queue.prepareFlush()).toBe(false);
    expect(queue.stopped).toBeNull();
    expect(queue.online).toBe(false);
    setOnline(true);
    expect(queue.prepareFlush()).toBe(true);
    await queue.send();
    expect(queue.pending).toBe(0);
  });

  it("treats an answer that is not JSON, or a 5xx with a body, as a failure to retry", async () => {
    const { net, queue } = setup();
    net.reply({ status: 200 }, { status: 500, body: { ok: false, error: "invalid", message: "oops" } });
    queue.add(entry(1, 1));
    await queue.send();
    expect(queue.failures).toBe(1);
    expect(queue.stopped).toBeNull();
    queue.resetForRetry();
    await queue.send();
    expect(queue.failures).toBe(2);
    expect(queue.stopped).toBeNull();
    expect(queue.pending).toBe(1);
  });
});
