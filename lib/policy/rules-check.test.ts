import { describe, expect, it } from "vitest";
import { evaluateRetake, MICROSOFT_RETAKE_POLICY, type RetakePolicy } from "./retake";
import { allRulesQuestions, buildRulesCheck, CORE_TOPICS, gradeRulesCheck, VARIANT_TOPICS, VARIANTS_PER_CHECK, waitText, type RulesTopic } from "./rules-check";

const textOf = (q: { options: { key: string; text: string }[]; correct: string }) => q.options.find((o) => o.key === q.correct)!.text;
const byId = (policy: RetakePolicy, seed = 1) => new Map(allRulesQuestions(policy, seed).map((q) => [q.id, q]));

describe("the know-the-rules check", () => {
  it("asks the chapter's three questions and two different variants, each with distinct options", () => {
    for (let seed = 0; seed < 50; seed++) {
      const check = buildRulesCheck(MICROSOFT_RETAKE_POLICY, seed);
      expect(check.slice(0, 3).map((q) => q.id)).toEqual([...CORE_TOPICS]);
      const variants = check.slice(3).map((q) => q.id);
      expect(variants).toHaveLength(VARIANTS_PER_CHECK);
      expect(new Set(variants).size).toBe(VARIANTS_PER_CHECK);
      for (const v of variants) expect(VARIANT_TOPICS).toContain(v);
      for (const q of check) {
        expect(q.options.length).toBeGreaterThanOrEqual(3);
        expect(new Set(q.options.map((o) => o.text)).size).toBe(q.options.length);
        expect(q.options.map((o) => o.key)).toEqual(["A", "B", "C", "D"].slice(0, q.options.length));
      }
    }
  });

  it("varies which variants come and where the right answer sits", () => {
    const variants = new Set<string>();
    const keys = new Set<string>();
    for (let seed = 0; seed < 60; seed++) {
      for (const q of buildRulesCheck(MICROSOFT_RETAKE_POLICY, seed)) {
        if (!(CORE_TOPICS as readonly string[]).includes(q.id)) variants.add(q.id);
        keys.add(q.correct);
      }
    }
    expect([...variants].sort()).toEqual([...VARIANT_TOPICS].sort());
    expect(keys.size).toBeGreaterThanOrEqual(3);
  });

  it("answers the chapter's questions with Microsoft's numbers from the policy module", () => {
    const q = byId(MICROSOFT_RETAKE_POLICY);
    expect(textOf(q.get("first-wait")!)).toBe(`${MICROSOFT_RETAKE_POLICY.firstRetakeWaitHours} hours`);
    expect(textOf(q.get("later-wait")!)).toBe(`${MICROSOFT_RETAKE_POLICY.laterRetakeWaitDays} days`);
    expect(textOf(q.get("attempt-limit")!)).toBe(String(MICROSOFT_RETAKE_POLICY.maxAttemptsPerWindow));
    expect(textOf(q.get("repair")!)).toMatch(/rebuild .*prove .*variations/i);
    expect(q.get("first-wait")!.explanation).toContain("24 hours");
    expect(q.get("first-wait")!.explanation).toContain("86,400,000 ms");
    expect(q.get("later-wait")!.explanation).toContain("336 hours");
    expect(q.get("attempt-limit")!.explanation).toMatch(/At most 5 attempts in the 12 months .* After the 5th/);
  });

  it("follows a different policy everywhere: no number is written into the text", () => {
    const other: RetakePolicy = { firstRetakeWaitHours: 48, laterRetakeWaitDays: 7, maxAttemptsPerWindow: 3, windowMonths: 6 };
    const q = byId(other);
    expect(textOf(q.get("first-wait")!)).toBe("48 hours");
    expect(textOf(q.get("later-wait")!)).toBe("7 days");
    expect(textOf(q.get("attempt-limit")!)).toBe("3");
    expect(q.get("later-wait")!.explanation).toContain("168 hours");
    expect(q.get("attempt-limit")!.explanation).toContain("After the 3rd");
    // Prompts, right answers and explanations carry none of Microsoft's numbers (a distractor may, by doubling 7 days).
    const said = allRulesQuestions(other).map((x) => `${x.prompt} ${textOf(x)} ${x.explanation}`).join(" ");
    expect(said).not.toMatch(/\b24 hours\b|\b14 days\b|\b12 months\b|\b5 attempts\b|86,400,000/);
    expect(said).toContain("48 hours");
  });

  it("dates its worked examples with evaluateRetake itself", () => {
    for (const policy of [MICROSOFT_RETAKE_POLICY, { firstRetakeWaitHours: 48, laterRetakeWaitDays: 7, maxAttemptsPerWindow: 3, windowMonths: 6 }]) {
      const third = byId(policy).get("third-attempt-date")!;
      const day1 = new Date(Date.UTC(2026, 2, 2, 9, 0));
      const day2 = new Date(day1.getTime() + policy.firstRetakeWaitHours * 3_600_000);
      const expected = evaluateRetake({ attempts: [{ takenAt: day1, outcome: "fail" }, { takenAt: day2, outcome: "fail" }], now: day2, policy }).earliestAt!;
      const fmt = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
      expect(textOf(third)).toBe(`${fmt.format(expected)} UTC`);
    }
    // Microsoft: five fails from 12 January 2026 fill the window; the next attempt waits for its end.
    expect(textOf(byId(MICROSOFT_RETAKE_POLICY).get("limit-date")!)).toBe("12 January 2027 at 14:30 UTC");
  });

  it("grades from the seed alone: right answers, wrong ones and blanks", () => {
    const seed = 12345;
    const check = buildRulesCheck(MICROSOFT_RETAKE_POLICY, seed);
    const allRight: Partial<Record<RulesTopic, string>> = Object.fromEntries(check.map((q) => [q.id, q.correct]));
    expect(gradeRulesCheck(MICROSOFT_RETAKE_POLICY, seed, allRight)).toMatchObject({ correct: 5, total: 5 });
    const wrongFirst = { ...allRight, "first-wait": check[0]!.options.find((o) => o.key !== check[0]!.correct)!.key };
    const blankSecond = { ...wrongFirst };
    delete blankSecond[check[1]!.id];
    const graded = gradeRulesCheck(MICROSOFT_RETAKE_POLICY, seed, blankSecond);
    expect(graded.correct).toBe(3);
    expect(graded.answers[0]).toMatchObject({ question: "first-wait", right: false });
    expect(graded.answers[1]).toMatchObject({ chosen: null, right: false });
  });

  it("says waits the way people do", () => {
    expect(waitText(24)).toBe("24 hours");
    expect(waitText(36)).toBe("36 hours");
    expect(waitText(336)).toBe("14 days");
    expect(waitText(1)).toBe("1 hour");
  });
});
