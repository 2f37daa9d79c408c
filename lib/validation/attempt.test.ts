import { describe, expect, it } from "vitest";
import { DOMAIN_KEYS } from "@/lib/exam/az104";
import { attemptFormSchema } from "./attempt";

const ctx = { timeZone: "UTC", passingScore: 700, maxScore: 1000, now: new Date("2026-06-10T12:00:00Z") };
const bars = Object.fromEntries(DOMAIN_KEYS.map((k) => [`bar_${k}`, "70"]));
const fail = { takenAt: "2026-06-01T09:00", outcome: "fail", score: "690", ...bars };

describe("the attempt form's pacing section", () => {
  it("reads the three answers, each optional", () => {
    const a = attemptFormSchema(ctx).parse({ ...fail, ranOutOfTime: "yes", unansweredOrGuessed: " 8 ", halfwayMinutesLeft: "35" });
    expect(a.pacing).toEqual({ ranOutOfTime: true, unansweredOrGuessed: 8, halfwayMinutesLeft: 35 });
    expect(attemptFormSchema(ctx).parse({ ...fail, ranOutOfTime: "no" }).pacing).toEqual({ ranOutOfTime: false, unansweredOrGuessed: null, halfwayMinutesLeft: null });
    expect(attemptFormSchema(ctx).parse({ ...fail, ranOutOfTime: "", unansweredOrGuessed: "", halfwayMinutesLeft: "" }).pacing).toEqual({
      ranOutOfTime: null,
      unansweredOrGuessed: null,
      halfwayMinutesLeft: null,
    });
  });

  it("names the field of a bad value and keeps the rest", () => {
    const r = attemptFormSchema(ctx).safeParse({ ...fail, ranOutOfTime: "maybe", unansweredOrGuessed: "-3", halfwayMinutesLeft: "9999" });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["ranOutOfTime", "unansweredOrGuessed", "halfwayMinutesLeft"]));
    expect(r.error!.issues.find((i) => i.path[0] === "halfwayMinutesLeft")!.message).toBe("Enter the minutes left as a whole number from 0 to 600, or leave it empty.");
  });

  it("refuses pacing on a no-show, which sat no exam", () => {
    const r = attemptFormSchema(ctx).safeParse({ takenAt: "2026-06-01T09:00", outcome: "no-show", ranOutOfTime: "yes" });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join("."))).toEqual(["ranOutOfTime"]);
  });
});
