import { expect, test, type Browser, type Page } from "@playwright/test";
import { fillFailedAttempt, registerLearner } from "./attempt-form";
import { DEMO, signIn } from "./helpers";

// The browser specs' server runs without SMTP_URL: every mail is kept in the outbox, and an admin
// reads it at /admin/mail. That is how these tests receive their mail.
const ZONE = "Europe/Berlin";
test.use({ timezoneId: ZONE });

async function newPage(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, timezoneId: ZONE });
  return context.newPage();
}

/** As the demo admin: the text of the newest kept mail to `to` with a subject matching `subject`. */
async function readKeptMail(admin: Page, to: string, subject: RegExp): Promise<string> {
  await admin.goto("/admin/mail?status=kept");
  const mail = admin.getByRole("listitem").filter({ hasText: `To ${to}` }).filter({ hasText: subject }).first();
  await expect(mail).toBeVisible();
  await mail.getByText("Show the text").click();
  return (await mail.locator("pre").textContent()) ?? "";
}

test("a learner who forgot the password gets a single-use link by mail, sets a new one, every session ends and nothing signs in", async ({ page, browser, baseURL }) => {
  const email = `forgetful.${Date.now()}@example.org`;
  await registerLearner(page, baseURL!, email, "the original passphrase", "Fran Forgetful");
  // A second browser where the learner is still signed in: the reset must end that session too.
  const other = await newPage(browser, baseURL!);
  await signIn(other, email, "the original passphrase");
  await expect(other).toHaveURL(/\/learn$/);
  await page.context().clearCookies();

  // The sign-in page offers the way out; the answer never tells whether the account exists.
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await page.getByLabel("Email").fill("nobody-here@example.org");
  await page.getByRole("button", { name: "Send me a reset link" }).click();
  const answer = page.getByRole("status");
  await expect(answer).toContainText("If an account uses that email address");
  const unknownAnswer = await answer.textContent();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send me a reset link" }).click();
  await expect(page.getByRole("status")).toHaveText(unknownAnswer!);

  // The mail, as kept in the outbox (no SMTP here): the learner's name, the expiry in their zone, the link.
  const admin = await newPage(browser, baseURL!);
  await signIn(admin, DEMO.admin);
  await expect(admin).toHaveURL(/\/admin$/);
  const text = await readKeptMail(admin, email, /Choose a new Retake Coach password/);
  expect(text).toContain("Hello Fran Forgetful,");
  expect(text).toContain("(Europe/Berlin time)");
  const link = /Choose a new password: (\S+)/.exec(text)?.[1];
  expect(link).toBeTruthy();
  const url = new URL(link!);
  expect(url.origin).toBe(new URL(baseURL!).origin);

  // The link: a new password, then the sign-in page, signed out.
  await page.goto(link!);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await page.getByLabel("New password", { exact: true }).fill("short");
  await page.getByLabel("Repeat the new password").fill("short");
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page.getByText("Use at least 8 characters.")).toBeVisible();
  await page.getByLabel("New password", { exact: true }).fill("a fresh passphrase 2026");
  await page.getByLabel("Repeat the new password").fill("a fresh passphrase 2026");
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page).toHaveURL(/\/sign-in\?changed=password$/);
  await expect(page.getByRole("status")).toContainText("Your password was changed");
  await page.goto("/learn");
  await expect(page).toHaveURL(/\/sign-in/);

  // The other browser's session ended; the old password no longer works, the new one does.
  await other.goto("/learn");
  await expect(other).toHaveURL(/\/sign-in/);
  await signIn(page, email, "the original passphrase");
  await expect(page.getByText(/do not match an account/)).toBeVisible();
  await signIn(page, email, "a fresh passphrase 2026");
  await expect(page).toHaveURL(/\/learn$/);

  // The link worked once.
  await page.goto(link!);
  await expect(page.getByText(/expired or was already used/)).toBeVisible();
  await other.context().close();
  await admin.context().close();
});

test("the bell counts a reminder that arrived, opens the list by keyboard, and mark read empties it", async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  await registerLearner(page, baseURL!, `bell.${Date.now()}@example.org`, "bell passphrase 2026", "Bea Bell");
  const bell = page.getByRole("link", { name: /^Notifications, / });
  await expect(bell).toHaveAccessibleName("Notifications, none unread");

  // A first failed attempt 24 hours minus a minute ago: the queue's reminder is due within about a minute.
  const takenAt = new Date(Math.ceil((Date.now() - 86_400_000 + 60_000) / 60_000) * 60_000);
  await page.goto("/learn/attempts/new");
  await fillFailedAttempt(page, takenAt, ZONE);
  await page.getByRole("button", { name: "Save attempt" }).click();
  await expect(page).toHaveURL(/\/learn\/status\?recorded=1/);

  await expect(async () => {
    await page.reload();
    await expect(bell).toHaveAccessibleName("Notifications, 1 unread", { timeout: 1_000 });
  }).toPass({ timeout: 180_000, intervals: [3_000] });

  // Keyboard only: focus the bell, Enter opens the list.
  await bell.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/notifications$/);
  const list = page.getByRole("list", { name: "Notifications, 1 unread" });
  const item = list.getByRole("listitem").filter({ hasText: "You may sit AZ-104 again" });
  await expect(item).toContainText("Unread");
  const markRead = item.getByRole("button", { name: "Mark read: You may sit AZ-104 again" });
  await markRead.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("list", { name: "Notifications, 0 unread" })).toBeVisible();
  await expect(bell).toHaveAccessibleName("Notifications, none unread");
});
