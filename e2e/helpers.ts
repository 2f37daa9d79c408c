import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "retake-demo-2026";
export const DEMO = {
  admin: "admin@example.com",
  coach: "coach1@example.com",
  coach2: "coach2@example.com",
  learner: "learner1@example.com",
} as const;

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: /Account menu/ }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}
