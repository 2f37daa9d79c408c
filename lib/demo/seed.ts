import { count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { coachAssignments, cohortMembers, cohorts, users, type Role } from "@/db/schema";
import { rebuildAnalyticsRollups } from "@/lib/analytics/server/rollups";
import { hashPassword } from "@/lib/auth/password";
import { seedReferenceData } from "@/lib/reference/server/sync";
import { seedDemoAttempts } from "./demo-attempts";

export const DEMO_PASSWORD = "retake-demo-2026";

interface DemoUser {
  email: string;
  name: string;
  role: Role;
  timeZone: string;
  coach?: string;
  cohort?: string;
  /** false: a deactivated account (it cannot sign in; kept to show and test the deactivated state). */
  active?: boolean;
}

export const DEMO_COHORTS = ["Spring cohort", "Autumn cohort"] as const;

const LEARNERS: [string, string, string][] = [
  ["Amara Okafor", "Africa/Lagos", "Spring cohort"],
  ["Ben Clarke", "Europe/London", "Spring cohort"],
  ["Chen Wei", "Asia/Shanghai", "Spring cohort"],
  ["Dana Kowalski", "Europe/Warsaw", "Spring cohort"],
  ["Elif Demir", "Europe/Istanbul", "Spring cohort"],
  ["Farid Haddad", "Asia/Dubai", "Spring cohort"],
  ["Grace Mensah", "America/New_York", "Spring cohort"],
  ["Hiro Tanaka", "Asia/Tokyo", "Autumn cohort"],
  ["Isabel Ruiz", "Europe/Madrid", "Autumn cohort"],
  ["Jonas Berg", "Europe/Stockholm", "Autumn cohort"],
  ["Kavya Nair", "Asia/Kolkata", "Autumn cohort"],
  ["Liam O'Brien", "Europe/Dublin", "Autumn cohort"],
  ["Maya Cohen", "America/Los_Angeles", "Autumn cohort"],
  ["Noah Fischer", "Europe/Berlin", "Autumn cohort"],
];

export const DEMO_USERS: DemoUser[] = [
  { email: "admin@example.com", name: "Avery Admin", role: "admin", timeZone: "Europe/London" },
  { email: "coach1@example.com", name: "Casey Coach", role: "coach", timeZone: "Europe/London" },
  { email: "coach2@example.com", name: "Morgan Mentor", role: "coach", timeZone: "America/Chicago" },
  ...LEARNERS.map(([name, timeZone, cohort], i) => ({
    email: `learner${i + 1}@example.com`,
    name,
    role: "learner" as const,
    timeZone,
    cohort,
    coach: i % 2 === 0 ? "coach1@example.com" : "coach2@example.com",
  })),
  // A learner who has left the programme: deactivated, no cohort and no coach.
  { email: "former@example.com", name: "Fran Former", role: "learner", timeZone: "Europe/Paris", active: false },
];

/** Idempotent: running it twice leaves the same demo programme (existing rows are kept). */
export async function seedDemo(db: Db): Promise<void> {
  const examId = await seedReferenceData(db);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db
    .insert(users)
    .values(DEMO_USERS.map((u) => ({ email: u.email, name: u.name, role: u.role, timeZone: u.timeZone, active: u.active ?? true, passwordHash })))
    .onConflictDoNothing({ target: users.email });
  const rows = await db.select({ id: users.id, email: users.email }).from(users);
  const idByEmail = new Map(rows.map((r) => [r.email, r.id]));

  const cohortIds = new Map<string, string>();
  for (const name of DEMO_COHORTS) {
    const [existing] = await db.select({ id: cohorts.id }).from(cohorts).where(eq(cohorts.name, name)).limit(1);
    const id = existing?.id ?? (await db.insert(cohorts).values({ name }).returning({ id: cohorts.id }))[0]!.id;
    cohortIds.set(name, id);
  }
  const learners = DEMO_USERS.filter((u) => u.role === "learner" && u.cohort && u.coach);
  const newMembers = await db
    .insert(cohortMembers)
    .values(learners.map((u) => ({ cohortId: cohortIds.get(u.cohort!)!, learnerId: idByEmail.get(u.email)! })))
    .onConflictDoNothing()
    .returning({ learnerId: cohortMembers.learnerId });
  await db
    .insert(coachAssignments)
    .values(learners.map((u) => ({ learnerId: idByEmail.get(u.email)!, coachId: idByEmail.get(u.coach!)! })))
    .onConflictDoNothing();
  const newAttempts = await seedDemoAttempts(db, examId);
  // The seed writes memberships and attempts directly, not through the services that keep the
  // cohort analytics rollups current: recompute them when it added any.
  if (newMembers.length || newAttempts) await rebuildAnalyticsRollups(db);
}

/** The demo programme, only into a database that has no account yet (SEED_DEMO=1 at start-up). */
export async function seedDemoIfEmpty(db: Db): Promise<boolean> {
  const [{ n }] = (await db.select({ n: count() }).from(users)) as [{ n: number }];
  if (n > 0) return false;
  await seedDemo(db);
  return true;
}
