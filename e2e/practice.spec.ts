import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers";

// A demo learner with no history, used by no other spec.
const LEARNER = "learner12@example.com";

/** Texts the runner may show (by key) and texts it must never send before submission. */
const VISIBLE_KEYS = new Set(["stem", "text", "solution", "scenario", "goal", "overview", "environment", "requirements", "title", "columns", "rows"]);
const HIDDEN_KEYS = new Set(["explanation", "whyWrong", "why"]);

/**
 * Distinctive pieces of every explanation, "why wrong" and "why" in the bank, of every kind (an
 * option's, a hotspot blank's, a matching target's, a yes/no solution's): the longest plain-text
 * run of each (so HTML and JSON escaping can't hide it), skipping any that also occur in text the
 * runner may legitimately show (stems, options, scenarios, case-study tabs, exhibits).
 */
function hiddenFragments(): string[] {
  const dir = path.resolve("content/az-104/questions");
  const bank: unknown[] = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .flatMap((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as unknown[]);
  const visibleTexts: string[] = [];
  const hidden: string[] = [];
  const walk = (v: unknown, key?: string) => {
    if (typeof v === "string") {
      if (key && HIDDEN_KEYS.has(key)) hidden.push(v);
      else if (key && VISIBLE_KEYS.has(key)) visibleTexts.push(v);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(bank);
  const visible = visibleTexts.join("\n");
  const fragments = hidden
    .map((t) => (t.match(/[A-Za-z0-9 ]{20,}/g) ?? []).sort((a, b) => b.length - a.length)[0]?.trim())
    .filter((f): f is string => Boolean(f) && !visible.includes(f!));
  expect(fragments.length).toBeGreaterThan(100);
  return fragments;
}

async function startShortSet(page: Page) {
  await page.goto("/learn/practice");
  await page.getByLabel("Timed mixed").check();
  await page.getByLabel(/^Short: 10 questions in 20 minutes/).check();
  await page.getByRole("button", { name: "Start the set" }).click();
  await expect(page).toHaveURL(/\/learn\/practice\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: /^Question \d+ of 10$/ })).toBeVisible();
}

const saveStatus = (page: Page) => page.getByTestId("save-status");
const firstOption = (page: Page) => page.getByTestId("options").locator("input").first();
const navButton = (page: Page, n: number) => page.getByRole("button", { name: new RegExp(`^Question ${n},`) });

async function openQuestion(page: Page, n: number) {
  await navButton(page, n).click();
  await expect(page.getByRole("heading", { name: `Question ${n} of 10` })).toBeFocused();
}

test("a practice set keeps every answer through offline spells and reloads, hides the key, and reviews after submission", async ({ page, context }) => {
  await signIn(page, LEARNER);
  await expect(page).toHaveURL(/\/learn$/);
  await page.goto("/learn/practice");
  await expect(page.getByText("No practice sets yet")).toBeVisible();
  await expect(page.getByRole("link", { name: "Trend per domain" })).toBeVisible();

  await startShortSet(page);
  const setUrl = page.url();
  await expect(page.getByRole("heading", { name: "Question 1 of 10" })).toBeVisible();
  await expect(saveStatus(page)).toHaveText("All answers saved");
  await expect(page.getByTestId("time-left")).toHaveText(/^(20:00|19:[0-5]\d)$/);
  await expect(page.getByRole("heading", { name: "Keyboard shortcuts" })).toBeVisible();

  // The runner's HTML (with its serialized props) carries no answer key, explanation or reason.
  const html = await (await page.request.get(setUrl)).text();
  expect(html).toContain('data-testid="practice-runner"');
  expect(html).toContain("Question 1 of 10");
  expect(html).not.toMatch(/\\*"(explanation|whyWrong|answer)\\*"\s*:/);
  const leaked = hiddenFragments().filter((f) => html.includes(f));
  expect(leaked).toEqual([]);
  // The page carries the first question's text only; the rest comes from the content route, which
  // must hide the same things (every item kind: the set is drawn in the exam's shape).
  expect(html.match(/\\*"stem\\*"\s*:/g) ?? []).toHaveLength(1);
  const content = await page.request.get(`${setUrl.replace("/learn/practice/", "/api/practice/")}/content`);
  expect(content.status()).toBe(200);
  expect(content.headers()["cache-control"]).toBe("private, no-store");
  const contentText = await content.text();
  expect((JSON.parse(contentText) as { items: unknown[] }).items).toHaveLength(10);
  expect(contentText).not.toMatch(/"(explanation|whyWrong|answer|why|payload)"\s*:/);
  expect(hiddenFragments().filter((f) => contentText.includes(f))).toEqual([]);
  // The review is not reachable before submission: it sends the learner back to the runner.
  await page.goto(`${setUrl}/results`);
  await expect(page).toHaveURL(setUrl);
  await expect(page.getByRole("heading", { name: "Question 1 of 10" })).toBeVisible();

  // 1. Online: answer question 1 and see it saved.
  const saved = page.waitForResponse((r) => r.url().endsWith("/answers") && r.request().method() === "POST" && r.ok());
  await firstOption(page).check();
  await saved;
  await expect(saveStatus(page)).toHaveText("All answers saved");
  await expect(navButton(page, 1)).toHaveAccessibleName("Question 1, answered");

  // Keyboard: N moves on and focus follows the question.
  await page.keyboard.press("n");
  await expect(page.getByRole("heading", { name: "Question 2 of 10" })).toBeFocused();

  // 2. Offline: answer questions 2 (keyboard) and 3 (mouse), flag 3; they wait in the browser.
  await context.setOffline(true);
  await page.keyboard.press("a");
  await expect(firstOption(page)).toBeChecked();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("heading", { name: "Question 3 of 10" })).toBeFocused();
  await firstOption(page).check();
  await page.keyboard.press("f");
  await expect(navButton(page, 3)).toHaveAccessibleName("Question 3, answered, flagged");
  await expect(navButton(page, 2)).toHaveAccessibleName("Question 2, answered");
  await expect(saveStatus(page)).toHaveText(/Offline — answers are kept in this browser|not saved yet/);
  const outbox = await page.evaluate(() =>
    Object.entries(localStorage)
      .filter(([k]) => k.startsWith("retake-coach:practice-outbox:"))
      .map(([, v]) => JSON.parse(v) as { entries: { position: number }[] }),
  );
  expect(outbox.flatMap((o) => o.entries.map((e) => e.position))).toEqual(expect.arrayContaining([2, 3]));

  // Back online: the outbox is flushed; a reload shows the server has all three.
  await context.setOffline(false);
  await expect(saveStatus(page)).toHaveText("All answers saved", { timeout: 20_000 });
  await page.reload();
  await expect(page.getByRole("heading", { name: "Question 4 of 10" })).toBeVisible(); // first unanswered
  for (const n of [1, 2, 3]) {
    await openQuestion(page, n);
    await expect(firstOption(page)).toBeChecked();
  }
  await expect(navButton(page, 3)).toHaveAccessibleName("Question 3, answered, flagged");
  await page.keyboard.press("p");
  await expect(page.getByRole("heading", { name: "Question 2 of 10" })).toBeFocused();

  // 3. Offline, then the tab is closed before the answer could be sent.
  await openQuestion(page, 4);
  await context.setOffline(true);
  await firstOption(page).check();
  await expect(saveStatus(page)).toHaveText("Offline — answers are kept in this browser");
  // A closing tab can still see the "online" event and send its outbox (good in real life); here
  // the answer must come back from localStorage, so the closed tab's saves are refused meanwhile.
  const refuse = "**/api/practice/*/answers";
  await context.route(refuse, (route) => route.abort("internetdisconnected"));
  await page.close();
  await context.setOffline(false);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  await context.unroute(refuse);

  const again = await context.newPage();
  await again.goto(setUrl);
  await expect(again.getByText(/1 answer was restored from this browser/)).toBeVisible();
  await expect(navButton(again, 4)).toHaveAccessibleName("Question 4, answered");
  await expect(saveStatus(again)).toHaveText("All answers saved", { timeout: 20_000 });
  // Proof that the server has it: without this browser's copy, the answer is still there.
  await again.evaluate(() => localStorage.clear());
  await again.reload();
  await expect(navButton(again, 4)).toHaveAccessibleName("Question 4, answered");
  await openQuestion(again, 4);
  await expect(firstOption(again)).toBeChecked();

  // 4. Review and submit: unanswered and flagged items with jump links.
  await again.getByRole("button", { name: "Review and submit" }).first().click();
  await expect(again.getByRole("heading", { name: "Review and submit" })).toBeFocused();
  await expect(again.getByRole("heading", { name: "Unanswered (6)" })).toBeVisible();
  await expect(again.getByRole("heading", { name: "Flagged for review (1)" })).toBeVisible();
  await again.getByRole("button", { name: "Go to question 5" }).click();
  await expect(again.getByRole("heading", { name: "Question 5 of 10" })).toBeFocused();
  await again.getByRole("button", { name: "Review and submit" }).first().click();
  await again.getByRole("button", { name: "Submit answers" }).click();

  await expect(again).toHaveURL(/\/learn\/practice\/[0-9a-f-]{36}\/results$/);
  await expect(again.getByRole("heading", { name: "Practice results" })).toBeVisible();
  await expect(again.getByTestId("overall")).toHaveText(/of 10 correct/);
  await expect(again.getByTestId("core-edge")).toContainText("Core misses");
  await expect(again.getByTestId("core-edge")).toContainText("Edge misses");
  await expect(again.getByTestId("readiness")).toContainText(/Mostly edge cases|Core gaps|No misses/);
  await expect(again.getByTestId("review-item")).toHaveCount(10);
  await expect(again.getByText("Explanation", { exact: true }).first()).toBeVisible();
  await expect(again.getByText("Why it is wrong:").first()).toBeVisible();
  await expect(again.getByText("Correct answer", { exact: true }).first()).toBeVisible();
  await expect(again.getByText("Unanswered", { exact: true }).first()).toBeVisible();
  // The set's outbox is gone from this browser once submitted.
  expect(await again.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("retake-coach:practice-outbox:")))).toEqual([]);

  // The runner now leads to the results; the list shows the score and the history a trend.
  await again.goto(setUrl);
  await expect(again).toHaveURL(/\/results$/);
  await again.goto("/learn/practice");
  await expect(again.getByTestId("practice-set-row")).toHaveCount(1);
  await expect(again.getByTestId("practice-set-row")).toContainText(/\d+\/10/);
  await again.getByRole("link", { name: "Trend per domain" }).click();
  await expect(again.getByRole("heading", { name: "Practice trend per domain" })).toBeVisible();
  await expect(again.getByRole("link", { name: "Set 1" })).toBeVisible();
});

test("the countdown warns at 10 minutes and 1 minute, then locks the set and submits at zero", async ({ page }) => {
  await page.clock.install();
  await page.goto("/register");
  await page.getByLabel("Name").fill("Pat Practice");
  await page.getByLabel("Email").fill(`pat.${Date.now()}@example.org`);
  await page.getByLabel("Password", { exact: true }).fill("practice-path-passphrase");
  await page.getByLabel("Repeat the password").fill("practice-path-passphrase");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/learn$/);

  await startShortSet(page);
  await expect(page.getByRole("alert").filter({ hasText: "minute" })).toHaveCount(0);

  await page.clock.fastForward("10:10");
  await expect(page.getByRole("alert").filter({ hasText: "Less than 10 minutes left." })).toBeVisible();
  await page.clock.fastForward("09:10");
  await expect(page.getByRole("alert").filter({ hasText: "Less than 1 minute left." })).toBeVisible();

  // Hold the last save a moment so "Time is up" can be seen before the redirect.
  await page.route("**/answers", async (route) => {
    await new Promise((r) => setTimeout(r, 1_500));
    await route.continue();
  });
  await page.clock.fastForward("01:00");
  await expect(page.getByRole("alert").filter({ hasText: "Time is up" })).toBeVisible();
  await expect(firstOption(page)).toBeDisabled();
  await expect(page).toHaveURL(/\/results$/, { timeout: 20_000 });
  await expect(page.getByTestId("overall")).toHaveText(/^0 of 10 correct/);
});
