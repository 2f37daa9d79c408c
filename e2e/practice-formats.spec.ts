import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { signIn, signOut } from "./helpers";

// A demo learner used by no other spec, and the coach who publishes the draft formats first.
const LEARNER = "learner4@example.com";
const COACH = "coach1@example.com";

type Entry = { id: string; kind: string; status?: string; solutions?: { id: string }[]; questions?: { id: string }[] };

/** One entry of each group kind and a matching item from the repository's files (drafts until reviewed). */
function formatIds(): string[] {
  const dir = path.resolve("content/az-104/questions");
  const entries = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .flatMap((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as Entry[]);
  const first = (kind: string) => entries.find((e) => e.kind === kind);
  const series = first("yes-no-series")!;
  const study = entries.find((e) => e.id === "cs-tailwind-exports") ?? first("case-study")!;
  const ids = [series.solutions![0]!.id, study.questions![0]!.id];
  for (const kind of ["matching", "hotspot", "ordering"]) {
    const item = first(kind);
    if (item && item.status === "draft") ids.push(item.id);
  }
  return ids;
}

/** Keyboard: Enter on a focused control (the spec never clicks in the runner). */
async function press(page: Page, locator: ReturnType<Page["locator"]>) {
  await locator.focus();
  await page.keyboard.press("Enter");
}

async function headingPosition(page: Page): Promise<number> {
  const text = (await page.locator("#question-h").textContent()) ?? "";
  return Number(/Question (\d+) of/.exec(text)?.[1] ?? 0);
}

test("every item kind answered by keyboard alone, a matching answer kept through offline and a reload, a case study's tabs and closed section, every part scored and explained", async ({ page, context }) => {
  test.setTimeout(600_000);

  // The coach publishes one yes/no series, one case study and the draft format items.
  await signIn(page, COACH);
  await expect(page).toHaveURL(/\/coach$/);
  for (const id of formatIds()) {
    await page.goto(`/bank?q=${encodeURIComponent(id)}`);
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: id, exact: true }) });
    const publish = row.getByRole("button", { name: `Publish question ${id}` });
    if (await publish.count()) await publish.click();
    await expect(row.getByRole("cell", { name: "published", exact: true })).toBeVisible();
  }
  await signOut(page);

  await signIn(page, LEARNER);
  await expect(page).toHaveURL(/\/learn$/);
  await page.goto("/learn/practice");
  await page.getByLabel("Timed mixed").check();
  await page.getByLabel(/^Full length: 50 questions in 100 minutes/).check();
  await page.getByRole("button", { name: "Start the set" }).click();
  await expect(page).toHaveURL(/\/learn\/practice\/[0-9a-f-]{36}$/);
  const setUrl = page.url();
  await expect(page.getByRole("heading", { name: /^Question \d+ of 50$/ })).toBeVisible();
  // Start at question 1 (where a new set opens).
  await press(page, page.getByRole("button", { name: /^Question 1,/ }));
  await expect(page.getByRole("heading", { name: "Question 1 of 50" })).toBeVisible();

  const seen = new Map<string, number[]>();
  let seriesFirst: number | null = null;
  let studyPositions: number[] = [];
  let matchingAt: number | null = null;

  for (let guard = 0; guard < 120; guard++) {
    const section = page.locator("section[data-kind]");
    await expect(section).toBeVisible();
    const kind = (await section.getAttribute("data-kind"))!;
    const n = await headingPosition(page);
    seen.set(kind, [...(seen.get(kind) ?? []), n]);

    if (kind === "single" || kind === "multiple" || kind === "yes-no") {
      await page.locator("#question-h").focus();
      await page.keyboard.press("a");
      await expect(page.getByTestId("options").locator("input").first()).toBeChecked();
      if (kind === "yes-no" && seriesFirst === null) {
        seriesFirst = n;
        await expect(page.getByTestId("series-context")).toContainText("Goal:");
      }
    } else if (kind === "hotspot") {
      const blanks = page.getByTestId("hotspot").locator("select");
      const count = await blanks.count();
      for (let b = 0; b < count; b++) {
        await blanks.nth(b).focus();
        await page.keyboard.press("ArrowDown");
        await expect(blanks.nth(b)).not.toHaveValue("");
      }
    } else if (kind === "ordering") {
      // The plain lists beside the drag and drop: one select per place, the same answer shape.
      const board = page.getByTestId("slot-board");
      await press(page, board.getByRole("button", { name: "Use lists instead of drag and drop" }));
      const selects = board.getByTestId("slot-selects").locator("select");
      // Typing a key's letter picks that step (arrowing through would move steps already placed).
      for (let p = 0; p < (await selects.count()); p++) {
        await selects.nth(p).focus();
        await page.keyboard.type("ABCDEFGH"[p]!);
        await expect(selects.nth(p)).toHaveValue("ABCDEFGH"[p]!);
      }
      // Back to drag and drop: the steps sit in their places there too.
      await press(page, board.getByRole("button", { name: "Use drag and drop" }));
      await expect(board.getByTestId("slot-1").getByTestId("chip-A")).toBeVisible();
    } else if (kind === "matching" && matchingAt === null) {
      matchingAt = n;
      // Offline while answering: the answer waits in this browser.
      await context.setOffline(true);
      const board = page.getByTestId("slot-board");
      await press(page, board.getByRole("button", { name: "Use lists instead of drag and drop" }));
      const selects = board.getByTestId("slot-selects").locator("select");
      const targets = await selects.count();
      for (let t = 0; t < targets; t++) {
        await selects.nth(t).focus();
        await page.keyboard.type("ABCDEFGH"[t]!);
      }
      await expect(page.getByTestId("save-status")).toHaveText(/Offline — answers are kept in this browser|not saved yet/);
      const chosen = await selects.evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).value));
      expect(chosen.filter(Boolean).length).toBeGreaterThan(0);
      // Reload with the answers endpoint still unreachable: the page comes back, the answer from the outbox.
      await page.route("**/api/practice/*/answers", (route) => route.abort());
      await context.setOffline(false);
      await page.reload();
      await expect(page.getByText(/restored from this browser/)).toBeVisible();
      await press(page, page.getByRole("button", { name: new RegExp(`^Question ${n},`) }));
      await press(page, page.getByTestId("slot-board").getByRole("button", { name: "Use lists instead of drag and drop" }));
      expect(await page.getByTestId("slot-selects").locator("select").evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).value))).toEqual(chosen);
      await page.unroute("**/api/practice/*/answers");
      const retry = page.getByRole("button", { name: "Retry saving now" });
      if (await retry.isVisible().catch(() => false)) await press(page, retry);
      await expect(page.getByTestId("save-status")).toHaveText("All answers saved", { timeout: 30_000 });
    }

    // A case study: its tabs, its exhibits and its own clock.
    if (page.getByTestId("case-study").first() && (await page.getByTestId("case-study").count()) && studyPositions.length === 0) {
      const tabs = page.getByRole("tablist", { name: /^Case study:/ });
      const overview = tabs.getByRole("tab", { name: "Overview" });
      await overview.focus();
      await expect(overview).toHaveAttribute("aria-selected", "true");
      await page.keyboard.press("ArrowRight");
      await expect(tabs.getByRole("tab", { name: "Existing environment" })).toBeFocused();
      await expect(page.getByRole("tabpanel", { name: "Existing environment" })).toBeVisible();
      await page.keyboard.press("End");
      await expect(tabs.getByRole("tab", { name: "Exhibits" })).toHaveAttribute("aria-selected", "true");
      const exhibits = page.getByRole("tabpanel", { name: "Exhibits" });
      await expect(exhibits.locator("table, pre").first()).toBeVisible();
      await expect(page.getByTestId("section-time-left")).toContainText(/\d\d:\d\d/);
      const group = (await page.locator("section[data-kind] p").filter({ hasText: /^Case study:/ }).first().textContent()) ?? "";
      const size = Number(/of (\d+)/.exec(group)?.[1] ?? 0);
      studyPositions = Array.from({ length: size }, (_, i) => n + i);
    }

    // Move on: "N", or the review after the last question; confirm a move that closes something.
    await page.locator("#question-h").focus();
    if (n === 50) await press(page, page.locator("section[data-kind]").getByRole("button", { name: "Review and submit" }));
    else await page.keyboard.press("n");
    const warning = page.getByTestId("leave-warning");
    if (await warning.isVisible().catch(() => false)) {
      await expect(warning.getByRole("button", { name: "Stay here" })).toBeFocused();
      await page.keyboard.press("Tab");
      await page.keyboard.press("Enter");
    }
    if (await page.getByRole("heading", { name: "Review and submit" }).isVisible().catch(() => false)) break;
    await expect(page.locator("#question-h")).not.toHaveText(`Question ${n} of 50`);
  }

  for (const k of ["single", "yes-no", "hotspot", "ordering", "matching"]) expect(seen.get(k)?.length ?? 0, k).toBeGreaterThan(0);
  expect(seriesFirst).not.toBeNull();
  expect(studyPositions.length).toBeGreaterThanOrEqual(3);
  // Closed as on the exam: the first yes/no solution and the whole case study.
  for (const p of [seriesFirst!, ...studyPositions]) await expect(page.getByRole("button", { name: new RegExp(`^Question ${p},.*closed$`) })).toBeDisabled();

  // Submit by keyboard.
  await press(page, page.getByRole("button", { name: "Submit answers" }));
  await expect(page).toHaveURL(`${setUrl}/results`, { timeout: 30_000 });

  // Every item has its score; every part of every item scored by parts is shown beside the right one, with why.
  const items = page.getByTestId("review-item");
  await expect(items).toHaveCount(50);
  await expect(page.getByTestId("item-score")).toHaveCount(50);
  for (const kind of ["hotspot", "ordering", "matching"]) {
    const review = page.locator(`[data-kind="${kind}"]`).first();
    const rows = review.getByTestId("parts-review").locator("tbody tr");
    expect(await rows.count(), kind).toBeGreaterThan(0);
    for (const row of await rows.all()) {
      await expect(row.getByText(/^(Right|Wrong)$/)).toBeVisible();
      await expect(row.locator("td").nth(1)).not.toBeEmpty();
    }
    await expect(review.getByTestId("item-score")).toContainText(/parts right/);
  }
  const matchingReview = page.locator(`#q-${matchingAt}`);
  await expect(matchingReview.getByTestId("parts-review")).toBeVisible();
  await expect(page.locator('[data-kind="yes-no"]').first()).toContainText("Solution:");
  await expect(page.locator('[data-kind="yes-no"]').first()).toContainText("Goal:");
  await expect(page.locator(`#q-${studyPositions[0]}`)).toContainText("Case study:");
});

test("a drag-and-drop item answered with dnd-kit's keyboard sensor: Space picks a value up, the arrow keys move it between slots, Space drops it, each step announced", async ({ page }) => {
  await signIn(page, "learner6@example.com");
  await expect(page).toHaveURL(/\/learn$/);
  await page.goto("/learn/practice");
  await page.getByLabel("Timed mixed").check();
  await page.getByLabel(/^Half: 25 questions in 50 minutes/).check();
  await page.getByRole("button", { name: "Start the set" }).click();
  await expect(page.getByRole("heading", { name: /^Question \d+ of 25$/ })).toBeVisible();
  // Find the first ordering or matching item (moving past anything that asks to be confirmed).
  for (let guard = 0; guard < 30; guard++) {
    const kind = await page.locator("section[data-kind]").getAttribute("data-kind");
    if (kind === "ordering" || kind === "matching") break;
    await page.locator("#question-h").focus();
    await page.keyboard.press("n");
    const warning = page.getByTestId("leave-warning");
    if (await warning.isVisible().catch(() => false)) {
      await page.keyboard.press("Tab");
      await page.keyboard.press("Enter");
    }
  }
  const board = page.getByTestId("slot-board");
  await board.getByTestId("chip-A").focus();
  await page.keyboard.press("Space");
  await expect(page.getByRole("status").filter({ hasText: /^Picked up |is over the list of (steps|values)\.$/ })).toHaveCount(1);
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("status").filter({ hasText: /is over (place|target) 1[,.]/ })).toHaveCount(1);
  await page.keyboard.press("Space");
  await expect(page.getByRole("status").filter({ hasText: /dropped on (place|target) 1[,.]/ })).toHaveCount(1);
  await expect(board.getByTestId("slot-1").getByTestId("chip-A")).toBeVisible();
  await expect(page.getByTestId("save-status")).toHaveText("All answers saved");
});
