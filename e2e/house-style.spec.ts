import { expect, test, type Locator, type Page } from "@playwright/test";
import { fillFailedAttempt, registerLearner } from "./attempt-form";
import { startSet } from "./loop";

// Three overrides that once did nothing: the classes were joined as a plain string, so where two
// Tailwind classes set the same property the stylesheet's order won, not the override. Each is
// checked on its computed style against a probe element that carries only the intended classes.

const ZONE = "UTC";
test.use({ timezoneId: ZONE });

interface Look {
  background: string;
  border: string;
  paddingLeft: string;
  paddingTop: string;
}

async function look(el: Locator): Promise<Look> {
  return el.evaluate((node) => {
    const s = getComputedStyle(node);
    return { background: s.backgroundColor, border: s.borderTopColor, paddingLeft: s.paddingLeft, paddingTop: s.paddingTop };
  });
}

/** The computed style of a fresh element with exactly these classes (the intended look). */
async function probe(page: Page, className: string): Promise<Look> {
  return page.evaluate((cls) => {
    const node = document.createElement("div");
    node.className = cls;
    document.body.append(node);
    const s = getComputedStyle(node);
    const out = { background: s.backgroundColor, border: s.borderTopColor, paddingLeft: s.paddingLeft, paddingTop: s.paddingTop };
    node.remove();
    return out;
  }, className);
}

test("the tinted advice card, the amber flagged button and the compact secondary button render as meant", async ({ page, baseURL }) => {
  test.setTimeout(300_000);
  await registerLearner(page, baseURL!, `house-${Date.now()}@example.com`, "a long passphrase for house style", "Harper House");

  await test.step("the advice card on /learn/status is tinted, not white", async () => {
    await page.goto("/learn/attempts/new");
    await fillFailedAttempt(page, new Date(Date.now() - 2 * 3_600_000), ZONE);
    await page.getByRole("button", { name: "Save attempt" }).click();
    await expect(page).toHaveURL(/\/learn\/status\?recorded=1$/);
    const card = page.getByRole("region", { name: "Advice: when it is wise to retake" });
    await expect(card).toBeVisible();
    const actual = await look(card);
    const tinted = await probe(page, "border border-brand-100 bg-brand-50/40");
    const white = await probe(page, "bg-white");
    expect.soft(actual.background, "advice card background").toBe(tinted.background);
    expect.soft(actual.background, "advice card background").not.toBe(white.background);
    expect.soft(actual.border, "advice card border").toBe(tinted.border);
  });

  await startSet(page, "Timed mixed", /^Short: 10 questions in 20 minutes/);

  await test.step("the flagged 'Flag for review' button is amber", async () => {
    const flag = page.getByRole("button", { name: "Flag for review" });
    const before = await look(flag);
    await flag.click();
    await expect(flag).toHaveAttribute("aria-pressed", "true");
    await page.mouse.move(0, 0); // not hovered: the resting colours
    const amber = await probe(page, "border border-amber-400 bg-amber-50");
    const flagged = await look(flag);
    expect.soft(flagged.background, "flagged background").toBe(amber.background);
    expect.soft(flagged.border, "flagged border").toBe(amber.border);
    expect.soft(flagged.background, "flagged differs from unflagged").not.toBe(before.background);
  });

  await test.step("the compact secondary buttons of the review keep their small padding", async () => {
    await page.getByRole("button", { name: "Review and submit" }).first().click();
    const leave = page.getByTestId("leave-warning");
    await expect(page.getByRole("button", { name: "Submit answers" }).or(leave)).toBeVisible();
    if (await leave.isVisible()) await leave.getByRole("button", { name: /^(Move on|Leave the case study)$/ }).click();
    const jump = page.getByRole("button", { name: /^Go to question \d+$/ }).first();
    await expect(jump).toBeVisible();
    const compact = await look(jump);
    const small = await probe(page, "px-3 py-1");
    expect.soft(compact.paddingLeft, "compact padding-left").toBe(small.paddingLeft);
    expect.soft(compact.paddingTop, "compact padding-top").toBe(small.paddingTop);
    expect.soft(compact.paddingLeft, "compact is smaller than px-4").not.toBe((await probe(page, "px-4")).paddingLeft);
  });
});
