import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assessReadiness,
  countFresh,
  examConditions,
  firstExposureItems,
  QUALIFYING_MIN_QUESTIONS,
  READINESS_MIN_FRESH,
  READY_STREAK,
  seenBefore,
  setEvidence,
  type ExposureItem,
  type ReadinessSet,
  type ReviewSeen,
} from "./readiness";

const T0 = Date.parse("2026-06-01T08:00:00Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

describe("exam conditions", () => {
  it("qualifies a Timed mixed set of 25 or more questions at two minutes a question or tighter", () => {
    expect(examConditions({ mode: "timed-mixed", size: 50, durationMinutes: 100 })).toEqual({ qualifying: true, missing: [] });
    expect(examConditions({ mode: "timed-mixed", size: 25, durationMinutes: 50 }).qualifying).toBe(true);
    expect(examConditions({ mode: "timed-mixed", size: 30, durationMinutes: 45 }).qualifying).toBe(true);
  });

  it("names what a set lacked", () => {
    expect(QUALIFYING_MIN_QUESTIONS).toBe(25);
    expect(examConditions({ mode: "timed-mixed", size: 24, durationMinutes: 48 }).missing).toEqual(["25 questions or more (this set had 24)"]);
    expect(examConditions({ mode: "timed-mixed", size: 25, durationMinutes: 60 }).missing[0]).toMatch(/^exam pace.*144 seconds/);
    expect(examConditions({ mode: "domain-focus", size: 50, durationMinutes: 100 }).missing[0]).toMatch(/^an exam mix/);
    expect(examConditions({ mode: "retest", size: 50, durationMinutes: 100 }).qualifying).toBe(false);
    expect(examConditions({ mode: "domain-focus", size: 10, durationMinutes: 100 }).missing).toHaveLength(3);
  });
});

describe("first exposure", () => {
  const givesAway = new Map([["q1", ["q2"]], ["q5", ["q6", "q7"]]]);
  const reviews: ReviewSeen[] = [
    { questionId: "q1", seenAt: at(10) },
    { questionId: "q5", seenAt: at(30) },
  ];

  it("counts a review, and the siblings it gives away, from the moment it was shown", () => {
    expect([...seenBefore(at(10), reviews, givesAway)]).toEqual([]);
    expect([...seenBefore(at(11), reviews, givesAway)].sort()).toEqual(["q1", "q2"]);
    expect([...seenBefore(at(31), reviews, givesAway)].sort()).toEqual(["q1", "q2", "q5", "q6", "q7"]);
  });

  it("gives-away is one-way: reviewing q2 does not make q1 seen", () => {
    expect([...seenBefore(at(99), [{ questionId: "q2", seenAt: at(0) }], givesAway)]).toEqual(["q2"]);
  });

  it("keeps only items never met in an earlier set, never reviewed or given away, not private, once each", () => {
    const item = (questionId: string, extra: Partial<ExposureItem> = {}): ExposureItem => ({ questionId, tier: "core", correct: true, ...extra });
    const items = [item("q1"), item("q2"), item("q3"), item("q4"), item("q6"), item("q8", { private: true }), item("q9"), item("q9")];
    const fresh = firstExposureItems(items, at(20), { metBefore: new Set(["q3"]), reviews, givesAway });
    // q1, q2: reviewed (and given away) before the submission; q3 met in an earlier set; q6: its
    // giver was reviewed only after this submission; q8 is the learner's own variation.
    expect(fresh.map((i) => i.questionId)).toEqual(["q4", "q6", "q9"]);
  });

  it("counts misses among the fresh items by tier, unanswered included", () => {
    expect(
      countFresh([
        { questionId: "a", tier: "core", correct: true },
        { questionId: "b", tier: "core", correct: false },
        { questionId: "c", tier: "core", correct: null },
        { questionId: "d", tier: "edge", correct: false },
      ]),
    ).toEqual({ fresh: 4, coreMisses: 2, edgeMisses: 1 });
  });
});

describe("what one set says", () => {
  const qualifying = { mode: "timed-mixed" as const, size: 50, durationMinutes: 100 };

  it("a set not under exam conditions is practice, whatever its split", () => {
    expect(setEvidence({ mode: "domain-focus", size: 24, durationMinutes: 48, fresh: { fresh: 24, coreMisses: 0, edgeMisses: 1 } }).kind).toBe("practice");
    expect(setEvidence({ mode: "timed-mixed", size: 10, durationMinutes: 20, fresh: { fresh: 10, coreMisses: 0, edgeMisses: 0 } }).kind).toBe("practice");
  });

  it("a qualifying set with too few new questions is not enough evidence, saying how many it had", () => {
    expect(READINESS_MIN_FRESH).toBe(20);
    expect(setEvidence({ ...qualifying, fresh: { fresh: 19, coreMisses: 0, edgeMisses: 0 } })).toEqual({
      kind: "not-enough-evidence",
      fresh: 19,
      missing: ["20 or more questions you meet for the first time (this set had 19)"],
    });
  });

  it("otherwise applies the core/edge rule to the new questions only", () => {
    expect(setEvidence({ ...qualifying, fresh: { fresh: 30, coreMisses: 0, edgeMisses: 0 } }).kind).toBe("mostly-edge");
    expect(setEvidence({ ...qualifying, fresh: { fresh: 30, coreMisses: 2, edgeMisses: 3 } }).kind).toBe("mostly-edge");
    expect(setEvidence({ ...qualifying, fresh: { fresh: 30, coreMisses: 1, edgeMisses: 1 } }).kind).toBe("core-gaps");
  });

  it("a set submitted before first exposure was recorded is not measured", () => {
    expect(setEvidence({ ...qualifying, fresh: null })).toEqual({ kind: "not-measured" });
  });
});

describe("readiness over the sets", () => {
  let n = 0;
  const set = (minute: number, fresh: ReadinessSet["fresh"], shape: Partial<ReadinessSet> = {}): ReadinessSet => ({
    id: `s${++n}`,
    mode: "timed-mixed",
    size: 50,
    durationMinutes: 100,
    startedAt: at(minute),
    submittedAt: at(minute + 90),
    fresh,
    ...shape,
  });
  const edge = { fresh: 40, coreMisses: 0, edgeMisses: 4 };
  const core = { fresh: 40, coreMisses: 5, edgeMisses: 1 };
  const thin = { fresh: 8, coreMisses: 0, edgeMisses: 0 };

  it("with no sets: not enough evidence yet, and it says what a qualifying set is", () => {
    const r = assessReadiness([], { since: null });
    expect(r).toMatchObject({ state: "not-enough-evidence", ready: false, readyAt: null, streak: 0 });
    expect(r.missing[0]).toMatch(/Timed mixed set of 25 questions or more at exam pace/);
  });

  it(`is ready after ${READY_STREAK} qualifying sets in a row at mostly edge cases, from the second one's submission`, () => {
    const a = set(0, edge);
    const b = set(200, edge);
    const one = assessReadiness([a], { since: null });
    expect(one).toMatchObject({ state: "mostly-edge", ready: false, streak: 1 });
    expect(one.missing).toEqual(["1 more qualifying set in a row at mostly edge cases, on questions new to you."]);
    const two = assessReadiness([b, a], { since: null });
    expect(two).toMatchObject({ state: "mostly-edge", ready: true, streak: 2, missing: [] });
    expect(two.readyAt).toEqual(b.submittedAt);
    // A third set keeps the date at which readiness began to hold.
    expect(assessReadiness([a, b, set(400, edge)], { since: null }).readyAt).toEqual(b.submittedAt);
  });

  it("a core-gaps set breaks the streak and says so", () => {
    const r = assessReadiness([set(0, edge), set(200, core), set(400, edge)], { since: null });
    expect(r).toMatchObject({ state: "mostly-edge", ready: false, streak: 1 });
    const gaps = assessReadiness([set(0, edge), set(200, edge), set(400, core)], { since: null });
    expect(gaps).toMatchObject({ state: "core-gaps", ready: false, readyAt: null, streak: 0 });
    expect(gaps.missing[0]).toMatch(/missed core workflows \(5 core and 1 edge misses on new questions\)/);
  });

  it("short, domain-focus and thin sets neither count nor break a streak", () => {
    const r = assessReadiness(
      [set(0, edge), set(100, null, { mode: "domain-focus", size: 24, durationMinutes: 48 }), set(200, thin), set(300, { ...core }, { size: 10, durationMinutes: 20 }), set(400, edge)],
      { since: null },
    );
    expect(r).toMatchObject({ ready: true, streak: 2 });
    expect(r.history.map((h) => h.evidence.kind)).toEqual(["mostly-edge", "practice", "not-enough-evidence", "practice", "mostly-edge"]);
  });

  it("says so when the latest qualifying set had too few new questions", () => {
    const r = assessReadiness([set(0, edge), set(200, thin)], { since: null });
    expect(r.missing[0]).toBe("Your latest qualifying set had 8 questions you met for the first time; 20 are needed for a set to count.");
  });

  it("counts only sets started since the latest attempt, listing the older ones", () => {
    const r = assessReadiness([set(0, edge), set(200, edge), set(400, edge)], { since: at(300) });
    expect(r).toMatchObject({ ready: false, streak: 1 });
    expect(r.history.map((h) => h.counts)).toEqual([false, false, true]);
  });
});

// ---------------------------------------------------------------------------------------------
// The point of it all: recognition is not readiness.
// ---------------------------------------------------------------------------------------------

interface BankItem {
  id: string;
  tier: "core" | "edge";
  family: string;
}

/** A bank of `families` families of `size` variants; each variant's review gives away the others. */
function bank(families: number, size = 3): { items: BankItem[]; givesAway: Map<string, string[]> } {
  const items: BankItem[] = [];
  for (let f = 0; f < families; f++) {
    for (let v = 0; v < size; v++) items.push({ id: `f${f}-v${v}`, tier: v === 0 ? "edge" : "core", family: `f${f}` });
  }
  const givesAway = new Map(items.map((i) => [i.id, items.filter((j) => j.family === i.family && j.id !== i.id).map((j) => j.id)]));
  return { items, givesAway };
}

/**
 * Plays sets through the same path the server takes: at each submission the set's first-exposure
 * items are counted against everything met or reviewed before, then its review is shown.
 */
function play(
  sets: { items: BankItem[]; correct: (i: BankItem) => boolean | null; viewReview: boolean; mode?: ReadinessSet["mode"] }[],
  givesAway: Map<string, string[]>,
) {
  const reviews: ReviewSeen[] = [];
  const met = new Set<string>();
  const stored: ReadinessSet[] = [];
  sets.forEach((s, k) => {
    const startedAt = at(k * 1000);
    const submittedAt = at(k * 1000 + 100);
    const items = s.items.map((i) => ({ questionId: i.id, tier: i.tier, correct: s.correct(i) }));
    const fresh = countFresh(firstExposureItems(items, submittedAt, { metBefore: new Set(met), reviews, givesAway }));
    stored.push({ id: `set${k}`, mode: s.mode ?? "timed-mixed", size: s.items.length, durationMinutes: 2 * s.items.length, startedAt, submittedAt, fresh });
    for (const i of s.items) met.add(i.id);
    if (s.viewReview) for (const i of s.items) reviews.push({ questionId: i.id, seenAt: at(k * 1000 + 200) });
  });
  return assessReadiness(stored, { since: null });
}

describe("a memorised set never reads as ready", () => {
  it("re-sitting the questions whose reviews were read, all answered right, is no evidence", () => {
    const { items, givesAway } = bank(20);
    const first = items.slice(0, 30);
    // The first sitting shows core gaps; afterwards the learner knows every answer by heart.
    const r = play(
      [
        { items: first, correct: (i) => i.tier === "edge", viewReview: true },
        { items: first, correct: () => true, viewReview: true },
        { items: [...first].reverse(), correct: () => true, viewReview: true },
      ],
      givesAway,
    );
    expect(r.ready).toBe(false);
    expect(r.history.map((h) => h.evidence.kind)).toEqual(["core-gaps", "not-enough-evidence", "not-enough-evidence"]);
  });

  it("siblings a read review gives away are not new either", () => {
    const { items, givesAway } = bank(30);
    const v0 = items.filter((i) => i.id.endsWith("-v0"));
    const v1 = items.filter((i) => i.id.endsWith("-v1"));
    const v2 = items.filter((i) => i.id.endsWith("-v2"));
    const r = play(
      [
        { items: v0, correct: () => true, viewReview: true },
        { items: v1, correct: () => true, viewReview: true },
        { items: v2, correct: () => true, viewReview: true },
      ],
      givesAway,
    );
    expect(r.history.map((h) => h.evidence.kind)).toEqual(["mostly-edge", "not-enough-evidence", "not-enough-evidence"]);
    expect(r.ready).toBe(false);
  });

  it("two qualifying sets of unseen questions at mostly edge cases do read as ready", () => {
    const { items, givesAway } = bank(30);
    const v0 = items.filter((i) => i.id.endsWith("-v0"));
    const rest = items.filter((i) => !i.id.endsWith("-v0"));
    // Unrelated families in each set: nothing the first review shows gives the second away.
    const r = play(
      [
        { items: v0.slice(0, 15).concat(rest.filter((i) => Number(i.family.slice(1)) < 15).slice(0, 15)), correct: (i) => i.tier === "core", viewReview: true },
        { items: items.filter((i) => Number(i.family.slice(1)) >= 15).slice(0, 30), correct: (i) => i.tier === "core", viewReview: true },
      ],
      givesAway,
    );
    expect(r.history.map((h) => h.evidence.kind)).toEqual(["mostly-edge", "mostly-edge"]);
    expect(r.ready).toBe(true);
  });

  it("property: however many sets, drawn only from questions met or reviewed before, answered perfectly — never ready", () => {
    const { items, givesAway } = bank(40);
    fc.assert(
      fc.property(
        // A first honest sitting of some questions (its result is whatever it is) …
        fc.shuffledSubarray(items, { minLength: 25, maxLength: 60 }),
        fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
        // … then any number of sets drawn from what the learner has already met or been shown.
        fc.array(fc.tuple(fc.array(fc.nat(), { minLength: 25, maxLength: 50 }), fc.boolean()), { minLength: 1, maxLength: 6 }),
        (firstSitting, firstResults, later) => {
          const shown = new Set<string>();
          for (const i of firstSitting) {
            shown.add(i.id);
            for (const s of givesAway.get(i.id) ?? []) shown.add(s);
          }
          const known = items.filter((i) => shown.has(i.id));
          const firstCorrect = new Map(firstSitting.map((i, k) => [i.id, firstResults[k]!]));
          const sets = [
            // The first sitting, right or wrong at random: at most one set of evidence.
            { items: firstSitting, correct: (i: BankItem) => firstCorrect.get(i.id) ?? false, viewReview: true },
            ...later.map(([picks, review]) => ({
              items: [...new Map(picks.map((p) => known[p % known.length]!).map((i) => [i.id, i])).values()],
              correct: () => true as const,
              viewReview: review,
            })),
          ];
          const r = play(sets, givesAway);
          // The first sitting is the only possible evidence, and one set is never a streak.
          expect(r.ready).toBe(false);
          expect(r.history.slice(1).every((h) => h.evidence.kind !== "mostly-edge" && h.evidence.kind !== "core-gaps")).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("first-exposure misses with partial credit", () => {
  it("count what each item lacks of full credit", async () => {
    const { countFresh } = await import("./readiness");
    expect(
      countFresh([
        { questionId: "h", tier: "core", correct: false, score: 0.6667 },
        { questionId: "m", tier: "edge", correct: false, score: 0.5 },
        { questionId: "s", tier: "core", correct: true },
        { questionId: "u", tier: "edge", correct: null, score: 1 },
      ]),
    ).toEqual({ fresh: 4, coreMisses: 0.3333, edgeMisses: 1.5 });
  });
});
