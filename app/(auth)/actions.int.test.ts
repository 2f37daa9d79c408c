import fc from "fast-check";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { useDatabaseForTests, type DbHandle } from "@/db/client";
import { users } from "@/db/schema";
import { initialFormState } from "@/lib/form-state";
import { createTestDatabase } from "@/test/db";

const signIn = vi.fn();
vi.mock("@/auth", () => ({ signIn: (...args: unknown[]) => signIn(...args), signOut: vi.fn(), auth: vi.fn(async () => null) }));

const { registerAction, signInAction } = await import("./actions");

let h: DbHandle;
beforeAll(async () => {
  h = await createTestDatabase();
  useDatabaseForTests(h);
});
afterAll(async () => h?.close());
beforeEach(() => {
  signIn.mockReset();
  // A successful sign-in ends in a redirect, which Next signals by throwing.
  signIn.mockImplementation(async (_provider: string, opts: { redirectTo: string }) => {
    const { redirect } = await import("next/navigation");
    redirect(opts.redirectTo);
  });
});

function form(fields: Record<string, unknown>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, String(v));
  return fd;
}

const good = {
  name: "Robin Learner",
  email: "robin@example.com",
  password: "a good passphrase",
  confirmPassword: "a good passphrase",
  timeZone: "Europe/Paris",
};

async function userCount() {
  const [{ n }] = (await h.db.select({ n: count() }).from(users)) as [{ n: number }];
  return Number(n);
}

describe("registerAction", () => {
  it("creates a learner (never another role) and signs them in to /learn", async () => {
    await expect(registerAction(initialFormState, form({ ...good, role: "admin" }))).rejects.toMatchObject({
      digest: expect.stringContaining("NEXT_REDIRECT"),
    });
    const [row] = await h.db.select().from(users).where(eq(users.email, "robin@example.com"));
    expect(row).toMatchObject({ role: "learner", name: "Robin Learner", timeZone: "Europe/Paris" });
    expect(row!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(signIn).toHaveBeenCalledWith("credentials", expect.objectContaining({ redirectTo: "/learn" }));
  });

  it("refuses a second account for the same email, in any case, with a field error", async () => {
    const before = await userCount();
    const state = await registerAction(initialFormState, form({ ...good, email: "ROBIN@example.com" }));
    expect(state.status).toBe("error");
    expect(state.errors?.email?.[0]).toMatch(/already exists/);
    expect(await userCount()).toBe(before);
  });

  it("returns every field error at once and keeps the typed values, except passwords", async () => {
    const state = await registerAction(
      initialFormState,
      form({ name: "", email: "nope", password: "short", confirmPassword: "other", timeZone: "Mars/Olympus" }),
    );
    expect(state.status).toBe("error");
    expect(Object.keys(state.errors ?? {}).sort()).toEqual(["confirmPassword", "email", "name", "password", "timeZone"]);
    expect(state.values).toEqual({ name: "", email: "nope", timeZone: "Mars/Olympus" });
    expect(signIn).not.toHaveBeenCalled();
  });

  it.each([
    ["an over-long name", { name: "n".repeat(101) }, "name"],
    ["an over-long email", { email: `${"e".repeat(250)}@example.com` }, "email"],
    ["a 129-character password", { password: "p".repeat(129), confirmPassword: "p".repeat(129) }, "password"],
    ["an SQL fragment as email", { email: "x'); delete from users; --" }, "email"],
    ["an HTML fragment as email", { email: "<img src=x onerror=alert(1)>" }, "email"],
    ["a control character in the name", { name: "Bad\u0000Name" }, "name"],
    ["an unknown time zone", { timeZone: "Europe/Atlantis" }, "timeZone"],
  ])("rejects %s with a field error and writes nothing", async (_label, patch, field) => {
    const before = await userCount();
    const state = await registerAction(initialFormState, form({ ...good, email: "fresh@example.com", ...patch }));
    expect(state.status).toBe("error");
    expect(state.errors?.[field]?.length).toBeGreaterThan(0);
    expect(await userCount()).toBe(before);
  });

  it("accepts a password of exactly 8 and of exactly 128 characters", async () => {
    for (const [i, pw] of ["12345678", "x".repeat(128)].entries()) {
      await expect(
        registerAction(initialFormState, form({ ...good, email: `edge${i}@example.com`, password: pw, confirmPassword: pw })),
      ).rejects.toMatchObject({ digest: expect.stringContaining("NEXT_REDIRECT") });
    }
  });

  it("never throws and never writes for arbitrary malformed payloads", async () => {
    const before = await userCount();
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom("name", "email", "password", "confirmPassword", "timeZone", "role"), fc.string({ maxLength: 300 })),
        async (fields) => {
          const state = await registerAction(initialFormState, form({ ...fields, email: `${fields.email ?? ""}@@` }));
          expect(state.status).toBe("error");
        },
      ),
      { numRuns: 60 },
    );
    expect(await userCount()).toBe(before);
  });
});

describe("signInAction", () => {
  it("answers a malformed email with a field error without trying to sign in", async () => {
    const state = await signInAction(initialFormState, form({ email: "not an email", password: "whatever" }));
    expect(state.errors?.email?.length).toBeGreaterThan(0);
    expect(signIn).not.toHaveBeenCalled();
  });

  it("answers a failed sign-in with the generic message and keeps the email", async () => {
    const { CredentialsSignin } = await import("next-auth");
    signIn.mockImplementation(async () => {
      throw new CredentialsSignin();
    });
    const state = await signInAction(initialFormState, form({ email: "robin@example.com", password: "wrong-one" }));
    expect(state.message).toMatch(/do not match an account/);
    expect(state.values).toEqual({ email: "robin@example.com" });
  });

  it("only follows same-site return paths", async () => {
    for (const [callbackUrl, expected] of [
      ["/coach", "/coach"],
      ["https://evil.example/steal", "/steal"],
      ["//evil.example", "/"],
      ["javascript:alert(1)", "/"],
    ]) {
      signIn.mockClear();
      await signInAction(initialFormState, form({ email: "robin@example.com", password: "a good passphrase", callbackUrl })).catch(() => {});
      expect(signIn).toHaveBeenCalledWith("credentials", expect.objectContaining({ redirectTo: expected }));
    }
  });
});
