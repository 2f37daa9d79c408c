import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { RunnerContent } from "@/lib/practice/dto";

process.env.DB_QUERY_LOG = "1";

// auth() is whoever the test says is signed in (lib/dal/session.ts then checks the user row).
const session = vi.fn();
vi.mock("@/auth", () => ({ auth: () => session() }));

const { onQuery, useDatabaseForTests } = await import("@/db/client");
const { practiceItems, questions, users } = await import("@/db/schema");
const { seedReferenceData } = await import("@/lib/reference/server/sync");
const { getExamByCode } = await import("@/lib/exam/server/exams");
const { mulberry32 } = await import("@/lib/practice/draw");
const { getRunnerSession, startPractice, submitPractice } = await import("@/lib/practice/server/sessions");
const { ENGINE, createTestDatabase } = await import("@/test/db");
const { GET } = await import("./route");

type Handle = Awaited<ReturnType<typeof createTestDatabase>>;
let h: Handle;
const ids = { owner: "", other: "", coach: "" };
let setId: string;
let exam: Awaited<ReturnType<typeof getExamByCode>>;

function signedInAs(userId: string | null) {
  session.mockResolvedValue(userId ? { user: { id: userId }, sv: 0, expires: new Date(Date.now() + 3_600_000).toISOString() } : null);
}

async function get(id = setId) {
  const res = await GET(new Request(`http://127.0.0.1/api/practice/${encodeURIComponent(id)}/content`), { params: Promise.resolve({ id }) });
  const text = await res.text();
  return { status: res.status, cacheControl: res.headers.get("cache-control"), text, body: JSON.parse(text) as unknown };
}

/** Every "whyWrong" and "why" text in a question's stored payload and options. */
function reasons(payload: unknown, options: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key?: string) => {
    if (typeof v === "string" && (key === "whyWrong" || key === "why")) out.push(v);
    else if (Array.isArray(v)) v.forEach((x) => walk(x));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(payload);
  walk(options);
  return out;
}

beforeAll(async () => {
  h = await createTestDatabase();
  useDatabaseForTests(h);
  await seedReferenceData(h.db);
  // The repository's format items are drafts until reviewed: published here, so a set holds every kind.
  await h.db.execute(sql`update question_groups set status = 'published'`);
  await h.db.execute(sql`update questions set status = 'published' where status = 'draft' and origin = 'bank'`);
  exam = await getExamByCode(h.db, "AZ-104");
  const rows = await h.db
    .insert(users)
    .values([
      { email: "owner@example.com", name: "Owner", passwordHash: "x" },
      { email: "other@example.com", name: "Other", passwordHash: "x" },
      { email: "coach@example.com", name: "Coach", passwordHash: "x", role: "coach" },
    ])
    .returning();
  ids.owner = rows[0]!.id;
  ids.other = rows[1]!.id;
  ids.coach = rows[2]!.id;
  setId = await startPractice(h.db, ids.owner, exam, { mode: "timed-mixed", size: 50, minutes: 100, focusDomains: [] }, mulberry32(11));
});
afterAll(async () => h?.close());
beforeEach(() => signedInAs(ids.owner));

describe(`practice content route (${ENGINE})`, () => {
  it("gives the owner every question's text the page left out, of every kind, with no key, explanation or reason, and writes nothing", async () => {
    const rows = await h.db
      .select({
        position: practiceItems.position,
        kind: questions.kind,
        stem: questions.stem,
        answer: questions.answer,
        explanation: questions.explanation,
        payload: questions.payload,
        options: questions.options,
        groupId: questions.groupId,
      })
      .from(practiceItems)
      .innerJoin(questions, eq(questions.id, practiceItems.questionId))
      .where(eq(practiceItems.sessionId, setId));
    const kinds = new Set(rows.map((r) => r.kind));
    for (const k of ["single", "multiple", "yes-no", "hotspot", "ordering", "matching"]) expect(kinds, k).toContain(k);

    const seen: string[] = [];
    const stop = onQuery((q) => seen.push(q));
    const res = await get();
    stop();
    expect(res.status).toBe(200);
    expect(res.cacheControl).toBe("private, no-store");
    // A read: no statement changes anything.
    expect(seen.length).toBeGreaterThan(0);
    for (const q of seen) expect(q.trim().toLowerCase()).toMatch(/^(select|with)\b/);

    const content = res.body as RunnerContent;
    expect(content.items.map((i) => i.position).sort((a, b) => a - b)).toEqual(rows.map((r) => r.position).sort((a, b) => a - b));
    for (const r of rows) {
      const item = content.items.find((i) => i.position === r.position)!;
      expect(item.stem, `stem of ${r.position}`).toBe(r.stem);
      if (r.kind === "hotspot") expect(item.hotspot?.blanks.length, `blanks of ${r.position}`).toBeGreaterThan(0);
      if (r.kind === "ordering") expect(item.places).toBe(r.answer.length);
      if (r.kind === "matching") expect(item.matching?.targets.length).toBeGreaterThan(0);
    }
    const groupIds = [...new Set(rows.map((r) => r.groupId).filter((g): g is string => g !== null))].sort();
    expect(content.groups.map((g) => g.id).sort()).toEqual(groupIds);

    // Nothing that marks or explains the answer: no such field, and none of their texts.
    expect(res.text).not.toMatch(/"answer"|"explanation"|"whyWrong"|"why"|"payload"|"ownerId"|"questionId"/);
    expect(res.text).not.toMatch(/"[1-9]=[A-H]"/);
    const inJson = (text: string) => JSON.stringify(text).slice(1, -1);
    for (const r of rows) {
      expect(res.text.includes(inJson(r.explanation)), `explanation of ${r.position} (${r.kind})`).toBe(false);
      for (const why of reasons(r.payload, r.options)) expect(res.text.includes(inJson(why)), `a reason of ${r.position} (${r.kind})`).toBe(false);
    }
  });

  it("is the rest of what the page leaves out: together they hold every item's text once", async () => {
    const page = (await getRunnerSession(h.db, ids.owner, setId))!;
    expect(page.content.items).toHaveLength(1);
    const res = await get();
    const content = res.body as RunnerContent;
    expect(content.items.find((i) => i.position === page.content.items[0]!.position)).toEqual(page.content.items[0]);
  });

  it("answers someone else's set, a malformed id and an unknown set with 404, learning nothing", async () => {
    signedInAs(ids.other);
    const other = await get();
    expect(other.status).toBe(404);
    expect(other.text).not.toContain('"stem"');
    signedInAs(ids.owner);
    for (const bad of ["not-a-set", setId.replaceAll("-", ""), `${setId}x`, "00000000-0000-0000-0000-000000000000", "' or 1=1 --"]) {
      const res = await get(bad);
      expect(res.status, bad).toBe(404);
      expect(res.body).toMatchObject({ error: "not-found" });
    }
  });

  it("refuses the signed out (401) and other roles (403)", async () => {
    signedInAs(null);
    expect((await get()).status).toBe(401);
    signedInAs(ids.coach);
    expect((await get()).status).toBe(403);
    // A retired token (an older session version) is signed out.
    await h.db.update(users).set({ sessionVersion: 1 }).where(eq(users.id, ids.owner));
    signedInAs(ids.owner);
    expect((await get()).status).toBe(401);
    await h.db.update(users).set({ sessionVersion: 0 }).where(eq(users.id, ids.owner));
    expect((await get()).status).toBe(200);
  });

  it("refuses a submitted set (its review has the text)", async () => {
    const id = await startPractice(h.db, ids.owner, exam, { mode: "timed-mixed", size: 10, minutes: 20, focusDomains: [] }, mulberry32(5));
    expect((await get(id)).status).toBe(200);
    await submitPractice(h.db, ids.owner, id);
    const res = await get(id);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: "submitted" });
    expect(res.text).not.toContain('"stem"');
  });
});
