import { describe, expect, it } from "vitest";
import { ownVariationsPerSet, serveOwnVariations, type SetItem } from "./own-variations";

const item = (id: string, domain: SetItem["domain"], family: string): SetItem => ({ id, domain, family });

const drawn: SetItem[] = [
  item("net-1", "networking", "nsg-rules"),
  item("stg-1", "storage", "sas-network"),
  item("stg-2", "storage", "lifecycle"),
  item("mon-1", "monitoring", "backup-restore"),
];

const domainCounts = (ids: string[], all: SetItem[]) => {
  const byId = new Map(all.map((i) => [i.id, i.domain]));
  const counts: Record<string, number> = {};
  for (const id of ids) counts[byId.get(id)!] = (counts[byId.get(id)!] ?? 0) + 1;
  return counts;
};

describe("serving a learner's own variations in a retest", () => {
  it("replaces the drawn sibling of the same family, keeping the set's size, order and domain counts", () => {
    const mine = item("lv-a", "storage", "sas-network");
    const out = serveOwnVariations(drawn, [mine], 2);
    expect(out).toEqual(["net-1", "lv-a", "stg-2", "mon-1"]);
    expect(domainCounts(out, [...drawn, mine])).toEqual(domainCounts(drawn.map((d) => d.id), drawn));
  });

  it("without a sibling in the set, takes the place of another question of the same domain", () => {
    const mine = item("lv-b", "monitoring", "alert-rules");
    expect(serveOwnVariations(drawn, [mine], 2)).toEqual(["net-1", "stg-1", "stg-2", "lv-b"]);
  });

  it("skips a variation whose domain is not in the set, rather than bend the domain counts", () => {
    expect(serveOwnVariations(drawn, [item("lv-c", "compute", "vm-resize")], 2)).toEqual(drawn.map((d) => d.id));
  });

  it("serves at most the cap, oldest first, and one variation per family", () => {
    const vs = [item("lv-1", "storage", "sas-network"), item("lv-2", "storage", "sas-network"), item("lv-3", "networking", "nsg-rules"), item("lv-4", "storage", "lifecycle")];
    expect(serveOwnVariations(drawn, vs, 2)).toEqual(["lv-3", "lv-1", "stg-2", "mon-1"]);
    expect(serveOwnVariations(drawn, vs, 3)).toEqual(["lv-3", "lv-1", "lv-4", "mon-1"]);
  });

  it("never serves the same variation twice and never replaces one variation with another", () => {
    const twoStorage = [item("lv-x", "storage", "f1"), item("lv-y", "storage", "f2"), item("lv-z", "storage", "f3")];
    const out = serveOwnVariations(drawn, [...twoStorage, twoStorage[0]!], 5);
    expect(out.filter((id) => id.startsWith("lv-")).sort()).toEqual(["lv-x", "lv-y"]);
    expect(new Set(out).size).toBe(out.length);
  });

  it("caps a set at one variation per ten questions, and at least one", () => {
    expect(ownVariationsPerSet(0)).toBe(0);
    expect(ownVariationsPerSet(5)).toBe(1);
    expect(ownVariationsPerSet(20)).toBe(2);
    expect(ownVariationsPerSet(50)).toBe(5);
  });
});
