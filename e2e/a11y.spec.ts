import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { recordFail, startSet } from "./loop";
import { registerLearner } from "./attempt-form";
import { DEMO, signInHttp } from "./helpers";
import { discoverPages } from "./routes";

/*
 * Accessibility: axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules on every page under app/ (found on
 * disk, as the route matrix finds them, so a new page without a row here fails the first test),
 * as each role sees it, in the states that matter: signed out, empty (a learner registered by this
 * spec, with nothing yet), filled (the seeded demo learner, coach and admin, and the new learner
 * once it has a set, an attempt and a plan), forms showing their validation errors, the practice
 * runner mid-set on a question of each format (its leave warning, its drag boards and their list
 * fallback, a case study's tabs), the review screen and the results.
 *
 * Zero violations, except the few listed in EXCEPTIONS with their reasons.
 */

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

/**
 * Known exceptions: a rule, scoped to the elements a selector matches, and why it is not a defect.
 * A violation is excused only where every node it reports matches the selector.
 */
const EXCEPTIONS: { rule: string; selector: string; reason: string }[] = [];


/**
 * Every page and the states it is checked in (who: state). The run checks each of these and fails
 * on any it did not reach, so this table is what was really checked.
 */
const PAGES: Record<string, string[]> = {
  "/": ["signed out: redirected to sign-in"],
  "/sign-in": ["signed out: empty", "signed out: wrong password"],
  "/register": ["signed out: empty", "signed out: errors"],
  "/forgot-password": ["signed out: empty", "signed out: errors"],
  "/reset-password": ["signed out: invalid token"],
  "/unsubscribe": ["signed out: invalid token"],
  "/floor": ["signed out", "new learner"],
  "/account": ["new learner: empty", "coach", "admin"],
  "/account/password": ["new learner: empty", "new learner: errors (empty)", "new learner: errors (invalid)"],
  "/notifications": ["new learner: empty", "demo learner: filled", "coach", "admin"],

  "/learn": ["new learner: empty", "new learner: filled", "demo learner: filled"],
  "/learn/status": ["new learner: empty", "new learner: attempt recorded", "demo learner: filled"],
  "/learn/attempts": ["new learner: empty", "demo learner: filled"],
  "/learn/attempts/new": ["new learner: empty", "new learner: errors"],
  "/learn/attempts/[id]/edit": ["demo learner: filled", "demo learner: errors"],
  "/learn/plan": ["new learner: empty", "new learner: own plan active", "demo learner: coached"],
  "/learn/plan/edit": ["new learner: empty", "new learner: draft plan"],
  "/learn/variations": ["new learner: empty", "demo learner: filled"],
  "/learn/rules": ["new learner: empty", "new learner: errors", "new learner: results"],
  "/learn/practice": ["new learner: empty", "new learner: a set done", "demo learner: filled"],
  "/learn/practice/history": ["new learner: empty", "new learner: a set done"],
  "/learn/practice/[id]": [
    "mid-set: single",
    "mid-set: multiple",
    "mid-set: yes-no",
    "mid-set: yes/no leave warning",
    "mid-set: hotspot",
    "mid-set: drag board",
    "mid-set: drag board list fallback",
    "mid-set: case study",
    "mid-set: case study exhibits",
    "mid-set: flagged",
    "review screen",
  ],
  "/learn/practice/[id]/results": ["new learner: results"],
  "/learn/practice/[id]/variation/[position]": ["new learner: empty", "new learner: errors"],
  "/plans/[id]/print": ["new learner: own plan"],

  "/coach": ["coach: filled"],
  "/coach/learners/[id]": ["coach: demo learner"],
  "/coach/learners/[id]/plan": ["coach: demo learner"],
  "/coach/learners/[id]/variations": ["coach: demo learner"],
  "/bank": ["coach: filled", "coach: search with no match"],
  "/bank/new": ["coach: empty", "coach: errors"],
  "/bank/import": ["coach: empty", "coach: errors"],
  "/bank/[id]": ["coach: filled"],
  "/bank/entry/new": ["coach: case study", "coach: yes/no series"],
  "/bank/entry/[id]": ["coach: case study"],

  "/admin": ["admin: filled"],
  "/admin/users": ["admin: filled", "admin: errors"],
  "/admin/cohorts": ["admin: filled"],
  "/admin/cohorts/[id]": ["admin: filled"],
  "/admin/audit": ["admin: filled"],
  "/admin/mail": ["admin: filled"],
  "/admin/analytics": ["admin: filled"],
  "/admin/analytics/compare": ["admin: filled"],
};

// ---------------------------------------------------------------------------------------------
// Checking

interface Checked {
  route: string;
  state: string;
  url: string;
  violations: string[];
  excused: string[];
}
const checked: Checked[] = [];

/** Runs axe on what `page` shows now and records it as `route` in `state`. */
async function axe(page: Page, route: string, state: string) {
  expect(PAGES[route], `${route} is a page in the table`).toBeDefined();
  expect(PAGES[route], `"${state}" is a state of ${route} in the table`).toContain(state);
  // Let client components hydrate and transitions settle before reading colours.
  await page.waitForLoadState("networkidle").catch(() => {});
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const violations: string[] = [];
  const excused: string[] = [];
  for (const v of result.violations) {
    const targets = v.nodes.map((n) => n.target.map(String).join(" "));
    const exception = EXCEPTIONS.find((e) => e.rule === v.id);
    if (exception) {
      const allMatch = await page.evaluate(
        ({ targets, selector }) => targets.every((t) => document.querySelector(t)?.matches(`${selector}, ${selector} *`) ?? false),
        { targets, selector: exception.selector },
      );
      if (allMatch) {
        excused.push(`${v.id} (${targets.length})`);
        continue;
      }
    }
    const detail = v.nodes
      .slice(0, 4)
      .map((n) => `      ${n.target.join(" ")}: ${n.failureSummary?.split("\n").slice(1).join("; ").trim() ?? ""}`)
      .join("\n");
    violations.push(`${v.id} [${v.impact}] ${v.help} (${v.nodes.length} nodes)\n${detail}`);
  }
  checked.push({ route, state, url: new URL(page.url()).pathname + new URL(page.url()).search, violations, excused });
}

async function go(page: Page, url: string) {
  const res = await page.goto(url);
  expect(res?.status(), `GET ${url}`).toBe(200);
}

async function signedIn(browser: Browser, baseURL: string, email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, timezoneId: "UTC" });
  expect(await signInHttp(context.request, email), `sign-in of ${email}`).toBe(true);
  return { context, page: await context.newPage() };
}

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

async function hrefId(page: Page, pattern: RegExp, name?: RegExp | string): Promise<string> {
  const links = name ? page.getByRole("link", { name }) : page.locator("a[href]");
  for (const href of await links.evaluateAll((els) => els.map((e) => e.getAttribute("href") ?? ""))) {
    const m = pattern.exec(href);
    if (m) return m[1]!;
  }
  throw new Error(`no link matching ${pattern} on ${page.url()}`);
}

/** The first non-empty line of each violation, for the summary. */
function printSummary(): string {
  const width = Math.max(...checked.map((c) => c.route.length));
  const lines = checked.map((c) => `${c.route.padEnd(width)} │ ${c.violations.length ? `${c.violations.length} VIOLATION(S)` : "ok"}${c.excused.length ? ` (excused: ${c.excused.join(", ")})` : ""} │ ${c.state}`);
  const pages = new Set(checked.map((c) => c.route)).size;
  const bad = checked.filter((c) => c.violations.length);
  return [
    `Accessibility (axe-core, ${TAGS.join(" ")}): ${pages} pages × states = ${checked.length} checks, ${bad.length} with violations`,
    ...lines,
    ...bad.map((c) => `\n${c.route} — ${c.state} (${c.url}):\n  ${c.violations.join("\n  ")}`),
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------

test("every page under app/ has its states in the accessibility table, and every row a page", () => {
  const discovered = discoverPages();
  expect(discovered).toEqual(expect.arrayContaining(["/sign-in", "/learn/practice/[id]", "/admin/cohorts/[id]"]));
  expect(discovered.filter((p) => !(p in PAGES)), "pages without accessibility states").toEqual([]);
  expect(Object.keys(PAGES).filter((p) => !discovered.includes(p)), "rows for pages that no longer exist").toEqual([]);
});

test("every page, as each role sees it, empty, filled, with errors and mid-set, has no WCAG 2.2 A/AA violation", async ({ browser, baseURL }) => {
  test.setTimeout(1_200_000);
  const base = baseURL!;

  await test.step("signed out", async () => {
    const context = await browser.newContext({ baseURL: base, timezoneId: "UTC" });
    const page = await context.newPage();
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in/);
    await axe(page, "/", "signed out: redirected to sign-in");
    await go(page, "/sign-in");
    await axe(page, "/sign-in", "signed out: empty");
    // An address no account has: nothing is locked by this.
    await page.getByLabel("Email").fill("nobody-a11y@example.com");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").first()).toBeVisible();
    await axe(page, "/sign-in", "signed out: wrong password");
    await go(page, "/register");
    await axe(page, "/register", "signed out: empty");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible();
    await axe(page, "/register", "signed out: errors");
    await go(page, "/forgot-password");
    await axe(page, "/forgot-password", "signed out: empty");
    await page.getByRole("button", { name: /Send/ }).click();
    await expect(page.locator('[aria-invalid="true"], [role="alert"]').first()).toBeVisible();
    await axe(page, "/forgot-password", "signed out: errors");
    await go(page, "/reset-password?token=not-a-real-token");
    await axe(page, "/reset-password", "signed out: invalid token");
    await go(page, "/unsubscribe?token=not-a-real-token");
    await axe(page, "/unsubscribe", "signed out: invalid token");
    await go(page, "/floor");
    await axe(page, "/floor", "signed out");
    await context.close();
  });

  // A learner registered now: every learner page empty, then filled by its own set, attempt and plan.
  const context = await browser.newContext({ baseURL: base, timezoneId: "UTC" });
  const page = await context.newPage();
  await test.step("a new learner with nothing yet", async () => {
    await registerLearner(page, base, `a11y-${Date.now()}@example.com`, "a long passphrase for axe", "Alex Access");
    for (const [route, url] of [
      ["/learn", "/learn"],
      ["/learn/status", "/learn/status"],
      ["/learn/attempts", "/learn/attempts"],
      ["/learn/attempts/new", "/learn/attempts/new"],
      ["/learn/plan", "/learn/plan"],
      ["/learn/plan/edit", "/learn/plan/edit"],
      ["/learn/variations", "/learn/variations"],
      ["/learn/rules", "/learn/rules"],
      ["/learn/practice", "/learn/practice"],
      ["/learn/practice/history", "/learn/practice/history"],
      ["/account", "/account"],
      ["/account/password", "/account/password"],
      ["/notifications", "/notifications"],
    ] as const) {
      await go(page, url);
      await axe(page, route, "new learner: empty");
    }
    await go(page, "/floor");
    await axe(page, "/floor", "new learner");
  });

  await test.step("forms with their errors shown", async () => {
    await go(page, "/learn/attempts/new");
    await page.getByRole("button", { name: "Save attempt" }).click();
    await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible();
    await axe(page, "/learn/attempts/new", "new learner: errors");

    await go(page, "/account/password");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible();
    await axe(page, "/account/password", "new learner: errors (empty)");
    await page.getByLabel("Current password").fill("not my password");
    await page.getByLabel("New password", { exact: true }).fill("short");
    await page.getByLabel(/^Repeat/).fill("different");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible();
    await axe(page, "/account/password", "new learner: errors (invalid)");

    await go(page, "/learn/rules");
    const questions = page.getByTestId("rules-question");
    await questions.nth(0).getByRole("radio").first().check();
    await page.getByRole("button", { name: "Check my answers" }).click();
    await expect(page.getByText("Choose an answer.").first()).toBeVisible();
    await axe(page, "/learn/rules", "new learner: errors");
    for (let i = 0; i < (await questions.count()); i++) await questions.nth(i).getByRole("radio").first().check();
    await page.getByRole("button", { name: "Check my answers" }).click();
    await expect(page).toHaveURL(/\/learn\/rules\?result=/);
    await axe(page, "/learn/rules", "new learner: results");
  });

  let setId = "";
  const formats = new Set<string>();
  await test.step("the practice runner mid-set, on each format it draws", async () => {
    setId = await startSet(page, "Timed mixed", /^Full length: 50 questions in 100 minutes/);
    const heading = page.getByRole("heading", { name: /^Question \d+ of 50$/ });
    await expect(heading).toBeVisible();
    await page.getByRole("button", { name: /^Question 1,/ }).click();
    await expect(page.getByRole("heading", { name: "Question 1 of 50" })).toBeVisible();
    const seen = new Set<string>();
    for (let n = 1; n <= 50; n++) {
      await expect(page.getByRole("heading", { name: `Question ${n} of 50` })).toBeVisible();
      const section = page.locator("section[data-kind]");
      const kind = (await section.getAttribute("data-kind"))!;
      formats.add(kind);
      const study = (await page.getByTestId("case-study").count()) > 0;
      if (study && !seen.has("case study")) {
        seen.add("case study");
        await axe(page, "/learn/practice/[id]", "mid-set: case study");
        const tabs = page.getByRole("tablist", { name: /^Case study:/ });
        await tabs.getByRole("tab", { name: "Exhibits" }).click();
        await expect(page.getByRole("tabpanel", { name: "Exhibits" })).toBeVisible();
        await axe(page, "/learn/practice/[id]", "mid-set: case study exhibits");
      } else if (!study && ["single", "multiple", "yes-no", "hotspot"].includes(kind) && !seen.has(kind)) {
        seen.add(kind);
        await axe(page, "/learn/practice/[id]", `mid-set: ${kind}`);
      } else if (!study && (kind === "ordering" || kind === "matching") && !seen.has("drag")) {
        seen.add("drag");
        await axe(page, "/learn/practice/[id]", "mid-set: drag board");
        const board = page.getByTestId("slot-board");
        await board.getByRole("button", { name: "Use lists instead of drag and drop" }).click();
        await expect(board.getByTestId("slot-selects")).toBeVisible();
        await axe(page, "/learn/practice/[id]", "mid-set: drag board list fallback");
      }
      // Answer the choice questions (the first option) so the review and results have both kinds.
      if (kind === "single" || kind === "multiple" || kind === "yes-no") await page.getByTestId("options").locator("input").first().check();
      if (n === 2) {
        await page.getByRole("button", { name: "Flag for review" }).click();
        await expect(page.getByRole("button", { name: "Flag for review" })).toHaveAttribute("aria-pressed", "true");
        await axe(page, "/learn/practice/[id]", "mid-set: flagged");
      }
      if (n === 50) await page.locator("section[data-kind]").getByRole("button", { name: "Review and submit" }).click();
      else await page.getByRole("button", { name: "Next →" }).click();
      const leave = page.getByTestId("leave-warning");
      await expect(page.getByRole("heading", { name: n === 50 ? "Review and submit" : `Question ${n + 1} of 50` }).or(leave)).toBeVisible();
      if (await leave.isVisible()) {
        if (kind === "yes-no" && !seen.has("leave")) {
          seen.add("leave");
          await axe(page, "/learn/practice/[id]", "mid-set: yes/no leave warning");
        }
        await leave.getByRole("button", { name: /^(Move on|Leave the case study)$/ }).click();
      }
    }
    await expect(page.getByRole("button", { name: "Submit answers" })).toBeVisible();
    await axe(page, "/learn/practice/[id]", "review screen");
    await page.getByRole("button", { name: "Submit answers" }).click();
    await expect(page).toHaveURL(new RegExp(`/learn/practice/${setId}/results$`), { timeout: 30_000 });
    await axe(page, "/learn/practice/[id]/results", "new learner: results");

    await page.getByRole("link", { name: /^Write a variation/ }).first().click();
    await expect(page.getByRole("heading", { name: "Write a variation" })).toBeVisible();
    await axe(page, "/learn/practice/[id]/variation/[position]", "new learner: empty");
    await page.getByLabel("Your question").fill("");
    await page.getByRole("button", { name: "Save my variation" }).click();
    await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible();
    await axe(page, "/learn/practice/[id]/variation/[position]", "new learner: errors");

    await go(page, "/learn/practice");
    await axe(page, "/learn/practice", "new learner: a set done");
    await go(page, "/learn/practice/history");
    await axe(page, "/learn/practice/history", "new learner: a set done");
  });

  await test.step("the new learner's attempt and own plan", async () => {
    await recordFail(page, "UTC", { ranOutOfTime: "No", unansweredOrGuessed: "3", halfwayMinutesLeft: "55", misread: /^SAS tokens/ });
    await axe(page, "/learn/status", "new learner: attempt recorded");
    await go(page, "/learn/plan");
    await page.getByRole("button", { name: "Generate my plan" }).click();
    await expect(page).toHaveURL(/\/learn\/plan\/edit$/);
    await expect(page.getByTestId("plan-status")).toContainText("Draft");
    await axe(page, "/learn/plan/edit", "new learner: draft plan");
    await page.getByRole("button", { name: "Start this plan" }).click();
    await expect(page.getByTestId("plan-status")).toContainText("Active");
    await go(page, "/learn/plan");
    await axe(page, "/learn/plan", "new learner: own plan active");
    const planId = await hrefId(page, new RegExp(`^/plans/(${UUID})/print`));
    await go(page, `/plans/${planId}/print`);
    await axe(page, "/plans/[id]/print", "new learner: own plan");
    await go(page, "/learn");
    await axe(page, "/learn", "new learner: filled");
  });
  await context.close();

  await test.step("the demo learner (seeded history, a coach)", async () => {
    const { context, page } = await signedIn(browser, base, DEMO.learner);
    for (const route of ["/learn", "/learn/status", "/learn/attempts", "/learn/variations", "/learn/practice", "/notifications"] as const) {
      await go(page, route);
      await axe(page, route, "demo learner: filled");
    }
    await go(page, "/learn/plan");
    await axe(page, "/learn/plan", "demo learner: coached");
    await go(page, "/learn/attempts");
    const attempt = await hrefId(page, new RegExp(`^/learn/attempts/(${UUID})/edit$`));
    await go(page, `/learn/attempts/${attempt}/edit`);
    await axe(page, "/learn/attempts/[id]/edit", "demo learner: filled");
    // An out-of-range score shows its error; nothing is saved.
    await page.getByLabel(/^Scaled score/).fill("5000");
    await page.getByRole("button", { name: /^Save/ }).click();
    await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible();
    await axe(page, "/learn/attempts/[id]/edit", "demo learner: errors");
    await context.close();
  });

  await test.step("the demo coach", async () => {
    const { context, page } = await signedIn(browser, base, DEMO.coach);
    await go(page, "/coach");
    await axe(page, "/coach", "coach: filled");
    const learner = await hrefId(page, new RegExp(`^/coach/learners/(${UUID})$`), /Amara Okafor/);
    for (const [route, url] of [
      ["/coach/learners/[id]", `/coach/learners/${learner}`],
      ["/coach/learners/[id]/plan", `/coach/learners/${learner}/plan`],
      ["/coach/learners/[id]/variations", `/coach/learners/${learner}/variations`],
    ] as const) {
      await go(page, url);
      await axe(page, route, "coach: demo learner");
    }
    await go(page, "/bank");
    await axe(page, "/bank", "coach: filled");
    const question = await hrefId(page, /^\/bank\/(?!new$|import$|export\.json$|entry\/)([^/?#]+)$/);
    await go(page, "/bank?q=no-such-question-anywhere");
    await axe(page, "/bank", "coach: search with no match");
    await go(page, `/bank/${question}`);
    await axe(page, "/bank/[id]", "coach: filled");
    await go(page, "/bank/new");
    await axe(page, "/bank/new", "coach: empty");
    await page.getByRole("button", { name: "Create question" }).click();
    await expect(page.locator('[aria-invalid="true"], [role="alert"]').first()).toBeVisible();
    await axe(page, "/bank/new", "coach: errors");
    await go(page, "/bank/import");
    await axe(page, "/bank/import", "coach: empty");
    await page.locator("textarea").first().fill("[{ not json");
    await page.getByRole("button", { name: /Import|Check/ }).first().click();
    await expect(page.locator('[aria-invalid="true"], [role="alert"]').first()).toBeVisible();
    await axe(page, "/bank/import", "coach: errors");
    await go(page, "/bank/entry/new?kind=case-study");
    await axe(page, "/bank/entry/new", "coach: case study");
    await go(page, "/bank/entry/new?kind=yes-no-series");
    await axe(page, "/bank/entry/new", "coach: yes/no series");
    await go(page, "/bank/entry/cs-tailwind-exports");
    await axe(page, "/bank/entry/[id]", "coach: case study");
    await go(page, "/account");
    await axe(page, "/account", "coach");
    await go(page, "/notifications");
    await axe(page, "/notifications", "coach");
    await context.close();
  });

  await test.step("the demo admin", async () => {
    const { context, page } = await signedIn(browser, base, DEMO.admin);
    for (const route of ["/admin", "/admin/users", "/admin/cohorts", "/admin/audit", "/admin/mail", "/admin/analytics", "/admin/analytics/compare"] as const) {
      await go(page, route);
      await axe(page, route, "admin: filled");
    }
    await go(page, "/admin/cohorts");
    const cohort = await hrefId(page, new RegExp(`^/admin/cohorts/(${UUID})$`), /Spring cohort/);
    await go(page, `/admin/cohorts/${cohort}`);
    await axe(page, "/admin/cohorts/[id]", "admin: filled");
    await go(page, "/admin/users");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.locator('[aria-invalid="true"], [role="alert"]').first()).toBeVisible();
    await axe(page, "/admin/users", "admin: errors");
    await go(page, "/account");
    await axe(page, "/account", "admin");
    await go(page, "/notifications");
    await axe(page, "/notifications", "admin");
    await context.close();
  });

  console.log(`\n${printSummary()}\n`);
  console.log(`Practice formats reached: ${[...formats].sort().join(", ")}`);

  // Every planned state was checked (so the table above is what ran).
  const done = new Set(checked.map((c) => `${c.route} — ${c.state}`));
  const planned = Object.entries(PAGES).flatMap(([route, states]) => states.map((s) => `${route} — ${s}`));
  expect(planned.filter((p) => !done.has(p)), "states in the table that were not reached").toEqual([]);
  expect(
    checked.filter((c) => c.violations.length).map((c) => `${c.route} — ${c.state}: ${c.violations.map((v) => v.split(" ")[0]).join(", ")}`),
    "accessibility violations",
  ).toEqual([]);
});
