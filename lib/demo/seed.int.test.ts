import { count } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { coachAssignments, cohortMembers, cohorts, examAttempts, examDomains, exams, users } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { seedDemo, seedDemoIfEmpty } from "./seed";

let h: DbHandle;
beforeAll(async () => {
  h = await createTestDatabase();
});
afterAll(async () => h?.close());

async function counts() {
  const n = async (t: PgTable) => Number(((await h.db.select({ n: count() }).from(t)) as [{ n: number }])[0].n);
  return {
    users: await n(users),
    exams: await n(exams),
    domains: await n(examDomains),
    cohorts: await n(cohorts),
    members: await n(cohortMembers),
    assignments: await n(coachAssignments),
    attempts: await n(examAttempts),
  };
}

describe("demo seed", () => {
  it("seeds the AZ-104 exam, one admin, two coaches, two cohorts and at least twelve assigned learners", async () => {
    expect(await seedDemoIfEmpty(h.db)).toBe(true);
    const c = await counts();
    expect(c).toMatchObject({ exams: 1, domains: 5, cohorts: 2 });
    const roles = await h.db.select({ role: users.role, active: users.active, email: users.email }).from(users);
    expect(roles.filter((r) => r.role === "admin")).toHaveLength(1);
    expect(roles.filter((r) => r.role === "coach")).toHaveLength(2);
    const learners = roles.filter((r) => r.role === "learner" && r.active).length;
    expect(learners).toBeGreaterThanOrEqual(12);
    expect(c.assignments).toBe(learners);
    // One deactivated learner, outside every cohort and coach, for the deactivated-account checks.
    expect(roles.filter((r) => !r.active)).toEqual([{ role: "learner", active: false, email: "former@example.com" }]);
    expect(c.attempts).toBeGreaterThan(10);
  });

  it("is idempotent and never reseeds a database that has users", async () => {
    const before = await counts();
    await seedDemo(h.db);
    expect(await seedDemoIfEmpty(h.db)).toBe(false);
    expect(await counts()).toEqual(before);
  });
});
