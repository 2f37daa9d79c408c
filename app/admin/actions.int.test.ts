import { count } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useDatabaseForTests, type DbHandle } from "@/db/client";
import { auditLog, cohortMembers, cohorts, coachAssignments, users } from "@/db/schema";
import { initialFormState } from "@/lib/form-state";
import { createTestDatabase } from "@/test/db";

const session = vi.fn();
vi.mock("@/auth", () => ({ auth: () => session(), signIn: vi.fn(), signOut: vi.fn() }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const actions = await import("./actions");

let h: DbHandle;
const ids: Record<string, string> = {};
beforeAll(async () => {
  h = await createTestDatabase();
  useDatabaseForTests(h);
  const rows = await h.db
    .insert(users)
    .values([
      { email: "root@example.com", name: "Root", role: "admin", passwordHash: "x" },
      { email: "coach@example.com", name: "Coach", role: "coach", passwordHash: "x" },
      { email: "learner@example.com", name: "Learner", role: "learner", passwordHash: "x" },
    ])
    .returning();
  for (const r of rows) ids[r.role] = r.id;
  const [c] = await h.db.insert(cohorts).values({ name: "Existing" }).returning();
  ids.cohort = c!.id;
});
afterAll(async () => h?.close());

const snapshot = async () => {
  const n = async (t: PgTable) => Number(((await h.db.select({ n: count() }).from(t)) as [{ n: number }])[0].n);
  return [await n(users), await n(cohorts), await n(cohortMembers), await n(coachAssignments), await n(auditLog)];
};

/** A form that would be valid for every admin action, so only the role can stop it. */
function validForm(): FormData {
  const fd = new FormData();
  const fields: Record<string, string> = {
    name: "Valid Name",
    email: "new.staff@example.com",
    role: "coach",
    timeZone: "UTC",
    userId: ids.learner!,
    active: "false",
    cohortId: ids.cohort!,
    archived: "true",
    emails: "learner@example.com",
    learnerId: ids.learner!,
    coachId: ids.coach!,
  };
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  fd.append("learnerIds[]", ids.learner!);
  return fd;
}

describe("every admin action refuses non-admins", () => {
  const entries = Object.entries(actions).filter(([, v]) => typeof v === "function");

  it("finds the admin actions", () => {
    expect(entries.length).toBeGreaterThanOrEqual(10);
  });

  for (const role of ["coach", "learner"] as const) {
    it(`refuses a ${role} on every action and changes nothing`, async () => {
      session.mockResolvedValue({ user: { id: ids[role], role: "admin" }, sv: 0, expires: "" });
      const before = await snapshot();
      for (const [name, action] of entries) {
        const state = await (action as (s: typeof initialFormState, d: FormData) => Promise<{ status: string; message?: string }>)(initialFormState, validForm());
        expect(state, name).toMatchObject({ status: "error", message: expect.stringMatching(/role does not allow/) });
      }
      expect(await snapshot()).toEqual(before);
    });
  }

  it("refuses a signed-out visitor on every action", async () => {
    session.mockResolvedValue(null);
    for (const [name, action] of entries) {
      const state = await (action as (s: typeof initialFormState, d: FormData) => Promise<{ status: string; message?: string }>)(initialFormState, validForm());
      expect(state, name).toMatchObject({ status: "error", message: expect.stringMatching(/session has ended/) });
    }
  });
});
