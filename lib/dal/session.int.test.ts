import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { useDatabaseForTests, type DbHandle } from "@/db/client";
import { users } from "@/db/schema";
import { createTestDatabase } from "@/test/db";

const auth = vi.fn();
vi.mock("@/auth", () => ({ auth: () => auth() }));
vi.mock("react", async (orig) => ({ ...(await orig<typeof import("react")>()), cache: <T,>(fn: T) => fn }));

const { getCurrentUser, requireRole } = await import("./session");

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
  await h.db.update(users).set({ role: "learner", active: true, sessionVersion: 0 }).where(eq(users.id, id));
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
