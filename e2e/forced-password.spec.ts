import { expect, test } from "@playwright/test";
import { DEMO, signIn, signOut } from "./helpers";

test("a one-time password from an admin must be replaced before anything else opens", async ({ page, browser, baseURL }) => {
  test.setTimeout(240_000);
  const email = `new.coach.${Date.now()}@example.org`;
  const own = "a coach's own passphrase";

  let oneTime = "";
  await test.step("an admin creates a coach and is shown the one-time password once", async () => {
    await signIn(page, DEMO.admin);
    await expect(page).toHaveURL(/\/admin$/);
    await page.goto("/admin/users");
    await page.getByLabel("Name", { exact: true }).fill("Nia New Coach");
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByRole("button", { name: "Create account" }).click();
    const message = page.getByRole("status").filter({ hasText: "One-time password" });
    await expect(message).toBeVisible();
    oneTime = /One-time password[^:]*: (\S+)$/.exec((await message.textContent())!.trim())![1]!;
    expect(oneTime.length).toBeGreaterThanOrEqual(12);
  });

  const context = await browser.newContext({ baseURL });
  const coach = await context.newPage();

  await test.step("signing in with it leads to the change page, and nothing else opens", async () => {
    await signIn(coach, email, oneTime);
    await expect(coach).toHaveURL(/\/account\/password/);
    await expect(coach.getByRole("heading", { name: "Choose your own password" })).toBeVisible();
    // No navigation is offered, only the page and signing out.
    await expect(coach.getByRole("navigation", { name: "Main" })).toHaveCount(0);
    for (const path of ["/coach", "/bank", "/account", "/learn", "/admin", "/"]) {
      await coach.goto(path);
      await expect(coach, path).toHaveURL(/\/account\/password/);
    }
    // Downloads too.
    const res = await coach.request.get("/account/export.json");
    expect(new URL(res.url()).pathname).toBe("/account/password");
  });

  await test.step("the one-time password cannot be kept, and a wrong one is refused", async () => {
    await coach.goto("/coach");
    await expect(coach).toHaveURL(/\/account\/password\?next=%2Fcoach/);
    const form = coach.getByRole("form", { name: "Change password" });
    await form.getByLabel("One-time password").fill(oneTime);
    await form.getByLabel("New password", { exact: true }).fill(oneTime);
    await form.getByLabel("Repeat the new password").fill(oneTime);
    await form.getByRole("button", { name: "Set my password and continue" }).click();
    await expect(form.getByText("Choose a password different from the current one.")).toBeVisible();
    await form.getByLabel("One-time password").fill("not the one-time password");
    await form.getByLabel("New password", { exact: true }).fill(own);
    await form.getByLabel("Repeat the new password").fill(own);
    await form.getByRole("button", { name: "Set my password and continue" }).click();
    await expect(form.getByText("That is not your current password.")).toBeVisible();
  });

  await test.step("after the change the app opens where the coach was going", async () => {
    const form = coach.getByRole("form", { name: "Change password" });
    await form.getByLabel("One-time password").fill(oneTime);
    await form.getByLabel("New password", { exact: true }).fill(own);
    await form.getByLabel("Repeat the new password").fill(own);
    await form.getByRole("button", { name: "Set my password and continue" }).click();
    await expect(coach).toHaveURL(/\/coach$/);
    await expect(coach.getByRole("navigation", { name: "Main" })).toBeVisible();
    await coach.goto("/bank");
    await expect(coach).toHaveURL(/\/bank$/);
    await coach.goto("/account");
    await expect(coach.getByRole("heading", { name: "Account", exact: true })).toBeVisible();
  });

  await test.step("the own password works from then on, the one-time one no longer", async () => {
    await signOut(coach);
    await signIn(coach, email, oneTime);
    await expect(coach.getByRole("alert").filter({ hasText: "do not match" })).toBeVisible();
    await expect(coach).toHaveURL(/\/sign-in/);
    await signIn(coach, email, own);
    await expect(coach).toHaveURL(/\/coach$/);
  });
  await context.close();
});
