import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";

const ZONE = "Europe/Berlin";
test.use({ timezoneId: ZONE });

/** The wall-clock value a datetime-local input in ZONE shows for an instant. */
function localInput(instant: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

async function register(page: Page) {
  await page.goto("/register");
  await page.getByLabel("Name").fill("Toni Retake");
  await page.getByLabel("Email").fill(`toni.${Date.now()}@example.org`);
  await page.getByLabel("Password", { exact: true }).fill("retake-path-passphrase");
  await page.getByLabel("Repeat the password").fill("retake-path-passphrase");
  await expect(page.getByLabel("Your time zone")).toHaveValue(ZONE);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/learn$/);
}

async function fillFailedAttempt(page: Page, takenAt: Date) {
  await page.getByLabel("Date and time of the exam").fill(localInput(takenAt));
  await page.getByLabel("Did not pass").check();
  await page.getByLabel(/^Scaled score/).fill("655");
  const bars: [string, string][] = [
    ["Identity & governance — bar length", "72"],
    ["Storage — bar length", "41"],
    ["Compute — bar length", "70"],
    ["Networking — bar length", "52"],
    ["Monitoring — bar length", "75"],
  ];
  for (const [label, value] of bars) await page.getByLabel(label).fill(value);
  await page.getByRole("checkbox", { name: "Storage", exact: true }).check();
  await page.getByRole("checkbox", { name: "Case study" }).check();
  await page.getByRole("checkbox", { name: /^SAS tokens/ }).check();
  await page.getByLabel("Notes").fill("Storage network rules and SAS scope took too long.");
}

test("a learner records a failed attempt, sees the wait and countdown, is refused too soon, and downloads the calendar", async ({ page }) => {
  await register(page);
  await page.goto("/learn/status");
  await expect(page.getByText("You may book the exam whenever you are ready")).toBeVisible();

  // The form takes minutes, so the instant is whole minutes.
  const takenAt = new Date(Math.floor((Date.now() - 2 * 3_600_000) / 60_000) * 60_000);
  await page.goto("/learn/attempts/new");
  await fillFailedAttempt(page, takenAt);
  await page.getByRole("button", { name: "Save attempt" }).click();

  await expect(page).toHaveURL(/\/learn\/status\?recorded=1/);
  await expect(page.getByTestId("eligibility")).toHaveText("Not yet.");
  await expect(page.getByTestId("rule")).toHaveText(/24-hour wait after a first failed attempt/);
  await expect(page.getByTestId("countdown")).toBeVisible();
  const earliest = new Date(takenAt.getTime() + 86_400_000);
  await expect(page.getByText(`${new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(earliest)} UTC`)).toBeVisible();
  await expect(page.getByTestId("pattern")).toHaveText(/Broad miss|Near pass/);
  await expect(page.getByText("bar length 41", { exact: true })).toBeVisible();
  await expect(page.locator("#guide-storage")).toBeVisible();

  // A second attempt one hour later breaks the 24-hour wait: refused, with the rule and instant, nothing lost.
  await page.goto("/learn/attempts/new");
  await fillFailedAttempt(page, new Date(takenAt.getTime() + 3_600_000));
  await page.getByRole("button", { name: "Save attempt" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "breaks the waiting period" })).toBeVisible();
  await expect(page.getByLabel("Notes")).toHaveValue("Storage network rules and SAS scope took too long.");
  await expect(page.getByLabel("Storage — bar length")).toHaveValue("41");

  // A future attempt is refused by validation.
  await page.getByLabel("Date and time of the exam").fill(localInput(new Date(Date.now() + 3 * 86_400_000)));
  await page.getByRole("button", { name: "Save attempt" }).click();
  await expect(page.getByText("That time is in the future.")).toBeVisible();

  await page.goto("/learn/status");
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Add to calendar (.ics)" }).click();
  const download = await downloadPromise;
  const ics = fs.readFileSync((await download.path())!, "utf8");
  expect(ics).toContain("BEGIN:VCALENDAR");
  expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2);
  const stamp = earliest.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
  expect(ics).toContain(`DTSTART:${stamp}`);

  await page.goto("/learn/attempts");
  await expect(page.getByRole("cell", { name: "655" })).toBeVisible();
});

test("the calendar download needs a signed-in learner", async ({ request }) => {
  const res = await request.get("/learn/status/calendar.ics", { maxRedirects: 0 });
  expect([302, 303, 307, 401]).toContain(res.status());
});
