// Helpers for the repair-loop journeys (self-coached learner, coach takeover, variations).
import fs from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { fillFailedAttempt } from "./attempt-form";

export interface BankItem {
  id: string;
  /** "single", "multiple", "yes-no" (a series' solution), "hotspot", "ordering" or "matching". */
  kind: string;
  stem: string;
  tier: "core" | "edge";
  options: { key: string; text: string }[];
  /** As the runner saves a response: option keys, "Y"/"N", or "<part>=<key>" per part. */
  answer: string[];
}

const norm = (s: string) => s.replace(/\s+/g, " ").trim();

interface Entry {
  kind?: string;
  id: string;
  stem?: string;
  tier?: "core" | "edge";
  options?: { key: string; text: string }[];
  answer?: string[];
  solutions?: { id: string; solution: string; tier: "core" | "edge"; answer: string[] }[];
  questions?: Entry[];
}

/**
 * The repository's bank by the text the runner shows as the stem (a yes/no solution's text, a case
 * study question's stem): the browser never receives an answer key, so a journey that must answer
 * correctly (to prove readiness) reads the key from the files the server was seeded from.
 */
export function bankByStem(): Map<string, BankItem> {
  const dir = path.resolve("content/az-104/questions");
  const entries = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .flatMap((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as Entry[]);
  const items: BankItem[] = [];
  const item = (e: Entry): BankItem | null =>
    typeof e.stem === "string" && Array.isArray(e.answer)
      ? { id: e.id, kind: e.kind ?? "single", stem: e.stem, tier: e.tier ?? "core", options: e.options ?? [], answer: e.answer }
      : null;
  for (const e of entries) {
    if (e.kind === "yes-no-series") {
      for (const s of e.solutions ?? []) items.push({ id: s.id, kind: "yes-no", stem: s.solution, tier: s.tier, options: [], answer: s.answer });
    } else if (e.kind === "case-study") {
      for (const q of e.questions ?? []) {
        const it = item(q);
        if (it) items.push(it);
      }
    } else {
      const it = item(e);
      if (it) items.push(it);
    }
  }
  return new Map(items.map((q) => [norm(q.stem), q]));
}

export const setUrl = /\/learn\/practice\/([0-9a-f-]{36})$/;

/** Starts a practice set of the given kind and length ("Half: 25 questions…", "Short: 10…"). */
export async function startSet(page: Page, mode: "Timed mixed" | "Retest" | "Domain focus", length: RegExp): Promise<string> {
  await page.goto("/learn/practice");
  // The radio's name is the kind and its hint ("Timed mixed Questions from every domain…").
  await page.getByLabel(mode).check();
  await page.getByLabel(length).check();
  await page.getByRole("button", { name: "Start the set" }).click();
  await expect(page).toHaveURL(setUrl);
  return setUrl.exec(page.url())![1]!;
}

/** Gives the response `answer` to the question on screen, through the input its kind has. */
async function respond(page: Page, kind: string, answer: string[]) {
  if (kind === "single" || kind === "multiple" || kind === "yes-no") {
    for (const key of answer) await page.getByTestId("options").locator(`input[value="${key}"]`).check();
    return;
  }
  const parts = answer.map((a) => a.split("=") as [string, string]);
  if (kind === "hotspot") {
    for (const [blank, key] of parts) await page.getByTestId(`blank-${blank}`).selectOption(key);
    return;
  }
  // Ordering and matching: the lists every slot board offers beside drag and drop.
  const toggle = page.getByRole("button", { name: "Use lists instead of drag and drop" });
  if (await toggle.count()) await toggle.click();
  for (const [slot, key] of parts) await page.getByTestId("slot-selects").locator("select").nth(Number(slot) - 1).selectOption(key);
}

/** Moves from question `position` to the next, confirming when that closes a yes/no solution or a case study. */
export async function goNext(page: Page, position: number, total: number) {
  await page.getByRole("button", { name: "Next →" }).click();
  const leave = page.getByTestId("leave-warning");
  await expect(page.getByRole("heading", { name: `Question ${position + 1} of ${total}` }).or(leave)).toBeVisible();
  if (await leave.isVisible()) await leave.getByRole("button", { name: /^(Move on|Leave the case study)$/ }).click();
}

/** Opens the review from the last question, confirming when that closes a yes/no solution or a case study. */
async function openReview(page: Page) {
  await page.getByRole("button", { name: "Review and submit" }).first().click();
  const leave = page.getByTestId("leave-warning");
  await expect(page.getByRole("button", { name: "Submit answers" }).or(leave)).toBeVisible();
  if (await leave.isVisible()) await leave.getByRole("button", { name: /^(Move on|Leave the case study)$/ }).click();
}

/**
 * Answers every question of the open set from the bank's keys, whatever its kind, except that
 * `wrongOn` picks one single-answer question to miss on purpose; then submits. Moving past a
 * yes/no solution or out of a case study is confirmed, as the exam asks. Returns what was missed.
 */
export async function answerAndSubmit(
  page: Page,
  bank: Map<string, BankItem>,
  wrongOn: (q: BankItem, position: number) => boolean = () => false,
): Promise<{ position: number; item: BankItem } | null> {
  const heading = page.getByRole("heading", { name: /^Question \d+ of \d+$/ });
  await expect(heading).toBeVisible();
  const total = Number(/of (\d+)$/.exec((await heading.textContent()) ?? "")![1]);
  let missed: { position: number; item: BankItem } | null = null;
  for (let position = 1; position <= total; position++) {
    await expect(page.getByRole("heading", { name: `Question ${position} of ${total}` })).toBeVisible();
    const stem = norm((await page.locator(`#stem-${position}`).textContent()) ?? "");
    const item = bank.get(stem);
    expect(item, `question ${position} is in the repository's bank: ${stem.slice(0, 80)}`).toBeTruthy();
    let answer = item!.answer;
    if (!missed && item!.kind === "single" && wrongOn(item!, position)) {
      answer = [item!.options.find((o) => !item!.answer.includes(o.key))!.key];
      missed = { position, item: item! };
    }
    await respond(page, item!.kind, answer);
    // The runner offers "Review and submit" twice at the last question (below it and in the navigator).
    if (position < total) await goNext(page, position, total);
    else await openReview(page);
  }
  await page.getByRole("button", { name: "Submit answers" }).click();
  await expect(page).toHaveURL(/\/results$/, { timeout: 30_000 });
  return missed;
}

/**
 * Records a failed attempt two hours ago with notes (score 655, storage weakest) and, if given, the
 * pacing remembered and a misread category; then opens the status page.
 */
export async function recordFail(
  page: Page,
  zone: string,
  extra?: { ranOutOfTime: "Yes" | "No"; unansweredOrGuessed: string; halfwayMinutesLeft: string; misread?: RegExp },
) {
  await page.goto("/learn/attempts/new");
  await fillFailedAttempt(page, new Date(Date.now() - 2 * 3_600_000), zone);
  if (extra) {
    await page.getByRole("radiogroup", { name: "Did you run out of time?" }).getByLabel(extra.ranOutOfTime, { exact: true }).check();
    await page.getByLabel("Roughly how many items were unanswered or guessed?").fill(extra.unansweredOrGuessed);
    await page.getByLabel("Minutes left at the halfway question").fill(extra.halfwayMinutesLeft);
    if (extra.misread) await page.getByRole("checkbox", { name: extra.misread }).check();
  }
  await page.getByRole("button", { name: "Save attempt" }).click();
  await expect(page).toHaveURL(/\/learn\/status\?recorded=1$/);
}

/** On a results page, writes a variation of the missed question at `position`; returns its stem. */
export async function writeVariation(page: Page, position: number, constraint: string): Promise<string> {
  await page.locator(`#q-${position}`).getByRole("link", { name: /^Write a variation/ }).click();
  await expect(page.getByRole("heading", { name: "Write a variation" })).toBeVisible();
  const stemField = page.getByLabel("Your question");
  const original = await stemField.inputValue();
  expect(original.length).toBeGreaterThan(40);
  const stem = `${original} ${constraint}`;
  await stemField.fill(stem);
  // A hotspot, ordering or matching original is varied as a choice question: write its options.
  if ((await page.getByLabel("Option A text").inputValue()) === "") {
    await page.getByLabel("Option A text").fill("Add the client's network range to the allowed networks");
    await page.getByLabel("Option B text").fill("Leave the configuration as it is");
    await page.getByLabel("Option A is correct").check();
  }
  await page.getByLabel("What you changed").fill(constraint);
  await page.getByLabel("Why the answer changes").fill("The added constraint decides which option still works, so I had to reason from it rather than recognise the question.");
  await page.getByRole("button", { name: "Save my variation" }).click();
  await expect(page).toHaveURL(/\/learn\/variations\?written=lv-[0-9a-f]{16}$/);
  await expect(page.getByRole("status").filter({ hasText: "Your variation is saved" })).toBeVisible();
  return stem;
}

/**
 * The category of each question of the repository's bank that stands alone (not a yes/no
 * solution nor a case-study question), by the stem the runner shows.
 */
export function standaloneCategoryByStem(): Map<string, string> {
  const dir = path.resolve("content/az-104/questions");
  const out = new Map<string, string>();
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith(".json"))) {
    for (const e of JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as (Entry & { category?: string })[]) {
      if (e.kind === "yes-no-series" || e.kind === "case-study") continue;
      if (typeof e.stem === "string" && typeof e.category === "string") out.set(norm(e.stem), e.category);
    }
  }
  return out;
}

/**
 * Answers every question of the open set from the bank's keys except the ones `skip` picks, which
 * are left unanswered (a miss); then submits. Returns the questions left unanswered.
 */
export async function answerSkippingAndSubmit(
  page: Page,
  bank: Map<string, BankItem>,
  skip: (q: BankItem, stem: string, position: number) => boolean,
): Promise<{ position: number; stem: string; item: BankItem }[]> {
  const heading = page.getByRole("heading", { name: /^Question \d+ of \d+$/ });
  await expect(heading).toBeVisible();
  const total = Number(/of (\d+)$/.exec((await heading.textContent()) ?? "")![1]);
  const skipped: { position: number; stem: string; item: BankItem }[] = [];
  for (let position = 1; position <= total; position++) {
    await expect(page.getByRole("heading", { name: `Question ${position} of ${total}` })).toBeVisible();
    const stem = norm((await page.locator(`#stem-${position}`).textContent()) ?? "");
    const item = bank.get(stem);
    expect(item, `question ${position} is in the repository's bank: ${stem.slice(0, 80)}`).toBeTruthy();
    if (skip(item!, stem, position)) skipped.push({ position, stem, item: item! });
    else await respond(page, item!.kind, item!.answer);
    if (position < total) await goNext(page, position, total);
    else await openReview(page);
  }
  await page.getByRole("button", { name: "Submit answers" }).click();
  await expect(page).toHaveURL(/\/results$/, { timeout: 30_000 });
  return skipped;
}
