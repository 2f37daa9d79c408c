import { expect, test, type Browser, type Page } from "@playwright/test";
import { MISS_CATEGORIES } from "../lib/exam/az104";
import { registerLearner } from "./attempt-form";
import { DEMO, DEMO_PASSWORD, signIn } from "./helpers";
import { answerSkippingAndSubmit, bankByStem, recordFail, standaloneCategoryByStem } from "./loop";

// The loop's cycles, end to end: a coach-assigned plan whose closing retest still shows core gaps
// offers one more short cycle; the coach reads what it is based on and accepts it; the plan grows
// by the cycle's two days for both of them, and the offer is not made (nor taken) twice.

const ZONE = "UTC";
// A step that cannot happen fails within a minute instead of at the journey's timeout.
test.use({ timezoneId: ZONE, actionTimeout: 60_000 });

async function as(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, timezoneId: ZONE });
  return context.newPage();
}

const LABEL = new Map(MISS_CATEGORIES.map((c) => [c.key, c.label]));
const label = (category: string) => LABEL.get(category) ?? category;
const CYCLE_REVIEW = "Read the retest's core misses by category";
const CYCLE_RETEST = /^Cycle retest: 20 questions in 40 minutes/;
const MISS_REVIEW = "Sort today's misses and write variations";

/** The numbers in "Your plan (3 of 31 accepted)" on the learner's home. */
async function homePlanCount(page: Page): Promise<{ done: number; total: number }> {
  await page.goto("/learn");
  const text = (await page.getByRole("link", { name: /^Your plan \(\d+ of \d+ accepted\)$/ }).textContent()) ?? "";
  const [, done, total] = /\((\d+) of (\d+) accepted\)/.exec(text)!;
  return { done: Number(done), total: Number(total) };
}

test("a coach reads a next-cycle offer from the closing retest's core misses, accepts it once, and both see the plan grow by the cycle", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(900_000);
  const bank = bankByStem();
  const categoryOf = standaloneCategoryByStem();
  const stamp = Date.now();
  const email = `cycle-${stamp}@example.com`;
  const name = `Jordan Cycle ${stamp.toString(36)}`;
  const learner = await as(browser, baseURL!);
  const admin = await as(browser, baseURL!);
  const coach = await as(browser, baseURL!);

  await test.step("a learner registers and records a failed attempt; an admin gives them coach1", async () => {
    await registerLearner(learner, baseURL!, email, "a long passphrase for jordan", name);
    await recordFail(learner, ZONE);
    await signIn(admin, DEMO.admin, DEMO_PASSWORD);
    await expect(admin).toHaveURL(/\/admin$/);
    await admin.goto("/admin/cohorts");
    await admin.getByLabel("Name").fill(`Cycles ${stamp}`);
    await admin.getByRole("button", { name: "Create cohort" }).click();
    await admin.getByLabel(/Paste email addresses/).fill(email);
    await admin.getByRole("button", { name: "Add learners" }).click();
    await expect(admin.getByText("1 added, 0 not added.")).toBeVisible();
    await admin.getByLabel("Coach", { exact: true }).selectOption({ label: "Casey Coach" });
    await admin.getByRole("button", { name: "Assign coach" }).click();
    await expect(admin.getByText("Coach assigned to 1 learner")).toBeVisible();
  });

  let planUrl = "";
  let planId = "";
  let lengthDays = 0;
  await test.step("the coach generates the repair plan and assigns it", async () => {
    await signIn(coach, DEMO.coach, DEMO_PASSWORD);
    await expect(coach).toHaveURL(/\/coach$/);
    await coach.getByRole("link", { name }).first().click();
    await expect(coach.getByRole("heading", { name })).toBeVisible();
    await coach.getByRole("link", { name: "Repair plan" }).click();
    await expect(coach).toHaveURL(/\/coach\/learners\/[0-9a-f-]{36}\/plan$/);
    planUrl = coach.url();
    await coach.getByRole("button", { name: "Generate repair plan" }).click();
    await expect(coach.getByTestId("plan-status")).toContainText("Draft");
    await coach.getByRole("button", { name: "Assign plan" }).click();
    await expect(coach.getByTestId("plan-status")).toHaveText("Active");
    lengthDays = Number(/This plan: (\d+) days/.exec((await coach.getByText(/^This plan: \d+ days/).textContent()) ?? "")![1]);
    expect(lengthDays).toBeGreaterThanOrEqual(3);
    planId = /\/plans\/([0-9a-f-]{36})\/print/.exec((await coach.getByRole("link", { name: "Printable plan" }).getAttribute("href")) ?? "")![1]!;
    // Nothing to judge yet: the plan's closing retest has not been taken.
    await expect(coach.getByTestId("cycle-offer")).toHaveCount(0);
  });

  let missed: { stem: string; category: string }[] = [];
  let setSize = 0;
  let before = { done: 0, total: 0 };
  await test.step("the learner takes the plan's closing retest and still misses the core questions of two categories", async () => {
    before = await homePlanCount(learner);
    await learner.goto("/learn/plan");
    await expect(learner.getByRole("heading", { name: "Your repair plan" })).toBeVisible();
    await expect(learner.getByTestId("cycle-offer")).toHaveCount(0);
    // The plan's last task that is a practice set closes it (tasks run in plan order, today first).
    await learner.getByRole("button", { name: /^Start the practice set/ }).last().click();
    await expect(learner).toHaveURL(/\/learn\/practice\/[0-9a-f-]{36}$/);
    setSize = Number(/of (\d+)$/.exec((await learner.getByRole("heading", { name: /^Question \d+ of \d+$/ }).textContent()) ?? "")![1]);
    // Every edge question right; every core question of the first two categories met left unanswered.
    const chosen: string[] = [];
    const skipped = await answerSkippingAndSubmit(learner, bank, (q, stem) => {
      const category = categoryOf.get(stem);
      if (q.tier !== "core" || !category) return false;
      if (!chosen.includes(category) && chosen.length < 2) chosen.push(category);
      return chosen.includes(category);
    });
    expect(chosen).toHaveLength(2);
    missed = skipped.map((s) => ({ stem: s.stem, category: categoryOf.get(s.stem)! }));
    expect(missed.length).toBeGreaterThanOrEqual(2);

    // The learner sees the offer, and that the coach decides on it.
    await learner.goto("/learn/plan");
    const offer = learner.getByTestId("cycle-offer");
    await expect(offer).toContainText("Next cycle: your retest still shows core gaps");
    await expect(offer).toContainText("Your coach decides whether to add it; it appears here once accepted.");
    await expect(offer.getByRole("button", { name: "Accept the next cycle" })).toHaveCount(0);
  });

  // The offer names the missed categories, most missed first (then by key).
  const counts = new Map<string, number>();
  for (const m of missed) counts.set(m.category, (counts.get(m.category) ?? 0) + 1);
  const ranked = () => [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
  const reason = () =>
    `The retest still shows core gaps (${missed.length} core and 0 edge misses): one more short cycle on ${ranked().map(label).join(", ")}.`;

  let stale: Page;
  await test.step("the coach sees the offer and what it is based on: the closing retest's result and its core misses", async () => {
    await coach.goto("/coach");
    const row = coach.getByRole("row", { name: new RegExp(name) });
    await expect(row).toContainText(`${setSize - missed.length}/${setSize}`);
    await expect(row).toContainText(`misses: ${missed.length} core · 0 edge`);
    await expect(row).toContainText(`/${before.total})`);

    await coach.goto(planUrl);
    const offer = coach.getByTestId("cycle-offer");
    await expect(offer.getByRole("heading", { name: "Next cycle: the retest still shows core gaps" })).toBeVisible();
    await expect(offer).toContainText(reason());
    await expect(offer).toContainText("Two days: rebuild and prove each category still missed, then a retest weighted to those categories.");
    // The closing retest's result is on its task.
    await expect(coach.getByTestId("plan-task").filter({ hasText: `Practice set: ${setSize - missed.length} of ${setSize} correct` })).toHaveCount(1);

    // A second tab on the same offer, left open while the coach accepts in the first.
    stale = await coach.context().newPage();
    await stale.goto(planUrl);
    await expect(stale.getByRole("button", { name: "Accept the next cycle" })).toBeVisible();
  });

  const first = () => lengthDays + 1;
  const last = () => lengthDays + 2;
  await test.step("the coach accepts: two days appended after the last day, with the cycle's tasks on the missed categories", async () => {
    const target = await coach.getByTestId("plan-target").textContent();
    await coach.getByTestId("cycle-offer").getByRole("button", { name: "Accept the next cycle" }).click();
    await expect(coach.getByTestId("plan-announcement")).toContainText(
      `Next cycle added: days ${first()} and ${last()} rebuild, prove and retest the categories still missed.`,
    );
    await expect(coach.getByTestId("cycle-offer")).toHaveCount(0);
    await expect(coach.getByRole("button", { name: "Accept the next cycle" })).toHaveCount(0);
    await expect(coach.getByText(/^This plan: \d+ days/)).toContainText(`This plan: ${last()} days`);
    // The plan's end (its target date) moves with the cycle.
    await expect(coach.getByTestId("plan-target")).not.toHaveText(target!);

    const day = (n: number) => coach.locator("li").filter({ has: coach.getByRole("heading", { level: 3, name: new RegExp(`^Day ${n} ·`) }) });
    const day1 = day(first()).getByTestId("plan-task");
    await expect(day1).toHaveCount(1 + 2 * counts.size);
    await expect(day1.first().getByRole("heading", { level: 4 })).toHaveText(CYCLE_REVIEW);
    await expect(day1.first()).toContainText(`Categories to rebuild: ${ranked().map(label).join(", ")}.`);
    const day2 = day(last()).getByTestId("plan-task");
    await expect(day2).toHaveCount(2);
    await expect(day2.nth(0).getByRole("heading", { level: 4 })).toHaveText(CYCLE_RETEST);
    await expect(day2.nth(0)).toContainText(`Categories: ${ranked().map(label).join(", ")}`);
    await expect(day2.nth(1).getByRole("heading", { level: 4 })).toHaveText(MISS_REVIEW);
    await expect(day(last() + 1)).toHaveCount(0);
  });

  await test.step("a second accept is refused: the tab still showing the offer is told to reload, and then offers none", async () => {
    await stale.getByRole("button", { name: "Accept the next cycle" }).click();
    await expect(stale.getByTestId("cycle-offer")).toContainText("There is no next cycle to accept for that retest any more: reload the plan.");
    await stale.reload();
    await expect(stale.getByText(/^This plan: \d+ days/)).toContainText(`This plan: ${last()} days`);
    await expect(stale.getByTestId("cycle-offer")).toHaveCount(0);
    // Still one cycle: no third day was added by the refused accept.
    await expect(stale.getByRole("heading", { level: 3, name: new RegExp(`^Day ${last() + 1} ·`) })).toHaveCount(0);
    await stale.close();

    await coach.goto("/coach");
    await expect(coach.getByRole("row", { name: new RegExp(name) })).toContainText(`/${before.total + 3 + 2 * counts.size})`);
  });

  await test.step("the learner's plan page and home show the new cycle", async () => {
    await learner.goto("/learn/plan");
    await expect(learner.getByTestId("cycle-offer")).toHaveCount(0);
    await expect(learner.getByText(new RegExp(`plan, ${last()} days:`))).toBeVisible();
    const upcoming = learner.getByTestId("plan-group-upcoming").getByTestId("plan-task");
    const review = upcoming.filter({ hasText: CYCLE_REVIEW });
    await expect(review).toHaveCount(1);
    await expect(review).toContainText(`Day ${first()}`);
    const general = `Why this task: The retest still missed core questions in ${ranked()
      .map((c) => `“${label(c)}”`)
      .join(", ")}.`;
    await expect(review).toContainText(general);
    for (const c of ranked()) {
      const perCategory = upcoming.filter({ hasText: `Why this task: The retest still missed core “${label(c)}” questions.` });
      await expect(perCategory).toHaveCount(2);
      await expect(perCategory.first()).toContainText(`Day ${first()}`);
    }
    const retest = upcoming.filter({ has: learner.getByRole("heading", { name: CYCLE_RETEST }) });
    await expect(retest).toHaveCount(1);
    await expect(retest).toContainText(`Day ${last()}`);
    await expect(retest).toContainText(general);
    // The cycle's retest is a set of its own, not started yet.
    await expect(retest.getByRole("button", { name: /^Start the practice set/ })).toBeVisible();

    const after = await homePlanCount(learner);
    expect(after).toEqual({ done: before.done, total: before.total + 3 + 2 * counts.size });
  });

  await test.step("the audit log records the accept once: cycle 1 became cycle 2", async () => {
    await admin.goto("/admin/audit");
    await admin.getByLabel("Action starts with").fill("plan.cycle.");
    await admin.getByRole("button", { name: "Filter" }).click();
    await expect(admin).toHaveURL(/action=plan\.cycle\./);
    const rows = admin.getByRole("row").filter({ hasText: `repair_plan ${planId.slice(0, 8)}` });
    await expect(rows).toHaveCount(1);
    await expect(rows).toContainText("plan.cycle.accept");
    await expect(rows.getByRole("cell").nth(3)).toContainText(`"cycle": 1`);
    await expect(rows.getByRole("cell").nth(4)).toContainText(`"cycle": 2`);
    await expect(rows.getByRole("cell").nth(4)).toContainText(`"lengthDays": ${last()}`);
  });

  await Promise.all([learner.context().close(), admin.context().close(), coach.context().close()]);
});
