import { describe, expect, it } from "vitest";
import { afterSection, closedByLeaving, sectionLeftMs, type SectionItem, type SectionKind } from "./sections";

const items: SectionItem[] = [
  { position: 1 },
  { position: 2, group: { id: "s", order: 1, size: 2 } },
  { position: 3, group: { id: "s", order: 2, size: 2 } },
  { position: 4, group: { id: "c", order: 1, size: 3 } },
  { position: 5, group: { id: "c", order: 2, size: 3 } },
  { position: 6, group: { id: "c", order: 3, size: 3 } },
  { position: 7 },
];
const kinds = new Map<string, SectionKind>([
  ["s", "yes-no-series"],
  ["c", "case-study"],
]);

describe("closedByLeaving", () => {
  it("closes a yes/no solution once the learner moves anywhere else", () => {
    expect(closedByLeaving(items, kinds, 2, 3)).toEqual({ kind: "yes-no-series", positions: [2] });
    expect(closedByLeaving(items, kinds, 3, 1)).toEqual({ kind: "yes-no-series", positions: [3] });
    expect(closedByLeaving(items, kinds, 3, "review")).toEqual({ kind: "yes-no-series", positions: [3] });
    expect(closedByLeaving(items, kinds, 2, 2)).toBeNull();
  });

  it("lets the learner move freely inside a case study and closes all of it on leaving", () => {
    expect(closedByLeaving(items, kinds, 4, 6)).toBeNull();
    expect(closedByLeaving(items, kinds, 5, 7)).toEqual({ kind: "case-study", positions: [4, 5, 6] });
    expect(closedByLeaving(items, kinds, 6, "review")).toEqual({ kind: "case-study", positions: [4, 5, 6] });
  });

  it("closes nothing when leaving a plain or an already closed item", () => {
    expect(closedByLeaving(items, kinds, 1, 7)).toBeNull();
    const closed = items.map((i) => (i.position === 2 ? { ...i, closed: true } : i));
    expect(closedByLeaving(closed, kinds, 2, 3)).toBeNull();
  });
});

describe("section time and the way out", () => {
  it("counts a case study's time from its items' times", () => {
    expect(sectionLeftMs(8, [60_000, 90_000])).toBe(8 * 60_000 - 150_000);
    expect(sectionLeftMs(1, [70_000])).toBe(0);
  });

  it("goes to the first open item after the section, else to the review", () => {
    expect(afterSection(items, [4, 5, 6])).toBe(7);
    expect(afterSection(items.map((i) => (i.position === 7 ? { ...i, closed: true } : i)), [4, 5, 6])).toBe("review");
  });
});
