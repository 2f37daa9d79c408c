import { expect, test, type Page } from "@playwright/test";
import { DEMO, signIn, signOut } from "./helpers";

// Grace Mensah (learner7) is coached by coach1 and has a broad miss 30 days ago; coach.spec uses
// Amara read-only, so the plan flow runs on Grace to keep the specs independent.
const GRACE = "learner7@example.com";
const NEW_TITLE = "Diagnose with your coach: name each miss by category";
const EVIDENCE_TEXT = "Re-read the bars: identity and networking were shortest. Misses were Azure Policy effects and DNS zones.";
const EVIDENCE_LINK = "https://example.com/grace/diagnosis-notes";

/** YYYY-MM-DD plus n calendar days. */
function shiftDate(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

async function openGracePlanAsCoach(page: Page) {
  await signIn(page, DEMO.coach);
  await expect(page).toHaveURL(/\/coach$/);
  await page.getByRole("link", { name: "Grace Mensah" }).click();
  await expect(page.getByRole("heading", { name: "Grace Mensah" })).toBeVisible();
  await page.getByRole("link", { name: "Repair plan" }).click();
  await expect(page.getByRole("heading", { name: "Repair plan: Grace Mensah" })).toBeVisible();
}

test("a coach builds and assigns a repair plan, the learner hands in evidence, the coach accepts it; others cannot see it", async ({ page, request }) => {
  // --- Coach: generate, edit, set the target date, assign.
  await openGracePlanAsCoach(page);
  const planUrl = page.url();
  expect(planUrl).toMatch(/\/coach\/learners\/[0-9a-f-]{36}\/plan$/);
  await page.getByRole("button", { name: "Generate repair plan" }).click();

  await expect(page.getByTestId("plan-status")).toContainText("Draft");
  await expect(page.getByTestId("plan-template")).toHaveText("Broad miss (10–14 days)");
  const lengthText = await page.getByText(/^This plan: \d+ days/).textContent();
  const lengthDays = Number(/This plan: (\d+) days/.exec(lengthText ?? "")?.[1]);
  expect(lengthDays).toBeGreaterThanOrEqual(10);
  expect(lengthDays).toBeLessThanOrEqual(14);
  await expect(page.getByRole("heading", { name: `Day ${lengthDays} ·` })).toBeVisible();

  // The first task of day 1 is the diagnose task; rename it.
  const firstTask = page.getByTestId("plan-task").first();
  await expect(firstTask).toContainText("Diagnose");
  await firstTask.getByRole("button", { name: /^Edit/ }).click();
  await expect(firstTask.getByLabel("Title")).toBeFocused();
  await firstTask.getByLabel("Title").fill(NEW_TITLE);
  await firstTask.getByRole("button", { name: "Save task" }).click();
  await expect(firstTask.getByRole("heading", { name: NEW_TITLE })).toBeVisible();
  await expect(page.getByTestId("plan-announcement")).toContainText("Task saved.");

  // Target date: before the retake policy allows is refused; sooner than the template asks for confirmation.
  const targetInput = page.locator('input[name="targetDate"]');
  const recommended = await targetInput.inputValue();
  await targetInput.fill("2000-01-03");
  await page.getByRole("button", { name: "Set target date" }).click();
  await expect(page.getByText(/The retake policy allows the next attempt from/).first()).toBeVisible();
  await expect(page.locator('input[name="targetDate"]')).toHaveAttribute("aria-invalid", "true");

  const earlier = shiftDate(recommended, -1);
  await page.locator('input[name="targetDate"]').fill(earlier);
  await page.getByRole("button", { name: "Set target date" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "confirm to keep it" })).toBeVisible();
  await page.getByRole("button", { name: "Confirm this earlier date" }).click();
  await expect(page.getByText(`Target retake date set to ${earlier}.`)).toBeVisible();

  await page.getByRole("button", { name: "Assign plan" }).click();
  await expect(page.getByTestId("plan-status")).toHaveText("Active");
  const printHref = await page.getByRole("link", { name: "Printable plan" }).getAttribute("href");
  const planId = /\/plans\/([0-9a-f-]{36})\/print/.exec(printHref ?? "")?.[1];
  expect(planId).toBeTruthy();
  await signOut(page);

  // --- Learner: today's tasks first, evidence with a refused and then a valid link.
  await signIn(page, GRACE);
  await expect(page).toHaveURL(/\/learn$/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Plan" }).click();
  await expect(page.getByRole("heading", { name: "Your repair plan" })).toBeVisible();
  const today = page.getByTestId("plan-group-today");
  await expect(today.getByRole("heading", { name: /^Today ·/ })).toBeVisible();
  const learnerTask = page.getByTestId("plan-task").first();
  await expect(learnerTask.getByRole("heading", { name: NEW_TITLE })).toBeVisible();
  await expect(today.getByTestId("plan-task").first()).toContainText(NEW_TITLE);

  await learnerTask.getByLabel("What you did and what you observed").fill(EVIDENCE_TEXT);
  await learnerTask.getByLabel("Link (optional)").fill("javascript:alert(1)");
  await learnerTask.getByRole("button", { name: "Submit evidence" }).click();
  const linkInput = learnerTask.getByLabel("Link (optional)");
  await expect(learnerTask.getByText("or leave it empty")).toBeVisible();
  await expect(linkInput).toHaveAttribute("aria-invalid", "true");
  const describedBy = (await linkInput.getAttribute("aria-describedby")) ?? "";
  const errorId = describedBy.split(" ").find((idRef) => idRef.endsWith("-error"));
  await expect(page.locator(`[id="${errorId}"]`)).toContainText("http:// or https://");
  await expect(learnerTask.getByTestId("task-status")).toContainText("To do");

  await expect(learnerTask.getByLabel("What you did and what you observed")).toHaveValue(EVIDENCE_TEXT);
  await linkInput.fill(EVIDENCE_LINK);
  await learnerTask.getByRole("button", { name: "Submit evidence" }).click();
  await expect(page.getByTestId("plan-announcement")).toContainText("Evidence submitted");
  await expect(learnerTask.getByTestId("task-status")).toContainText("Evidence waiting for review");

  // Exports: the printable page and the calendar file.
  const ics = await page.request.get(`/plans/${planId}/calendar.ics`);
  expect(ics.status()).toBe(200);
  expect(ics.headers()["content-type"]).toContain("text/calendar");
  const body = await ics.text();
  expect(body).toContain("BEGIN:VCALENDAR");
  expect(body.match(/BEGIN:VEVENT/g)?.length).toBe(lengthDays + 1);
  expect(body).toContain(`DTSTART;VALUE=DATE:${earlier.replaceAll("-", "")}`);
  await page.goto(`/plans/${planId}/print`);
  await expect(page.getByRole("heading", { name: "Grace Mensah" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Print" })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: NEW_TITLE })).toBeVisible();
  await page.goto("/learn/plan");
  await signOut(page);

  // Signed out: the calendar is refused.
  expect((await request.get(`/plans/${planId}/calendar.ics`)).status()).toBe(401);

  // --- Coach: the dashboard shows evidence waiting; accept it.
  await signIn(page, DEMO.coach);
  await expect(page).toHaveURL(/\/coach$/);
  await page.goto("/coach?plan=waiting");
  await expect(page.getByRole("row", { name: /Grace Mensah/ })).toContainText("1 evidence waiting");
  await page.goto(planUrl);
  const reviewed = page.getByTestId("plan-task").first();
  await expect(reviewed.getByTestId("evidence-text")).toHaveText(EVIDENCE_TEXT);
  const link = reviewed.getByRole("link", { name: new RegExp(EVIDENCE_LINK.replaceAll(".", "\\.")) });
  await expect(link).toHaveAttribute("href", EVIDENCE_LINK);
  await expect(link).toHaveAttribute("rel", "noopener noreferrer nofollow");
  await expect(link).toHaveAttribute("target", "_blank");
  await reviewed.getByRole("button", { name: /^Accept/ }).click();
  await expect(reviewed.getByTestId("task-status")).toContainText("Accepted");
  await expect(page.getByTestId("plan-announcement")).toContainText("Evidence accepted.");
  await expect(page.getByTestId("plan-progress")).toContainText("1 of");
  await signOut(page);

  // --- Another coach: not on the dashboard, 404 on the plan page and the exports.
  await signIn(page, DEMO.coach2);
  await expect(page).toHaveURL(/\/coach$/);
  await expect(page.getByRole("row", { name: /Grace Mensah/ })).toHaveCount(0);
  const res = await page.goto(planUrl);
  expect(res?.status()).toBe(404);
  expect((await page.request.get(`/plans/${planId}/calendar.ics`)).status()).toBe(404);
  const print = await page.goto(`/plans/${planId}/print`);
  expect(print?.status()).toBe(404);
});
