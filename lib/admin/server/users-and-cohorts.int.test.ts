import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { auditLog, coachAssignments, users } from "@/db/schema";
import { authenticate } from "@/lib/auth/server/credentials";
import { createTestDatabase } from "@/test/db";
import { addMembersByEmail, assignCoach, changeRole, createCohort, createStaff, resetPassword, setActive } from "./users-and-cohorts";

let h: DbHandle;
let admin: { id: string };
const ids: Record<string, string> = {};

beforeAll(async () => {
  h = await createTestDatabase();
  const rows = await h.db
    .insert(users)
    .values([
      { email: "root@example.com", name: "Root", role: "admin", passwordHash: "x" },
      { email: "l1@example.com", name: "L1", role: "learner", passwordHash: "x" },
      { email: "l2@example.com", name: "L2", role: "learner", passwordHash: "x" },
      { email: "c1@example.com", name: "C1", role: "coach", passwordHash: "x" },
    ])
    .returning();
  for (const r of rows) ids[r.email] = r.id;
  admin = { id: ids["root@example.com"]! };
});
afterAll(async () => h?.close());

describe("admin: people and cohorts", () => {
  it("creates a coach with a one-time password that signs in, and audits it", async () => {
    const password = await createStaff(h.db, admin, { name: "New Coach", email: "newcoach@example.com", role: "coach", timeZone: "UTC" });
    const r = await authenticate(h.db, { email: "newcoach@example.com", password, ip: "127.0.0.1" });
    expect(r.ok).toBe(true);
    await expect(createStaff(h.db, admin, { name: "Dup", email: "newcoach@example.com", role: "admin", timeZone: "UTC" })).rejects.toThrow(/exists already/);
    const audit = await h.db.select().from(auditLog).where(eq(auditLog.action, "user.create"));
    expect(audit).toHaveLength(1);
  });

  it("never removes the last active admin", async () => {
    await expect(changeRole(h.db, admin, admin.id, "learner")).rejects.toThrow(/last active admin/);
    await expect(setActive(h.db, admin, admin.id, false)).rejects.toThrow(/last active admin|yourself/);
  });

  it("resets a password to a one-time value and retires the user's sessions", async () => {
    const [before] = await h.db.select().from(users).where(eq(users.id, ids["l1@example.com"]!));
    const password = await resetPassword(h.db, admin, ids["l1@example.com"]!);
    const [after] = await h.db.select().from(users).where(eq(users.id, ids["l1@example.com"]!));
    expect(after!.sessionVersion).toBe(before!.sessionVersion + 1);
    expect((await authenticate(h.db, { email: "l1@example.com", password, ip: "127.0.0.2" })).ok).toBe(true);
  });

  it("adds pasted emails with a result per line", async () => {
    const cohortId = await createCohort(h.db, admin, "Winter");
    const results = await addMembersByEmail(h.db, admin, cohortId, ["L1@example.com", "l1@example.com", "nobody@example.com", "c1@example.com", "not-an-email", "l2@example.com"]);
    expect(results.map((r) => r.result)).toEqual(["added", "already a member", "no such learner", "not a learner", "invalid email", "added"]);
  });

  it("assigns a coach to learners and refuses a non-coach", async () => {
    await assignCoach(h.db, admin, ids["c1@example.com"]!, [ids["l1@example.com"]!, ids["l2@example.com"]!]);
    const rows = await h.db.select().from(coachAssignments);
    expect(rows.filter((r) => r.coachId === ids["c1@example.com"])).toHaveLength(2);
    await expect(assignCoach(h.db, admin, ids["l1@example.com"]!, [ids["l2@example.com"]!])).rejects.toThrow(/active coach/);
  });
});
