import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("@node-rs/argon2", async (original) => {
  const real = await original<typeof import("@node-rs/argon2")>();
  return { ...real, verify: vi.fn(real.verify) };
});
import type { DbHandle } from "@/db/client";
import { loginThrottle, users } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { authenticate } from "./credentials";
import { hashPassword } from "../password";
import { THROTTLE_RULES } from "./throttle";

let h: DbHandle;
const PASSWORD = "correct horse battery";

beforeAll(async () => {
  h = await createTestDatabase();
  const passwordHash = await hashPassword(PASSWORD);
  await h.db.insert(users).values([
    { email: "kim@example.com", name: "Kim", role: "learner", passwordHash },
    { email: "gone@example.com", name: "Gone", role: "coach", passwordHash, active: false },
    { email: "lock@example.com", name: "Lock", role: "learner", passwordHash },
  ]);
});
afterAll(async () => h?.close());

describe("authenticate", () => {
  it("accepts the right password, ignoring the email's case and surrounding spaces", async () => {
    const r = await authenticate(h.db, { email: "  KIM@example.com ", password: PASSWORD, ip: "10.0.0.1" });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.user).toMatchObject({ email: "kim@example.com", role: "learner" });
  });

  it("gives the same answer for a wrong password, an unknown email and a deactivated account", async () => {
    const wrong = await authenticate(h.db, { email: "kim@example.com", password: "nope nope", ip: "10.0.0.2" });
    const unknown = await authenticate(h.db, { email: "who@example.com", password: PASSWORD, ip: "10.0.0.2" });
    const inactive = await authenticate(h.db, { email: "gone@example.com", password: PASSWORD, ip: "10.0.0.2" });
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    expect(unknown).toEqual(wrong);
    expect(inactive).toEqual(wrong);
  });

  it("compares a hash for unknown emails too, so timing does not reveal which accounts exist", async () => {
    // Counted, not timed: on a shared 2-core machine timings are noise, the number of Argon2
    // comparisons is not. Each outcome costs exactly one.
    const argon2 = await import("@node-rs/argon2");
    const verify = vi.mocked(argon2.verify);
    for (const email of ["kim@example.com", "nobody@example.com", "gone@example.com"]) {
      verify.mockClear();
      await authenticate(h.db, { email, password: "wrong password", ip: "10.9.9.9" });
      expect(verify, email).toHaveBeenCalledTimes(1);
    }
  });

  it("rejects hostile or malformed input as invalid without writing to users", async () => {
    const before = await h.db.select({ n: count() }).from(users);
    const inputs: { email: unknown; password: unknown }[] = [
      { email: "' or 1=1 --", password: "x" },
      { email: "kim@example.com'; drop table users; --", password: PASSWORD },
      { email: "<script>alert(1)</script>@x.io", password: PASSWORD },
      { email: "a".repeat(10_000) + "@example.com", password: PASSWORD },
      { email: "kim@example.com", password: "p".repeat(100_000) },
      { email: 42, password: null },
      { email: ["kim@example.com"], password: { $ne: "" } },
      { email: undefined, password: undefined },
    ];
    for (const input of inputs) {
      const r = await authenticate(h.db, { ...input, ip: "10.0.0.3" });
      expect(r.ok).toBe(false);
    }
    const after = await h.db.select({ n: count() }).from(users);
    expect(after).toEqual(before);
  });

  it("locks an account after repeated failures, even for the right password, and the lock is stored in the database", async () => {
    const now = new Date("2026-11-27T10:00:00Z");
    for (let i = 0; i < THROTTLE_RULES.account.maxFailures; i++) {
      const r = await authenticate(h.db, { email: "lock@example.com", password: "wrong-guess", ip: `10.1.0.${i}` }, now);
      expect(r).toEqual({ ok: false, reason: "invalid" });
    }
    const locked = await authenticate(h.db, { email: "lock@example.com", password: PASSWORD, ip: "10.2.0.1" }, now);
    expect(locked.ok).toBe(false);
    if (!locked.ok) expect(locked.reason).toBe("throttled");
    const [row] = await h.db.select().from(loginThrottle).where(eq(loginThrottle.key, "account:lock@example.com"));
    expect(row?.lockedUntil?.getTime()).toBe(now.getTime() + THROTTLE_RULES.account.lockMs);

    const later = new Date(now.getTime() + THROTTLE_RULES.account.lockMs);
    const after = await authenticate(h.db, { email: "lock@example.com", password: PASSWORD, ip: "10.2.0.1" }, later);
    expect(after.ok).toBe(true);
  });

  it("locks a client address that guesses across many accounts", async () => {
    const now = new Date("2026-11-27T12:00:00Z");
    for (let i = 0; i < THROTTLE_RULES.ip.maxFailures; i++) {
      await authenticate(h.db, { email: `spray${i}@example.com`, password: "guess-guess", ip: "203.0.113.7" }, now);
    }
    const r = await authenticate(h.db, { email: "kim@example.com", password: PASSWORD, ip: "203.0.113.7" }, now);
    expect(r.ok).toBe(false);
    const elsewhere = await authenticate(h.db, { email: "kim@example.com", password: PASSWORD, ip: "198.51.100.1" }, now);
    expect(elsewhere.ok).toBe(true);
  });

  it("counts every failure when they arrive concurrently", async () => {
    const now = new Date("2026-11-27T14:00:00Z");
    await Promise.all(
      Array.from({ length: 4 }, () =>
        authenticate(h.db, { email: "kim@example.com", password: "wrong-again", ip: "192.0.2.50" }, now),
      ),
    );
    const [row] = await h.db.select().from(loginThrottle).where(eq(loginThrottle.key, "account:kim@example.com"));
    expect(row?.failures).toBe(4);
  });
});
