import { expect, test } from "@playwright/test";
import { DEMO, signIn, signOut } from "./helpers";

test("a coach sees their learners with eligibility, opens one, and another coach cannot open that learner", async ({ page }) => {
  await signIn(page, DEMO.coach);
  await expect(page).toHaveURL(/\/coach$/);
  // coach1 has the odd-numbered demo learners, Amara Okafor (learner1) among them, with a fresh 24-hour wait.
  const row = page.getByRole("row", { name: /Amara Okafor/ });
  await expect(row).toContainText("24-hour wait after a first failed attempt");
  await expect(page.getByRole("row", { name: /Ben Clarke/ })).toHaveCount(0);

  await page.getByRole("link", { name: "Amara Okafor" }).click();
  await expect(page.getByRole("heading", { name: "Amara Okafor" })).toBeVisible();
  await expect(page.getByText("Effective routes")).toBeVisible();
  const learnerUrl = page.url();

  // The filter lives in the URL.
  await page.goto("/coach?weak=networking");
  await expect(page.getByRole("row", { name: /Amara Okafor/ })).toBeVisible();

  await signOut(page);
  await signIn(page, DEMO.coach2);
  await expect(page).toHaveURL(/\/coach$/);
  await expect(page.getByRole("row", { name: /Amara Okafor/ })).toHaveCount(0);
  const res = await page.goto(learnerUrl);
  expect(res?.status()).toBe(404);
});
