import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { useDatabaseForTests, type DbHandle } from "@/db/client";
import { users } from "@/db/schema";
import { createTestDatabase } from "@/test/db";

const auth = vi.fn();
vi.mock("@/auth", () => ({ auth: () => auth() }));
vi.mock("react", async (orig) => ({ ...(await orig<typeof import("react")>()), cache: <T,>(fn: T) => fn }));

const { getCurrentUser, getSessionUser, requireSessionUser, requireUser } = await import("./session");
const { requireRole } = await import("./guard");

let h: DbHandle;
let id: string;
beforeAll(async () => {
  h = await createTestDatabase();
  useDatabaseForTests(h);
  const [row] = await h.db
    .insert(users)
    .values({ email: "pat@example.com", name: "Pat", role: "learner", passwordHash: "x" })
    .returning();
  id = row!.id;
});
afterAll(async () => h?.close());
beforeEach(async () => {
  await h.db.update(users).set({ role: "learner", active: true, sessionVersion: 0, mustChangePassword: false }).where(eq(users.id, id));
  auth.mockResolvedValue({ user: { id, role: "admin" }, sv: 0, expires: "" });
});

describe("getCurrentUser", () => {
  it("reads the role from the database, not from the token", async () => {
    expect(await getCurrentUser()).toMatchObject({ id, role: "learner" });
  });

  it("drops a deactivated user on the next request", async () => {
    await h.db.update(users).set({ active: false }).where(eq(users.id, id));
    expect(await getCurrentUser()).toBeNull();
  });

  it("sees a demotion or promotion on the next request", async () => {
    await h.db.update(users).set({ role: "coach" }).where(eq(users.id, id));
    expect((await getCurrentUser())?.role).toBe("coach");
  });

  it("rejects a token minted before the last sign-out (older session version)", async () => {
    await h.db.update(users).set({ sessionVersion: 1 }).where(eq(users.id, id));
    expect(await getCurrentUser()).toBeNull();
  });

  it("ignores a token whose id is not a user id", async () => {
    auth.mockResolvedValue({ user: { id: "1 or 1=1", role: "admin" }, sv: 0, expires: "" });
    expect(await getCurrentUser()).toBeNull();
  });

  it("answers the wrong role with forbidden and no session with a sign-in redirect", async () => {
    await expect(requireRole(["admin"], "/admin")).rejects.toMatchObject({ digest: expect.stringContaining("403") });
    auth.mockResolvedValue(null);
    await expect(requireRole(["admin"], "/admin")).rejects.toMatchObject({
      digest: expect.stringContaining("/sign-in?callbackUrl=%2Fadmin"),
    });
  });
});

describe("a one-time password still in use", () => {
  beforeEach(async () => {
    await h.db.update(users).set({ mustChangePassword: true }).where(eq(users.id, id));
  });

  it("sends every page and route handler that asks for the user to the change page", async () => {
    await expect(getCurrentUser()).rejects.toMatchObject({ digest: expect.stringMatching(/^NEXT_REDIRECT;replace;\/account\/password;/) });
    await expect(requireRole(["learner"], "/learn")).rejects.toMatchObject({ digest: expect.stringContaining(";/account/password?next=%2Flearn;") });
    await expect(requireUser("/")).rejects.toMatchObject({ digest: expect.stringContaining(";/account/password;") });
  });

  it("sends the user to the change page before refusing a role, so the refusal leaks nothing", async () => {
    await expect(requireRole(["admin"], "/admin")).rejects.toMatchObject({ digest: expect.stringContaining("/account/password?next=%2Fadmin") });
  });

  it("still knows the user for the change page itself and for signing out", async () => {
    expect(await getSessionUser()).toMatchObject({ id, mustChangePassword: true });
    expect(await requireSessionUser("/account/password")).toMatchObject({ id, mustChangePassword: true });
  });

  it("keeps refusing a retired or deactivated session first", async () => {
    await h.db.update(users).set({ sessionVersion: 1 }).where(eq(users.id, id));
    expect(await getSessionUser()).toBeNull();
    expect(await getCurrentUser()).toBeNull();
    await expect(requireSessionUser("/account/password")).rejects.toMatchObject({ digest: expect.stringContaining("/sign-in?callbackUrl=") });
  });

  it("opens everything again once the flag is cleared", async () => {
    await h.db.update(users).set({ mustChangePassword: false }).where(eq(users.id, id));
    expect(await requireRole(["learner"], "/learn")).toMatchObject({ id, role: "learner" });
  });
});
