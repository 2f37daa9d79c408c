import { expect, test } from "@playwright/test";
import { DEMO, signIn, signOut } from "./helpers";

test("a coach sees their learners with eligibility, opens one, and another coach cannot open that learner", async ({ page }) => {
  await signIn(page, DEMO.coach);
  await expect(page).toHaveURL(/\/coach$/);
  // coach1 has the odd-numbered demo learners, Amara Okafor (learner1) among them, with a fresh 24-hour wait.
  const row = page.getByRole("row", { name: /Amara Okafor/ });
  await expect(row).toContainText("24-hour wait after a first failed attempt");
  await expect(page.getByRole("row", { name: /Ben Clarke/ })).toHaveCount(0);
  // One page (coach1 has fewer than 50 learners): the range, no pager; the bars as one image with the values as its name.
  await expect(page.getByTestId("dashboard-range")).toHaveText(/^Showing 1–(\d+) of \1$/);
  await expect(page.getByRole("navigation", { name: "Pages of learners" })).toHaveCount(0);
  await expect(row.getByRole("img", { name: /^Score-report bars, weakest first: .*Networking \d+ \(weak\)/ })).toHaveCount(1);

  await page.getByRole("link", { name: "Amara Okafor" }).click();
  await expect(page.getByRole("heading", { name: "Amara Okafor" })).toBeVisible();
  await expect(page.getByText("Effective routes")).toBeVisible();
  const learnerUrl = page.url();

  // The filter lives in the URL.
  await page.goto("/coach?weak=networking");
  await expect(page.getByRole("row", { name: /Amara Okafor/ })).toBeVisible();
  // A name search, from the form, keeps only the matching learner; a search that matches nobody says so.
  await page.goto("/coach");
  await page.getByLabel("Name or email").fill("okafor");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/[?&]q=okafor/);
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.getByRole("row", { name: /Amara Okafor/ })).toBeVisible();
  await expect(page.getByTestId("dashboard-range")).toHaveText(/^Showing 1–1 of 1 matching \(\d+ assigned\)$/);
  await page.goto("/coach?q=nobody-by-this-name");
  await expect(page.getByRole("heading", { name: "No learner matches these filters" })).toBeVisible();

  await signOut(page);
  await signIn(page, DEMO.coach2);
  await expect(page).toHaveURL(/\/coach$/);
  await expect(page.getByRole("row", { name: /Amara Okafor/ })).toHaveCount(0);
  const res = await page.goto(learnerUrl);
  expect(res?.status()).toBe(404);
});
