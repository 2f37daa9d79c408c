import { describe, expect, it } from "vitest";
import { formatDay, recommendRetakeDay, type RecommendedDateInput } from "./recommended-date";

const base: RecommendedDateInput = {
  latestOutcome: "fail",
  policyEarliestAt: new Date("2026-06-02T14:00:00Z"),
  workEnd: { date: "2026-06-05", source: "plan" },
  readiness: { ready: true, readyAt: new Date("2026-06-04T18:30:00Z"), missing: [] },
  timeZone: "UTC",
};

describe("the one recommended retake date", () => {
  it("is the latest of the policy's earliest date, the end of the plan and the day readiness held", () => {
    const r = recommendRetakeDay(base);
    expect(r).toMatchObject({ status: "recommended", date: "2026-06-05", binding: ["plan"] });
    expect(r.status === "recommended" && r.reason).toBe(
      "Your repair plan runs until Fri, 5 Jun 2026. That is later than: the retake policy allows your next attempt from Tue, 2 Jun 2026; readiness held on Thu, 4 Jun 2026.",
    );

    const policyLast = recommendRetakeDay({ ...base, policyEarliestAt: new Date("2026-06-16T09:00:00Z") });
    expect(policyLast).toMatchObject({ status: "recommended", date: "2026-06-16", binding: ["policy"] });

    const readyLast = recommendRetakeDay({ ...base, readiness: { ready: true, readyAt: new Date("2026-06-09T10:00:00Z"), missing: [] } });
    expect(readyLast).toMatchObject({ status: "recommended", date: "2026-06-09", binding: ["readiness"] });
    expect(readyLast.status === "recommended" && readyLast.reason).toMatch(/^Readiness held on Tue, 9 Jun 2026\./);
  });

  it("names every part that falls on the chosen day", () => {
    const r = recommendRetakeDay({ ...base, readiness: { ready: true, readyAt: new Date("2026-06-05T08:00:00Z"), missing: [] } });
    expect(r).toMatchObject({ date: "2026-06-05", binding: ["plan", "readiness"] });
  });

  it("reads instants as dates in the learner's zone", () => {
    // 23:30 UTC on 4 June is already 5 June in Auckland and still 4 June in New York.
    const late = { ...base, workEnd: { date: "2026-06-01", source: "plan" as const }, policyEarliestAt: null, readiness: { ready: true, readyAt: new Date("2026-06-04T23:30:00Z"), missing: [] } };
    expect(recommendRetakeDay({ ...late, timeZone: "Pacific/Auckland" })).toMatchObject({ date: "2026-06-05" });
    expect(recommendRetakeDay({ ...late, timeZone: "America/New_York" })).toMatchObject({ date: "2026-06-04" });
  });

  it("gives no date until readiness holds, only the earliest it could be and what is missing", () => {
    const r = recommendRetakeDay({ ...base, readiness: { ready: false, readyAt: null, missing: ["1 more qualifying set in a row at mostly edge cases, on questions new to you."] } });
    expect(r).toMatchObject({ status: "waiting-for-readiness", notBefore: "2026-06-05" });
    expect(r.reason).toBe(
      "No date yet: retest before you book. Readiness has not held (1 more qualifying set in a row at mostly edge cases, on questions new to you). Not before Fri, 5 Jun 2026: the repair work ends then.",
    );
  });

  it("without a plan, the schedule the failure pattern calls for is the end of the work", () => {
    const r = recommendRetakeDay({ ...base, workEnd: { date: "2026-06-12", source: "schedule" } });
    expect(r).toMatchObject({ date: "2026-06-12", binding: ["plan"] });
    expect(r.reason).toMatch(/^The repair schedule for your result runs until Fri, 12 Jun 2026\./);
  });

  it("has nothing to recommend after a pass or before any attempt", () => {
    expect(recommendRetakeDay({ ...base, latestOutcome: "pass" })).toEqual({ status: "none", reason: "You passed: no retake is needed.", parts: [] });
    expect(recommendRetakeDay({ ...base, latestOutcome: null }).status).toBe("none");
  });

  it("does not move with the clock: the same inputs give the same date, even once it has passed", () => {
    expect(recommendRetakeDay(base)).toEqual(recommendRetakeDay(base));
  });

  it("formats calendar dates without shifting them", () => {
    expect(formatDay("2026-12-31")).toBe("Thu, 31 Dec 2026");
  });
});
