// Two `next start` processes of one build on one fresh Postgres database (started together, so
// their start-up migrations overlap), as behind a load balancer: whatever one process writes, the
// other reads, and every limit holds across both.
import { expect, test, type Page, type Route } from "@playwright/test";
import { THROTTLE_RULES } from "../lib/auth/server/throttle";
import { fillFailedAttempt, registerLearner } from "./attempt-form";
import { signInHttp } from "./helpers";
import { startProductionStack, type ProductionStack } from "./production-servers";

const ZONE = "UTC";
const DAY = 86_400_000;
const PASSWORD = "two-instances-passphrase";
test.use({ timezoneId: ZONE });

let stack: ProductionStack;
let A: string;
let B: string;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  stack = await startProductionStack({ label: "two-instances", portOffset: 2, instances: 2 });
  [A, B] = stack.servers.map((s) => s.baseURL) as [string, string];
});
test.afterAll(async () => stack?.stop());

const uniqueEmail = (who: string) => `${who}.${Date.now()}@example.org`;

test("both processes migrated the one database and serve it", async () => {
  // Each process ran the start-up; the migrations and the bank sync took turns under the lock.
  for (const s of stack.servers) expect(s.log()).toMatch(/database ready \(postgres\)/);
  const [{ migrations }] = await stack.sql<{ migrations: number }[]>`select count(*)::int as migrations from drizzle.__drizzle_migrations`;
  expect(migrations).toBeGreaterThan(0);
  const [{ exams }] = await stack.sql<{ exams: number }[]>`select count(*)::int as exams from exams`;
  expect(exams).toBe(1);
});

test("ten recordings at once, five through each process: exactly the five the policy allows land", async ({ browser }) => {
  const context = await browser.newContext();
  const first = await context.newPage();
  const email = uniqueEmail("race");
  await registerLearner(first, A, email, PASSWORD, "Rae Race");

  // Ten failed attempts 15 days apart, all inside one 12-month window: any one alone is allowed
  // (each wait is kept), but the policy allows only five attempts in 12 months.
  const t0 = Math.floor((Date.now() - 200 * DAY) / 60_000) * 60_000;
  const pages: Page[] = [first];
  while (pages.length < 10) pages.push(await context.newPage());
  const servers = pages.map((_, i) => (i % 2 === 0 ? A : B));
  for (const [i, page] of pages.entries()) {
    // The session cookie (host "localhost") goes to both ports; both processes accept it (one AUTH_SECRET).
    await page.goto(`${servers[i]}/learn/attempts/new`);
    await fillFailedAttempt(page, new Date(t0 + i * 15 * DAY), ZONE);
  }

  // Hold every Server Action POST until all ten are in flight, then release them together.
  const held: Route[] = [];
  let releaseAll!: () => void;
  const allHeld = new Promise<void>((resolve) => (releaseAll = resolve));
  await context.route(/\/learn\/attempts\/new$/, async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    held.push(route);
    if (held.length === pages.length) releaseAll();
  });
  await Promise.all(pages.map((p) => p.getByRole("button", { name: "Save attempt" }).click()));
  await allHeld;
  expect(held.map((r) => new URL(r.request().url()).origin).sort()).toEqual([...Array(5).fill(A), ...Array(5).fill(B)].sort());
  await Promise.all(held.map((r) => r.continue()));

  // Every page ends in one of two honest outcomes: saved (status page) or refused with the rule.
  const outcomes = await Promise.all(
    pages.map(async (page) => {
      const saved = page.getByTestId("eligibility");
      const refused = page.getByRole("alert").filter({ hasText: /limit of attempts|waiting period/ });
      await expect(saved.or(refused)).toBeVisible({ timeout: 60_000 });
      return (await saved.isVisible()) ? "saved" : "refused";
    }),
  );
  expect(outcomes.filter((o) => o === "saved")).toHaveLength(5);
  expect(outcomes.filter((o) => o === "refused")).toHaveLength(5);
  for (const [i, page] of pages.entries()) {
    if (outcomes[i] === "saved") await expect(page).toHaveURL(/\/learn\/status\?recorded=1/);
  }
  const rows = await stack.sql<{ n: number }[]>`select count(*)::int as n from exam_attempts a join users u on u.id = a.learner_id where u.email = ${email}`;
  expect(rows[0]!.n).toBe(5);
  await context.close();
});

test("a practice answer saved through one process is read back through the other", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await registerLearner(page, A, uniqueEmail("practice"), PASSWORD, "Pat Practice");
  await page.goto(`${A}/learn/practice`);
  await page.getByLabel("Timed mixed").check();
  await page.getByLabel(/^Short: 10 questions in 20 minutes/).check();
  await page.getByRole("button", { name: "Start the set" }).click();
  await expect(page).toHaveURL(/\/learn\/practice\/[0-9a-f-]{36}$/);
  const id = new URL(page.url()).pathname.split("/").pop()!;
  await page.close();

  // Saved through A (the autosave endpoint, as the runner's outbox sends it) …
  const save = (position: number, response: string[], flagged: boolean, seq: number) => ({
    data: { answers: [{ position, response, flagged, seq, timeMs: 4_000 }] },
  });
  const viaA = await context.request.post(`${A}/api/practice/${id}/answers`, save(2, ["A"], true, 1));
  expect(viaA.status()).toBe(200);
  expect(await viaA.json()).toMatchObject({ ok: true, results: [{ position: 2, applied: true, seq: 1 }] });

  // … is what B's runner shows. The answer never passed through this browser's runner (it was
  // posted directly), and B is another origin anyway: it can only come from the database.
  const onB = await context.newPage();
  await onB.goto(`${B}/learn/practice/${id}`);
  await expect(onB.getByRole("button", { name: /^Question 2,/ })).toHaveAccessibleName("Question 2, answered, flagged");
  await onB.getByRole("button", { name: /^Question 2,/ }).click();
  await expect(onB.getByRole("heading", { name: "Question 2 of 10" })).toBeFocused();
  await expect(onB.getByTestId("options").locator("input").first()).toBeChecked();

  // A newer save through B wins; an older one arriving later through A is stale, not applied.
  const newer = await context.request.post(`${B}/api/practice/${id}/answers`, save(2, ["B"], false, 3));
  expect(await newer.json()).toMatchObject({ ok: true, results: [{ position: 2, applied: true, seq: 3 }] });
  const older = await context.request.post(`${A}/api/practice/${id}/answers`, save(2, ["C"], true, 2));
  expect(await older.json()).toMatchObject({ ok: true, results: [{ position: 2, applied: false, seq: 3 }] });
  const [stored] = await stack.sql<{ response: string[]; flagged: boolean; seq: number }[]>`
    select i.response, i.flagged, i.seq from practice_items i where i.session_id = ${id} and i.position = 2`;
  expect(stored).toMatchObject({ response: ["B"], flagged: false, seq: 3 });
  await context.close();
});

test("failed sign-ins count across both processes: alternating wrong passwords lock the account on both", async ({ browser, playwright }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const email = uniqueEmail("throttle");
  await registerLearner(page, A, email, PASSWORD, "Tao Throttle");
  await context.close();

  const fresh = (baseURL: string) => playwright.request.newContext({ baseURL });
  // The right password works on both before anything failed.
  for (const base of [A, B]) {
    const ctx = await fresh(base);
    expect(await signInHttp(ctx, email, PASSWORD), `sign-in through ${base}`).toBe(true);
    await ctx.dispose();
  }
  // Five wrong passwords, alternating: A sees three, B two; neither alone reaches the limit.
  const { maxFailures } = THROTTLE_RULES.account;
  expect(maxFailures).toBe(5);
  for (let i = 0; i < maxFailures; i++) {
    const ctx = await fresh(i % 2 === 0 ? A : B);
    expect(await signInHttp(ctx, email, `wrong-guess-${i}`)).toBe(false);
    await ctx.dispose();
  }
  // The account is locked for both processes: the right password is refused on each.
  for (const base of [A, B]) {
    const ctx = await fresh(base);
    expect(await signInHttp(ctx, email, PASSWORD), `locked sign-in through ${base}`).toBe(false);
    await ctx.dispose();
  }
  const [row] = await stack.sql<{ failures: number; locked: boolean }[]>`
    select failures, locked_until > now() as locked from login_throttle where key = ${`account:${email.toLowerCase()}`}`;
  expect(row).toMatchObject({ failures: maxFailures, locked: true });
});
