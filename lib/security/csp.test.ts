import { describe, expect, it } from "vitest";
import { newNonce, pagePolicy, servedOverTls } from "./csp";

const directives = (policy: string) => new Map(policy.split("; ").map((d) => [d.split(" ")[0]!, d]));

describe("page policy", () => {
  it("allows scripts only with the nonce, and nothing inline or evaluated", () => {
    const d = directives(pagePolicy("AAAAAAAAAAAAAAAAAAAAAA==", false));
    expect(d.get("script-src")).toBe("script-src 'self' 'nonce-AAAAAAAAAAAAAAAAAAAAAA==' 'strict-dynamic'");
    expect(d.get("style-src")).toBe("style-src 'self' 'nonce-AAAAAAAAAAAAAAAAAAAAAA=='");
    expect(d.get("default-src")).toBe("default-src 'self'");
    expect(d.get("object-src")).toBe("object-src 'none'");
    expect(d.get("frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(d.has("upgrade-insecure-requests")).toBe(false);
  });

  it("upgrades requests only over TLS", () => {
    expect(pagePolicy("AAAAAAAAAAAAAAAAAAAAAA==", true)).toMatch(/; upgrade-insecure-requests$/);
  });

  it("refuses a nonce that could break out of the header", () => {
    expect(() => pagePolicy("abc'; script-src *", false)).toThrow();
  });
});

describe("nonces", () => {
  it("are 128-bit base64 and differ every time", () => {
    const seen = new Set(Array.from({ length: 200 }, newNonce));
    expect(seen.size).toBe(200);
    for (const n of seen) expect(Buffer.from(n, "base64")).toHaveLength(16);
  });
});

describe("served over TLS", () => {
  const h = (proto?: string) => new Headers(proto ? { "x-forwarded-proto": proto } : {});

  it("believes X-Forwarded-Proto only behind a trusted proxy", () => {
    expect(servedOverTls(h("https"), false)).toBe(false);
    expect(servedOverTls(h("https"), true)).toBe(true);
  });

  it("reads the hop the browser used", () => {
    expect(servedOverTls(h("http"), true)).toBe(false);
    expect(servedOverTls(h(), true)).toBe(false);
    expect(servedOverTls(h("HTTPS, http"), true)).toBe(true);
    expect(servedOverTls(h("http, https"), true)).toBe(false);
  });
});
