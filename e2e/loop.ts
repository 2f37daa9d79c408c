// Helpers for the repair-loop journeys (self-coached learner, coach takeover, variations).
import fs from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { fillFailedAttempt } from "./attempt-form";

interface BankItem {
  id: string;
  stem: string;
  tier: "core" | "edge";
  options: { key: string; text: string }[];
  answer: string[];
}

const norm = (s: string) => s.replace(/\s+/g, " ").trim();

/**
 * The repository's bank by stem: the browser never receives an answer key, so a journey that must
 * answer correctly (to prove readiness) reads the key from the files the server was seeded from.
 */
export function bankByStem(): Map<string, BankItem> {
  const dir = path.resolve("content/az-104/questions");
  const items = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .flatMap((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as BankItem[])
    .filter((q) => typeof q.stem === "string" && Array.isArray(q.answer));
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

/**
 * Answers every question of the open set from the bank's keys, except that `wrongOn` picks the
 * question to miss on purpose (a wrong option); then submits. Returns what was missed, if anything.
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
    let keys = item!.answer;
    if (!missed && wrongOn(item!, position)) {
      keys = [item!.options.find((o) => !item!.answer.includes(o.key))!.key];
      missed = { position, item: item! };
    }
    for (const key of keys) await page.getByTestId("options").locator(`input[value="${key}"]`).check();
    // The runner offers "Review and submit" twice at the last question (below it and in the navigator).
    await page.getByRole("button", { name: position < total ? "Next →" : "Review and submit" }).first().click();
  }
  await page.getByRole("button", { name: "Submit answers" }).click();
  await expect(page).toHaveURL(/\/results$/, { timeout: 30_000 });
  return missed;
}

/** Records a failed attempt two hours ago with notes (score 655, storage weakest), then opens the status page. */
export async function recordFail(page: Page, zone: string) {
  await page.goto("/learn/attempts/new");
  await fillFailedAttempt(page, new Date(Date.now() - 2 * 3_600_000), zone);
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
  await page.getByLabel("What you changed").fill(constraint);
  await page.getByLabel("Why the answer changes").fill("The added constraint decides which option still works, so I had to reason from it rather than recognise the question.");
  await page.getByRole("button", { name: "Save my variation" }).click();
  await expect(page).toHaveURL(/\/learn\/variations\?written=lv-[0-9a-f]{16}$/);
  await expect(page.getByRole("status").filter({ hasText: "Your variation is saved" })).toBeVisible();
  return stem;
}
