import { expect, test } from "@playwright/test";
import { THROTTLE_RULES } from "../lib/auth/server/throttle";
import { DEMO, signIn, signOut } from "./helpers";

test("a new learner registers and lands on the learner home", async ({ page }) => {
  await page.goto("/register");
  await page.getByLabel("Name").fill("Riley Newcomer");
  await page.getByLabel("Email").fill(`riley.${Date.now()}@example.org`);
  await page.getByLabel("Password", { exact: true }).fill("a long enough passphrase");
  await page.getByLabel("Repeat the password").fill("a long enough passphrase");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/learn$/);
  await expect(page.getByRole("heading", { name: "Welcome, Riley" })).toBeVisible();
});

test("registration with bad input shows every field error and keeps what was typed", async ({ page }) => {
  await page.goto("/register");
  await page.getByLabel("Name").fill("Sam <b>Bold</b>");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByLabel("Repeat the password").fill("different");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await expect(page.getByText("Use at least 8 characters.")).toBeVisible();
  await expect(page.getByText("The two passwords do not match.")).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue("Sam <b>Bold</b>");
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/register$/);
});

for (const [role, email, path, heading] of [
  ["learner", DEMO.learner, "/learn", /Welcome,/],
  ["coach", DEMO.coach, "/coach", "Your learners"],
  ["admin", DEMO.admin, "/admin", "Programme overview"],
] as const) {
  test(`the demo ${role} signs in and lands on ${path}`, async ({ page }) => {
    await signIn(page, email);
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await signOut(page);
    await page.goto(path);
    await expect(page).toHaveURL(/\/sign-in/);
  });
}

test("a wrong password shows the generic error", async ({ page }) => {
  await signIn(page, DEMO.coach2, "not-the-password");
  await expect(page.getByRole("alert").filter({ hasText: "do not match an account" })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, "nobody@example.com", "not-the-password");
  await expect(page.getByRole("alert").filter({ hasText: "do not match an account" })).toBeVisible();
});

test("a learner opening /admin gets the 403 page", async ({ page }) => {
  await signIn(page, DEMO.learner);
  await expect(page).toHaveURL(/\/learn$/);
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "This page is not for your role" })).toBeVisible();
});

test("signed-out access redirects to sign-in and returns after it", async ({ page }) => {
  await page.goto("/coach");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  await page.getByLabel("Email").fill(DEMO.coach);
  await page.getByLabel("Password").fill("retake-demo-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/coach$/);
  await expect(page.getByRole("heading", { name: "Your learners" })).toBeVisible();
});

test("a session cookie copied before sign-out is refused after it, on pages and on the autosave API", async ({ page, browser }) => {
  const learner = "learner13@example.com";
  await signIn(page, learner);
  await expect(page).toHaveURL(/\/learn$/);
  await page.goto("/learn/practice");
  await page.getByLabel("Timed mixed").check();
  await page.getByLabel(/^Short: 10 questions in 20 minutes/).check();
  await page.getByRole("button", { name: "Start the set" }).click();
  await expect(page).toHaveURL(/\/learn\/practice\/[0-9a-f-]{36}$/);
  const setPath = new URL(page.url()).pathname;
  const saved = await page.context().cookies();
  expect(saved.some((c) => c.name.includes("authjs.session-token"))).toBe(true);
  const save = (seq: number) => ({ data: { answers: [{ position: 1, response: null, flagged: true, seq, timeMs: 1_000 }] } });

  // The copy works while the session is live: the replay below would pass if sign-out kept it valid.
  const copy = await browser.newContext();
  await copy.addCookies(saved);
  const copyPage = await copy.newPage();
  await copyPage.goto("/learn");
  await expect(copyPage).toHaveURL(/\/learn$/);
  const before = await copy.request.post(`${setPath}/answers`.replace("/learn/practice/", "/api/practice/"), save(1));
  expect(before.status()).toBe(200);
  expect(((await (await copy.request.get("/api/auth/session")).json()) as { user?: { email?: string } } | null)?.user?.email).toBe(learner);

  await signOut(page);

  await copyPage.goto("/learn");
  await expect(copyPage).toHaveURL(/\/sign-in\?callbackUrl=/);
  await copyPage.goto(setPath);
  await expect(copyPage).toHaveURL(/\/sign-in\?callbackUrl=/);
  const after = await copy.request.post(`${setPath}/answers`.replace("/learn/practice/", "/api/practice/"), save(2));
  expect(after.status()).toBe(401);
  expect(await after.json()).toMatchObject({ ok: false, error: "unauthenticated" });
  // Auth.js's own session endpoint would read the token alone; the database says it is retired.
  expect(await (await copy.request.get("/api/auth/session")).json()).toBeNull();
  await copy.close();
});

test("repeated wrong passwords lock the account: even the right password is refused afterwards", async ({ page }) => {
  const account = "learner14@example.com";
  for (let i = 0; i < THROTTLE_RULES.account.maxFailures; i++) {
    await signIn(page, account, `wrong-guess-${i}`);
    await expect(page.getByRole("alert").filter({ hasText: "do not match an account" })).toBeVisible();
  }
  await signIn(page, account);
  await expect(page.getByRole("alert").filter({ hasText: "Too many failed sign-ins" })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/learn");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  // Another account from the same browser still signs in: the lock is per account, not per address.
  await signIn(page, "learner11@example.com");
  await expect(page).toHaveURL(/\/learn$/);
});
