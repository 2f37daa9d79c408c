import { expect, test, type Page } from "@playwright/test";

// The runner's page carries the text of the question shown first only; the rest comes from
// GET /api/practice/[id]/content right after. While it has not arrived, a question says so
// (role="status"), and answering, flagging, moving and the clock keep working; a failed load is
// retried, and the text is kept in this browser for the next tab or reload.

const CONTENT = "**/api/practice/*/content";
const saveStatus = (page: Page) => page.getByTestId("save-status");
const navButton = (page: Page, n: number) => page.getByRole("button", { name: new RegExp(`^Question ${n},`) });
const loading = (page: Page) => page.getByRole("status").filter({ hasText: /^Loading question…/ });

test("questions load after the page: a loading state that blocks nothing, retries until the text arrives, and a copy for the reload", async ({ page }) => {
  // A learner of its own (no demo learner is left unused by the other specs).
  await page.goto("/register");
  await page.getByLabel("Name").fill("Cora Content");
  await page.getByLabel("Email").fill(`cora.${Date.now()}@example.org`);
  await page.getByLabel("Password", { exact: true }).fill("content-path-passphrase");
  await page.getByLabel("Repeat the password").fill("content-path-passphrase");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/learn$/);

  // The content request fails until let through.
  let asked = 0;
  await page.route(CONTENT, (route) => {
    asked++;
    return route.abort("connectionreset");
  });

  await page.goto("/learn/practice");
  await page.getByLabel("Timed mixed").check();
  await page.getByLabel(/^Short: 10 questions in 20 minutes/).check();
  await page.getByRole("button", { name: "Start the set" }).click();
  await expect(page).toHaveURL(/\/learn\/practice\/[0-9a-f-]{36}$/);
  const setUrl = page.url();

  // The first question came with the page: it can be answered at once.
  await expect(page.getByRole("heading", { name: "Question 1 of 10" })).toBeVisible();
  const saved = page.waitForResponse((r) => r.url().endsWith("/answers") && r.request().method() === "POST" && r.ok());
  await page.getByTestId("options").locator("input").first().check();
  await saved;
  await expect(saveStatus(page)).toHaveText("All answers saved");
  await expect(navButton(page, 1)).toHaveAccessibleName("Question 1, answered");

  // Question 2's text has not arrived: it says so, and flagging, moving and the clock still work.
  await page.keyboard.press("n");
  await expect(page.getByRole("heading", { name: "Question 2 of 10" })).toBeFocused();
  await expect(loading(page)).toBeVisible();
  await expect(page.getByTestId("options")).toHaveCount(0);
  await page.keyboard.press("f");
  await expect(navButton(page, 2)).toHaveAccessibleName("Question 2, unanswered, flagged");
  await expect(saveStatus(page)).toHaveText("All answers saved");
  const clock = await page.getByTestId("time-left").textContent();
  await expect(page.getByTestId("time-left")).not.toHaveText(clock!, { timeout: 5_000 });
  await page.getByRole("button", { name: "Review and submit" }).first().click();
  await expect(page.getByRole("heading", { name: "Flagged for review (1)" })).toBeVisible();
  await page.getByRole("button", { name: "Go to question 2" }).first().click();
  await expect(loading(page)).toBeVisible();

  // Retried with back-off, not given up on.
  await expect.poll(() => asked, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  await page.unroute(CONTENT);
  await expect(page.getByTestId("options")).toBeVisible({ timeout: 20_000 });
  await expect(loading(page)).toHaveCount(0);
  await page.getByTestId("options").locator("input").first().check();
  await expect(navButton(page, 2)).toHaveAccessibleName("Question 2, answered, flagged");
  await expect(saveStatus(page)).toHaveText("All answers saved", { timeout: 20_000 });

  // A reload while the content route is unreachable: the copy in this browser has every question.
  let askedAgain = 0;
  await page.route(CONTENT, (route) => {
    askedAgain++;
    return route.abort("connectionreset");
  });
  await page.goto(setUrl);
  await expect(page.getByRole("heading", { name: "Question 3 of 10" })).toBeVisible(); // first unanswered
  for (const n of [4, 7, 10]) {
    await navButton(page, n).click();
    await expect(page.getByRole("heading", { name: `Question ${n} of 10` })).toBeFocused();
    await expect(page.locator("section[data-kind] #stem-" + n)).toBeVisible();
  }
  await expect(loading(page)).toHaveCount(0);
  expect(askedAgain).toBe(0);
  await page.unroute(CONTENT);

  // Submitted: the copy goes with the outbox.
  await page.getByRole("button", { name: "Review and submit" }).first().click();
  await page.getByRole("button", { name: "Submit answers" }).click();
  await expect(page).toHaveURL(/\/results$/);
  await expect
    .poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("retake-coach:practice-content:"))))
    .toEqual([]);
});
