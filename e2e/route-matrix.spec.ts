import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { DEMO, DEMO_PASSWORD, signInHttp } from "./helpers";
import { discoverRoutes } from "./routes";

/*
 * The authorization matrix: every page and route handler under app/ (found on disk, so a new one
 * cannot be forgotten) called over HTTP by seven personas, with the dynamic segments filled with
 * ids that belong to the OWNER (learner1, coached by coach1). "Another learner" and "another
 * coach" therefore ask for someone else's attempt, practice set, plan and learner.
 */

const PERSONAS = ["anon", "owner", "learner2", "coach1", "coach2", "admin", "former"] as const;
type Persona = (typeof PERSONAS)[number];
const PERSONA_TITLE: Record<Persona, string> = {
  anon: "signed out",
  owner: "learner1 (owner)",
  learner2: "learner2 (other)",
  coach1: "coach1 (owner's)",
  coach2: "coach2 (other)",
  admin: "admin",
  former: "deactivated",
};
const EMAIL: Record<Exclude<Persona, "anon">, string> = {
  owner: DEMO.learner,
  learner2: "learner2@example.com",
  coach1: DEMO.coach,
  coach2: DEMO.coach2,
  admin: DEMO.admin,
  former: "former@example.com",
};

/** The owner's resources, read from pages as the owner, their coach and the admin. */
interface Ids {
  learner: string;
  attempt: string;
  practiceActive: string;
  practiceSubmitted: string;
  plan: string;
  cohort: string;
  question: string;
}


// ---------------------------------------------------------------------------------------------
// Expectations. A cell is a status code, or "→/path" for a redirect to that path (query ignored).

type Cell = number | `→/${string}`;
type Expect = Record<Persona, Cell>;

interface Row {
  /** The concrete URL to call (dynamic segments filled with the owner's ids). */
  url: (ids: Ids) => string;
  /** Request body for POST rows (JSON). `seq` grows for every call so an allowed save always lands. */
  body?: (seq: number) => unknown;
  expect: Expect;
}

const IN: Cell = "→/sign-in";
/** Everyone gets the same answer. */
const all = (c: Cell): Expect => ({ anon: c, owner: c, learner2: c, coach1: c, coach2: c, admin: c, former: c });
/** A page for the given roles only: signed out and deactivated go to sign-in, the other roles get 403. */
function rolePage(roles: ("learner" | "coach" | "admin")[]): Expect {
  const c = (role: "learner" | "coach" | "admin"): Cell => (roles.includes(role) ? 200 : 403);
  return { anon: IN, owner: c("learner"), learner2: c("learner"), coach1: c("coach"), coach2: c("coach"), admin: c("admin"), former: IN };
}
/**
 * A download for the given roles only, under a prefix the proxy guards (/learn, /bank, /admin):
 * signed out goes to sign-in (the proxy), a deactivated account's still-valid token passes the
 * proxy and gets 401 from the handler's database check, the other roles 403.
 */
function roleDownload(roles: ("learner" | "coach" | "admin")[]): Expect {
  const c = (role: "learner" | "coach" | "admin"): Cell => (roles.includes(role) ? 200 : 403);
  return { anon: IN, owner: c("learner"), learner2: c("learner"), coach1: c("coach"), coach2: c("coach"), admin: c("admin"), former: 401 };
}
/** Signed-out visitors' pages: signed-in people go to their home. */
const guestPage: Expect = { anon: 200, owner: "→/learn", learner2: "→/learn", coach1: "→/coach", coach2: "→/coach", admin: "→/admin", former: 200 };

const ROUTES: Record<string, Row> = {
  "GET /": { url: () => "/", expect: { ...guestPage, anon: IN, former: IN } },
  "GET /sign-in": { url: () => "/sign-in", expect: guestPage },
  "GET /register": { url: () => "/register", expect: guestPage },
  "GET /floor": { url: () => "/floor", expect: all(200) },
  // The account area: every role, each their own account (nothing in the URL names anyone).
  "GET /account": { url: () => "/account", expect: { ...all(200), anon: IN, former: IN } },
  "GET /account/password": { url: () => "/account/password", expect: { ...all(200), anon: IN, former: IN } },
  "GET /account/export.json": { url: () => "/account/export.json", expect: roleDownload(["learner", "coach", "admin"]) },
  // Password reset and unsubscribe: public pages (without a valid token they say so).
  "GET /forgot-password": { url: () => "/forgot-password", expect: all(200) },
  "GET /reset-password": { url: () => "/reset-password?token=not-a-real-token", expect: all(200) },
  "GET /unsubscribe": { url: () => "/unsubscribe?token=not-a-real-token", expect: all(200) },
  // One-click unsubscribe (RFC 8058): the signed token is the authorization; without one, 404.
  "POST /api/unsubscribe": { url: () => "/api/unsubscribe", body: () => ({}), expect: all(404) },
  "GET /api/unsubscribe": { url: () => "/api/unsubscribe?token=x", expect: all("→/unsubscribe") },
  // Everyone's own notifications.
  "GET /notifications": { url: () => "/notifications", expect: { ...all(200), anon: IN, former: IN } },
  // Auth.js: the session endpoint answers everyone (it only reads the cookie); a credentials POST
  // without a CSRF token is refused with a redirect to the sign-in page's error.
  "GET /api/auth/[...nextauth]": { url: () => "/api/auth/session", expect: all(200) },
  "POST /api/auth/[...nextauth]": { url: () => "/api/auth/callback/credentials", body: () => ({}), expect: all(IN) },

  "GET /admin": { url: () => "/admin", expect: rolePage(["admin"]) },
  "GET /admin/users": { url: () => "/admin/users", expect: rolePage(["admin"]) },
  "GET /admin/cohorts": { url: () => "/admin/cohorts", expect: rolePage(["admin"]) },
  "GET /admin/cohorts/[id]": { url: (ids) => `/admin/cohorts/${ids.cohort}`, expect: rolePage(["admin"]) },
  "GET /admin/audit": { url: () => "/admin/audit", expect: rolePage(["admin"]) },
  "GET /admin/mail": { url: () => "/admin/mail", expect: rolePage(["admin"]) },
  "GET /admin/analytics": { url: () => "/admin/analytics", expect: rolePage(["admin"]) },
  "GET /admin/analytics/compare": { url: () => "/admin/analytics/compare", expect: rolePage(["admin"]) },
  "GET /admin/analytics/export.csv": { url: (ids) => `/admin/analytics/export.csv?cohort=${ids.cohort}`, expect: roleDownload(["admin"]) },

  "GET /bank": { url: () => "/bank", expect: rolePage(["coach", "admin"]) },
  "GET /bank/new": { url: () => "/bank/new", expect: rolePage(["coach", "admin"]) },
  "GET /bank/import": { url: () => "/bank/import", expect: rolePage(["coach", "admin"]) },
  "GET /bank/[id]": { url: (ids) => `/bank/${ids.question}`, expect: rolePage(["coach", "admin"]) },
  "GET /bank/export.json": { url: () => "/bank/export.json", expect: roleDownload(["coach", "admin"]) },
  "GET /bank/entry/new": { url: () => "/bank/entry/new?kind=case-study", expect: rolePage(["coach", "admin"]) },
  "GET /bank/entry/[id]": { url: (ids) => `/bank/entry/${ids.question}`, expect: rolePage(["coach", "admin"]) },

  "GET /coach": { url: () => "/coach", expect: rolePage(["coach"]) },
  // Only the learner's own coach; another coach gets 404 (not even "exists").
  "GET /coach/learners/[id]": { url: (ids) => `/coach/learners/${ids.learner}`, expect: { ...rolePage(["coach"]), coach2: 404 } },
  "GET /coach/learners/[id]/plan": { url: (ids) => `/coach/learners/${ids.learner}/plan`, expect: { ...rolePage(["coach"]), coach2: 404 } },
  "GET /coach/learners/[id]/variations": { url: (ids) => `/coach/learners/${ids.learner}/variations`, expect: { ...rolePage(["coach"]), coach2: 404 } },

  "GET /learn": { url: () => "/learn", expect: rolePage(["learner"]) },
  "GET /learn/status": { url: () => "/learn/status", expect: rolePage(["learner"]) },
  "GET /learn/status/calendar.ics": { url: () => "/learn/status/calendar.ics", expect: roleDownload(["learner"]) },
  "GET /learn/attempts": { url: () => "/learn/attempts", expect: rolePage(["learner"]) },
  "GET /learn/attempts/new": { url: () => "/learn/attempts/new", expect: rolePage(["learner"]) },
  "GET /learn/attempts/[id]/edit": { url: (ids) => `/learn/attempts/${ids.attempt}/edit`, expect: { ...rolePage(["learner"]), learner2: 404 } },
  "GET /learn/plan": { url: () => "/learn/plan", expect: rolePage(["learner"]) },
  // A self-coached learner's editor; a learner without a plan of their own sees an empty state.
  "GET /learn/plan/edit": { url: () => "/learn/plan/edit", expect: rolePage(["learner"]) },
  "GET /learn/variations": { url: () => "/learn/variations", expect: rolePage(["learner"]) },
  "GET /learn/rules": { url: () => "/learn/rules", expect: rolePage(["learner"]) },
  "GET /learn/practice": { url: () => "/learn/practice", expect: rolePage(["learner"]) },
  "GET /learn/practice/history": { url: () => "/learn/practice/history", expect: rolePage(["learner"]) },
  "GET /learn/practice/[id]": { url: (ids) => `/learn/practice/${ids.practiceActive}`, expect: { ...rolePage(["learner"]), learner2: 404 } },
  "GET /learn/practice/[id]/results": {
    url: (ids) => `/learn/practice/${ids.practiceSubmitted}/results`,
    expect: { ...rolePage(["learner"]), learner2: 404 },
  },
  // Question 1 of the submitted set was left unanswered: a miss to write a variation of.
  "GET /learn/practice/[id]/variation/[position]": {
    url: (ids) => `/learn/practice/${ids.practiceSubmitted}/variation/1`,
    expect: { ...rolePage(["learner"]), learner2: 404 },
  },
  // Autosave: a valid save lands for the set's learner only; anyone else learns nothing (404).
  "POST /api/practice/[id]/answers": {
    url: (ids) => `/api/practice/${ids.practiceActive}/answers`,
    body: (seq) => ({ answers: [{ position: 1, response: ["A"], flagged: false, seq, timeMs: 1000 }] }),
    expect: { anon: 401, owner: 200, learner2: 404, coach1: 404, coach2: 404, admin: 404, former: 401 },
  },
  // The runner's question text, loaded after its page: the set's learner only (other roles 403).
  "GET /api/practice/[id]/content": {
    url: (ids) => `/api/practice/${ids.practiceActive}/content`,
    expect: { anon: 401, owner: 200, learner2: 404, coach1: 403, coach2: 403, admin: 403, former: 401 },
  },

  // A plan is read by its learner and the learner's coach only (admins manage people, not plans).
  // /plans is outside the proxy's guarded prefixes, so its download answers a signed-out visitor 401 itself.
  "GET /plans/[id]/print": { url: (ids) => `/plans/${ids.plan}/print`, expect: { anon: IN, owner: 200, learner2: 404, coach1: 200, coach2: 404, admin: 404, former: IN } },
  "GET /plans/[id]/calendar.ics": {
    url: (ids) => `/plans/${ids.plan}/calendar.ics`,
    expect: { anon: 401, owner: 200, learner2: 404, coach1: 200, coach2: 404, admin: 404, former: 401 },
  },
};

/** learner1's name and attempt notes (seed): in no response to an outsider, nor in any refusal. */
const OWNER_DATA = ["Amara Okafor", "Ran out of time on the last scenario set."];
const OUTSIDERS = new Set<Persona>(["anon", "learner2", "coach2", "former"]);

// ---------------------------------------------------------------------------------------------
// Helpers

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

/** The id in the first link whose href matches `/prefix/<uuid>…` (and whose text contains `text`, if given). */
function idFromLinks(html: string, hrefPattern: RegExp, text?: string): string {
  for (const m of html.matchAll(/<a\b[^>]*\bhref="([^"]+)"[^>]*>([\s\S]*?)<\/a>/g)) {
    const id = hrefPattern.exec(m[1]!)?.[1];
    const label = m[2]!.replace(/<[^>]+>/g, "").replace(/&#x27;|&#39;/g, "'");
    if (id && (text === undefined || label.includes(text))) return id;
  }
  throw new Error(`No link matching ${hrefPattern}${text ? ` labelled "${text}"` : ""}`);
}

async function html(request: APIRequestContext, url: string): Promise<string> {
  const res = await request.get(url, { maxRedirects: 0 });
  expect(res.status(), `GET ${url}`).toBe(200);
  return res.text();
}

async function browserAs(browser: Browser, baseURL: string, request: APIRequestContext): Promise<Page> {
  const context = await browser.newContext({ baseURL, storageState: await request.storageState() });
  return context.newPage();
}

function cellOf(status: number, location: string | undefined, base: string): string {
  if (status >= 300 && status < 400 && location) return `→${new URL(location, base).pathname}`;
  return String(status);
}

/** The grid: one row per route, one column per persona; a wrong cell shows "actual≠expected". */
function printMatrix(rows: { route: string; cells: Record<Persona, { actual: string; expected: string }> }[]): string {
  const header = ["route", ...PERSONAS.map((p) => PERSONA_TITLE[p])];
  const body = rows.map((r) => [r.route, ...PERSONAS.map((p) => (r.cells[p].actual === r.cells[p].expected ? r.cells[p].actual : `${r.cells[p].actual}≠${r.cells[p].expected}`))]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cols: string[]) => cols.map((c, i) => c.padEnd(widths[i]!)).join(" │ ");
  return [line(header), widths.map((w) => "─".repeat(w)).join("─┼─"), ...body.map(line)].join("\n");
}

/**
 * The owner, their coach and the admin call each route first, so every cached view of the
 * owner's data (the read cache, lib/cache/server/read-cache.ts, keyed by what it holds) is warm
 * when the others ask: each refusal below comes from the per-request checks with the owner's
 * data already in the cache, never from a cold cache.
 */
const CALL_ORDER: readonly Persona[] = ["owner", "coach1", "admin", "anon", "learner2", "coach2", "former"];

// ---------------------------------------------------------------------------------------------

test("every page and route handler in app/ has a row in the matrix, and every row a route", () => {
  expect([...CALL_ORDER].sort()).toEqual([...PERSONAS].sort());
  const discovered = discoverRoutes();
  // The discovery itself must see the kinds of route the app has.
  expect(discovered).toEqual(expect.arrayContaining(["GET /sign-in", "GET /learn/attempts/[id]/edit", "POST /api/practice/[id]/answers", "GET /api/auth/[...nextauth]"]));
  expect(discovered.filter((r) => !(r in ROUTES)), "routes without a row in ROUTES").toEqual([]);
  expect(Object.keys(ROUTES).filter((r) => !discovered.includes(r)), "rows for routes that no longer exist").toEqual([]);
});

test("every route answers each persona as expected, on the owner's ids", async ({ playwright, browser, baseURL }) => {
  test.setTimeout(170_000);
  const base = baseURL!;
  const ctx = {} as Record<Persona, APIRequestContext>;
  for (const p of PERSONAS) ctx[p] = await playwright.request.newContext({ baseURL: base });

  await test.step("sign in the six personas over HTTP", async () => {
    // The deactivated account cannot sign in: its token is minted while it is active (below).
    expect(await signInHttp(ctx.former, EMAIL.former), "deactivated sign-in is refused").toBe(false);
    for (const p of ["owner", "learner2", "coach1", "coach2", "admin"] as const) {
      expect(await signInHttp(ctx[p], EMAIL[p]), `sign-in of ${EMAIL[p]}`).toBe(true);
    }
  });

  await test.step("the deactivated persona holds a token minted before an admin deactivated it", async () => {
    const admin = await browserAs(browser, base, ctx.admin);
    const row = () => admin.getByRole("row", { name: new RegExp(EMAIL.former) });
    await admin.goto(`/admin/users?q=${encodeURIComponent(EMAIL.former)}`);
    await row().getByRole("button", { name: "Reactivate" }).click();
    await expect(row().getByRole("cell", { name: "active", exact: true })).toBeVisible();
    await expect(row().getByRole("button", { name: "Deactivate" })).toBeVisible();
    expect(await signInHttp(ctx.former, EMAIL.former, DEMO_PASSWORD), "reactivated sign-in").toBe(true);
    admin.once("dialog", (d) => void d.accept());
    await row().getByRole("button", { name: "Deactivate" }).click();
    await expect(row().getByRole("cell", { name: "deactivated", exact: true })).toBeVisible();
    await admin.context().close();
  });

  const ids = {} as Ids;
  await test.step("read the owner's ids from pages", async () => {
    ids.learner = idFromLinks(await html(ctx.coach1, "/coach"), new RegExp(`^/coach/learners/(${UUID})$`), "Amara Okafor");
    ids.attempt = idFromLinks(await html(ctx.owner, "/learn/attempts"), new RegExp(`^/learn/attempts/(${UUID})/edit$`));
    ids.cohort = idFromLinks(await html(ctx.admin, "/admin/cohorts"), new RegExp(`^/admin/cohorts/(${UUID})$`), "Spring cohort");
    ids.question = idFromLinks(await html(ctx.coach1, "/bank"), /^\/bank\/(?!new$|import$|export\.json$|entry\/)([^/]+)$/);

    // Practice: one submitted set (for its results) and one open set (runner and autosave).
    const learner = await browserAs(browser, base, ctx.owner);
    const startSet = async () => {
      await learner.goto("/learn/practice");
      await learner.getByLabel("Timed mixed").check();
      await learner.getByLabel(/^Short: 10 questions in 20 minutes/).check();
      await learner.getByRole("button", { name: "Start the set" }).click();
      await expect(learner).toHaveURL(new RegExp(`/learn/practice/${UUID}$`));
      return new RegExp(`/learn/practice/(${UUID})$`).exec(learner.url())![1]!;
    };
    // A set left open by an earlier run would be resumed by "start": submit whatever opens first.
    ids.practiceSubmitted = await startSet();
    await learner.getByRole("button", { name: "Review and submit" }).first().click();
    await learner.getByRole("button", { name: "Submit answers" }).click();
    await expect(learner).toHaveURL(new RegExp(`/learn/practice/${ids.practiceSubmitted}/results$`));
    ids.practiceActive = await startSet();
    expect(ids.practiceActive).not.toBe(ids.practiceSubmitted);
    await learner.context().close();

    // Plan: the owner's coach generates and assigns one unless it is already active.
    const coach = await browserAs(browser, base, ctx.coach1);
    await coach.goto(`/coach/learners/${ids.learner}/plan`);
    const printable = coach.getByRole("link", { name: "Printable plan" });
    if ((await coach.getByTestId("plan-status").count()) === 0) {
      await coach.getByRole("button", { name: "Generate repair plan" }).click();
      await expect(coach.getByTestId("plan-status")).toContainText("Draft");
    }
    if (!/Active/.test((await coach.getByTestId("plan-status").textContent()) ?? "")) {
      await coach.getByRole("button", { name: "Assign plan" }).click();
      await expect(coach.getByTestId("plan-status")).toHaveText("Active");
    }
    ids.plan = new RegExp(`/plans/(${UUID})/print`).exec((await printable.getAttribute("href")) ?? "")![1]!;
    await coach.context().close();
  });

  const rows: { route: string; cells: Record<Persona, { actual: string; expected: string }> }[] = [];
  const wrong: string[] = [];
  let seq = 1;
  await test.step("call every route as every persona", async () => {
    for (const route of discoverRoutes()) {
      const row = ROUTES[route];
      if (!row) continue; // reported by the first test
      const method = route.split(" ")[0]!;
      const url = row.url(ids);
      const cells = {} as Record<Persona, { actual: string; expected: string }>;
      for (const p of CALL_ORDER) {
        const res =
          method === "POST"
            ? await ctx[p].post(url, { data: row.body?.(seq++), maxRedirects: 0 })
            : await ctx[p].fetch(url, { method, maxRedirects: 0 });
        const actual = cellOf(res.status(), res.headers()["location"], base);
        const expected = String(row.expect[p]);
        cells[p] = { actual, expected };
        if (actual !== expected) wrong.push(`${route} (${url}) as ${PERSONA_TITLE[p]}: got ${actual}, expected ${expected}`);
        // Whatever the status, the owner's data never reaches someone who may not read it.
        if (OUTSIDERS.has(p) || (p !== "owner" && !actual.startsWith("2"))) {
          const body = await res.text();
          for (const marker of OWNER_DATA) if (body.includes(marker)) wrong.push(`${route} (${url}) as ${PERSONA_TITLE[p]}: the response contains "${marker}"`);
        }
      }
      rows.push({ route, cells });
    }
  });
  console.log(`\nAuthorization matrix (${rows.length} routes × ${PERSONAS.length} personas; ids are learner1's)\n${printMatrix(rows)}\n`);

  await test.step("what the allowed cells return is the real thing", async () => {
    const ics = await ctx.owner.get(`/plans/${ids.plan}/calendar.ics`);
    expect(await ics.text()).toContain("BEGIN:VCALENDAR");
    const csv = await ctx.admin.get(`/admin/analytics/export.csv?cohort=${ids.cohort}`);
    expect(await csv.text()).toMatch(/^section,item,measure,value/);
    // The leak markers are what the owner's coach really reads, so their absence above means something.
    const coachView = await (await ctx.coach1.get(`/coach/learners/${ids.learner}`)).text();
    for (const marker of OWNER_DATA) expect(coachView).toContain(marker);
    const denied = await ctx.coach2.get(`/plans/${ids.plan}/calendar.ics`);
    expect(await denied.text()).not.toContain("BEGIN:VCALENDAR");
    // The deactivated persona still holds its session cookie (minted while it was active), so every
    // refusal above comes from the database check; even Auth.js's own session endpoint, which would
    // read the token alone, answers with no session.
    const cookies = (await ctx.former.storageState()).cookies.map((c) => c.name);
    expect(cookies.some((name) => /authjs\.session-token/.test(name))).toBe(true);
    const session = (await (await ctx.former.get("/api/auth/session")).json()) as { user?: { email?: string } } | null;
    expect(session).toBeNull();
  });

  for (const p of PERSONAS) await ctx[p].dispose();
  expect(wrong, "cells that differ from the expectation").toEqual([]);
});
