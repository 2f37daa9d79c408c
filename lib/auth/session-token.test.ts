import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { RENEW_AFTER_MS, readSessionClaims, shouldRenew } from "./session-token";

const SECRET = "a-test-secret-that-is-long-enough-0123456789";
const USER = "3f1c2a9e-8b7d-4c6e-9f00-1234567890ab";

function mint(salt: string, claims: Record<string, unknown> = { sub: USER, sv: 3 }, maxAge = 3600, secret = SECRET) {
  return encode({ token: claims, secret, salt, maxAge });
}

describe("readSessionClaims", () => {
  it("reads the user id and session version from the plain cookie", async () => {
    const token = await mint("authjs.session-token");
    expect(await readSessionClaims(`other=1; authjs.session-token=${token}`, SECRET)).toMatchObject({ userId: USER, sessionVersion: 3 });
  });

  it("reads the __Secure- cookie with its own salt", async () => {
    const token = await mint("__Secure-authjs.session-token");
    expect(await readSessionClaims(`__Secure-authjs.session-token=${token}`, SECRET)).toMatchObject({ userId: USER, sessionVersion: 3 });
  });

  it("refuses a token encrypted for the other cookie name (salt)", async () => {
    const token = await mint("__Secure-authjs.session-token");
    expect(await readSessionClaims(`authjs.session-token=${token}`, SECRET)).toBeNull();
  });

  it("joins a token split into numbered chunks", async () => {
    const token = await mint("authjs.session-token");
    const cut = Math.floor(token.length / 2);
    const header = `authjs.session-token.1=${token.slice(cut)}; authjs.session-token.0=${token.slice(0, cut)}`;
    expect(await readSessionClaims(header, SECRET)).toMatchObject({ userId: USER, sessionVersion: 3 });
  });

  it("refuses an expired token, another secret, a tampered token and a missing cookie", async () => {
    expect(await readSessionClaims(`authjs.session-token=${await mint("authjs.session-token", { sub: USER, sv: 0 }, -60)}`, SECRET)).toBeNull();
    expect(
      await readSessionClaims(`authjs.session-token=${await mint("authjs.session-token", { sub: USER, sv: 0 }, 3600, "another-secret-entirely-0123456789abcdef")}`, SECRET),
    ).toBeNull();
    const token = await mint("authjs.session-token");
    const tampered = token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
    expect(await readSessionClaims(`authjs.session-token=${tampered}`, SECRET)).toBeNull();
    expect(await readSessionClaims("theme=dark", SECRET)).toBeNull();
    expect(await readSessionClaims(null, SECRET)).toBeNull();
  });

  it("serves a token read before until it expires, and never for another secret", async () => {
    const token = await mint("authjs.session-token", { sub: USER, sv: 5 }, 60);
    const header = `authjs.session-token=${token}`;
    const now = Date.now();
    const first = await readSessionClaims(header, SECRET, now);
    expect(first).toMatchObject({ userId: USER, sessionVersion: 5 });
    // The token's own expiry, to the second (encode rounds to whole seconds).
    expect(Math.abs(first!.expiresAtMs - (now + 60_000))).toBeLessThan(2_000);
    expect(await readSessionClaims(header, SECRET, now + 30_000)).toEqual(first);
    expect(await readSessionClaims(header, "another-secret-entirely-0123456789abcdef", now + 30_000)).toBeNull();
    expect(await readSessionClaims(header, SECRET, now + 61_000)).toBeNull();
  });

  it("refuses a token whose subject is not a user id, and marks a token without a version", async () => {
    expect(await readSessionClaims(`authjs.session-token=${await mint("authjs.session-token", { sub: "1 or 1=1", sv: 0 })}`, SECRET)).toBeNull();
    expect(await readSessionClaims(`authjs.session-token=${await mint("authjs.session-token", { sub: USER })}`, SECRET)).toMatchObject({
      userId: USER,
      sessionVersion: -1,
    });
  });
});

describe("shouldRenew", () => {
  const maxAgeMs = 12 * 3600_000;
  const now = Date.parse("2026-11-27T12:00:00Z");
  it("leaves a token minted within the last hour alone and renews an older one", () => {
    expect(shouldRenew({ expiresAtMs: now + maxAgeMs }, now, maxAgeMs)).toBe(false);
    expect(shouldRenew({ expiresAtMs: now + maxAgeMs - RENEW_AFTER_MS + 1_000 }, now, maxAgeMs)).toBe(false);
    expect(shouldRenew({ expiresAtMs: now + maxAgeMs - RENEW_AFTER_MS - 1_000 }, now, maxAgeMs)).toBe(true);
    expect(shouldRenew({ expiresAtMs: now + 60_000 }, now, maxAgeMs)).toBe(true);
  });
});
