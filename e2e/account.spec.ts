import fs from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { signIn } from "./helpers";

const ZONE = "Europe/Berlin";
const PASSWORD = "berlin retake passphrase";
const NEW_PASSWORD = "a better passphrase 2026";

/** The wall-clock value a datetime-local input shows for an instant in a zone. */
function localInput(instant: Date, zone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(instant)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

async function fillRegistration(page: Page, email: string, name = "Berta Berlin") {
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Repeat the password").fill(PASSWORD);
}

async function newPage(browser: Browser, baseURL: string, options: Parameters<Browser["newContext"]>[0] = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL, timezoneId: ZONE, ...options });
  return context.newPage();
}

test.describe("registration stores the browser's time zone", () => {
  test.use({ timezoneId: ZONE });

  test("a learner registering from a Europe/Berlin browser is stored in Europe/Berlin", async ({ page }) => {
    await page.goto("/register");
    await fillRegistration(page, `berta.${Date.now()}@example.org`);
    await expect(page.getByLabel("Your time zone")).toHaveValue(ZONE);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/learn/);
    await page.goto("/learn/attempts/new");
    await expect(page.getByText(`In your time zone (${ZONE}).`)).toBeVisible();
    await page.goto("/account");
    await expect(page.getByLabel("Your time zone")).toHaveValue(ZONE);
  });

  test("a form sent before the page's scripts ran asks for the zone instead of storing UTC", async ({ browser, baseURL }) => {
    // Before this change the server-rendered choice was UTC, and a form sent without scripts stored it.
    const page = await newPage(browser, baseURL!, { javaScriptEnabled: false });
    await page.goto("/register");
    await expect(page.getByLabel("Your time zone")).toHaveValue("");
    const email = `early.${Date.now()}@example.org`;
    await fillRegistration(page, email, "Early Bird");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Choose a time zone.")).toBeVisible();
    // Nothing else typed is lost (passwords are never sent back).
    await expect(page.getByLabel("Name")).toHaveValue("Early Bird");
    await expect(page.getByLabel("Email")).toHaveValue(email);
    await page.getByLabel("Your time zone").selectOption(ZONE);
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByLabel("Repeat the password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/learn/);
    await page.goto("/account");
    await expect(page.getByLabel("Your time zone")).toHaveValue(ZONE);
    await page.context().close();
  });
});

test("a learner manages the account: name, zone, password (other sessions retired), sign out everywhere, data download, deletion", async ({ browser, baseURL }) => {
  test.setTimeout(300_000);
  const email = `acct.${Date.now()}@example.org`;
  const page = await newPage(browser, baseURL!);

  await test.step("register and record a failed attempt", async () => {
    await page.goto("/register");
    await fillRegistration(page, email, "Alex Account");
    await expect(page.getByLabel("Your time zone")).toHaveValue(ZONE);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/learn/);
    await page.goto("/learn/attempts/new");
    const takenAt = new Date(Math.floor((Date.now() - 3 * 86_400_000) / 60_000) * 60_000);
    await page.getByLabel("Date and time of the exam").fill(localInput(takenAt, ZONE));
    await page.getByLabel("Did not pass").check();
    await page.getByLabel(/^Scaled score/).fill("641");
    for (const [label, bar] of [["Identity & governance", "52"], ["Storage", "44"], ["Compute", "70"], ["Networking", "58"], ["Monitoring", "75"]]) {
      await page.getByLabel(`${label} — bar length`).fill(bar);
    }
    await page.getByLabel("Notes").fill("Lost time on the storage case study.");
    await page.getByRole("button", { name: "Save attempt" }).click();
    await expect(page).toHaveURL(/\/learn\/status/);
  });

  // A second browser of the same person: the password change must sign it out.
  const other = await newPage(browser, baseURL!);
  await signIn(other, email, PASSWORD);
  await expect(other).toHaveURL(/\/learn/);

  await test.step("the account menu leads to the account page", async () => {
    await page.goto("/learn");
    await page.getByRole("button", { name: /Account menu/ }).click();
    await page.getByRole("menuitem", { name: "Account settings" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole("heading", { name: "Account", exact: true })).toBeVisible();
  });

  await test.step("name and time zone: a bad name is refused with the zone kept, then both are saved", async () => {
    const profile = page.getByRole("form", { name: "Name and time zone" });
    await profile.getByLabel("Name").fill("   ");
    await profile.getByLabel("Your time zone").selectOption("Asia/Tokyo");
    await profile.getByRole("button", { name: "Save" }).click();
    await expect(profile.getByText("Enter your name.")).toBeVisible();
    await expect(profile.getByLabel("Your time zone")).toHaveValue("Asia/Tokyo");
    await profile.getByLabel("Name").fill("Alex Renamed");
    await profile.getByRole("button", { name: "Save" }).click();
    await expect(profile.getByRole("status")).toContainText("Saved.");
    await page.reload();
    await expect(page.getByRole("form", { name: "Name and time zone" }).getByLabel("Name")).toHaveValue("Alex Renamed");
    await expect(page.getByRole("form", { name: "Name and time zone" }).getByLabel("Your time zone")).toHaveValue("Asia/Tokyo");
    await expect(page.getByRole("button", { name: /Account menu for Alex Renamed/ })).toBeVisible();
  });

  await test.step("password: a wrong current one is refused; the change keeps this browser and retires the other", async () => {
    const form = page.getByRole("form", { name: "Change password" });
    await form.getByLabel("Current password").fill("not my password");
    await form.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await form.getByLabel("Repeat the new password").fill(NEW_PASSWORD);
    await form.getByRole("button", { name: "Change password" }).click();
    await expect(form.getByText("That is not your current password.")).toBeVisible();

    await form.getByLabel("Current password").fill(PASSWORD);
    await form.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await form.getByLabel("Repeat the new password").fill(NEW_PASSWORD);
    await form.getByRole("button", { name: "Change password" }).click();
    await expect(page).toHaveURL(/\/account\?changed=password$/);
    await expect(page.getByRole("status").filter({ hasText: "Your password was changed." })).toBeVisible();
    // This browser is still signed in…
    await page.goto("/learn/attempts");
    await expect(page).toHaveURL(/\/learn\/attempts$/);
    // …the other one is not.
    await other.goto("/learn/attempts");
    await expect(other).toHaveURL(/\/sign-in/);
    await signIn(other, email, PASSWORD);
    await expect(other.getByRole("alert").filter({ hasText: "do not match" })).toBeVisible();
    await expect(other).toHaveURL(/\/sign-in/);
    await signIn(other, email, NEW_PASSWORD);
    await expect(other).toHaveURL(/\/learn/);
  });

  await test.step("download my data: a JSON file with the attempt and no password hash", async () => {
    await page.goto("/account");
    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download my data (JSON)" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^retake-coach-my-data-\d{4}-\d{2}-\d{2}\.json$/);
    const text = fs.readFileSync((await download.path())!, "utf8");
    const data = JSON.parse(text) as { profile: { email: string; name: string; timeZone: string }; attempts: { score: number; notes: string; scoreReportBars: unknown[] }[] };
    expect(data.profile).toMatchObject({ email, name: "Alex Renamed", timeZone: "Asia/Tokyo" });
    expect(data.attempts).toHaveLength(1);
    expect(data.attempts[0]).toMatchObject({ score: 641, notes: "Lost time on the storage case study." });
    expect(data.attempts[0]!.scoreReportBars).toHaveLength(5);
    expect(text).not.toMatch(/argon2|passwordHash|password_hash/);
  });

  await test.step("sign out everywhere ends this browser's session and the other's", async () => {
    await page.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await other.goto("/learn");
    await expect(other).toHaveURL(/\/sign-in/);
    await other.context().close();
    await signIn(page, email, NEW_PASSWORD);
    await expect(page).toHaveURL(/\/learn/);
  });

  await test.step("delete my account: the typed email must match; then the account is gone and sign-in is refused", async () => {
    await page.goto("/account");
    const form = page.getByRole("form", { name: "Delete my account" });
    await form.getByLabel(/Type your email address/).fill("someone.else@example.org");
    await form.getByLabel("Your password").fill(NEW_PASSWORD);
    await form.getByRole("button", { name: "Delete my account and data" }).click();
    await expect(form.getByText("Type the email address of this account exactly as shown.")).toBeVisible();
    await expect(form.getByLabel(/Type your email address/)).toHaveValue("someone.else@example.org");

    await form.getByLabel(/Type your email address/).fill(email);
    await form.getByLabel("Your password").fill(NEW_PASSWORD);
    await form.getByRole("button", { name: "Delete my account and data" }).click();
    await expect(page).toHaveURL(/\/sign-in\?deleted=1/);
    await expect(page.getByRole("status").filter({ hasText: "Your account and its data were deleted." })).toBeVisible();
    await page.goto("/learn");
    await expect(page).toHaveURL(/\/sign-in/);
    await signIn(page, email, NEW_PASSWORD);
    await expect(page.getByRole("alert").filter({ hasText: "do not match" })).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in/);
  });
  await page.context().close();
});

test("coaches and admins have the account page without self-deletion", async ({ page }) => {
  await signIn(page, "coach2@example.com");
  await expect(page).toHaveURL(/\/coach/);
  await page.goto("/account");
  await expect(page.getByRole("heading", { name: "Account", exact: true })).toBeVisible();
  await expect(page.getByRole("form", { name: "Delete my account" })).toHaveCount(0);
  await expect(page.getByText("Coach and admin accounts are removed by an admin")).toBeVisible();
});
