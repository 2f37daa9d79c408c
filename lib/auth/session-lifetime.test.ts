import { describe, expect, it, vi } from "vitest";
import { PRESET_KEYS, startPracticeSchema } from "@/lib/validation/practice";

vi.mock("@/lib/auth/secret", () => ({ authSecret: () => "a-test-secret-that-is-long-enough-0123456789" }));

const { authConfig, needsSignIn, SESSION_MAX_AGE_SECONDS } = await import("@/auth.config");

/**
 * During a practice set the browser only calls the autosave API, which does not renew the session
 * cookie, so a session must outlast the longest set a learner can start, counted from the page
 * load that opened it, with room for a slow start and the submission after the deadline.
 */
const MARGIN_MS = 2 * 60 * 60_000;

function longestStartableSetMs(): number {
  const minutes = PRESET_KEYS.map((preset) => {
    const parsed = startPracticeSchema.safeParse({ mode: "timed-mixed", preset });
    if (!parsed.success) throw new Error(`preset ${preset} does not validate`);
    return parsed.data.minutes;
  });
  return Math.max(...minutes) * 60_000;
}

describe("session lifetime", () => {
  it("outlasts the longest practice set the app can start, plus a margin", () => {
    const longest = longestStartableSetMs();
    expect(longest).toBeGreaterThanOrEqual(100 * 60_000); // the full-length preset is in the list
    expect(SESSION_MAX_AGE_SECONDS * 1000).toBeGreaterThanOrEqual(longest + MARGIN_MS);
  });

  it("is the lifetime the session cookie is configured with", () => {
    expect(authConfig.session).toEqual({ strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS });
  });

  it("is bounded to one working day, so a stolen token does not live for weeks", () => {
    expect(SESSION_MAX_AGE_SECONDS).toBeLessThanOrEqual(24 * 60 * 60);
  });
});

describe("signed-out redirects in the proxy", () => {
  it("cover every protected area and its sub-paths", () => {
    for (const path of ["/learn", "/learn/practice/x", "/coach", "/coach/learners/1", "/admin/analytics", "/bank", "/account"]) {
      expect(needsSignIn(path), path).toBe(true);
    }
  });

  it("leave public pages alone and do not match look-alike prefixes", () => {
    for (const path of ["/", "/sign-in", "/register", "/learning", "/administrator", "/bankrupt"]) {
      expect(needsSignIn(path), path).toBe(false);
    }
  });
});
