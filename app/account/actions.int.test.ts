import { eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { useDatabaseForTests, type DbHandle } from "@/db/client";
import { loginThrottle, practiceItems, users, type ExamRow } from "@/db/schema";
import { getExamByCode } from "@/lib/exam/server/exams";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { initialFormState, type FormState } from "@/lib/form-state";
import { mulberry32 } from "@/lib/practice/draw";
import { startPractice } from "@/lib/practice/server/sessions";
import { seedReferenceData } from "@/lib/reference/server/sync";
import { changedTables, fingerprint } from "@/test/db-fingerprint";
import { ENGINE, createTestDatabase } from "@/test/db";

const mocks = vi.hoisted(() => {
  process.env.AUTH_SECRET = "account-actions-test-secret-0123456789abcdef";
  return { session: vi.fn(), signIn: vi.fn(), signOut: vi.fn() };
});

// auth() is the test's session. signIn runs the real credential check (so a new password is proven
// to work) and then redirects like Auth.js.
vi.mock("@/auth", () => ({
  auth: () => mocks.session(),
  signIn: (...args: unknown[]) => mocks.signIn(...args),
  signOut: (...args: unknown[]) => mocks.signOut(...args),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));
vi.mock("react", async (orig) => ({ ...(await orig<typeof import("react")>()), cache: <T,>(fn: T) => fn }));

const { changePasswordAction, deleteAccountAction, updateProfileAction } = await import("./actions");
const { recordAttemptAction } = await import("@/app/learn/attempts/actions");
const { GET: exportJson } = await import("./export.json/route");
const { POST: saveAnswersRoute } = await import("@/app/api/practice/[id]/answers/route");
const { PASSWORD_CHANGE_REQUIRED_MESSAGE } = await import("@/lib/actions");

const OLD = "one-time-XYZ-password";
const NEW = "my own long passphrase";
let h: DbHandle;
let exam: ExamRow;
let oldHash: string;
const id = {} as Record<"learner" | "other" | "coach", string>;

function form(fields: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return fd;
}

async function sv(userId: string): Promise<number> {
  const [row] = await h.db.select({ sv: users.sessionVersion }).from(users).where(eq(users.id, userId));
  return row!.sv;
}

/** Signed in as the user with their current session version (a fresh sign-in). */
async function as(userId: string) {
  mocks.session.mockResolvedValue({ user: { id: userId }, sv: await sv(userId), expires: "" });
}

async function thrown(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    const digest = (err as { digest?: string }).digest;
    if (typeof digest === "string") return digest;
    throw err;
  }
  throw new Error("expected a redirect");
}

beforeAll(async () => {
  h = await createTestDatabase();
  useDatabaseForTests(h);
  await seedReferenceData(h.db);
  exam = await getExamByCode(h.db, "AZ-104");
  oldHash = await hashPassword(OLD);
  const rows = await h.db
    .insert(users)
    .values([
      { email: "lee@example.com", name: "Lee", passwordHash: oldHash, timeZone: "UTC" },
      { email: "other@example.com", name: "Other", passwordHash: oldHash, timeZone: "UTC" },
      { email: "cora@example.com", name: "Cora", role: "coach" as const, passwordHash: oldHash, timeZone: "UTC" },
    ])
    .returning({ id: users.id });
  [id.learner, id.other, id.coach] = rows.map((r) => r.id) as [string, string, string];
}, 120_000);
afterAll(async () => h?.close());

beforeEach(async () => {
  for (const userId of Object.values(id)) await h.db.update(users).set({ passwordHash: oldHash, mustChangePassword: false }).where(eq(users.id, userId));
  await h.db.delete(loginThrottle);
  mocks.signIn.mockReset().mockImplementation(async (_provider: string, opts: { email: string; password: string; redirectTo: string }) => {
    const { authenticate } = await import("@/lib/auth/server/credentials");
    const { CredentialsSignin } = await import("next-auth");
    const { redirect } = await import("next/navigation");
    const result = await authenticate(h.db, { email: opts.email, password: opts.password, ip: "203.0.113.9" });
    if (!result.ok) throw new CredentialsSignin();
    redirect(opts.redirectTo);
  });
  mocks.signOut.mockReset().mockImplementation(async (opts: { redirectTo: string }) => {
    const { redirect } = await import("next/navigation");
    redirect(opts.redirectTo);
  });
});

describe(`change password (${ENGINE})`, () => {
  it("keeps this browser signed in with the new password and retires every other session", async () => {
    await as(id.learner);
    const before = await sv(id.learner);
    // Back to the account page, rendered by the next request: the one that carries the new cookie.
    const digest = await thrown(changePasswordAction(initialFormState, form({ currentPassword: OLD, newPassword: NEW, confirmPassword: NEW })));
    expect(digest).toContain(";/account?changed=password;");
    expect(mocks.signIn).toHaveBeenCalledWith("credentials", { email: "lee@example.com", password: NEW, redirectTo: "/account?changed=password" });
    expect(await sv(id.learner)).toBe(before + 1);
    const [row] = await h.db.select().from(users).where(eq(users.id, id.learner));
    expect(await verifyPassword(row!.passwordHash, NEW)).toBe(true);
    // A browser still holding a token of the old version is signed out.
    mocks.session.mockResolvedValue({ user: { id: id.learner }, sv: before, expires: "" });
    expect(await updateProfileAction(initialFormState, form({ name: "Lee", timeZone: "UTC" }))).toMatchObject({ message: expect.stringMatching(/session has ended/) });
  });

  it("names every bad field at once, changes nothing and never sends a password back", async () => {
    await as(id.learner);
    const before = await fingerprint(h.db);
    const state = await changePasswordAction(initialFormState, form({ currentPassword: "", newPassword: "short", confirmPassword: "other" }));
    expect(state.status).toBe("error");
    expect(Object.keys(state.errors ?? {}).sort()).toEqual(["confirmPassword", "currentPassword", "newPassword"]);
    expect(JSON.stringify(state.values ?? {})).not.toMatch(/short|other/);
    expect(changedTables(before, await fingerprint(h.db))).toEqual([]);
    expect(mocks.signIn).not.toHaveBeenCalled();
  });

  it("refuses a wrong current password with a field error; only the failed-sign-in count changes", async () => {
    await as(id.learner);
    const before = await fingerprint(h.db);
    const state = await changePasswordAction(initialFormState, form({ currentPassword: "a wrong password", newPassword: NEW, confirmPassword: NEW }));
    expect(state).toMatchObject({ status: "error", errors: { currentPassword: [expect.stringMatching(/not your current password/)] } });
    expect(changedTables(before, await fingerprint(h.db))).toEqual(["login_throttle"]);
  });
});

describe(`a one-time password still in use (${ENGINE})`, () => {
  beforeEach(async () => {
    await h.db.update(users).set({ mustChangePassword: true }).where(eq(users.id, id.learner));
    await as(id.learner);
  });

  it("refuses every other action with a clear message and writes nothing", async () => {
    const before = await fingerprint(h.db);
    for (const [name, call] of [
      ["profile", () => updateProfileAction(initialFormState, form({ name: "Changed", timeZone: "Europe/Berlin" }))],
      ["delete", () => deleteAccountAction(initialFormState, form({ confirmEmail: "lee@example.com", currentPassword: OLD }))],
      ["attempt", () => recordAttemptAction(initialFormState, form({ takenAt: "2026-11-01T10:00", outcome: "fail", score: "600" }))],
    ] as const) {
      const state = (await call()) as FormState;
      expect(state, name).toEqual({ status: "error", message: PASSWORD_CHANGE_REQUIRED_MESSAGE });
    }
    expect(changedTables(before, await fingerprint(h.db))).toEqual([]);
  });

  it("sends the data download to the change page", async () => {
    expect(await thrown(exportJson())).toMatch(/^NEXT_REDIRECT;replace;\/account\/password;/);
  });

  it("refuses autosaves with 401 and the reason, and stores nothing", async () => {
    const setId = await startPractice(h.db, id.learner, exam, { mode: "timed-mixed", size: 5, minutes: 10, focusDomains: [] }, mulberry32(5));
    const name = "authjs.session-token";
    const token = await encode({ token: { sub: id.learner, sv: await sv(id.learner) }, secret: process.env.AUTH_SECRET!, salt: name, maxAge: 3600 });
    const res = await saveAnswersRoute(
      new Request(`http://127.0.0.1/api/practice/${setId}/answers`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: `${name}=${token}` },
        body: JSON.stringify({ answers: [{ position: 1, response: ["A"], flagged: false, seq: 1, timeMs: 10 }] }),
      }),
      { params: Promise.resolve({ id: setId }) },
    );
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ ok: false, message: expect.stringMatching(/one-time password/) });
    const items = await h.db.select({ seq: practiceItems.seq }).from(practiceItems).where(eq(practiceItems.sessionId, setId));
    expect(items.every((i) => i.seq === 0)).toBe(true);
  });

  it("opens the app once the password is changed, continuing where the person was going", async () => {
    const digest = await thrown(changePasswordAction(initialFormState, form({ currentPassword: OLD, newPassword: NEW, confirmPassword: NEW, next: "/learn/attempts" })));
    expect(digest).toContain(";/learn/attempts;");
    expect(mocks.signIn).toHaveBeenCalledWith("credentials", expect.objectContaining({ password: NEW, redirectTo: "/learn/attempts" }));
    const [row] = await h.db.select({ must: users.mustChangePassword }).from(users).where(eq(users.id, id.learner));
    expect(row!.must).toBe(false);
    await as(id.learner); // the re-issued session carries the new version
    expect(await updateProfileAction(initialFormState, form({ name: "Lee", timeZone: "Europe/Berlin" }))).toMatchObject({ status: "success" });
  });

  it("never continues to another site or back to the change page", async () => {
    for (const [next, expected] of [
      ["//evil.example/x", ";/;"],
      ["https://evil.example/learn/plan", ";/learn/plan;"],
      ["/account/password?next=%2Flearn", ";/learn;"],
    ] as const) {
      await h.db.update(users).set({ passwordHash: oldHash, mustChangePassword: true }).where(eq(users.id, id.learner));
      await as(id.learner);
      const digest = await thrown(changePasswordAction(initialFormState, form({ currentPassword: OLD, newPassword: NEW, confirmPassword: NEW, next })));
      expect(digest, next).toContain(expected);
    }
  });
});

describe(`name and time zone (${ENGINE})`, () => {
  it("saves a trimmed name and a zone from the list, and keeps what was typed when refused", async () => {
    await as(id.other);
    expect(await updateProfileAction(initialFormState, form({ name: "  Olu Other ", timeZone: "Asia/Kolkata" }))).toMatchObject({ status: "success" });
    const [row] = await h.db.select({ name: users.name, timeZone: users.timeZone }).from(users).where(eq(users.id, id.other));
    expect(row).toEqual({ name: "Olu Other", timeZone: "Asia/Kolkata" });
    const refused = await updateProfileAction(initialFormState, form({ name: "", timeZone: "Mars/Olympus" }));
    expect(refused).toMatchObject({ status: "error", errors: { name: [expect.any(String)], timeZone: [expect.any(String)] }, values: { name: "", timeZone: "Mars/Olympus" } });
  });
});

describe(`download my data (${ENGINE})`, () => {
  it("is a JSON attachment of the caller's own data, and 401 when signed out", async () => {
    mocks.session.mockResolvedValue(null);
    expect((await exportJson()).status).toBe(401);
    await as(id.coach);
    const res = await exportJson();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="retake-coach-my-data-\d{4}-\d{2}-\d{2}\.json"$/);
    const body = await res.text();
    expect(JSON.parse(body)).toMatchObject({ profile: { id: id.coach, email: "cora@example.com" } });
    expect(body).not.toMatch(/argon2|passwordHash/);
  });
});

describe(`delete my account (${ENGINE})`, () => {
  it("is for learners only", async () => {
    await as(id.coach);
    expect(await deleteAccountAction(initialFormState, form({ confirmEmail: "cora@example.com", currentPassword: OLD }))).toMatchObject({
      message: expect.stringMatching(/role does not allow/),
    });
  });

  it("needs the account's email typed out, keeping what was typed", async () => {
    await as(id.other);
    const state = await deleteAccountAction(initialFormState, form({ confirmEmail: "oter@example.com", currentPassword: OLD }));
    expect(state).toMatchObject({ status: "error", errors: { confirmEmail: [expect.stringMatching(/exactly as shown/)] }, values: { confirmEmail: "oter@example.com" } });
    expect(state.values).not.toHaveProperty("currentPassword");
  });

  it("deletes the account, ends the session and says so on the sign-in page", async () => {
    await as(id.other);
    const digest = await thrown(deleteAccountAction(initialFormState, form({ confirmEmail: " OTHER@example.com ", currentPassword: OLD })));
    expect(digest).toContain(";/sign-in?deleted=1;");
    expect(mocks.signOut).toHaveBeenCalledWith({ redirectTo: "/sign-in?deleted=1" });
    expect(await h.db.select().from(users).where(eq(users.id, id.other))).toEqual([]);
    // The deleted person's token opens nothing any more.
    expect(await updateProfileAction(initialFormState, form({ name: "Ghost", timeZone: "UTC" }))).toMatchObject({ message: expect.stringMatching(/session has ended/) });
  });
});
