import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DOMAIN_KEYS, type DomainKey } from "../exam/az104";
import { blueprintCounts, EXAM_BLUEPRINT_WEIGHTS } from "./blueprint";
import { CATEGORY_DOMAIN_WEAKNESS, drawPracticeSet, mulberry32, retestWeights, RETEST_WEAKNESS_BOOST, type PoolItem } from "./draw";

/** `families` families per domain, each with `variants` variants: ids like "storage-f3-v1". */
function makePool(families: number, variants: number, domains: readonly DomainKey[] = DOMAIN_KEYS): PoolItem[] {
  const pool: PoolItem[] = [];
  for (const domain of domains) {
    for (let f = 0; f < families; f++) {
      for (let v = 0; v < variants; v++) {
        pool.push({ id: `${domain}-f${f}-v${v}`, domain, family: `${domain}-f${f}`, tier: v === 0 ? "core" : "edge" });
      }
    }
  }
  return pool;
}

const byId = (pool: PoolItem[]) => new Map(pool.map((p) => [p.id, p]));

function domainCounts(ids: string[], pool: PoolItem[]): Record<DomainKey, number> {
  const index = byId(pool);
  const counts = Object.fromEntries(DOMAIN_KEYS.map((d) => [d, 0])) as Record<DomainKey, number>;
  for (const id of ids) counts[index.get(id)!.domain]++;
  return counts;
}

const none = new Set<string>();

describe("mulberry32", () => {
  it("is deterministic for a seed and stays in [0, 1)", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(mulberry32(43)()).not.toBe(mulberry32(42)());
  });
});

describe("drawPracticeSet: timed-mixed", () => {
  const pool = makePool(20, 3); // 60 per domain, 20 families each

  it("follows the blueprint exactly when every domain has room", () => {
    for (const seed of [1, 2, 3]) {
      const ids = drawPracticeSet({ mode: "timed-mixed", size: 50, pool, recentlySeen: none, rng: mulberry32(seed) });
      expect(ids).toHaveLength(50);
      expect(domainCounts(ids, pool)).toEqual(blueprintCounts(50, EXAM_BLUEPRINT_WEIGHTS));
    }
  });

  it("matches the blueprint within tolerance over many seeded draws with random recent history", () => {
    const totals = Object.fromEntries(DOMAIN_KEYS.map((d) => [d, 0])) as Record<DomainKey, number>;
    let drawn = 0;
    for (let seed = 0; seed < 300; seed++) {
      const rng = mulberry32(seed);
      const size = 10 + Math.floor(rng() * 51); // 10–60 questions, like short and full sets
      const recentlySeen = new Set(pool.filter(() => rng() < 0.5).map((p) => p.id));
      const ids = drawPracticeSet({ mode: "timed-mixed", size, pool, recentlySeen, rng });
      expect(ids.filter((id) => recentlySeen.has(id))).toEqual([]);
      const counts = domainCounts(ids, pool);
      for (const d of DOMAIN_KEYS) totals[d] += counts[d];
      drawn += ids.length;
    }
    const weightSum = EXAM_BLUEPRINT_WEIGHTS.reduce((s, w) => s + w.weight, 0);
    for (const w of EXAM_BLUEPRINT_WEIGHTS) {
      expect(Math.abs(totals[w.domain] / drawn - w.weight / weightSum)).toBeLessThan(0.01);
    }
  });

  it("never repeats a question, even when the pool lists an id twice", () => {
    const doubled = [...pool, ...pool.slice(0, 10)];
    const ids = drawPracticeSet({ mode: "timed-mixed", size: 300, pool: doubled, recentlySeen: none, rng: mulberry32(7) });
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(pool.length);
  });

  it("avoids recently seen questions while the pool allows, then uses them", () => {
    const rng = mulberry32(11);
    const recentlySeen = new Set(pool.filter((_, i) => i % 3 !== 0).map((p) => p.id)); // 200 of 300 recent
    const fresh = pool.length - recentlySeen.size;

    const small = drawPracticeSet({ mode: "timed-mixed", size: 60, pool, recentlySeen, rng });
    expect(small.filter((id) => recentlySeen.has(id))).toEqual([]);

    const large = drawPracticeSet({ mode: "timed-mixed", size: fresh + 10, pool, recentlySeen, rng });
    expect(large).toHaveLength(fresh + 10);
    expect(large.filter((id) => recentlySeen.has(id))).toHaveLength(10);
  });

  it("draws at most one variant per family while the pool allows", () => {
    const ids = drawPracticeSet({ mode: "timed-mixed", size: 100, pool, recentlySeen: none, rng: mulberry32(5) });
    const families = ids.map((id) => byId(pool).get(id)!.family);
    expect(new Set(families).size).toBe(100); // 100 families exist, so all distinct
  });

  it("prefers a fresh variant of another family over a recently seen item or a family repeat", () => {
    const tiny: PoolItem[] = [
      { id: "a1", domain: "storage", family: "fa", tier: "core" },
      { id: "a2", domain: "storage", family: "fa", tier: "edge" },
      { id: "b1", domain: "storage", family: "fb", tier: "core" },
      { id: "c1", domain: "storage", family: "fc", tier: "core" },
    ];
    const ids = drawPracticeSet({
      mode: "timed-mixed",
      size: 2,
      pool: tiny,
      recentlySeen: new Set(["b1"]),
      rng: mulberry32(3),
    });
    expect(ids).toContain("c1");
    expect(ids.filter((id) => id.startsWith("a"))).toHaveLength(1);
  });

  it("fills a short domain's seats from the other domains in proportion to their weights", () => {
    const shortPool = [
      ...makePool(40, 1, ["identity-governance", "storage", "compute", "networking"]),
      { id: "mon-only", domain: "monitoring" as const, family: "mon-f", tier: "core" as const },
    ];
    const ids = drawPracticeSet({ mode: "timed-mixed", size: 60, pool: shortPool, recentlySeen: none, rng: mulberry32(9) });
    const counts = domainCounts(ids, shortPool);
    expect(ids).toHaveLength(60);
    // The blueprint for 60 is 15/11/15/11/8. Monitoring has 1 item, so its 7 missing seats are
    // apportioned 22.5 : 17.5 : 22.5 : 17.5 over the others, i.e. 2/2/2/1.
    expect(counts).toEqual({ "identity-governance": 17, storage: 13, compute: 17, networking: 12, monitoring: 1 });
  });

  it("returns the whole pool when the set is larger than the pool, and [] for size 0", () => {
    const small = makePool(1, 2);
    const ids = drawPracticeSet({ mode: "timed-mixed", size: 50, pool: small, recentlySeen: none, rng: mulberry32(1) });
    expect([...ids].sort()).toEqual(small.map((p) => p.id).sort());
    expect(drawPracticeSet({ mode: "timed-mixed", size: 0, pool: small, recentlySeen: none, rng: mulberry32(1) })).toEqual(
      [],
    );
    expect(() =>
      drawPracticeSet({ mode: "timed-mixed", size: -1, pool: small, recentlySeen: none, rng: mulberry32(1) }),
    ).toThrow(RangeError);
  });

  it("is deterministic for a seed and shuffles the order", () => {
    const run = (seed: number) =>
      drawPracticeSet({ mode: "timed-mixed", size: 30, pool, recentlySeen: none, rng: mulberry32(seed) });
    expect(run(21)).toEqual(run(21));
    const ids = run(21);
    const domainsInOrder = ids.map((id) => byId(pool).get(id)!.domain);
    // Not grouped by domain: a shuffled set switches domain many times.
    const switches = domainsInOrder.filter((d, i) => i > 0 && d !== domainsInOrder[i - 1]).length;
    expect(switches).toBeGreaterThan(10);
  });
});

describe("drawPracticeSet: domain-focus", () => {
  const pool = makePool(10, 2);

  it("draws only from the focus domains, spread evenly", () => {
    for (let seed = 0; seed < 20; seed++) {
      const ids = drawPracticeSet({
        mode: "domain-focus",
        size: 11,
        pool,
        recentlySeen: none,
        focusDomains: ["networking", "storage"],
        rng: mulberry32(seed),
      });
      const counts = domainCounts(ids, pool);
      expect(ids).toHaveLength(11);
      expect(counts["identity-governance"] + counts.compute + counts.monitoring).toBe(0);
      expect([counts.networking, counts.storage].sort((a, b) => a - b)).toEqual([5, 6]);
    }
  });

  it("caps the set at the focus pool and requires a focus domain", () => {
    const ids = drawPracticeSet({
      mode: "domain-focus",
      size: 100,
      pool,
      recentlySeen: none,
      focusDomains: ["monitoring"],
      rng: mulberry32(1),
    });
    expect(ids).toHaveLength(20);
    expect(() =>
      drawPracticeSet({ mode: "domain-focus", size: 5, pool, recentlySeen: none, focusDomains: [], rng: mulberry32(1) }),
    ).toThrow(/focus domain/);
  });

  it("tops up a thin focus domain from the other focus domain only", () => {
    const thin = [...makePool(10, 1, ["compute"]), { id: "st-1", domain: "storage" as const, family: "st", tier: "edge" as const }];
    const ids = drawPracticeSet({
      mode: "domain-focus",
      size: 8,
      pool: [...thin, ...makePool(5, 1, ["networking"])],
      recentlySeen: none,
      focusDomains: ["compute", "storage"],
      rng: mulberry32(4),
    });
    expect(ids).toHaveLength(8);
    expect(ids).toContain("st-1");
    expect(ids.filter((id) => id.startsWith("networking"))).toEqual([]);
  });
});

describe("drawPracticeSet: retest", () => {
  it("weights domains by blueprint × (1 + boost × weakness)", () => {
    const weights = retestWeights([{ domain: "networking", weight: 1 }, { domain: "storage", weight: 0.5 }]);
    const get = (d: DomainKey) => weights.find((w) => w.domain === d)!.weight;
    expect(get("networking")).toBeCloseTo(17.5 * (1 + RETEST_WEAKNESS_BOOST));
    expect(get("storage")).toBeCloseTo(17.5 * (1 + RETEST_WEAKNESS_BOOST * 0.5));
    expect(get("compute")).toBeCloseTo(22.5);
    // Out-of-range weakness is clamped.
    expect(retestWeights([{ domain: "monitoring", weight: 7 }]).find((w) => w.domain === "monitoring")!.weight).toBeCloseTo(
      12.5 * 3,
    );
  });

  it("gives weak domains more of the set", () => {
    const pool = makePool(30, 1);
    const plain = domainCounts(
      drawPracticeSet({ mode: "retest", size: 40, pool, recentlySeen: none, rng: mulberry32(2) }),
      pool,
    );
    const weak = domainCounts(
      drawPracticeSet({
        mode: "retest",
        size: 40,
        pool,
        recentlySeen: none,
        weakDomains: [{ domain: "networking", weight: 1 }],
        rng: mulberry32(2),
      }),
      pool,
    );
    expect(plain).toEqual(blueprintCounts(40, EXAM_BLUEPRINT_WEIGHTS));
    expect(weak.networking).toBeGreaterThan(plain.networking);
    expect(weak).toEqual(blueprintCounts(40, retestWeights([{ domain: "networking", weight: 1 }])));
  });

  it("prefers unseen variants of missed families, then unseen items, then not-recent ones", () => {
    // Per domain: family m (missed) with v0 seen and v1..v2 unseen; families u0..u3 unseen; families s0..s3 seen long ago.
    const pool: PoolItem[] = [];
    const seenIds = new Set<string>();
    for (const domain of DOMAIN_KEYS) {
      for (let v = 0; v < 3; v++) pool.push({ id: `${domain}-m-v${v}`, domain, family: `${domain}-m`, tier: "core" });
      seenIds.add(`${domain}-m-v0`);
      for (let f = 0; f < 4; f++) pool.push({ id: `${domain}-u${f}`, domain, family: `${domain}-u${f}`, tier: "core" });
      for (let f = 0; f < 4; f++) {
        pool.push({ id: `${domain}-s${f}`, domain, family: `${domain}-s${f}`, tier: "core" });
        seenIds.add(`${domain}-s${f}`);
      }
    }
    const missedFamilies = new Set(DOMAIN_KEYS.map((d) => `${d}-m`));
    for (let seed = 0; seed < 25; seed++) {
      const ids = drawPracticeSet({
        mode: "retest",
        size: 10,
        pool,
        recentlySeen: none,
        seenIds,
        missedFamilies,
        rng: mulberry32(seed),
      });
      // Every domain gets at least one seat of 10, and its first pick is an unseen missed-family variant.
      for (const d of DOMAIN_KEYS) {
        expect(ids.filter((id) => id.startsWith(`${d}-m-v`) && id !== `${d}-m-v0`)).toHaveLength(1);
      }
      expect(ids.filter((id) => seenIds.has(id))).toEqual([]); // unseen items fill the rest
    }
    // With more seats than unseen families, seen-but-not-recent items come before recent ones.
    const recentlySeen = new Set(DOMAIN_KEYS.map((d) => `${d}-s0`));
    const big = drawPracticeSet({
      mode: "retest",
      size: 5 * (1 + 4 + 3),
      pool,
      recentlySeen,
      seenIds,
      missedFamilies,
      rng: mulberry32(1),
    });
    expect(big.filter((id) => recentlySeen.has(id))).toEqual([]);
  });

  it("does not draw a second variant of a missed family while other families remain", () => {
    const pool: PoolItem[] = [
      { id: "m0", domain: "storage", family: "m", tier: "core" },
      { id: "m1", domain: "storage", family: "m", tier: "edge" },
      { id: "m2", domain: "storage", family: "m", tier: "edge" },
      { id: "x0", domain: "storage", family: "x", tier: "core" },
    ];
    const ids = drawPracticeSet({
      mode: "retest",
      size: 2,
      pool,
      recentlySeen: new Set(["m0"]),
      seenIds: new Set(["m0"]),
      missedFamilies: new Set(["m"]),
      rng: mulberry32(8),
    });
    expect(ids).toContain("x0");
    expect(ids.filter((id) => id === "m1" || id === "m2")).toHaveLength(1);
  });
});

describe("drawPracticeSet properties", () => {
  const itemArb = fc.record({
    id: fc.stringMatching(/^q[0-9]{1,3}$/),
    domain: fc.constantFrom(...DOMAIN_KEYS),
    family: fc.stringMatching(/^f[0-9]{1,2}$/),
    tier: fc.constantFrom("core" as const, "edge" as const),
  });
  const inputArb = fc.record({
    mode: fc.constantFrom("timed-mixed" as const, "domain-focus" as const, "retest" as const),
    size: fc.integer({ min: 0, max: 60 }),
    // Unique ids: a repeated id is one question (covered by its own test above).
    pool: fc.uniqueArray(itemArb, { selector: (p) => p.id, maxLength: 80 }),
    recentFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    focus: fc.subarray([...DOMAIN_KEYS], { minLength: 1 }),
    weak: fc.array(fc.record({ domain: fc.constantFrom(...DOMAIN_KEYS), weight: fc.double({ min: -1, max: 2, noNaN: true }) }), {
      maxLength: 5,
    }),
    seed: fc.integer(),
  });

  it("returns distinct pool ids, min(size, eligible pool) of them, deterministically", () => {
    fc.assert(
      fc.property(inputArb, ({ mode, size, pool, recentFraction, focus, weak, seed }) => {
        const pick = mulberry32(seed ^ 0x5bd1e995);
        const recentlySeen = new Set(pool.filter(() => pick() < recentFraction).map((p) => p.id));
        const missedFamilies = new Set(pool.filter(() => pick() < 0.3).map((p) => p.family));
        const seenIds = new Set(pool.filter(() => pick() < 0.5).map((p) => p.id));
        const input = {
          mode,
          size,
          pool,
          recentlySeen,
          missedFamilies,
          seenIds,
          focusDomains: focus,
          weakDomains: weak,
        };
        const ids = drawPracticeSet({ ...input, rng: mulberry32(seed) });
        const eligible = new Set(
          pool.filter((p) => mode !== "domain-focus" || focus.includes(p.domain)).map((p) => p.id),
        );
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.length).toBe(Math.min(size, eligible.size));
        expect(ids.every((id) => eligible.has(id))).toBe(true);
        expect(drawPracticeSet({ ...input, rng: mulberry32(seed) })).toEqual(ids);
      }),
      { numRuns: 300 },
    );
  });

  it("uses a recently seen item only when the fresh eligible items are exhausted", () => {
    fc.assert(
      fc.property(inputArb, ({ mode, size, pool, recentFraction, focus, seed }) => {
        const pick = mulberry32(seed);
        const recentlySeen = new Set(pool.filter(() => pick() < recentFraction).map((p) => p.id));
        const ids = drawPracticeSet({ mode, size, pool, recentlySeen, focusDomains: focus, rng: mulberry32(seed) });
        const eligible = new Set(
          pool.filter((p) => mode !== "domain-focus" || focus.includes(p.domain)).map((p) => p.id),
        );
        const fresh = [...eligible].filter((id) => !recentlySeen.has(id)).length;
        const recentUsed = ids.filter((id) => recentlySeen.has(id)).length;
        expect(recentUsed).toBe(Math.max(0, ids.length - fresh));
      }),
      { numRuns: 300 },
    );
  });
});

describe("drawPracticeSet: the learner's notes weight the draw", () => {
  // Per domain 30 families of one item each; every third item carries the category
  // "effective-routes" (only the networking ones belong there), every other one is multiple-answer.
  function notedPool(): PoolItem[] {
    return makePool(30, 1).map((p, i) => ({ ...p, category: i % 3 === 0 ? "effective-routes" : "other", kind: i % 2 === 0 ? "multiple" : "single" }));
  }
  const share = (ids: string[], pool: PoolItem[], pred: (p: PoolItem) => boolean) => {
    const index = byId(pool);
    return ids.filter((id) => pred(index.get(id)!)).length;
  };

  it("a noted category raises its domain's share of a retest, even with flat bars", () => {
    expect(CATEGORY_DOMAIN_WEAKNESS).toBe(0.5);
    const weights = retestWeights([], [{ category: "effective-routes", weight: 1 }, { category: "nsg-rules", weight: 1 }]);
    expect(weights.find((w) => w.domain === "networking")!.weight).toBeCloseTo(17.5 * (1 + RETEST_WEAKNESS_BOOST));
    expect(retestWeights([], [{ category: "effective-routes", weight: 1 }]).find((w) => w.domain === "networking")!.weight).toBeCloseTo(17.5 * 2);
    expect(retestWeights([], [{ category: "no-such-category", weight: 1 }])).toEqual(retestWeights());
  });

  it("draws items of a noted category more often within their domain, over many seeds", () => {
    const pool = notedPool();
    let plain = 0;
    let weighted = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const base = { mode: "retest" as const, size: 25, pool, recentlySeen: none };
      plain += share(drawPracticeSet({ ...base, rng: mulberry32(seed) }), pool, (p) => p.category === "effective-routes" && p.domain === "networking");
      weighted += share(
        drawPracticeSet({ ...base, weakCategories: [{ category: "effective-routes", weight: 1 }], rng: mulberry32(seed) }),
        pool,
        (p) => p.category === "effective-routes" && p.domain === "networking",
      );
    }
    expect(weighted).toBeGreaterThan(plain * 2);
  });

  it("favours the kinds that slowed the learner in a retest, never in the exam-mix set", () => {
    const pool = notedPool();
    const multipleIn = (mode: "retest" | "timed-mixed", preferKinds?: Set<string>) => {
      let n = 0;
      for (let seed = 1; seed <= 60; seed++) {
        n += share(drawPracticeSet({ mode, size: 25, pool, recentlySeen: none, preferKinds, rng: mulberry32(seed) }), pool, (p) => p.kind === "multiple");
      }
      return n;
    };
    expect(multipleIn("retest", new Set(["multiple"]))).toBeGreaterThan(multipleIn("retest") * 1.15);
    expect(multipleIn("timed-mixed", new Set(["multiple"]))).toBe(multipleIn("timed-mixed"));
  });
});
