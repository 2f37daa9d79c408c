import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Every DAL read that takes an id from a URL answers a malformed one with 404. The case that
// matters: 36 hex digits without dashes, which the old /^[0-9a-f-]{36}$/ checks let through and
// Postgres then refused with an error (a 500 page instead of "not found").
vi.mock("@/auth", () => ({ auth: vi.fn() }));

const { useDatabaseForTests } = await import("@/db/client");
const { coachAssignments, users } = await import("@/db/schema");
const { seedReferenceData } = await import("@/lib/reference/server/sync");
const { ENGINE, createTestDatabase } = await import("@/test/db");
const { adminCohort } = await import("./admin");
const { getMyAttempt } = await import("./attempts");
const { coachLearnerDetail } = await import("./coach");
const { coachPlanView, readablePlan } = await import("./plans");
const { getLearnerVariations } = await import("./variations");
import type { Admin, Coach, Learner } from "./guard";

const NO_DASHES = "3f1c2a9e8b7d4c6e9f001234567890abcdef";
const UNKNOWN = "3f1c2a9e-8b7d-4c6e-9f00-1234567890ab";

let h: Awaited<ReturnType<typeof createTestDatabase>>;
let learner: Learner;
let coach: Coach;
let admin: Admin;

beforeAll(async () => {
  h = await createTestDatabase();
  useDatabaseForTests(h);
  await seedReferenceData(h.db);
  const rows = await h.db
    .insert(users)
    .values((["learner", "coach", "admin"] as const).map((role) => ({ email: `${role}@ids.test`, name: role, role, passwordHash: "x" })))
    .returning();
  const of = <R extends "learner" | "coach" | "admin">(role: R) => {
    const r = rows.find((u) => u.role === role)!;
    return { id: r.id, email: r.email, name: r.name, role, timeZone: "UTC" };
  };
  learner = of("learner");
  coach = of("coach");
  admin = of("admin");
  await h.db.insert(coachAssignments).values({ coachId: coach.id, learnerId: learner.id });
});
afterAll(async () => h?.close());

async function digest(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return "answered";
  } catch (err) {
    return (err as { digest?: string }).digest ?? `error: ${(err as Error).message}`;
  }
}

describe(`ids from URLs (${ENGINE})`, () => {
  it("the database itself refuses 36 hex digits without dashes (so a check must stop them first)", async () => {
    await expect(h.db.select().from(users).where(eq(users.id, NO_DASHES))).rejects.toThrow();
  });

  const reads: [string, (id: string) => Promise<unknown>][] = [
    ["coach's learner detail", (id) => coachLearnerDetail(coach, id)],
    ["coach's plan workspace", (id) => coachPlanView(coach, id)],
    ["coach's view of a learner's variations", (id) => getLearnerVariations(coach, id)],
    ["learner's attempt", (id) => getMyAttempt(learner, id)],
    ["plan export and print (learner)", (id) => readablePlan(learner, id)],
    ["plan export and print (coach)", (id) => readablePlan(coach, id)],
    ["admin's cohort", (id) => adminCohort(admin, id)],
  ];

  it.each(reads)("%s: a malformed id is a 404, not a database error", async (_name, read) => {
    expect(await digest(() => read(NO_DASHES))).toBe("NEXT_HTTP_ERROR_FALLBACK;404");
    expect(await digest(() => read("not-an-id"))).toBe("NEXT_HTTP_ERROR_FALLBACK;404");
  });

  it.each(reads)("%s: a well-formed unknown id is a 404 too", async (_name, read) => {
    expect(await digest(() => read(UNKNOWN))).toBe("NEXT_HTTP_ERROR_FALLBACK;404");
  });

  it("the coach's own learner is found; the same learner is a 404 for another coach", async () => {
    await expect(coachLearnerDetail(coach, learner.id)).resolves.toMatchObject({ learner: { id: learner.id } });
    const [other] = await h.db.insert(users).values({ email: "coach2@ids.test", name: "coach2", role: "coach", passwordHash: "x" }).returning();
    const otherCoach: Coach = { id: other!.id, email: other!.email, name: other!.name, role: "coach", timeZone: "UTC" };
    expect(await digest(() => coachLearnerDetail(otherCoach, learner.id))).toBe("NEXT_HTTP_ERROR_FALLBACK;404");
    expect(await digest(() => coachPlanView(otherCoach, learner.id))).toBe("NEXT_HTTP_ERROR_FALLBACK;404");
  });
});
