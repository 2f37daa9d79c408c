import { expect, type APIRequestContext, type Page } from "@playwright/test";

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

/**
 * Signs in over HTTP as a browser's sign-in form does (CSRF cookie, credentials POST, session
 * cookie), much faster than driving the form. The cookies stay in `request`'s cookie jar; returns
 * whether a session came back.
 */
export async function signInHttp(request: APIRequestContext, email: string, password = DEMO_PASSWORD): Promise<boolean> {
  const csrf = await request.get("/api/auth/csrf");
  expect(csrf.status(), "GET /api/auth/csrf").toBe(200);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, callbackUrl: "/" },
    maxRedirects: 0,
  });
  expect([302, 303], `sign-in POST for ${email}`).toContain(res.status());
  const session = await request.get("/api/auth/session");
  const body = (await session.json()) as { user?: { email?: string } } | null;
  return body?.user?.email === email;
}
