import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { DEMO, signInHttp } from "./helpers";

/*
 * Stored markup in every free-text field a person can write — names at registration and in the
 * admin's forms, attempt notes, cohort names, plan task texts, evidence, review comments, question
 * texts and the importer's problem list — is shown as text on every page that shows it: the
 * literal characters are visible, nothing runs (window.__xss stays undefined) and no element of
 * the page carries the payload's script or event handler.
 */

test.use({ timezoneId: "UTC" });

const SCRIPT = `<script>window.__xss=1</script><img src=x onerror="window.__xss=2">`;
const ATTR = `"'><svg onload="window.__xss=3">`;
const CLOSE = `</textarea></title><script>window.__xss=4</script>`;

const stamp = Date.now().toString(36);
const LEARNER_NAME = `Nia ${stamp} ${SCRIPT}`; // ≤ 100 characters
const LEARNER_EMAIL = `nia.${stamp}@example.org`;
const STAFF_NAME = `Sam ${stamp} ${ATTR}`;
const COHORT_NAME = `Co ${ATTR}${stamp}`;
const FORMULA_COHORT = `=HYPERLINK("https://example.com/x","${stamp}")`;
const NOTES = `Notes ${SCRIPT} ${ATTR} ${CLOSE}`;
const TASK_TITLE = `Task ${SCRIPT}`;
const TASK_INSTRUCTIONS = `Instructions ${ATTR} ${CLOSE}`;
const TASK_EVIDENCE = `Evidence required ${SCRIPT}`;
const EVIDENCE_TEXT = `Evidence ${SCRIPT} ${ATTR}`;
const REVIEW_COMMENT = `Comment ${ATTR} ${SCRIPT}`;
const QUESTION_ID = `xss-probe-${stamp}`;
const QUESTION = {
  id: QUESTION_ID,
  exam: "AZ-104",
  domain: "monitoring",
  category: "alert-rule",
  tier: "edge",
  family: `xss-probe-${stamp}`,
  kind: "single",
  stem: `Stem ${SCRIPT} ${ATTR} — which alert rule fires when the probe runs?`,
  options: [
    { key: "A", text: `Option A ${SCRIPT}` },
    { key: "B", text: `Option B ${ATTR}`, whyWrong: `Why wrong ${SCRIPT}` },
  ],
  answer: ["A"],
  explanation: `Explanation ${CLOSE} ${ATTR} — the probe must render as text.`,
  status: "published",
};

/** The payload is visible as text, nothing ran, and no element carries its script or handlers. */
async function expectInert(page: Page, visibleTexts: string[] = []) {
  for (const text of visibleTexts) await expect(page.getByText(text, { exact: false }).filter({ visible: true }).first(), `${page.url()} shows ${text}`).toBeVisible();
  // An injected <img src=x> would fire onerror once its load fails: give it a moment.
  await page.waitForTimeout(100);
  const found = await page.evaluate(() => ({
    xss: (window as unknown as { __xss?: unknown }).__xss,
    scripts: [...document.scripts].filter((s) => /^\s*window\.__xss=\d\s*$/.test(s.textContent ?? "")).length,
    handlers: [...document.querySelectorAll("*")].filter((e) => [...e.attributes].some((a) => a.name.startsWith("on") && a.value.includes("__xss"))).length,
    probes: document.querySelectorAll('img[src="x"], svg[onload]').length,
  }));
  expect(found, `${page.url()} is inert`).toEqual({ xss: undefined, scripts: 0, handlers: 0, probes: 0 });
}

test("the inertness check notices markup that runs", async ({ page }) => {
  await page.setContent(`<p>probe</p>${SCRIPT}<p>${ATTR}</p>`);
  await expect(expectInert(page)).rejects.toThrow(/is inert/);
});

async function pageAs(browser: Browser, baseURL: string, request: APIRequestContext): Promise<Page> {
  const context = await browser.newContext({ baseURL, storageState: await request.storageState(), timezoneId: "UTC" });
  return context.newPage();
}

/** "YYYY-MM-DDTHH:MM" in UTC, whole minutes, for a datetime-local input in a UTC browser. */
const localInput = (d: Date) => d.toISOString().slice(0, 16);

test("stored markup in every free-text field renders as text on every page that shows it", async ({ page, browser, baseURL, playwright }) => {
  test.setTimeout(180_000);
  const base = baseURL!;
  let learnerId = "";
  let cohortId = "";
  let formulaCohortId = "";
  let planId = "";

  await test.step("a learner registers with markup in the name and records an attempt with markup in the notes", async () => {
    await page.goto("/register");
    await page.getByLabel("Name").fill(LEARNER_NAME);
    await page.getByLabel("Email").fill(LEARNER_EMAIL);
    await page.getByLabel("Password", { exact: true }).fill("escaping-check-passphrase");
    await page.getByLabel("Repeat the password").fill("escaping-check-passphrase");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/learn$/);
    await expectInert(page, [LEARNER_NAME]);

    await page.goto("/learn/attempts/new");
    await page.getByLabel("Date and time of the exam").fill(localInput(new Date(Math.floor((Date.now() - 2 * 3_600_000) / 60_000) * 60_000)));
    await page.getByLabel("Did not pass").check();
    await page.getByLabel(/^Scaled score/).fill("655");
    for (const [label, value] of [["Identity & governance", "72"], ["Storage", "41"], ["Compute", "70"], ["Networking", "52"], ["Monitoring", "75"]]) {
      await page.getByLabel(`${label} — bar length`).fill(value);
    }
    await page.getByLabel("Notes").fill(NOTES);
    await page.getByRole("button", { name: "Save attempt" }).click();
    await expect(page).toHaveURL(/\/learn\/status\?recorded=1/);
    await expectInert(page);
    await page.goto("/learn/attempts");
    await expectInert(page);
    await page.getByRole("link", { name: /Edit/ }).first().click();
    await expect(page.getByLabel("Notes")).toHaveValue(NOTES);
    await expectInert(page);
  });

  const admin = await playwright.request.newContext({ baseURL: base });
  const coach = await playwright.request.newContext({ baseURL: base });
  expect(await signInHttp(admin, DEMO.admin)).toBe(true);
  expect(await signInHttp(coach, DEMO.coach)).toBe(true);

  await test.step("an admin writes markup in a staff name and cohort names, and assigns the learner to coach1", async () => {
    const a = await pageAs(browser, base, admin);
    await a.goto("/admin/users");
    const staff = a.getByRole("region", { name: "Add a coach or admin" });
    await staff.getByLabel("Name", { exact: true }).fill(STAFF_NAME);
    await staff.getByLabel("Email", { exact: true }).fill(`sam.${stamp}@example.org`);
    await staff.getByLabel("Role", { exact: true }).selectOption("coach");
    await staff.getByRole("button", { name: "Create account" }).click();
    await expect(a.getByText(`Created sam.${stamp}@example.org as coach.`, { exact: false })).toBeVisible();
    await a.goto(`/admin/users?q=${stamp}`);
    await expectInert(a, [STAFF_NAME, LEARNER_NAME]);

    for (const name of [COHORT_NAME, FORMULA_COHORT]) {
      await a.goto("/admin/cohorts");
      await a.getByLabel("Name").fill(name);
      await a.getByRole("button", { name: "Create cohort" }).click();
      await expect(a.getByRole("heading", { name })).toBeVisible();
      const id = a.url().split("/").pop()!;
      if (name === COHORT_NAME) cohortId = id;
      else formulaCohortId = id;
      await a.getByLabel(/Paste email addresses/).fill(LEARNER_EMAIL);
      await a.getByRole("button", { name: "Add learners" }).click();
      await expect(a.getByText("1 added, 0 not added.")).toBeVisible();
    }
    await a.goto(`/admin/cohorts/${cohortId}`);
    await a.getByLabel("Coach", { exact: true }).selectOption({ label: "Casey Coach" });
    await a.getByRole("button", { name: "Assign coach" }).click();
    await expect(a.getByText("Coach assigned to 1 learner")).toBeVisible();
    await a.reload();
    await expectInert(a, [COHORT_NAME, LEARNER_NAME]);

    await a.goto("/admin/cohorts");
    await expectInert(a, [COHORT_NAME, FORMULA_COHORT]);
    await a.goto(`/admin/analytics?cohort=${cohortId}`);
    await expectInert(a, [COHORT_NAME]);
    await a.goto(`/admin/analytics/compare?a=${cohortId}&b=${formulaCohortId}`);
    await expectInert(a);
    await a.goto("/admin/audit");
    await expectInert(a);
    await a.goto("/admin");
    await expectInert(a);
    await a.context().close();
  });

  await test.step("the cohort CSV guards every text cell that a spreadsheet would run as a formula", async () => {
    const csv = await (await admin.get(`/admin/analytics/export.csv?cohort=${formulaCohortId}`)).text();
    const cells = csv
      .split("\r\n")
      .filter(Boolean)
      .flatMap((line) => line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, "").replace(/^"|"$/g, "").replace(/""/g, '"')));
    expect(cells).toContain(`'${FORMULA_COHORT}`);
    const unguarded = cells.filter((c) => /^[=+\-@\t\r]/.test(c) && !/^-?\d+(\.\d+)?$/.test(c));
    expect(unguarded).toEqual([]);
  });

  await test.step("coach1 sees the learner, builds a plan with markup in a custom task, and assigns it", async () => {
    const c = await pageAs(browser, base, coach);
    await c.goto("/coach");
    await expectInert(c, [LEARNER_NAME]);
    const href = await c.getByRole("link", { name: LEARNER_NAME }).getAttribute("href");
    learnerId = /\/coach\/learners\/([0-9a-f-]{36})$/.exec(href ?? "")![1]!;
    await c.goto(`/coach/learners/${learnerId}`);
    await expectInert(c, [LEARNER_NAME, NOTES]);

    await c.goto(`/coach/learners/${learnerId}/plan`);
    await c.getByRole("button", { name: "Generate repair plan" }).click();
    await expect(c.getByTestId("plan-status")).toContainText("Draft");
    const form = c.getByRole("form", { name: "Add a custom task" });
    await form.getByLabel("Title").fill(TASK_TITLE);
    await form.getByLabel("Instructions").fill(TASK_INSTRUCTIONS);
    await form.getByLabel("Evidence required").fill(TASK_EVIDENCE);
    await form.getByRole("button", { name: "Add task" }).click();
    await expect(c.getByRole("heading", { name: TASK_TITLE })).toBeVisible();
    await c.getByRole("button", { name: "Assign plan" }).click();
    await expect(c.getByTestId("plan-status")).toHaveText("Active");
    await expectInert(c, [TASK_TITLE, TASK_INSTRUCTIONS, TASK_EVIDENCE]);
    planId = /\/plans\/([0-9a-f-]{36})\/print/.exec((await c.getByRole("link", { name: "Printable plan" }).getAttribute("href")) ?? "")![1]!;
    await c.goto(`/plans/${planId}/print`);
    await expectInert(c, [LEARNER_NAME, TASK_TITLE, TASK_INSTRUCTIONS, TASK_EVIDENCE]);
    await c.context().close();
  });

  await test.step("the learner hands in evidence with markup; coach1 sends it back with a comment with markup", async () => {
    await page.goto("/learn/plan");
    const task = page.getByTestId("plan-task").filter({ has: page.getByRole("heading", { name: TASK_TITLE }) });
    await expectInert(page, [TASK_TITLE, TASK_INSTRUCTIONS, TASK_EVIDENCE]);
    await task.getByLabel("What you did and what you observed").fill(EVIDENCE_TEXT);
    await task.getByRole("button", { name: "Submit evidence" }).click();
    await expect(page.getByTestId("plan-announcement")).toContainText("Evidence submitted");
    await expectInert(page, [EVIDENCE_TEXT]);

    const c = await pageAs(browser, base, coach);
    await c.goto(`/coach/learners/${learnerId}/plan`);
    const reviewed = c.getByTestId("plan-task").filter({ has: c.getByRole("heading", { name: TASK_TITLE }) });
    await expect(reviewed.getByTestId("evidence-text")).toHaveText(EVIDENCE_TEXT);
    await expectInert(c, [EVIDENCE_TEXT]);
    await reviewed.getByLabel("Comment for the learner").fill(REVIEW_COMMENT);
    await reviewed.getByRole("button", { name: /^Send back/ }).click();
    await expect(c.getByTestId("plan-announcement")).toContainText(/sent back/i);
    await expectInert(c, [REVIEW_COMMENT]);
    await c.goto("/coach?plan=waiting");
    await expectInert(c);
    await c.context().close();

    await page.goto("/learn/plan");
    await expectInert(page, [REVIEW_COMMENT, EVIDENCE_TEXT]);
    await page.goto(`/plans/${planId}/print`);
    await expectInert(page, [TASK_TITLE]);
    await page.goto("/learn");
    await expectInert(page, [LEARNER_NAME]);
  });

  await test.step("question texts with markup: the importer's problem list, the editor, and the learner's review", async () => {
    const c = await pageAs(browser, base, coach);
    // A refused import lists every problem by item and id: the id is markup here.
    await c.goto("/bank/import");
    await c.getByLabel(/paste the JSON array/).fill(JSON.stringify([{ ...QUESTION, id: `${SCRIPT}` }]));
    await c.getByRole("button", { name: "Import" }).click();
    await expect(c.getByText("Fix these and import again")).toBeVisible();
    await expectInert(c, [SCRIPT]);

    await c.getByLabel(/paste the JSON array/).fill(JSON.stringify([QUESTION]));
    await c.getByRole("button", { name: "Import" }).click();
    await expect(c.getByText("Imported: 1 new, 0 updated.")).toBeVisible();
    await c.goto(`/bank?q=${QUESTION_ID}`);
    await expectInert(c, [QUESTION_ID]);
    await c.goto(`/bank/${QUESTION_ID}`);
    await expect(c.getByLabel("Scenario (stem)")).toHaveValue(QUESTION.stem);
    await expect(c.getByLabel("Explanation")).toHaveValue(QUESTION.explanation);
    await expectInert(c);

    // A 25-question Monitoring focus set does not always draw this one question out of the
    // domain's pool, but a set avoids the questions of the last three sets while the pool allows,
    // so a few sets in a row reach it. The learner's review after submitting shows the stem,
    // options, explanation and why-wrong.
    let drawn = false;
    for (let attempt = 0; attempt < 8 && !drawn; attempt++) {
      await page.goto("/learn/practice");
      await page.getByLabel("Domain focus").check();
      await page.getByRole("checkbox", { name: /^Monitoring/ }).check();
      await page.getByLabel(/^Half: 25 questions/).check();
      await page.getByRole("button", { name: "Start the set" }).click();
      await expect(page).toHaveURL(/\/learn\/practice\/[0-9a-f-]{36}$/);
      await expectInert(page);
      await page.getByRole("button", { name: "Review and submit" }).first().click();
      await page.getByRole("button", { name: "Submit answers" }).click();
      await expect(page).toHaveURL(/\/results$/);
      drawn = (await page.getByText(QUESTION.stem, { exact: false }).count()) > 0;
    }
    expect(drawn, "one of eight Monitoring sets drew the imported question").toBe(true);
    await expectInert(page, [QUESTION.stem, QUESTION.options[0]!.text, QUESTION.options[1]!.text, QUESTION.options[1]!.whyWrong!, QUESTION.explanation]);

    // Retired, so no other set draws it.
    await c.goto(`/bank?q=${QUESTION_ID}`);
    await c.getByRole("button", { name: "Retire" }).click();
    await expect(c.getByRole("button", { name: "Restore" })).toBeVisible();
    await c.context().close();
  });

  await admin.dispose();
  await coach.dispose();
});
