import { expect, test } from "@playwright/test";
import { registerLearner } from "./attempt-form";
import { answerAndSubmit, bankByStem, goNext, recordFail, startSet, writeVariation } from "./loop";

// The learner's browser runs in UTC, so the attempt form's local time is UTC.
const ZONE = "UTC";
// A step that cannot happen fails within a minute instead of at the journey's timeout.
test.use({ timezoneId: ZONE, actionTimeout: 60_000 });

test("a self-coached learner runs the whole loop: rules, attempt, own plan, evidence, two qualifying sets to ready, one date, a variation met again in a retest", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(900_000);
  const bank = bankByStem();
  const email = `solo-${Date.now()}@example.com`;

  await test.step("registers and is walked to recording an attempt, with the rules check offered", async () => {
    await registerLearner(page, baseURL!, email, "a long passphrase for solo", "Sam Solo");
    await expect(page.getByTestId("loop-stage")).toHaveText("Now: Diagnose");
    await expect(page.getByTestId("next-step")).toHaveText("Record your exam attempt");
    await expect(page.getByRole("list", { name: "How it works" })).toBeVisible();
    await expect(page.getByTestId("rules-offer")).toBeVisible();
  });

  await test.step("takes the know-the-rules check; every answer is explained from the policy", async () => {
    await page.getByRole("link", { name: "Take the rules check" }).click();
    const questions = page.getByTestId("rules-question");
    await expect(questions).toHaveCount(5);
    await expect(questions.first()).toContainText("first attempt");
    // Submitting with an answer missing keeps the others and names the missing one.
    await questions.nth(0).getByRole("radio").first().check();
    await page.getByRole("button", { name: "Check my answers" }).click();
    await expect(page.getByText("Choose an answer.").first()).toBeVisible();
    await expect(page.getByTestId("rules-question").nth(0).getByRole("radio").first()).toBeChecked();
    for (let i = 0; i < 5; i++) await page.getByTestId("rules-question").nth(i).getByRole("radio").first().check();
    await page.getByRole("button", { name: "Check my answers" }).click();
    await expect(page).toHaveURL(/\/learn\/rules\?result=/);
    await expect(page.getByTestId("rules-score")).toHaveText(/^\d of 5 right$/);
    await expect(page.getByTestId("rules-explanation").first()).toContainText("24 hours");
    await expect(page.getByTestId("rules-explanation").nth(1)).toContainText("14 days");
    await page.goto("/learn");
    await expect(page.getByTestId("rules-offer")).toHaveCount(0);
  });

  await test.step("records the failed attempt with its notes and pacing", async () => {
    await page.getByTestId("next-step").click();
    await expect(page).toHaveURL(/\/learn\/attempts\/new$/);
    await recordFail(page, ZONE, { ranOutOfTime: "No", unansweredOrGuessed: "3", halfwayMinutesLeft: "55", misread: /^SAS tokens/ });
    // Two weak bars (storage 41, networking 52) and no time trouble: a broad miss, not a pacing pattern.
    await expect(page.getByTestId("pattern")).toHaveText("Broad miss");
    await page.goto("/learn");
    await expect(page.getByTestId("next-step")).toHaveText("Make your repair plan");
    await expect(page.getByTestId("policy-countdown")).toContainText("Next attempt allowed from");
  });

  await test.step("generates, edits and starts a plan of its own", async () => {
    await page.getByTestId("next-step").click();
    await expect(page).toHaveURL(/\/learn\/plan$/);
    await expect(page.getByRole("heading", { name: "Make your repair plan" })).toBeVisible();
    await page.getByRole("button", { name: "Generate my plan" }).click();
    await expect(page).toHaveURL(/\/learn\/plan\/edit$/);
    await expect(page.getByTestId("plan-status")).toContainText("Draft (not started yet)");
    await expect(page.getByTestId("plan-status")).toContainText("made by you");

    // The coach's editor, on the learner's own plan.
    const first = page.getByTestId("plan-task").first();
    await first.getByRole("button", { name: /^Edit/ }).click();
    await page.getByRole("form", { name: /^Edit task/ }).getByLabel("Title").fill("My own first look at the score report");
    await page.getByRole("button", { name: "Save task" }).click();
    await expect(page.getByTestId("plan-task").first()).toContainText("My own first look at the score report");

    await page.getByRole("button", { name: "Start this plan" }).click();
    await expect(page.getByTestId("plan-status")).toContainText("Active");
  });

  await test.step("follows the plan: evidence completes a task, with no review", async () => {
    await page.goto("/learn/plan");
    await expect(page.getByTestId("self-made-note")).toBeVisible();
    const task = page.getByTestId("plan-group-today").getByTestId("plan-task").first();
    await expect(task).toContainText("My own first look at the score report");
    await task.getByLabel("What you did and what you observed").fill("Listed each bar: storage 41 and networking 52 are the weak ones; SAS scope and network rules slowed me.");
    await task.getByRole("button", { name: "Submit evidence" }).click();
    await expect(page.getByTestId("plan-announcement")).toContainText("the task is done");
    await expect(page.getByTestId("plan-group-today").getByTestId("plan-task").first().getByTestId("task-status")).toContainText("Done");
    await expect(page.getByTestId("plan-progress")).toContainText("1 of");
    await expect(page.getByTestId("plan-progress")).toContainText("tasks done");

    await page.goto("/learn");
    await expect(page.getByTestId("next-step")).toHaveAttribute("href", "/learn/plan");
    await expect(page.getByTestId("home-today")).toContainText("My own first look at the score report");
  });

  let variationStem = "";
  await test.step("a first qualifying set with one edge miss; a variation of that miss", async () => {
    await startSet(page, "Timed mixed", /^Half: 25 questions in 50 minutes/);
    const missed = await answerAndSubmit(page, bank, (q) => q.tier === "edge");
    expect(missed, "the set holds an edge item to miss").not.toBeNull();
    await expect(page.locator(`#q-${missed!.position}`)).toContainText("Wrong");
    variationStem = await writeVariation(page, missed!.position, "The resource now sits behind a new constraint: a deny rule added last week applies to it.");
    await expect(page.getByTestId("variation").first()).toContainText("Not served yet");
  });

  await test.step("a second qualifying set, all right: ready, and one recommended date everywhere", async () => {
    await startSet(page, "Timed mixed", /^Half: 25 questions in 50 minutes/);
    expect(await answerAndSubmit(page, bank)).toBeNull();

    await page.goto("/learn/status");
    await expect(page.getByTestId("readiness-state")).toHaveText(/^Ready/);
    const date = await page.getByTestId("recommended-date").getAttribute("data-date");
    expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    await page.goto("/learn");
    await expect(page.getByTestId("readiness-state")).toHaveText(/^Ready/);
    await expect(page.getByTestId("home-recommended-date")).toHaveAttribute("data-date", date!);
    await expect(page.getByTestId("next-step")).toHaveText("See your recommended retake date");
    await expect(page.getByTestId("loop-stage")).toHaveText("Now: Retest");

    // The status calendar carries the same day.
    const ics = await (await page.request.get("/learn/status/calendar.ics")).text();
    expect(ics).toContain(date!.replaceAll("-", ""));
  });

  await test.step("a later retest serves the learner's own variation, marked, without its answer", async () => {
    await startSet(page, "Retest", /^Half: 25 questions in 50 minutes/);
    const heading = page.getByRole("heading", { name: /^Question \d+ of 25$/ });
    await expect(heading).toBeVisible();
    let found = false;
    for (let n = 1; n <= 25 && !found; n++) {
      await expect(page.getByRole("heading", { name: `Question ${n} of 25` })).toBeVisible();
      if ((await page.getByTestId("own-variation").count()) > 0) {
        await expect(page.locator(`#stem-${n}`)).toHaveText(variationStem);
        found = true;
      } else if (n < 25) {
        await goNext(page, n, 25);
      }
    }
    expect(found, "the learner's variation is in the retest").toBe(true);
    const html = await (await page.request.get(page.url())).text();
    expect(html).not.toContain("I had to reason from it rather than recognise the question");
  });
});
