import { describe, expect, it } from "vitest";
import { DOMAIN_KEYS, type DomainKey } from "../exam/az104";
import { blueprintCounts, EXAM_BLUEPRINT_WEIGHTS } from "./blueprint";
import { mulberry32, type PoolItem } from "./draw";
import { drawExamShapedSet, groupUnits, shapeTargets, type GroupUnit } from "./set-shape";

function bank(): { pool: PoolItem[]; groups: GroupUnit[]; kindOf: Map<string, string> } {
  const pool: PoolItem[] = [];
  DOMAIN_KEYS.forEach((domain, d) => {
    for (let i = 0; i < 40; i++) pool.push({ id: `${domain}-c${i}`, domain, family: `${domain}-f${i}`, tier: i % 3 ? "core" : "edge", kind: i % 5 ? "single" : "multiple" });
    for (const kind of ["hotspot", "ordering", "matching"]) {
      for (let i = 0; i < 3; i++) pool.push({ id: `${domain}-${kind}${i}`, domain, family: `${domain}-${kind}-f${i}`, tier: "core", kind });
    }
    void d;
  });
  const groups: GroupUnit[] = [];
  for (let s = 0; s < 3; s++) {
    const domain = DOMAIN_KEYS[s]!;
    groups.push({ id: `series-${s}`, kind: "yes-no-series", members: [0, 1, 2].map((i) => ({ id: `series-${s}-${i}`, domain, family: `series-${s}`, tier: "core", kind: "yes-no" })) });
  }
  for (let c = 0; c < 2; c++) {
    groups.push({
      id: `case-${c}`,
      kind: "case-study",
      members: DOMAIN_KEYS.slice(c, c + 4).map((domain, i) => ({ id: `case-${c}-${i}`, domain, family: `case-${c}-f${i}`, tier: "core", kind: i === 1 ? "hotspot" : "single" })),
    });
  }
  const kindOf = new Map<string, string>([...pool, ...groups.flatMap((g) => g.members)].map((p) => [p.id, p.kind!]));
  return { pool, groups, kindOf };
}

const base = { recentlySeen: new Set<string>(), seenIds: new Set<string>() };

function blocksOf(ids: string[], group: GroupUnit) {
  const at = ids.indexOf(group.members[0]!.id);
  return at >= 0 ? ids.slice(at, at + group.members.length) : null;
}

describe("shapeTargets", () => {
  it("gives a full-length set 1 case study, 1 yes/no series, 4 hotspots and 4 drag-and-drop items", () => {
    expect(shapeTargets(50)).toEqual({ caseStudies: 1, series: 1, hotspots: 4, dragDrops: 4 });
    expect(shapeTargets(25)).toEqual({ caseStudies: 0, series: 1, hotspots: 2, dragDrops: 2 });
    // A short drill stays single and multiple choice, unless a kind slowed the learner.
    expect(shapeTargets(10)).toEqual({ caseStudies: 0, series: 0, hotspots: 0, dragDrops: 0 });
    expect(shapeTargets(10, new Set(["matching"]))).toEqual({ caseStudies: 0, series: 0, hotspots: 0, dragDrops: 2 });
  });

  it("doubles the kinds that slowed the learner, and brings a case study into a half-length set", () => {
    expect(shapeTargets(50, new Set(["hotspot", "ordering"]))).toEqual({ caseStudies: 1, series: 1, hotspots: 8, dragDrops: 8 });
    expect(shapeTargets(25, new Set(["case-study", "yes-no"]))).toEqual({ caseStudies: 1, series: 1, hotspots: 2, dragDrops: 2 });
    expect(shapeTargets(50, new Set(["yes-no"]))).toEqual({ caseStudies: 1, series: 2, hotspots: 4, dragDrops: 4 });
  });
});

describe("drawExamShapedSet", () => {
  it("draws a full-length timed set in the exam's shape, groups kept together and in order, domains by the blueprint", () => {
    const { pool, groups, kindOf } = bank();
    for (let seed = 1; seed <= 20; seed++) {
      const ids = drawExamShapedSet({ ...base, mode: "timed-mixed", size: 50, pool, groups, rng: mulberry32(seed) });
      expect(ids).toHaveLength(50);
      expect(new Set(ids).size).toBe(50);
      const cases = groups.filter((g) => g.kind === "case-study" && ids.includes(g.members[0]!.id));
      const series = groups.filter((g) => g.kind === "yes-no-series" && ids.includes(g.members[0]!.id));
      expect(cases).toHaveLength(1);
      expect(series).toHaveLength(1);
      for (const g of [...cases, ...series]) expect(blocksOf(ids, g)).toEqual(g.members.map((m) => m.id));
      const inGroups = new Set([...cases, ...series].flatMap((g) => g.members.map((m) => m.id)));
      const loose = ids.filter((id) => !inGroups.has(id));
      expect(loose.filter((id) => kindOf.get(id) === "hotspot")).toHaveLength(4);
      expect(loose.filter((id) => ["ordering", "matching"].includes(kindOf.get(id)!))).toHaveLength(4);
      // Both drag-and-drop kinds, as the exam mixes them (not four of one kind by chance).
      for (const kind of ["ordering", "matching"]) expect(loose.some((id) => kindOf.get(id) === kind), `${kind} seed ${seed}`).toBe(true);
      const domainOf = new Map([...pool, ...groups.flatMap((g) => g.members)].map((p) => [p.id, p.domain]));
      const want = blueprintCounts(50, EXAM_BLUEPRINT_WEIGHTS);
      for (const d of DOMAIN_KEYS) {
        const got = ids.filter((id) => domainOf.get(id) === d).length;
        expect(Math.abs(got - want[d]), `${d} seed ${seed}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it("gives a half-length set one ordering and one matching item, even when every ordering item was seen before", () => {
    const { pool, groups, kindOf } = bank();
    const seenIds = new Set(pool.filter((p) => p.kind === "ordering").map((p) => p.id));
    for (let seed = 1; seed <= 20; seed++) {
      const ids = drawExamShapedSet({ ...base, seenIds, mode: "timed-mixed", size: 25, pool, groups, rng: mulberry32(seed) });
      const drags = ids.filter((id) => ["ordering", "matching"].includes(kindOf.get(id)!)).map((id) => kindOf.get(id)).sort();
      expect(drags, `seed ${seed}`).toEqual(["matching", "ordering"]);
    }
  });

  it("leaves a short set without groups, and takes only groups wholly inside the focus domains", () => {
    const { pool, groups, kindOf } = bank();
    const short = drawExamShapedSet({ ...base, mode: "timed-mixed", size: 10, pool, groups, rng: mulberry32(3) });
    expect(short).toHaveLength(10);
    expect(short.some((id) => id.startsWith("series-") || id.startsWith("case-"))).toBe(false);
    expect(short.every((id) => ["single", "multiple"].includes(kindOf.get(id)!))).toBe(true);
    const focus: DomainKey[] = ["identity-governance"];
    const focused = drawExamShapedSet({ ...base, mode: "domain-focus", focusDomains: focus, size: 25, pool, groups, rng: mulberry32(4) });
    expect(focused).toHaveLength(25);
    expect(focused.filter((id) => id.startsWith("series-0-"))).toEqual(["series-0-0", "series-0-1", "series-0-2"]);
    expect(focused.some((id) => id.startsWith("case-"))).toBe(false);
    expect(focused.every((id) => id.startsWith("identity-governance") || id.startsWith("series-0"))).toBe(true);
    expect(focused.filter((id) => kindOf.get(id) === "hotspot")).toHaveLength(2);
  });

  it("weights a retest toward the kinds that slowed the learner, and prefers unseen groups", () => {
    const { pool, groups, kindOf } = bank();
    const seenIds = new Set(groups.filter((g) => g.id !== "series-2").flatMap((g) => g.members.map((m) => m.id)));
    const ids = drawExamShapedSet({ mode: "retest", recentlySeen: new Set(), seenIds, size: 50, pool, groups, preferKinds: new Set(["hotspot"]), rng: mulberry32(9) });
    expect(ids).toHaveLength(50);
    expect(ids.filter((id) => kindOf.get(id) === "hotspot" && !id.startsWith("case-")).length).toBe(8);
    expect(ids.filter((id) => id.startsWith("series-"))).toEqual(["series-2-0", "series-2-1", "series-2-2"]);
  });

  it("draws what a pool without formats or groups allows, like the plain draw", () => {
    const pool: PoolItem[] = DOMAIN_KEYS.flatMap((domain) => Array.from({ length: 4 }, (_, i) => ({ id: `${domain}-${i}`, domain, family: `${domain}-${i}`, tier: "core" as const, kind: "single" })));
    const ids = drawExamShapedSet({ ...base, mode: "timed-mixed", size: 50, pool, rng: mulberry32(1) });
    expect(ids.sort()).toEqual(pool.map((p) => p.id).sort());
  });
});

describe("groupUnits", () => {
  it("splits rows into groups (members in order) and loose items, leaving out groups it does not know", () => {
    const row = (id: string, groupId: string | null, groupOrder: number | null) => ({ id, domain: "storage" as const, family: "f", tier: "core" as const, groupId, groupOrder });
    const { units, loose } = groupUnits([row("a", null, null), row("s2", "s", 2), row("s1", "s", 1), row("x1", "unknown", 1)], new Map([["s", "yes-no-series" as const]]));
    expect(loose.map((l) => l.id)).toEqual(["a"]);
    expect(units).toEqual([{ id: "s", kind: "yes-no-series", members: [expect.objectContaining({ id: "s1" }), expect.objectContaining({ id: "s2" })] }]);
  });
});
