import { describe, expect, it } from "vitest";
import { MICROSOFT_RETAKE_POLICY } from "@/lib/policy/retake";
import { assessReadiness } from "@/lib/practice/readiness";
import { buildRetakeOverview, retakeDayOf, type AttemptView } from "./overview";

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

  it("blocks for 24 hours after a first near pass, whose schedule ends three days after the attempt", () => {
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
    expect(o.advice?.scheduleEndAt.toISOString()).toBe("2026-11-23T09:00:00.000Z");
    expect(o.attemptsUsedNow).toBe(1);
  });

  it("never recommends a date before the policy's earliest instant", () => {
    const t0 = new Date("2026-01-05T09:00:00Z").getTime();
    const attempts = [0, 2, 17, 32, 47].map((d, i) => a(String(i), new Date(t0 + d * DAY).toISOString(), "fail", 690));
    const o = buildRetakeOverview({ attempts, policy: MICROSOFT_RETAKE_POLICY, passingScore: 700, now: new Date(t0 + 50 * DAY) });
    expect(o.decision.blockedBy).toBe("attempt-limit");
    expect(o.attemptsLeftNow).toBe(0);
    // Ready on the day after the fifth attempt: the window's end still decides.
    const ready = { ...assessReadiness([], { since: null }), ready: true, readyAt: new Date(t0 + 48 * DAY) };
    const day = retakeDayOf(o, null, ready, "UTC");
    expect(day.status).toBe("recommended");
    expect(day.status === "recommended" && day.date >= o.decision.earliestAt!.toISOString().slice(0, 10)).toBe(true);
    expect(day.status === "recommended" && day.binding).toEqual(["policy"]);
  });

  it("reads the learner's pacing notes into the failure pattern", () => {
    const flat = (["identity-governance", "storage", "compute", "networking", "monitoring"] as const).map((domain) => ({ domain, bar: 75 }));
    const attempt = { ...a("1", "2026-11-20T09:00:00Z", "fail", 695, flat), pacing: { ranOutOfTime: true, unansweredOrGuessed: 9, halfwayMinutesLeft: 30 } };
    const o = buildRetakeOverview({ attempts: [attempt], policy: MICROSOFT_RETAKE_POLICY, passingScore: 700, now: new Date("2026-11-21T12:00:00Z") });
    expect(o.advice).toMatchObject({ pattern: "pacing", weakDomains: [], pacingTrouble: true });
  });

  it("the plan's target date is the end of the work once a plan runs", () => {
    const now = new Date("2026-11-20T12:00:00Z");
    const o = buildRetakeOverview({ attempts: [a("1", "2026-11-20T09:00:00Z", "fail", 600)], policy: MICROSOFT_RETAKE_POLICY, passingScore: 700, now });
    const waiting = assessReadiness([], { since: null });
    expect(retakeDayOf(o, null, waiting, "UTC")).toMatchObject({ status: "waiting-for-readiness", notBefore: "2026-11-30" });
    expect(retakeDayOf(o, { id: "p", status: "active", targetDate: "2026-12-04" }, waiting, "UTC")).toMatchObject({ notBefore: "2026-12-04" });
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
