import { expect, test, type Page } from "@playwright/test";
import { localInput, registerLearner } from "./attempt-form";
import { answerAndSubmit, bankByStem, startSet } from "./loop";

// The learner's browser runs in UTC, so the attempt form's local time is UTC.
const ZONE = "UTC";
test.use({ timezoneId: ZONE });

/** A near pass with even bars and time trouble, two hours ago: the advice calls it pacing. */
async function recordPacingTrouble(page: Page) {
  await page.goto("/learn/attempts/new");
  await page.getByLabel("Date and time of the exam").fill(localInput(new Date(Date.now() - 2 * 3_600_000), ZONE));
  await page.getByLabel("Did not pass").check();
  await page.getByLabel(/^Scaled score/).fill("690");
  for (const label of ["Identity & governance", "Storage", "Compute", "Networking", "Monitoring"]) {
    await page.getByLabel(`${label} — bar length`).fill("76");
  }
  await page.getByRole("radiogroup", { name: "Did you run out of time?" }).getByLabel("Yes").check();
  await page.getByLabel("Roughly how many items were unanswered or guessed?").fill("8");
  await page.getByLabel("Minutes left at the halfway question").fill("30");
  await page.getByRole("button", { name: "Save attempt" }).click();
  await expect(page).toHaveURL(/\/learn\/status\?recorded=1$/);
}

const icsLines = (ics: string) => ics.replace(/\r\n[ \t]/g, "").split("\r\n");

test("readiness counts first exposure under exam conditions; one recommended date on the status page, the plan and both calendars", async ({ page, baseURL }) => {
  test.setTimeout(900_000);
  const bank = bankByStem();
  await registerLearner(page, baseURL!, `ready-${Date.now()}@example.com`, "a long passphrase for readiness", "Riley Ready");

  await test.step("a near pass with even bars and time trouble is a pacing pattern; no date until readiness holds", async () => {
    await recordPacingTrouble(page);
    await expect(page.getByTestId("pattern")).toHaveText("Pacing");
    await expect(page.getByTestId("readiness-state")).toHaveText("Not enough evidence yet");
    await expect(page.getByTestId("readiness-missing")).toContainText("Timed mixed set of 25 questions or more at exam pace");
    await expect(page.getByTestId("recommended-date")).toHaveText("Not yet: retest first");
    await expect(page.getByTestId("recommended-reason")).toContainText("retest before you book");
  });

  await test.step("the plan drills pace instead of rebuilding a domain, and says which note caused each drill", async () => {
    await page.goto("/learn/plan");
    await page.getByRole("button", { name: "Generate my plan" }).click();
    await expect(page).toHaveURL(/\/learn\/plan\/edit$/);
    await expect(page.getByTestId("plan-template")).toContainText("Pacing");
    await expect(page.getByTestId("notes-to-tasks")).toContainText("You noted time trouble: ran out of time; about 8 items unanswered or guessed");
    await page.getByRole("button", { name: "Start this plan" }).click();
    await expect(page.getByTestId("plan-status")).toContainText("Active");

    await page.goto("/learn/plan");
    const tasks = page.getByTestId("plan-task");
    const drill = tasks.filter({ hasText: "Pacing drill: 10 questions in 20 minutes" });
    await expect(drill).toHaveCount(1);
    await expect(drill).toContainText("Why this task: You noted time trouble");
    await expect(drill.getByRole("button", { name: /^Start the practice set/ })).toBeVisible();
    // A task that is not a set offers none.
    const review = tasks.filter({ hasText: "Find where the minutes went" });
    await expect(review).toHaveCount(1);
    await expect(review.getByRole("button", { name: /^Start the practice set/ })).toHaveCount(0);
  });

  await test.step("a short domain-focus set shows its core/edge split as practice, never as readiness", async () => {
    await page.goto("/learn/practice");
    await page.getByLabel("Domain focus").check();
    await page.getByLabel(/^Short: 10 questions in 20 minutes/).check();
    await page.getByRole("checkbox", { name: /^Monitoring/ }).check();
    await page.getByRole("button", { name: "Start the set" }).click();
    await expect(page).toHaveURL(/\/learn\/practice\/[0-9a-f-]{36}$/);
    await answerAndSubmit(page, bank);
    await expect(page.getByTestId("readiness")).toContainText("(practice)");
    await expect(page.getByTestId("set-evidence")).toHaveAttribute("data-kind", "practice");
    await expect(page.getByTestId("set-evidence")).toContainText("Practice only");
  });

  await test.step("two qualifying sets of questions met for the first time, at mostly edge cases: ready", async () => {
    await startSet(page, "Timed mixed", /^Half: 25 questions in 50 minutes/);
    expect(await answerAndSubmit(page, bank)).toBeNull();
    await expect(page.getByTestId("set-evidence")).toHaveAttribute("data-kind", "mostly-edge");
    await page.goto("/learn/status");
    await expect(page.getByTestId("readiness-state")).toHaveText("Mostly edge cases");
    await expect(page.getByTestId("readiness-missing")).toContainText("1 more qualifying set in a row");

    await startSet(page, "Timed mixed", /^Half: 25 questions in 50 minutes/);
    expect(await answerAndSubmit(page, bank)).toBeNull();
    await page.goto("/learn/status");
    await expect(page.getByTestId("readiness-state")).toHaveText(/^Ready/);
    // The history lists both qualifying sets (the domain-focus practice set is not among them).
    await expect(page.getByTestId("readiness-history").locator("tbody tr")).toHaveCount(2);
  });

  await test.step("one recommended date, with its reason, on the status page, the plan and both calendar files", async () => {
    await page.goto("/learn/status");
    const date = (await page.getByTestId("recommended-date").getAttribute("data-date"))!;
    expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const reason = (await page.getByTestId("recommended-reason").textContent())!;
    expect(reason).toMatch(/plan runs until|Readiness held|policy allows/);

    // Readiness held: the plan is complete, and still shows the same date and reason.
    await page.goto("/learn/plan");
    await expect(page.getByTestId("plan-completed")).toBeVisible();
    await expect(page.getByTestId("plan-recommended-date")).toHaveAttribute("data-date", date);
    await expect(page.getByTestId("plan-recommended-reason")).toHaveText(reason);
    const printHref = (await page.getByRole("link", { name: "Read the completed plan" }).getAttribute("href"))!;
    const planId = /\/plans\/([0-9a-f-]{36})\/print$/.exec(printHref)![1]!;

    await page.goto(printHref);
    await expect(page.getByTestId("plan-recommended")).toContainText(reason);

    const compact = date.replaceAll("-", "");
    const statusIcs = icsLines(await (await page.request.get("/learn/status/calendar.ics")).text());
    const planIcs = icsLines(await (await page.request.get(`/plans/${planId}/calendar.ics`)).text());
    const recommendedEvent = (lines: string[]) => {
      const start = lines.findIndex((l, i) => l.startsWith("UID:retake-recommended-") && lines.slice(i).some((x) => x === "END:VEVENT"));
      expect(start, "a recommended-date event").toBeGreaterThanOrEqual(0);
      const end = lines.indexOf("END:VEVENT", start);
      return { uid: lines[start]!, body: lines.slice(start, end) };
    };
    const a = recommendedEvent(statusIcs);
    const b = recommendedEvent(planIcs);
    // The same event in both files: one UID (so importing both keeps one event), one day.
    expect(a.uid).toBe(b.uid);
    expect(a.body).toContain(`DTSTART;VALUE=DATE:${compact}`);
    expect(b.body).toContain(`DTSTART;VALUE=DATE:${compact}`);
    // Every event carries a SEQUENCE, so a moved date replaces an imported event.
    expect(statusIcs.filter((l) => /^SEQUENCE:\d+$/.test(l)).length).toBe(statusIcs.filter((l) => l === "BEGIN:VEVENT").length);
  });
});
