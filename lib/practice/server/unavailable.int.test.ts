// The autosave endpoint answers a JSON 503 (retry the same batch) when the database cannot be
// reached, and only then: these are the errors the real drivers raise.
import net from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DbHandle } from "@/db/client";
import { createTestDatabase } from "@/test/db";
import { isDatabaseUnavailable, unavailableSave, unlessDatabaseUnavailable } from "./sessions";

let h: DbHandle;
beforeAll(async () => {
  h = await createTestDatabase();
});
afterAll(async () => h?.close());

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe("database unavailable", () => {
  it("recognises a refused connection through the ORM", async () => {
    const down = await openDatabase({ url: `postgres://postgres@127.0.0.1:${await freePort()}/postgres`, max: 1 });
    try {
      const err = await down.db.execute(sql`select 1`).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).not.toBeNull();
      expect(isDatabaseUnavailable(err)).toBe(true);
    } finally {
      await down.close();
    }
  });

  it("does not treat a query error of a reachable database as an outage", async () => {
    const err = await h.db.execute(sql`select * from no_such_table`).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).not.toBeNull();
    expect(isDatabaseUnavailable(err)).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });

  it("recognises a server shutting down (57P01) wrapped as a cause", () => {
    const shutdown = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
    expect(isDatabaseUnavailable(new Error("Failed query", { cause: shutdown }))).toBe(true);
    expect(unavailableSave()).toMatchObject({ ok: false, error: "unavailable", retryAfterMs: expect.any(Number) });
  });

  it("answers 'unavailable' for an outage or a save that does not finish in time, and lets other errors through", async () => {
    const shutdown = Object.assign(new Error("terminating connection"), { code: "57P01" });
    const fallback = () => "retry";
    expect(await unlessDatabaseUnavailable(async () => "saved", fallback, 1000)).toBe("saved");
    expect(await unlessDatabaseUnavailable(() => Promise.reject(shutdown), fallback, 1000)).toBe("retry");
    const started = Date.now();
    expect(await unlessDatabaseUnavailable(() => new Promise<string>(() => {}), fallback, 200)).toBe("retry");
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(unlessDatabaseUnavailable(() => Promise.reject(new Error("a bug")), fallback, 1000)).rejects.toThrow("a bug");
  });
});
