import type { Page } from "@playwright/test";

/** The wall-clock value a datetime-local input shows for an instant in a time zone. */
export function localInput(instant: Date, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** Fills /learn/attempts/new with a failed attempt (score 655, storage the weakest bar) at takenAt. */
export async function fillFailedAttempt(page: Page, takenAt: Date, zone: string) {
  await page.getByLabel("Date and time of the exam").fill(localInput(takenAt, zone));
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
  await page.getByLabel("Notes").fill("Storage network rules and SAS scope took too long.");
}

/** Registers a learner through /register (the browser's zone is pre-filled) and lands on /learn. */
export async function registerLearner(page: Page, baseURL: string, email: string, password: string, name = "Casey Production") {
  await page.goto(`${baseURL}/register`);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Repeat the password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/learn$/);
}
