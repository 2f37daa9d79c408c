import fs from "node:fs";
import { expect, test, type APIResponse, type Page, type Response } from "@playwright/test";
import { DEMO, signIn } from "./helpers";

// A demo learner used by no other spec (the practice set started here stays open).
const LEARNER = "learner9@example.com";
const NEXT_VERSION = (JSON.parse(fs.readFileSync("node_modules/next/package.json", "utf8")) as { version: string }).version;

type AnyResponse = Response | APIResponse;

async function headerValues(res: AnyResponse, name: string): Promise<string[]> {
  const all = await res.headersArray();
  return all.filter((h) => h.name.toLowerCase() === name).map((h) => h.value);
}

function directive(policy: string, name: string): string | undefined {
  return policy
    .split(";")
    .map((d) => d.trim())
    .find((d) => d === name || d.startsWith(`${name} `));
}

/**
 * Checks one HTML page response: exactly one CSP, strict script rules with a nonce, every script
 * tag carrying that nonce, the other security headers, no framework version. Returns the nonce.
 */
async function expectStrictPage(res: AnyResponse | null, label: string, status = 200): Promise<string> {
  expect(res, label).not.toBeNull();
  const r = res!;
  expect(r.status(), label).toBe(status);
  expect(r.headers()["content-type"], label).toContain("text/html");
  const policies = await headerValues(r, "content-security-policy");
  expect(policies, `${label}: one CSP header`).toHaveLength(1);
  const policy = policies[0]!;

  const script = directive(policy, "script-src");
  const nonce = script?.match(/'nonce-([A-Za-z0-9+/=]+)'/)?.[1];
  expect(nonce, `${label}: script-src has a nonce (${policy})`).toBeTruthy();
  expect(script).toContain("'strict-dynamic'");
  expect(script).not.toContain("'unsafe-inline'");
  expect(script).not.toContain("'unsafe-eval'");
  expect(directive(policy, "style-src"), label).toBe(`style-src 'self' 'nonce-${nonce}'`);
  expect(directive(policy, "default-src")).toBe("default-src 'self'");
  expect(directive(policy, "object-src")).toBe("object-src 'none'");
  expect(directive(policy, "frame-ancestors")).toBe("frame-ancestors 'none'");
  expect(directive(policy, "base-uri")).toBe("base-uri 'self'");
  expect(directive(policy, "form-action")).toBe("form-action 'self'");
  // Plain http here: no upgrade and no HSTS.
  expect(directive(policy, "upgrade-insecure-requests")).toBeUndefined();

  const headers = r.headers();
  expect(headers["x-frame-options"], label).toBe("DENY");
  expect(headers["x-content-type-options"], label).toBe("nosniff");
  expect(headers["referrer-policy"], label).toBe("strict-origin-when-cross-origin");
  expect(headers["x-powered-by"], label).toBeUndefined();
  expect(headers["strict-transport-security"], label).toBeUndefined();
  for (const [name, value] of Object.entries(headers)) expect(`${name}: ${value}`, label).not.toContain(NEXT_VERSION);

  const html = await r.text();
  expect(html, label).not.toContain(NEXT_VERSION);
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length, `${label}: scripts in the page`).toBeGreaterThan(0);
  const withoutNonce = scripts.filter((tag) => !tag.includes(` nonce="${nonce}"`));
  expect(withoutNonce, `${label}: script tags without this response's nonce`).toEqual([]);
  // Style elements Next writes into the page carry it too.
  const styles = html.match(/<style\b[^>]*>/g) ?? [];
  expect(styles.filter((tag) => !tag.includes(` nonce="${nonce}"`)), `${label}: style tags without the nonce`).toEqual([]);
  return nonce!;
}

/** A second request for the same page gets its own nonce. */
async function expectFreshNonce(page: Page, path: string, seen: string) {
  const again = await page.request.get(path);
  const nonce = await expectStrictPage(again, `${path} (again)`);
  expect(nonce).not.toBe(seen);
}

/** Collects every CSP violation the browser reports, from console messages and from the DOM event. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`csp-violation: ${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on("console", (m) => {
    const text = m.text();
    if (text.includes("Content Security Policy") || text.startsWith("csp-violation:")) violations.push(text);
  });
  page.on("pageerror", (err) => violations.push(`page error: ${err.message}`));
  return violations;
}

/** React has hydrated the document, so Next's scripts ran. */
async function expectHydrated(page: Page) {
  await expect
    .poll(() => page.evaluate(() => Object.keys(document.body).some((k) => k.startsWith("__react"))), { message: "hydrated" })
    .toBe(true);
}

async function openAndCloseUserMenu(page: Page) {
  await page.getByRole("button", { name: /Account menu/ }).click();
  await expect(page.getByRole("menuitem", { name: "Sign out" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("menuitem", { name: "Sign out" })).toBeHidden();
}

test("the sign-in page has a strict nonce policy, a fresh nonce per request and no violations", async ({ page }) => {
  const violations = await watchViolations(page);
  const res = await page.goto("/sign-in");
  const nonce = await expectStrictPage(res, "/sign-in");
  await expectFreshNonce(page, "/sign-in", nonce);
  await expectHydrated(page);
  // Client interactivity: the form is submitted by React (an action state), the error renders in place.
  await page.getByLabel("Email").fill(DEMO.coach2);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "do not match an account" })).toBeVisible();
  // The not-found page renders per request too, so its scripts carry the nonce and run.
  await expectStrictPage(await page.goto("/no-such-page"), "404 page", 404);
  await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
  await expectHydrated(page);
  expect(violations).toEqual([]);
});

test("HSTS and upgrade-insecure-requests only when a trusted proxy says the browser came over https", async ({ request }) => {
  const plain = await request.get("/sign-in");
  expect(plain.headers()["strict-transport-security"]).toBeUndefined();
  expect(plain.headers()["content-security-policy"]).not.toContain("upgrade-insecure-requests");

  const tls = await request.get("/sign-in", { headers: { "X-Forwarded-Proto": "https" } });
  expect(tls.status()).toBe(200);
  expect(tls.headers()["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
  expect(tls.headers()["content-security-policy"]).toMatch(/; upgrade-insecure-requests$/);

  // Redirects of signed-out visitors carry it too.
  const redirect = await request.get("/learn", { headers: { "X-Forwarded-Proto": "https" }, maxRedirects: 0 });
  expect(redirect.status()).toBe(307);
  expect(redirect.headers()["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
});

test("API answers and static files carry a policy that lets nothing run or frame them", async ({ request, page }) => {
  for (const path of ["/api/auth/csrf", "/api/auth/session"]) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(200);
    const policies = await headerValues(res, "content-security-policy");
    expect(policies, path).toEqual(["default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"]);
    expect(res.headers()["x-frame-options"], path).toBe("DENY");
    expect(res.headers()["x-content-type-options"], path).toBe("nosniff");
    expect(res.headers()["x-powered-by"], path).toBeUndefined();
  }
  await page.goto("/sign-in");
  const chunk = await page.locator("script[src^='/_next/static/']").first().getAttribute("src");
  expect(chunk).toBeTruthy();
  const js = await request.get(chunk!);
  expect(js.status()).toBe(200);
  expect(js.headers()["x-content-type-options"]).toBe("nosniff");
  expect(js.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
});

test("learner pages and the practice runner work under the policy", async ({ page }) => {
  const violations = await watchViolations(page);
  await signIn(page, LEARNER);
  await expect(page).toHaveURL(/\/learn$/);

  const home = await page.goto("/learn");
  const nonce = await expectStrictPage(home, "/learn");
  await expectFreshNonce(page, "/learn", nonce);
  await expectHydrated(page);
  await openAndCloseUserMenu(page);

  await expectStrictPage(await page.goto("/learn/status"), "/learn/status");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectHydrated(page);

  await page.goto("/learn/practice");
  await page.getByLabel("Timed mixed").check();
  await page.getByLabel(/^Short: 10 questions in 20 minutes/).check();
  await page.getByRole("button", { name: "Start the set" }).click();
  await expect(page).toHaveURL(/\/learn\/practice\/[0-9a-f-]{36}$/);
  const runnerPath = new URL(page.url()).pathname;
  const runner = await page.goto(runnerPath);
  const runnerNonce = await expectStrictPage(runner, "practice runner");
  await expectFreshNonce(page, runnerPath, runnerNonce);
  await expect(page.getByRole("heading", { name: /^Question \d+ of 10$/ })).toBeVisible();
  // The countdown is client code: it ticks.
  const timeLeft = page.getByTestId("time-left");
  await expect(timeLeft).toHaveText(/^\d\d:\d\d$/);
  const first = await timeLeft.textContent();
  await expect(timeLeft).not.toHaveText(first!, { timeout: 5_000 });
  // Answering saves through the autosave API (connect-src 'self').
  await page.getByTestId("options").locator("input").first().check();
  await expect(page.getByTestId("save-status")).toHaveText("All answers saved");

  expect(violations).toEqual([]);
});

test("the coach dashboard works under the policy", async ({ page }) => {
  const violations = await watchViolations(page);
  await signIn(page, DEMO.coach);
  await expect(page).toHaveURL(/\/coach$/);
  const res = await page.goto("/coach");
  const nonce = await expectStrictPage(res, "/coach");
  await expectFreshNonce(page, "/coach", nonce);
  await expect(page.getByRole("heading", { level: 1, name: "Your learners" })).toBeVisible();
  await expectHydrated(page);
  await openAndCloseUserMenu(page);
  // So does the page that refuses a role.
  await expectStrictPage(await page.goto("/admin"), "403 page", 403);
  await expect(page.getByRole("heading", { name: "This page is not for your role" })).toBeVisible();
  await expectHydrated(page);
  expect(violations).toEqual([]);
});

test("the admin analytics charts render under the policy", async ({ page }) => {
  const violations = await watchViolations(page);
  await signIn(page, DEMO.admin);
  await expect(page).toHaveURL(/\/admin$/);
  const res = await page.goto("/admin/analytics");
  const nonce = await expectStrictPage(res, "/admin/analytics");
  await expectFreshNonce(page, "/admin/analytics", nonce);
  await expectHydrated(page);
  // Recharts draws only in the browser, after measuring its container.
  const charts = page.locator("svg.recharts-surface");
  await expect(charts.first()).toBeVisible();
  expect(await charts.count()).toBeGreaterThan(1);
  await expect(page.locator(".recharts-bar-rectangle, .recharts-line-curve").first()).toBeAttached();
  await openAndCloseUserMenu(page);
  expect(violations).toEqual([]);
});
