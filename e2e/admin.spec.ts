import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { DEMO, signIn, signOut } from "./helpers";

test("an admin builds a cohort, assigns a coach, reads its weak domains and downloads them as CSV", async ({ page }) => {
  const name = `Retake sprint ${Date.now()}`;
  await signIn(page, DEMO.admin);
  await expect(page).toHaveURL(/\/admin$/);

  await page.goto("/admin/cohorts");
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create cohort" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  const cohortId = page.url().split("/").pop()!;

  await page.getByLabel(/Paste email addresses/).fill("learner3@example.com\nlearner5@example.com");
  await page.getByRole("button", { name: "Add learners" }).click();
  await expect(page.getByText("2 added, 0 not added.")).toBeVisible();
  await expect(page.getByText("2 learners")).toBeVisible();

  await page.getByLabel("Coach", { exact: true }).selectOption({ label: "Casey Coach" });
  await page.getByRole("button", { name: "Assign coach" }).click();
  await expect(page.getByText("Coach assigned to 2 learners.")).toBeVisible();

  // The weak-domain view: picked from the nav, then the cohort chosen in the form.
  await page.getByRole("link", { name: "Weak domains" }).click();
  await expect(page.getByRole("heading", { name: "Cohort weak domains" })).toBeVisible();
  await page.getByLabel("Cohort", { exact: true }).selectOption(cohortId);
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(new RegExp(`cohort=${cohortId}`));

  // learner3's latest report in the last 12 weeks has compute at 55 (weak), learner5's has
  // networking at 58 (weak): each domain is weak for one of the two learners.
  const domains = page.getByRole("table", { name: `Domains of ${name}` });
  await expect(domains.getByRole("row", { name: /^Compute/ })).toContainText("63.0");
  await expect(domains.getByRole("row", { name: /^Compute/ })).toContainText("50.0 %");
  await expect(domains.getByRole("row", { name: /^Networking/ })).toContainText("50.0 %");
  await expect(domains.getByRole("row", { name: /^Storage/ })).toContainText("0.0 %");
  // Both are waiting: learner3 on the 14-day wait, learner5 on the attempt limit.
  const status = page.getByRole("table", { name: "Retake status of the learners now" });
  await expect(status.getByRole("row", { name: /Waiting on the retake policy/ })).toContainText("2");
  await expect(status.getByRole("row", { name: /Eligible to retake/ })).toContainText("0");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^weak-domains-retake-sprint-\d+-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = fs.readFileSync((await download.path())!, "utf8");
  const lines = csv.split("\r\n");
  expect(lines[0]).toBe("section,item,measure,value");
  expect(lines).toContain(`scope,cohort,name,${name}`);
  expect(lines).toContain("domain,Compute,average_bar_length_0_100,63");
  expect(lines).toContain("domain,Compute,weak_share_pct,50");
  expect(lines).toContain("domain,Networking,weak_share_pct,50");
  expect(lines).toContain("retake_status_now,waiting,learners,2");
  expect(lines).toContain("retake_status_now,learners,learners,2");
  expect(lines).toContain("attempts,all,passes,0");

  // The comparison view shows the new cohort beside another.
  await page.getByRole("link", { name: "Compare two cohorts" }).click();
  await expect(page.getByRole("heading", { name: "Compare two cohorts" })).toBeVisible();
  await expect(page.getByRole("table", { name: /side by side/ })).toContainText(name);
});

test("coaches and learners get 403 on every admin page, the weak-domain view and its CSV", async ({ page }) => {
  for (const who of [DEMO.coach, DEMO.learner]) {
    await signIn(page, who);
    await expect(page).not.toHaveURL(/sign-in/);
    for (const path of ["/admin", "/admin/users", "/admin/cohorts", "/admin/audit", "/admin/analytics", "/admin/analytics/compare"]) {
      const res = await page.goto(path);
      expect(res?.status(), `${who} ${path}`).toBe(403);
    }
    const csv = await page.request.get("/admin/analytics/export.csv");
    expect(csv.status(), `${who} CSV`).toBe(403);
    expect(await csv.text()).not.toContain("section,item");
    await page.goto("/");
    await signOut(page);
  }
});
