// "Know the rules": a short check of the retake rules and of the strongest repair behaviour. Every
// rule question, its options and its explanation are computed from a RetakePolicy (the exam's, i.e.
// MICROSOFT_RETAKE_POLICY for AZ-104) and, for the date questions, by evaluateRetake itself, so a
// changed rule changes the check with it. No text here restates a number on its own.
//
// A check holds the three questions the source chapter ends with (the wait after a first failed
// attempt, the wait after later ones, the strongest repair behaviour) and two variants drawn by a
// seed. The seed also orders each question's options, so the right one is not always first; the
// server regrades from the seed, and no answer key reaches the page before the learner answers.
//
// The check is learning about the rules, never evidence of readiness.

import { addCalendarMonthsUtc, evaluateRetake, type RetakePolicy } from "./retake";

export type RulesTopic = "first-wait" | "later-wait" | "repair" | "attempt-limit" | "after-pass" | "no-show" | "third-attempt-date" | "limit-date";

export interface RulesQuestion {
  id: RulesTopic;
  prompt: string;
  /** Shown in order A, B, C, D. */
  options: { key: string; text: string }[];
  correct: string;
  /** Why the right answer is right, from the policy's own numbers. */
  explanation: string;
}

/** The chapter's own three questions, always asked. */
export const CORE_TOPICS: readonly RulesTopic[] = ["first-wait", "later-wait", "repair"];
export const VARIANT_TOPICS: readonly RulesTopic[] = ["attempt-limit", "after-pass", "no-show", "third-attempt-date", "limit-date"];
export const VARIANTS_PER_CHECK = 2;
export const RULES_TOPICS: readonly RulesTopic[] = [...CORE_TOPICS, ...VARIANT_TOPICS];

const KEYS = ["A", "B", "C", "D"] as const;
const HOUR_MS = 3_600_000;

/** mulberry32, as the practice draw uses: small and reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], next: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const ordinal = (n: number) => `${n}${n % 10 === 1 && n % 100 !== 11 ? "st" : n % 10 === 2 && n % 100 !== 12 ? "nd" : n % 10 === 3 && n % 100 !== 13 ? "rd" : "th"}`;

/** A wait in hours as people say it: "24 hours", "3 days" (whole days past one day), "36 hours". */
export function waitText(hours: number): string {
  return hours > 24 && hours % 24 === 0 ? plural(hours / 24, "day") : plural(hours, "hour");
}

const DATE = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const dateText = (d: Date) => `${DATE.format(d)} UTC`;

/** The correct text first, then distractors that differ from it and from each other, up to four. */
function optionTexts(correct: string, distractors: string[]): string[] {
  const out = [correct];
  for (const d of distractors) if (out.length < KEYS.length && !out.includes(d)) out.push(d);
  return out;
}

interface Draft {
  id: RulesTopic;
  prompt: string;
  correct: string;
  distractors: string[];
  explanation: string;
}

function drafts(policy: RetakePolicy): Draft[] {
  const first = policy.firstRetakeWaitHours;
  // The policy states the first wait in hours, so the check says it in hours everywhere.
  const firstText = plural(first, "hour");
  const laterHours = policy.laterRetakeWaitDays * 24;
  const later = waitText(laterHours);
  const max = policy.maxAttemptsPerWindow;
  const months = policy.windowMonths;

  // A worked history for the date questions, judged by the policy module itself.
  const day1 = new Date(Date.UTC(2026, 2, 2, 9, 0));
  const day2 = new Date(day1.getTime() + first * HOUR_MS);
  const third = evaluateRetake({ attempts: [{ takenAt: day1, outcome: "fail" }, { takenAt: day2, outcome: "fail" }], now: day2, policy }).earliestAt!;

  const windowStart = new Date(Date.UTC(2026, 0, 12, 14, 30));
  const limitHistory = [windowStart];
  for (let i = 1; i < max; i++) limitHistory.push(new Date(limitHistory[i - 1]!.getTime() + (i === 1 ? first : laterHours) * HOUR_MS + 7 * 24 * HOUR_MS));
  const lastAttempt = limitHistory.at(-1)!;
  const limit = evaluateRetake({ attempts: limitHistory.map((takenAt) => ({ takenAt, outcome: "fail" as const })), now: lastAttempt, policy });
  const windowEnd = addCalendarMonthsUtc(windowStart, months);

  return [
    {
      id: "first-wait",
      prompt: "Your first attempt at the exam did not pass. How long must you wait before the next attempt is allowed?",
      correct: firstText,
      distractors: ["No wait: you may rebook at once", later, waitText(first * 3), waitText(first * 2)],
      explanation: `After a window's first attempt that does not pass, the policy asks for ${plural(first, "hour")}, counted from the attempt's own instant (${(first * HOUR_MS).toLocaleString("en-GB")} ms). It is a floor, not advice: the next day is allowed, which does not make it wise.`,
    },
    {
      id: "later-wait",
      prompt: "Your second attempt did not pass either. How long until a third attempt is allowed?",
      correct: later,
      distractors: [firstText, waitText(laterHours * 2), waitText(laterHours / 2 > first ? laterHours / 2 : laterHours + 24), "No wait after the first retake"],
      explanation: `Every attempt after the first in a window that does not pass imposes ${later}: ${plural(laterHours, "hour")} exactly, so a change to or from summer time never moves it.`,
    },
    {
      id: "repair",
      prompt: "Which way of preparing for the retake is strongest?",
      correct: "Rebuild the weak workflows by hand, prove each fix with evidence, and retest on variations of what you missed, timed",
      distractors: [
        "Repeat the questions you missed until you recognise every answer",
        `Book the first slot the policy allows (${firstText} after a first fail) while the exam is fresh`,
        "Reread the study guide for the domains you already passed",
      ],
      explanation: `Repeating missed questions trains recognition of those questions, not the skill behind them. The loop is diagnose, rebuild, prove, retest, until the misses are mostly edge cases. The policy's ${firstText} and ${later} are minimum waits, not a schedule: use them to repair.`,
    },
    {
      id: "attempt-limit",
      prompt: `How many attempts at one exam are allowed within ${plural(months, "month")}, counted from the first attempt?`,
      correct: String(max),
      distractors: [String(max + 1), String(Math.max(1, max - 2)), "As many as you like, with the waits between them", String(max * 2)],
      explanation: `At most ${max} attempts in the ${plural(months, "month")} that start with a window's first attempt. After the ${ordinal(max)}, the next is allowed at the later of ${later} after it and the window's end.`,
    },
    {
      id: "after-pass",
      prompt: "You passed the exam. When may you sit the same exam again?",
      correct: "Only once the certification has expired",
      distractors: [`After ${firstText}`, `After ${later}`, `After ${plural(months, "month")}`],
      explanation: `A pass closes the exam: the ${firstText} and ${later} waits are for attempts that did not pass. A passed exam can be taken again only when its certification has expired.`,
    },
    {
      id: "no-show",
      prompt: "You missed your exam appointment (a no-show). How does Retake Coach count it?",
      correct: "As an attempt that did not pass: the same waits apply",
      distractors: ["As no attempt at all", "As a cancelled booking you may rebook at once", "As a pass pending review"],
      explanation: `The appointment is forfeited, so Retake Coach reads a no-show conservatively as an attempt that did not pass: ${firstText} after a window's first, ${later} after later ones, and it counts toward the ${max} attempts. (A booking cancelled in time is no attempt and is not recorded.)`,
    },
    {
      id: "third-attempt-date",
      prompt: `A first attempt failed on ${dateText(day1)}; the retake, on ${dateText(day2)}, failed too. When is the earliest third attempt?`,
      correct: dateText(third),
      distractors: [
        dateText(new Date(day2.getTime() + first * HOUR_MS)),
        dateText(new Date(day1.getTime() + laterHours * HOUR_MS)),
        dateText(addCalendarMonthsUtc(day2, 1)),
        dateText(new Date(day2.getTime() + laterHours * 2 * HOUR_MS)),
      ],
      explanation: `The retake was the window's second attempt, so its fail imposes ${later} (${plural(laterHours, "hour")}), counted from ${dateText(day2)}: ${dateText(third)}, at exactly that instant and later.`,
    },
    {
      id: "limit-date",
      prompt: `${max} attempts since ${dateText(windowStart)} did not pass, the last on ${dateText(lastAttempt)}. When is the next attempt allowed?`,
      correct: dateText(limit.earliestAt!),
      distractors: [
        dateText(new Date(lastAttempt.getTime() + laterHours * HOUR_MS)),
        dateText(new Date(lastAttempt.getTime() + first * HOUR_MS)),
        dateText(addCalendarMonthsUtc(lastAttempt, months)),
        "Never again for this exam",
      ],
      explanation: `${max} attempts fill the window that began on ${dateText(windowStart)} and lasts ${plural(months, "month")} (to ${dateText(windowEnd)}). The next attempt is allowed at the later of ${later} after the last attempt and the window's end: ${dateText(limit.earliestAt!)}.`,
    },
  ];
}

function toQuestion(d: Draft, next: () => number): RulesQuestion {
  const texts = shuffled(optionTexts(d.correct, d.distractors), next);
  const options = texts.map((text, i) => ({ key: KEYS[i]!, text }));
  return { id: d.id, prompt: d.prompt, options, correct: options.find((o) => o.text === d.correct)!.key, explanation: d.explanation };
}

/** Every question of the pool, options ordered by `seed`. */
export function allRulesQuestions(policy: RetakePolicy, seed = 0): RulesQuestion[] {
  const next = rng(seed);
  return drafts(policy).map((d) => toQuestion(d, next));
}

/** The check for one seed: the chapter's three questions, then VARIANTS_PER_CHECK variants. */
export function buildRulesCheck(policy: RetakePolicy, seed: number): RulesQuestion[] {
  const all = allRulesQuestions(policy, seed);
  const variants = shuffled(VARIANT_TOPICS, rng(seed ^ 0x5bd1e995)).slice(0, VARIANTS_PER_CHECK);
  return [...CORE_TOPICS, ...variants].map((id) => all.find((q) => q.id === id)!);
}

export interface RulesAnswer {
  question: RulesTopic;
  chosen: string | null;
  correct: string;
  right: boolean;
}

/** Grades the answers to the check of `seed` (unanswered questions count as wrong). */
export function gradeRulesCheck(policy: RetakePolicy, seed: number, chosen: Partial<Record<RulesTopic, string>>): { answers: RulesAnswer[]; correct: number; total: number } {
  const answers = buildRulesCheck(policy, seed).map((q) => {
    const pick = chosen[q.id] ?? null;
    return { question: q.id, chosen: pick, correct: q.correct, right: pick === q.correct };
  });
  return { answers, correct: answers.filter((a) => a.right).length, total: answers.length };
}
