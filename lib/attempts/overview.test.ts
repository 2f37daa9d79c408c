import { describe, expect, it } from "vitest";
import { MICROSOFT_RETAKE_POLICY } from "@/lib/policy/retake";
import { buildRetakeOverview, type AttemptView } from "./overview";

const DAY = 86_400_000;
const base: Omit<AttemptView, "id" | "takenAt" | "outcome" | "score"> = {
  certExpiresAt: null,
  readings: [],
  hardestDomains: [],
  slowItemTypes: [],
  misreadCategories: [],
  misreadNotes: "",
  notes: "",
};

function a(id: string, takenAt: string, outcome: AttemptView["outcome"], score: number | null, readings: AttemptView["readings"] = []): AttemptView {
  return { ...base, id, takenAt: new Date(takenAt), outcome, score, readings };
}

describe("buildRetakeOverview", () => {
  it("allows a first attempt with no history and gives no advice", () => {
    const o = buildRetakeOverview({ attempts: [], policy: MICROSOFT_RETAKE_POLICY, passingScore: 700, now: new Date() });
    expect(o.decision.allowed).toBe(true);
    expect(o.reason).toBeNull();
    expect(o.advice).toBeNull();
    expect(o.attemptsLeftNow).toBe(5);
  });

  it("blocks for 24 hours after a first near pass and recommends three days after the attempt", () => {
    const now = new Date("2026-11-20T12:00:00Z");
    const o = buildRetakeOverview({
      attempts: [
        a("1", "2026-11-20T09:00:00Z", "fail", 680, [
          { domain: "identity-governance", bar: 72 },
          { domain: "storage", bar: 45 },
          { domain: "compute", bar: 75 },
          { domain: "networking", bar: 70 },
          { domain: "monitoring", bar: 74 },
        ]),
      ],
      policy: MICROSOFT_RETAKE_POLICY,
      passingScore: 700,
      now,
    });
    expect(o.decision.allowed).toBe(false);
    expect(o.decision.earliestAt?.toISOString()).toBe("2026-11-21T09:00:00.000Z");
    expect(o.reason).toMatch(/24-hour/);
    expect(o.advice?.pattern).toBe("near-pass");
    expect(o.advice?.weakDomains).toEqual(["storage"]);
    expect(o.advice?.recommendedAt.toISOString()).toBe("2026-11-23T09:00:00.000Z");
    expect(o.attemptsUsedNow).toBe(1);
  });

  it("never recommends a date before the policy's earliest instant", () => {
    const t0 = new Date("2026-01-05T09:00:00Z").getTime();
    const attempts = [0, 2, 17, 32, 47].map((d, i) => a(String(i), new Date(t0 + d * DAY).toISOString(), "fail", 690));
    const o = buildRetakeOverview({ attempts, policy: MICROSOFT_RETAKE_POLICY, passingScore: 700, now: new Date(t0 + 50 * DAY) });
    expect(o.decision.blockedBy).toBe("attempt-limit");
    expect(o.advice!.recommendedAt.getTime()).toBeGreaterThanOrEqual(o.decision.earliestAt!.getTime());
    expect(o.attemptsLeftNow).toBe(0);
  });

  it("gives no advice after a pass and blocks until the certification expires", () => {
    const now = new Date("2026-06-01T00:00:00Z");
    const pass = { ...a("p", "2026-05-01T09:00:00Z", "pass", 780), certExpiresAt: new Date("2027-05-01T00:00:00Z") };
    const o = buildRetakeOverview({ attempts: [pass], policy: MICROSOFT_RETAKE_POLICY, passingScore: 700, now });
    expect(o.advice).toBeNull();
    expect(o.decision.blockedBy).toBe("passed");
    expect(o.decision.earliestAt?.toISOString()).toBe("2027-05-01T00:00:00.000Z");
  });
});
