import { expect, test, type Browser, type Page } from "@playwright/test";
import { registerLearner } from "./attempt-form";
import { DEMO, DEMO_PASSWORD, signIn } from "./helpers";
import { recordFail, startSet, writeVariation } from "./loop";

const ZONE = "UTC";
// A step that cannot happen fails within a minute instead of at the journey's timeout.
test.use({ timezoneId: ZONE, actionTimeout: 60_000 });

async function as(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, timezoneId: ZONE });
  return context.newPage();
}

test("a coach assigned later takes over the learner's own plan, comments on their variation and copies it into the bank as a draft", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(600_000);
  const email = `taken-over-${Date.now()}@example.com`;
  const name = `Robin Takeover ${Date.now().toString(36)}`;
  const learner = await as(browser, baseURL!);
  let learnerId = "";
  let variationStem = "";

  await test.step("a learner on their own: attempt, own plan started, one task done, a variation from a miss", async () => {
    await registerLearner(learner, baseURL!, email, "a long passphrase for robin", name);
    await recordFail(learner, ZONE);
    await learner.goto("/learn/plan");
    await learner.getByRole("button", { name: "Generate my plan" }).click();
    await expect(learner).toHaveURL(/\/learn\/plan\/edit$/);
    await learner.getByRole("button", { name: "Start this plan" }).click();
    await expect(learner.getByTestId("plan-status")).toContainText("Active");
    await learner.goto("/learn/plan");
    const task = learner.getByTestId("plan-group-today").getByTestId("plan-task").first();
    await task.getByLabel("What you did and what you observed").fill("Compared the bars with my notes: storage and networking need the rebuild.");
    await task.getByRole("button", { name: "Submit evidence" }).click();
    await expect(learner.getByTestId("plan-group-today").getByTestId("plan-task").first().getByTestId("task-status")).toContainText("Done");

    // A short set submitted with nothing answered: every question is a miss.
    await startSet(learner, "Timed mixed", /^Short: 10 questions in 20 minutes/);
    await learner.getByRole("button", { name: "Review and submit" }).first().click();
    await learner.getByRole("button", { name: "Submit answers" }).click();
    await expect(learner).toHaveURL(/\/results$/);
    variationStem = await writeVariation(learner, 1, "The storage account now accepts requests from selected networks only.");
  });

  const coach = await as(browser, baseURL!);
  await test.step("an admin puts the learner in a cohort with coach1", async () => {
    const admin = await as(browser, baseURL!);
    await signIn(admin, DEMO.admin, DEMO_PASSWORD);
    await expect(admin).toHaveURL(/\/admin$/);
    await admin.goto("/admin/cohorts");
    await admin.getByLabel("Name").fill(`Takeover ${Date.now()}`);
    await admin.getByRole("button", { name: "Create cohort" }).click();
    await admin.getByLabel(/Paste email addresses/).fill(email);
    await admin.getByRole("button", { name: "Add learners" }).click();
    await expect(admin.getByText("1 added, 0 not added.")).toBeVisible();
    await admin.getByLabel("Coach", { exact: true }).selectOption({ label: "Casey Coach" });
    await admin.getByRole("button", { name: "Assign coach" }).click();
    await expect(admin.getByText("Coach assigned to 1 learner")).toBeVisible();
    await admin.context().close();
  });

  await test.step("the coach sees the learner's plan, read-only until taking it over", async () => {
    await signIn(coach, DEMO.coach, DEMO_PASSWORD);
    await expect(coach).toHaveURL(/\/coach$/);
    await coach.getByRole("link", { name }).first().click();
    await expect(coach).toHaveURL(/\/coach\/learners\/[0-9a-f-]{36}$/);
    learnerId = /\/coach\/learners\/([0-9a-f-]{36})/.exec(coach.url())![1]!;
    await coach.goto(`/coach/learners/${learnerId}/plan`);
    await expect(coach.getByTestId("plan-status")).toContainText("made by the learner");
    await expect(coach.getByRole("button", { name: /^Edit/ })).toHaveCount(0);
    await expect(coach.getByTestId("plan-task").first().getByTestId("task-status")).toContainText("Done");

    await coach.getByRole("button", { name: "Take over this plan" }).click();
    await expect(coach.getByTestId("plan-announcement")).toContainText("You have taken over this plan");
    await expect(coach.getByTestId("plan-status")).not.toContainText("made by the learner");
    const second = coach.getByTestId("plan-task").nth(1);
    await second.getByRole("button", { name: /^Edit/ }).click();
    await coach.getByRole("form", { name: /^Edit task/ }).getByLabel("Title").fill("Coach's version: rebuild storage access end to end");
    await coach.getByRole("button", { name: "Save task" }).click();
    await expect(coach.getByTestId("plan-task").nth(1)).toContainText("Coach's version: rebuild storage access end to end");
  });

  await test.step("the learner now follows a coach's plan: no editing, evidence waits for review", async () => {
    await learner.goto("/learn/plan");
    await expect(learner.getByRole("link", { name: "Edit your plan" })).toHaveCount(0);
    await expect(learner.getByText("Set by your coach")).toBeVisible();
    await learner.goto("/learn/plan/edit");
    await expect(learner.getByText("No plan of your own to edit")).toBeVisible();
  });

  await test.step("the coach comments on the variation and copies it into the bank as a draft", async () => {
    await coach.goto(`/coach/learners/${learnerId}/variations`);
    const card = coach.getByTestId("variation").first();
    await expect(card).toContainText("The storage account now accepts requests from selected networks only.");
    await card.getByLabel("Comment for the learner").fill("Good: the network rule is checked before the SAS, so the answer does move.");
    await card.getByRole("button", { name: "Add comment" }).click();
    await expect(card.getByTestId("variation-comment")).toContainText("the network rule is checked before the SAS");

    await card.getByRole("button", { name: "Copy into the bank as a draft" }).click();
    await expect(coach).toHaveURL(/\/bank\/[a-z0-9-]+-lv-[0-9a-f]{6}\?copied=1$/);
    await expect(coach.getByLabel("Scenario (stem)")).toHaveValue(variationStem);
    const bankId = /\/bank\/([^?]+)/.exec(coach.url())![1]!;
    await coach.goto(`/bank?q=${bankId}`);
    await expect(coach.getByRole("link", { name: bankId })).toBeVisible();
    // The learner's own item (id "lv-…") is not in the bank's list.
    await coach.goto("/bank?q=lv-");
    await expect(coach.getByRole("link", { name: bankId })).toBeVisible();
    await expect(coach.locator('a[href^="/bank/lv-"]')).toHaveCount(0);
  });

  await test.step("the learner reads the comments; the variation stays theirs, out of the bank and other learners' sets", async () => {
    await learner.goto("/learn/variations");
    const card = learner.getByTestId("variation").first();
    await expect(card.getByTestId("variation-comment").first()).toContainText("the network rule is checked before the SAS");
    await expect(card.getByTestId("variation-comment").nth(1)).toContainText("Copied into the question bank as a draft");
    // Another learner's bank never shows it: learners have no bank, and their sets draw published items only.
    const other = await as(browser, baseURL!);
    await signIn(other, DEMO.learner, DEMO_PASSWORD);
    await expect(other).toHaveURL(/\/learn$/);
    expect((await other.request.get("/bank")).status()).toBe(403);
    await other.goto("/learn/variations");
    await expect(other.getByText(variationStem)).toHaveCount(0);
    await other.context().close();
  });
});
