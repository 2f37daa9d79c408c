import { encode } from "next-auth/jwt";
import { NextRequest, type NextFetchEvent } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";

// The proxy needs no database; the secret must be the one it decrypts with.
process.env.AUTH_SECRET = "proxy-test-secret-0123456789abcdef-0123456789";
const { proxy } = await import("@/proxy");

const USER = "3f1c2a9e-8b7d-4c6e-9f00-1234567890ab";
const COOKIE = "authjs.session-token";
const HOUR = 3600;

/** A session token that expires in `secondsLeft` (a fresh one has 12 hours left). */
const token = (secondsLeft: number) =>
  encode({ token: { sub: USER, sv: 0 }, secret: process.env.AUTH_SECRET!, salt: COOKIE, maxAge: secondsLeft });

async function get(path: string, cookie?: string) {
  const req = new NextRequest(`http://localhost${path}`, {
    // As `next start` forwards them: Auth.js picks its cookie names from the forwarded protocol.
    headers: { host: "localhost", "x-forwarded-proto": "http", ...(cookie ? { cookie } : {}) },
  });
  return (await proxy(req, {} as NextFetchEvent)) as Response;
}

let fresh: string;
let hoursOld: string;
beforeAll(async () => {
  fresh = await token(12 * HOUR - 60);
  hoursOld = await token(9 * HOUR);
});

describe("proxy", () => {
  it("sends a signed-out visitor of a protected page to sign-in with a return path", async () => {
    const res = await get("/learn/status");
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toBe("http://localhost/sign-in?callbackUrl=http%3A%2F%2Flocalhost%2Flearn%2Fstatus");
    // A token that does not decrypt counts as signed out.
    expect((await get("/learn", `${COOKIE}=not-a-token`)).status).toBe(307);
  });

  it("lets a fresh session through without re-issuing its cookie", async () => {
    const res = await get("/learn", `${COOKIE}=${fresh}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie") ?? "").not.toContain(COOKIE);
    expect(res.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  });

  it("renews a session token that is over an hour old", async () => {
    const res = await get("/learn", `${COOKIE}=${hoursOld}`);
    expect(res.status).toBe(200);
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toContain(`${COOKIE}=`);
    const renewed = /authjs\.session-token=([^;]+)/.exec(setCookie)![1]!;
    expect(renewed).not.toBe(hoursOld);
    // The renewed cookie lives for the whole session lifetime again.
    const expires = /Expires=([^;]+)/i.exec(setCookie)![1]!;
    expect(Date.parse(expires) - Date.now()).toBeGreaterThan(11.9 * HOUR * 1000);
  });

  it("leaves public pages open to everyone", async () => {
    expect((await get("/sign-in")).status).toBe(200);
    expect((await get("/floor")).status).toBe(200);
  });
});
