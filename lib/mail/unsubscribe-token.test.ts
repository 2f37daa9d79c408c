import { describe, expect, it } from "vitest";
import { signUnsubscribe, verifyUnsubscribe } from "./unsubscribe-token";

const SECRET = "a-test-secret-that-is-long-enough-0123456789";
const USER = "3f1c2a9e-8b7d-4c6e-9f00-1234567890ab";

describe("unsubscribe tokens", () => {
  it("round-trips the user and the kind", () => {
    expect(verifyUnsubscribe(SECRET, signUnsubscribe(SECRET, USER, "coach-digest"))).toEqual({ userId: USER, kind: "coach-digest" });
  });

  it("refuses another secret, another kind, another user, a cut signature and junk", () => {
    const token = signUnsubscribe(SECRET, USER, "plan-today");
    expect(verifyUnsubscribe("another-secret-entirely-0123456789abcdef", token)).toBeNull();
    expect(verifyUnsubscribe(SECRET, token.replace("plan-today", "coach-digest"))).toBeNull();
    expect(verifyUnsubscribe(SECRET, token.replace(USER, "3f1c2a9e-8b7d-4c6e-9f00-1234567890ac"))).toBeNull();
    expect(verifyUnsubscribe(SECRET, token.slice(0, -2))).toBeNull();
    for (const junk of ["", "a.b.c", `${token}.x`, null, 42, "x".repeat(10_000), `${USER}.password-reset.${token.split(".")[2]}`]) {
      expect(verifyUnsubscribe(SECRET, junk)).toBeNull();
    }
  });
});
