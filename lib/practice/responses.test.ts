import { describe, expect, it } from "vitest";
import { partValues, setPart, toggleOption } from "./responses";

describe("toggleOption", () => {
  it("takes the key for single and yes/no items and toggles it for multiple ones", () => {
    expect(toggleOption("single", ["A"], "B")).toEqual(["B"]);
    expect(toggleOption("yes-no", null, "N")).toEqual(["N"]);
    expect(toggleOption("multiple", ["C"], "A")).toEqual(["A", "C"]);
    expect(toggleOption("multiple", ["A", "C"], "A")).toEqual(["C"]);
    expect(toggleOption("multiple", ["A"], "A")).toBeNull();
  });
});

describe("setPart", () => {
  it("fills and empties a hotspot's blanks, sorted by blank", () => {
    let r = setPart("hotspot", null, 2, "C");
    r = setPart("hotspot", r, 1, "A");
    expect(r).toEqual(["1=A", "2=C"]);
    expect(setPart("hotspot", r, 2, null)).toEqual(["1=A"]);
    expect(setPart("hotspot", ["1=A"], 1, null)).toBeNull();
  });

  it("moves an ordering's step from its old place to the new one", () => {
    expect(setPart("ordering", ["1=B", "2=D"], 3, "B")).toEqual(["2=D", "3=B"]);
  });

  it("moves a matching value that may be used once, and copies one that may be reused", () => {
    expect(setPart("matching", ["1=A"], 2, "A", { reuseValues: false })).toEqual(["2=A"]);
    expect(setPart("matching", ["1=A"], 2, "A", { reuseValues: true })).toEqual(["1=A", "2=A"]);
  });

  it("ignores a part or key it cannot store", () => {
    expect(setPart("hotspot", ["1=A"], 0, "B")).toEqual(["1=A"]);
    expect(setPart("hotspot", ["1=A"], 10, "B")).toEqual(["1=A"]);
    expect(setPart("hotspot", ["1=A"], 2, "Z")).toEqual(["1=A"]);
  });

  it("reads the key per part back", () => {
    expect(partValues(["1=B", "3=A"], 3)).toEqual(["B", null, "A"]);
    expect(partValues(null, 2)).toEqual([null, null]);
  });
});

describe("responseFits", () => {
  it("accepts each kind's own shape only", async () => {
    const { responseFits } = await import("./responses");
    expect(responseFits("single", ["B"])).toBe(true);
    expect(responseFits("single", ["A", "B"])).toBe(false);
    expect(responseFits("multiple", ["A", "C"])).toBe(true);
    expect(responseFits("multiple", ["Y"])).toBe(false);
    expect(responseFits("yes-no", ["N"])).toBe(true);
    expect(responseFits("yes-no", ["A"])).toBe(false);
    expect(responseFits("hotspot", ["1=A", "2=C"])).toBe(true);
    expect(responseFits("matching", ["A"])).toBe(false);
    expect(responseFits("ordering", null)).toBe(true);
  });
});
