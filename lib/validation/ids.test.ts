import { describe, expect, it } from "vitest";
import { isUuid } from "./ids";

const ID = "3f1c2a9e-8b7d-4c6e-9f00-1234567890ab";

describe("isUuid", () => {
  it("accepts a UUID in either case", () => {
    expect(isUuid(ID)).toBe(true);
    expect(isUuid(ID.toUpperCase())).toBe(true);
  });

  it("refuses 36 hex digits without dashes, which the old [0-9a-f-]{36} checks let through to Postgres", () => {
    const noDashes = "3f1c2a9e8b7d4c6e9f001234567890abcdef";
    expect(noDashes).toMatch(/^[0-9a-f-]{36}$/i);
    expect(isUuid(noDashes)).toBe(false);
  });

  it("refuses dashes in the wrong places, other characters, padding and non-strings", () => {
    for (const v of ["3f1c2a9e8-b7d-4c6e-9f00-1234567890ab", "3f1c2a9e-8b7d-4c6e-9f00-1234567890ag", ` ${ID}`, `${ID}\n`, `${ID}0`, "", "1 or 1=1", null, undefined, 42, [ID]]) {
      expect(isUuid(v), String(v)).toBe(false);
    }
  });
});
