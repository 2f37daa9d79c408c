import { and, eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

// The secret the route decrypts with, and the statement hook, are read when first used.
process.env.AUTH_SECRET = "route-test-secret-0123456789-abcdefghijklmnop";
process.env.DB_QUERY_LOG = "1";

// The route must not go through Auth.js's auth() (it re-encrypts and re-issues the token).
const auth = vi.fn();
vi.mock("@/auth", () => ({ auth: () => auth() }));

const { onQuery, useDatabaseForTests } = await import("@/db/client");
const { practiceItems, users } = await import("@/db/schema");
const { seedReferenceData } = await import("@/lib/reference/server/sync");
const { getExamByCode } = await import("@/lib/exam/server/exams");
const { mulberry32 } = await import("@/lib/practice/draw");
const { startPractice } = await import("@/lib/practice/server/sessions");
const { ENGINE, createTestDatabase } = await import("@/test/db");
const { POST } = await import("./route");

type Handle = Awaited<ReturnType<typeof createTestDatabase>>;
let h: Handle;
let learnerId: string;
let setId: string;
let seq = 0;

async function cookieFor(userId: string, sv: number, name = "authjs.session-token") {
  const token = await encode({ token: { sub: userId, sv }, secret: process.env.AUTH_SECRET!, salt: name, maxAge: 3600 });
  return `${name}=${token}`;
}

async function post(cookie: string | null, body: unknown, id = setId) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (cookie) headers.cookie = cookie;
  const res = await POST(new Request(`http://127.0.0.1/api/practice/${id}/answers`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) }), {
    params: Promise.resolve({ id }),
  });
  return { status: res.status, body: await res.json(), setCookie: res.headers.get("set-cookie") };
}

const answer = (response: string[], position = 1) => ({ answers: [{ position, response, flagged: false, seq: ++seq, timeMs: 100 }] });

async function stored(position = 1) {
  const [row] = await h.db
    .select({ response: practiceItems.response, seq: practiceItems.seq })
    .from(practiceItems)
    .where(and(eq(practiceItems.sessionId, setId), eq(practiceItems.position, position)));
  return row!;
}

beforeAll(async () => {
  h = await createTestDatabase();
  useDatabaseForTests(h);
  await seedReferenceData(h.db);
  const exam = await getExamByCode(h.db, "AZ-104");
  const [learner] = await h.db.insert(users).values({ email: "saver@example.com", name: "Saver", passwordHash: "x" }).returning();
  learnerId = learner!.id;
  setId = await startPractice(h.db, learnerId, exam, { mode: "timed-mixed", size: 5, minutes: 20, focusDomains: [] }, mulberry32(3));
});
afterAll(async () => h?.close());
beforeEach(async () => {
  await h.db.update(users).set({ role: "learner", active: true, sessionVersion: 2 }).where(eq(users.id, learnerId));
});

describe(`autosave route (${ENGINE})`, () => {
  it("saves with one statement, sets no cookie and never calls auth()", async () => {
    const seen: string[] = [];
    const stop = onQuery((q) => seen.push(q));
    const res = await post(await cookieFor(learnerId, 2), answer(["B"]));
    stop();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, results: [{ position: 1, seq, applied: true }] });
    expect(res.setCookie).toBeNull();
    expect(seen).toHaveLength(1);
    expect(auth).not.toHaveBeenCalled();
    expect(await stored()).toEqual({ response: ["B"], seq });
  });

  it("accepts the __Secure- cookie of an HTTPS deployment", async () => {
    const res = await post(await cookieFor(learnerId, 2, "__Secure-authjs.session-token"), answer(["C"]));
    expect(res.status).toBe(200);
    expect((await stored()).response).toEqual(["C"]);
  });

  it("answers 401 without a cookie or with a token that does not decrypt, and stores nothing", async () => {
    const before = await stored();
    expect((await post(null, answer(["D"]))).status).toBe(401);
    expect((await post("authjs.session-token=not-a-token", answer(["D"]))).status).toBe(401);
    expect(await stored()).toEqual(before);
  });

  it("answers 401 to a token minted before the last sign-out and to a deactivated user, and stores nothing", async () => {
    const before = await stored();
    await h.db.update(users).set({ sessionVersion: 3 }).where(eq(users.id, learnerId));
    const retired = await post(await cookieFor(learnerId, 2), answer(["D"]));
    expect(retired).toMatchObject({ status: 401, body: { ok: false, error: "unauthenticated" } });
    await h.db.update(users).set({ sessionVersion: 2, active: false }).where(eq(users.id, learnerId));
    expect((await post(await cookieFor(learnerId, 2), answer(["D"]))).status).toBe(401);
    expect(await stored()).toEqual(before);
  });

  it("refuses a user who is no longer a learner with 404, and stores nothing", async () => {
    const before = await stored();
    await h.db.update(users).set({ role: "coach" }).where(eq(users.id, learnerId));
    const res = await post(await cookieFor(learnerId, 2), answer(["D"]));
    expect(res).toMatchObject({ status: 404, body: { ok: false, error: "not-found", message: "Only learners answer practice sets." } });
    expect(await stored()).toEqual(before);
  });

  it("checks the user before answering a malformed request", async () => {
    expect((await post(await cookieFor(learnerId, 2), "{not json")).status).toBe(422);
    expect((await post(await cookieFor(learnerId, 2), answer(["A"]), "not-a-uuid")).status).toBe(404);
    await h.db.update(users).set({ active: false }).where(eq(users.id, learnerId));
    expect((await post(await cookieFor(learnerId, 2), "{not json")).status).toBe(401);
    expect((await post(await cookieFor(learnerId, 2), answer(["A"]), "not-a-uuid")).status).toBe(401);
  });

  it("still refuses another learner's set with 404", async () => {
    const [other] = await h.db.insert(users).values({ email: "other-saver@example.com", name: "Other", passwordHash: "x" }).returning();
    const res = await post(await cookieFor(other!.id, 0), answer(["A"]));
    expect(res).toMatchObject({ status: 404, body: { ok: false, error: "not-found" } });
  });
});
