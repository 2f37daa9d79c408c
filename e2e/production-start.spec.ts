// A plain production start on a fresh, unseeded Postgres database: `next start` of the same build
// with DATABASE_URL and AUTH_SECRET only (no SEED_DEMO). Start-up migrates and syncs the reference
// data; a newcomer can do everything a learner does, and the database holds no demo account.
import { expect, test } from "@playwright/test";
import { loadQuestionBank } from "../content/az-104/questions";
import { AZ104, MISS_CATEGORIES } from "../lib/exam/az104";
import { fillFailedAttempt, registerLearner } from "./attempt-form";
import { startProductionStack, type ProductionStack } from "./production-servers";

const ZONE = "UTC";
test.use({ timezoneId: ZONE });

let stack: ProductionStack;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  stack = await startProductionStack({ label: "production-start", portOffset: 1, instances: 1 });
});
test.afterAll(async () => stack?.stop());

/** The repository's bank (the loader start-up syncs from): every scored item, and how many are published. */
function bankSize(): { all: number; published: number } {
  const items = loadQuestionBank();
  return { all: items.length, published: items.filter((q) => q.status === "published").length };
}

test("a production start on an empty Postgres serves a new learner end to end and creates no demo account", async ({ page }) => {
  const [server] = stack.servers;
  const base = server!.baseURL;
  // The start-up synced the whole bank into the empty database and seeded nothing.
  expect(server!.log()).toContain(`question bank: ${bankSize().all} added, 0 updated, 0 retired`);
  expect(server!.log()).toMatch(/database ready \(postgres\)/);
  expect(server!.log()).not.toMatch(/demo programme seeded/);

  const email = `casey.${Date.now()}@example.org`;
  await registerLearner(page, base, email, "production-start-passphrase");
  await expect(page.getByRole("heading", { name: "Welcome, Casey" })).toBeVisible();

  await page.goto(`${base}/learn/status`);
  await expect(page.getByText("You may book the exam whenever you are ready")).toBeVisible();

  // A failed attempt two hours ago (whole minutes: the form takes minutes).
  const takenAt = new Date(Math.floor((Date.now() - 2 * 3_600_000) / 60_000) * 60_000);
  await page.goto(`${base}/learn/attempts/new`);
  await fillFailedAttempt(page, takenAt, ZONE);
  await page.getByRole("button", { name: "Save attempt" }).click();
  await expect(page).toHaveURL(/\/learn\/status\?recorded=1/);
  await expect(page.getByTestId("eligibility")).toHaveText("Not yet.");
  await expect(page.getByTestId("rule")).toHaveText(/24-hour wait after a first failed attempt/);
  await expect(page.getByText("bar length 41", { exact: true })).toBeVisible();

  // A short practice set: start, answer the first question, submit, read the results.
  await page.goto(`${base}/learn/practice`);
  await page.getByLabel("Timed mixed").check();
  await page.getByLabel(/^Short: 10 questions in 20 minutes/).check();
  await page.getByRole("button", { name: "Start the set" }).click();
  await expect(page).toHaveURL(/\/learn\/practice\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Question 1 of 10" })).toBeVisible();
  const saved = page.waitForResponse((r) => r.url().endsWith("/answers") && r.request().method() === "POST" && r.ok());
  await page.getByTestId("options").locator("input").first().check();
  await saved;
  await expect(page.getByTestId("save-status")).toHaveText("All answers saved");
  await page.getByRole("button", { name: "Review and submit" }).first().click();
  await page.getByRole("button", { name: "Submit answers" }).click();
  await expect(page).toHaveURL(/\/learn\/practice\/[0-9a-f-]{36}\/results$/);
  await expect(page.getByRole("heading", { name: "Practice results" })).toBeVisible();
  await expect(page.getByTestId("overall")).toHaveText(/of 10 correct/);

  // The database: only the account registered here, and the reference data of a real start.
  const sql = stack.sql;
  const people = await sql<{ email: string; role: string }[]>`select email, role from users order by email`;
  expect(people.map((p) => ({ email: p.email, role: p.role }))).toEqual([{ email, role: "learner" }]);
  const [{ demo }] = await sql<{ demo: number }[]>`select count(*)::int as demo from users where email like '%@example.com'`;
  expect(demo).toBe(0);
  const exams = await sql<{ id: string; code: string }[]>`select id, code from exams`;
  expect(exams.map((e) => e.code)).toEqual([AZ104.code]);
  const examId = exams[0]!.id;
  const [{ domains }] = await sql<{ domains: number }[]>`select count(*)::int as domains from exam_domains where exam_id = ${examId}`;
  expect(domains).toBe(AZ104.domains.length);
  const [{ categories }] = await sql<{ categories: number }[]>`select count(*)::int as categories from miss_categories where exam_id = ${examId}`;
  expect(categories).toBe(MISS_CATEGORIES.length);
  const bank = await sql<{ status: string; n: number }[]>`select status, count(*)::int as n from questions where exam_id = ${examId} and origin = 'bank' group by status`;
  const published = bank.find((b) => b.status === "published")?.n ?? 0;
  expect({ all: bank.reduce((n, b) => n + b.n, 0), published }).toEqual(bankSize());
  const attempts = await sql<{ outcome: string; score: number }[]>`select a.outcome, a.score from exam_attempts a join users u on u.id = a.learner_id where u.email = ${email}`;
  expect(attempts.map((a) => ({ outcome: a.outcome, score: a.score }))).toEqual([{ outcome: "fail", score: 655 }]);
  const sets = await sql<{ status: string; answered: number }[]>`select s.status, s.answered from practice_sessions s join users u on u.id = s.learner_id where u.email = ${email}`;
  expect(sets.map((s) => ({ status: s.status, answered: s.answered }))).toEqual([{ status: "submitted", answered: 1 }]);
});
