/**
 * A small programme for authorization and hostile-input tests: seven personas and the
 * resources of one learner (the "owner") that everyone else tries to reach.
 *
 *   const world = await buildWorld(db);           // on a fresh, migrated database (test/db.ts)
 *   const fast = await resetWorld(db, { rollups: false });   // when analytics are not read
 *   session.mockResolvedValue(sessionFor(world, "otherLearner"));   // with vi.mock("@/auth")
 *   world.owner.attemptIds[1]                      // an id that belongs to the owner
 *   const again = await resetWorld(db);            // empty the tables and build it anew (new ids)
 *   await inRolledBackTransaction(handle, async (tx) => { await someAction(...); ... })  // leaves no trace
 *   headers: { cookie: await sessionCookieFor(world, "owner") }   // for route handlers that read the cookie
 *
 * Personas: signedOut (no session), owner (learner), otherLearner, coach (the owner's assigned
 * coach), otherCoach (coaches otherLearner), admin, deactivated (a learner with active = false,
 * still holding a token that was valid before).
 *
 * Everything is written directly (no Argon2 per user: every account shares one hash of
 * WORLD_PASSWORD, computed once per process), then the analytics rollups are rebuilt from the raw
 * rows so they agree with them. The reference data (exam, domains, miss categories, question bank)
 * is seeded once per database and kept by resetWorld, which restores the bank if a test changed it.
 */
import { eq, sql } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { useDatabaseForTests, type Db, type DbHandle } from "@/db/client";
import {
  attemptDomainReadings,
  exams,
  coachAssignments,
  cohortMembers,
  cohorts,
  examAttempts,
  learnerExams,
  planTasks,
  practiceItems,
  practiceSessions,
  questions,
  notifications,
  repairPlans,
  users,
} from "@/db/schema";
import { seedReferenceData } from "@/lib/reference/server/sync";
import { rebuildAnalyticsRollups } from "@/lib/analytics/server/rollups";
import { hashPassword } from "@/lib/auth/password";
import { authSecret } from "@/lib/auth/secret";
import { AZ104, DOMAIN_KEYS } from "@/lib/exam/az104";
import { isoDateInZone } from "@/lib/format";
import { addDays } from "@/lib/plans/dates";

export const PERSONAS = ["signedOut", "owner", "otherLearner", "coach", "otherCoach", "admin", "deactivated"] as const;
export type Persona = (typeof PERSONAS)[number];
/** The personas with an account. */
export type Account = Exclude<Persona, "signedOut">;

/** Every account's password. */
export const WORLD_PASSWORD = "world-passphrase-2026";

export interface WorldUser {
  id: string;
  email: string;
  role: "learner" | "coach" | "admin";
  active: boolean;
  sessionVersion: number;
}

export interface World {
  examId: string;
  users: Record<Account, WorldUser>;
  /** Everything below belongs to the owner learner. */
  owner: {
    /** Two failed attempts, oldest first (60 and 40 days ago, UTC), with score-report bars. */
    attemptIds: [string, string];
    /** An open practice set (deadline in an hour) of three single-answer questions. */
    practiceSessionId: string;
    /** A submitted set of the same three questions, none answered: misses to write a variation from. */
    submittedPracticeSessionId: string;
    /** The owner's own variation (a private question, origin "learner") of the set's first question. */
    variationId: string;
    /** The active repair plan, made and assigned by the owner's coach. */
    planId: string;
    /** A draft plan by the owner's coach (not visible to the learner yet). */
    draftPlanId: string;
    /** One task of the draft plan. */
    draftTaskId: string;
    /**
     * A draft the owner made for themselves before their coach was assigned (controlled by the
     * learner, no coach), and its first task: the owner edits it; the coach only after taking it over.
     */
    selfPlanId: string;
    selfTaskId: string;
    tasks: {
      /** Day 1, first: to do (evidence not submitted yet). */
      todo: string;
      /** Day 1, second: evidence submitted, waiting for the coach's review. */
      submitted: string;
      /** Day 10: a retest task (the networking retest set) without a practice set yet. */
      retest: string;
      /**
       * Day 10, last: the plan's closing full-length set, taken and submitted with three core
       * questions missed, so the plan offers its next cycle (lib/plans/cycles.ts).
       */
      closing: string;
    };
    /** The submitted set of the closing task: the retest the next-cycle offer answers. */
    closingSessionId: string;
    /** A cohort with the owner (and the deactivated learner) as members. */
    cohortId: string;
    /** An unread in-app notification of the owner's. */
    notificationId: string;
  };
  /** The other learner's own resources (coached by otherCoach). */
  other: {
    attemptId: string;
    practiceSessionId: string;
    /** An active plan by otherCoach with one task whose evidence waits for review. */
    planId: string;
    submittedTaskId: string;
  };
  /** A published single-answer question of the bank, and the practice set's three questions. */
  questionId: string;
  practiceQuestionIds: string[];
}

let hashOnce: Promise<string> | undefined;
/** One Argon2 hash of WORLD_PASSWORD per process. */
export function worldPasswordHash(): Promise<string> {
  return (hashOnce ??= hashPassword(WORLD_PASSWORD));
}

const DAY = 86_400_000;

type QuestionRow = typeof questions.$inferSelect;
/** The question bank as first seeded, per database: resetWorld puts it back when a test changed it. */
const bankSnapshots = new WeakMap<Db, { hash: string; rows: QuestionRow[] }>();

async function bankHash(db: Db): Promise<string> {
  const res = await db.execute<{ h: string }>(sql`select md5(coalesce(string_agg(q::text, '|' order by q::text), '')) as h from questions q`);
  return (Array.isArray(res) ? res : (res as { rows: { h: string }[] }).rows)[0]!.h;
}

/** The exam id, seeding the reference data (exam, domains, miss categories, bank) when it is missing. */
async function referenceData(db: Db): Promise<string> {
  const [exam] = await db.select({ id: exams.id }).from(exams).where(eq(exams.code, AZ104.code));
  const examId = exam?.id ?? (await seedReferenceData(db));
  if (!bankSnapshots.has(db)) bankSnapshots.set(db, { hash: await bankHash(db), rows: await db.select().from(questions) });
  return examId;
}

export interface WorldOptions {
  /** The clock the world's dates are relative to (default: now). */
  now?: Date;
  /**
   * Rebuild the cohort analytics rollups from the raw rows (default true). The world's rows are
   * written directly, so without it the rollups stay empty; tests that never read analytics can
   * skip it: it is most of the cost of a rebuild.
   */
  rollups?: boolean;
}

/** Builds the world on a migrated database with no users yet. */
export async function buildWorld(db: Db, { now = new Date(), rollups = true }: WorldOptions = {}): Promise<World> {
  const examId = await referenceData(db);
  const passwordHash = await worldPasswordHash();
  const accounts: [Account, WorldUser["role"], boolean][] = [
    ["owner", "learner", true],
    ["otherLearner", "learner", true],
    ["coach", "coach", true],
    ["otherCoach", "coach", true],
    ["admin", "admin", true],
    ["deactivated", "learner", false],
  ];
  const rows = await db
    .insert(users)
    .values(accounts.map(([key, role, active]) => ({ email: `${key.toLowerCase()}@world.example`, name: `World ${key}`, role, active, passwordHash, timeZone: "UTC" })))
    .returning({ id: users.id, email: users.email, role: users.role, active: users.active, sessionVersion: users.sessionVersion });
  const u = Object.fromEntries(accounts.map(([key], i) => [key, rows[i]!])) as Record<Account, WorldUser>;

  await db.insert(coachAssignments).values([
    { learnerId: u.owner.id, coachId: u.coach.id },
    { learnerId: u.deactivated.id, coachId: u.coach.id },
    { learnerId: u.otherLearner.id, coachId: u.otherCoach.id },
  ]);
  const [cohort] = await db.insert(cohorts).values({ name: "World cohort" }).returning({ id: cohorts.id });
  await db.insert(cohortMembers).values([
    { cohortId: cohort!.id, learnerId: u.owner.id },
    { cohortId: cohort!.id, learnerId: u.deactivated.id },
  ]);

  // Attempts: the owner failed twice (the 14-day wait is long over), the other learner once.
  await db.insert(learnerExams).values([u.owner.id, u.otherLearner.id, u.deactivated.id].map((learnerId) => ({ learnerId, examId })));
  const attempt = async (learnerId: string, daysAgo: number, score: number, bars: number[]) => {
    const [a] = await db
      .insert(examAttempts)
      .values({ learnerId, examId, takenAt: new Date(now.getTime() - daysAgo * DAY), outcome: "fail", score, hardestDomains: ["networking"], notes: "World attempt" })
      .returning({ id: examAttempts.id });
    await db.insert(attemptDomainReadings).values(DOMAIN_KEYS.map((domain, i) => ({ attemptId: a!.id, domain, bar: bars[i]! })));
    return a!.id;
  };
  const ownerFirst = await attempt(u.owner.id, 60, 540, [40, 55, 62, 35, 70]);
  const ownerLatest = await attempt(u.owner.id, 40, 610, [50, 65, 70, 45, 75]);
  const otherAttempt = await attempt(u.otherLearner.id, 30, 600, [45, 60, 70, 50, 72]);
  await attempt(u.deactivated.id, 30, 580, [45, 60, 70, 50, 72]);

  // Open practice sets of three published single-answer questions.
  const pool = await db.execute<{ id: string }>(
    sql`select id from ${questions} where exam_id = ${examId} and status = 'published' and kind = 'single' order by id limit 3`,
  );
  const practiceQuestionIds = (Array.isArray(pool) ? pool : (pool as { rows: { id: string }[] }).rows).map((r) => r.id);
  if (practiceQuestionIds.length < 3) throw new Error("The seed bank has fewer than three published single-answer questions.");
  const practice = async (learnerId: string) => {
    const [s] = await db
      .insert(practiceSessions)
      .values({ learnerId, examId, mode: "timed-mixed", size: 3, durationMinutes: 60, startedAt: sql`now()`, deadlineAt: sql`now() + interval '60 minutes'` })
      .returning({ id: practiceSessions.id });
    await db.insert(practiceItems).values(practiceQuestionIds.map((questionId, i) => ({ sessionId: s!.id, position: i + 1, questionId })));
    return s!.id;
  };
  const ownerPractice = await practice(u.owner.id);
  const otherPractice = await practice(u.otherLearner.id);
  const [submittedSet] = await db
    .insert(practiceSessions)
    .values({
      learnerId: u.owner.id,
      examId,
      mode: "timed-mixed",
      size: 3,
      durationMinutes: 60,
      startedAt: new Date(now.getTime() - 2 * 3_600_000),
      deadlineAt: new Date(now.getTime() - 3_600_000),
      submittedAt: new Date(now.getTime() - 3_600_000),
      status: "submitted",
      correct: 0,
      answered: 0,
    })
    .returning({ id: practiceSessions.id });
  await db.insert(practiceItems).values(
    // Nothing answered: every question is a miss.
    practiceQuestionIds.map((questionId, i) => ({ sessionId: submittedSet!.id, position: i + 1, questionId, correct: false })),
  );
  // The plan's closing retest, taken: three core questions, all missed (core gaps).
  const corePool = await db.execute<{ id: string }>(
    sql`select id from ${questions} where exam_id = ${examId} and status = 'published' and kind = 'single' and tier = 'core' order by id limit 3`,
  );
  const coreIds = (Array.isArray(corePool) ? corePool : (corePool as { rows: { id: string }[] }).rows).map((r) => r.id);
  const [closingSet] = await db
    .insert(practiceSessions)
    .values({
      learnerId: u.owner.id,
      examId,
      mode: "timed-mixed",
      size: coreIds.length,
      durationMinutes: 2 * coreIds.length,
      startedAt: new Date(now.getTime() - 3 * 3_600_000),
      deadlineAt: new Date(now.getTime() - 3 * 3_600_000 + 2 * coreIds.length * 60_000),
      submittedAt: new Date(now.getTime() - 3 * 3_600_000 + 60_000),
      status: "submitted",
      correct: 0,
      answered: coreIds.length,
      freshItems: coreIds.length,
      freshCoreMisses: coreIds.length,
      freshEdgeMisses: 0,
    })
    .returning({ id: practiceSessions.id });
  await db.insert(practiceItems).values(coreIds.map((questionId, i) => ({ sessionId: closingSet!.id, position: i + 1, questionId, response: ["Z"], correct: false })));
  const [original] = await db.select().from(questions).where(eq(questions.id, practiceQuestionIds[0]!));
  const variationId = `lv-${Buffer.from(u.owner.id.replaceAll("-", "").slice(0, 8)).toString("hex").slice(0, 16)}`;
  await db.insert(questions).values({
    ...original!,
    id: variationId,
    stem: `${original!.stem} (World variation: the subnet now has a route table sending traffic to an appliance.)`,
    explanation: "The route table sends the traffic through the appliance, so the answer changes.",
    status: "draft",
    origin: "learner",
    ownerId: u.owner.id,
    basedOn: original!.id,
    variationChange: "A route table was added to the subnet.",
    bankHash: null,
    updatedAt: now,
  });

  // The owner's repair plans: an active one with three tasks, and a newer draft.
  const today = isoDateInZone(now, "UTC");
  const startDate = addDays(today, -2);
  const plan = async (status: "active" | "draft", learner: "owner" | "otherLearner" = "owner") => {
    const [p] = await db
      .insert(repairPlans)
      .values({
        learnerId: u[learner].id,
        coachId: learner === "owner" ? u.coach.id : u.otherCoach.id,
        examId,
        basisAttemptId: learner === "owner" ? ownerLatest : otherAttempt,
        template: "broad-miss",
        status,
        startDate,
        lengthDays: 10,
        targetDate: addDays(today, 20),
        weakDomains: ["networking", "identity-governance"],
        assignedAt: status === "active" ? now : null,
      })
      .returning({ id: repairPlans.id });
    return p!.id;
  };
  const planId = await plan("active");
  const draftPlanId = await plan("draft");
  const [selfPlan] = await db
    .insert(repairPlans)
    .values({
      learnerId: u.owner.id,
      coachId: null,
      controlledBy: "learner",
      examId,
      basisAttemptId: ownerLatest,
      template: "broad-miss",
      status: "draft",
      startDate: today,
      lengthDays: 10,
      targetDate: addDays(today, 25),
      weakDomains: ["storage"],
    })
    .returning({ id: repairPlans.id });
  const otherPlanId = await plan("active", "otherLearner");
  const [todo, submitted, retest, draftTask, otherSubmitted, selfTask] = await db
    .insert(planTasks)
    .values([
      { planId, day: 1, position: 1, domain: "networking", phase: "rebuild", title: "Rebuild peering", instructions: "Lab.", evidenceRequired: "Screenshot" },
      {
        planId,
        day: 1,
        position: 2,
        domain: "networking",
        phase: "prove",
        title: "Prove NSG rules",
        evidenceRequired: "Notes",
        status: "submitted",
        evidenceText: "I built the rules and tested them.",
        evidenceLink: "https://example.com/evidence",
        submittedAt: now,
      },
      { planId, day: 10, position: 1, domain: "networking", phase: "retest", title: "Retest networking", libraryKey: "networking-weighted-set-retest" },
      { planId: draftPlanId, day: 1, position: 1, domain: "identity-governance", phase: "diagnose", title: "Draft task" },
      {
        planId: otherPlanId,
        day: 1,
        position: 1,
        domain: "storage",
        phase: "prove",
        title: "Prove storage tiers",
        status: "submitted",
        evidenceText: "Moved blobs between tiers and checked the cost.",
        submittedAt: now,
      },
      { planId: selfPlan!.id, day: 1, position: 1, domain: "storage", phase: "rebuild", title: "Rebuild SAS access", evidenceRequired: "Output" },
      { planId: selfPlan!.id, day: 1, position: 2, domain: "storage", phase: "prove", title: "Prove the storage firewall" },
    ])
    .returning({ id: planTasks.id });
  const [closing] = await db
    .insert(planTasks)
    .values({ planId, day: 10, position: 2, domain: null, phase: "retest", title: "Timed mixed set", libraryKey: "general-mixed-full", practiceSessionId: closingSet!.id })
    .returning({ id: planTasks.id });

  const [notification] = await db
    .insert(notifications)
    .values({ userId: u.owner.id, kind: "plan-today", title: "Today's plan: 1 task", body: "Rebuild peering", href: "/learn/plan", dedupeKey: `world:${u.owner.id}` })
    .returning({ id: notifications.id });

  if (rollups) await rebuildAnalyticsRollups(db);

  return {
    examId,
    users: u,
    owner: {
      attemptIds: [ownerFirst, ownerLatest],
      practiceSessionId: ownerPractice,
      planId,
      draftPlanId,
      draftTaskId: draftTask!.id,
      submittedPracticeSessionId: submittedSet!.id,
      variationId,
      selfPlanId: selfPlan!.id,
      selfTaskId: selfTask!.id,
      tasks: { todo: todo!.id, submitted: submitted!.id, retest: retest!.id, closing: closing!.id },
      closingSessionId: closingSet!.id,
      cohortId: cohort!.id,
      notificationId: notification!.id,
    },
    other: { attemptId: otherAttempt, practiceSessionId: otherPractice, planId: otherPlanId, submittedTaskId: otherSubmitted!.id },
    questionId: practiceQuestionIds[0]!,
    practiceQuestionIds,
  };
}

/** Every table of the public schema (the migration journal lives in its own schema). */
export async function publicTables(db: Db): Promise<string[]> {
  const res = await db.execute<{ name: string }>(
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  return (Array.isArray(res) ? res : (res as { rows: { name: string }[] }).rows).map((r) => r.name);
}

/** Tables no action writes: kept across resets. */
const REFERENCE_TABLES = new Set(["exams", "exam_domains", "miss_categories", "questions"]);

/** The public tables, every referencing table before the tables it references (for DELETE). */
async function deletionOrder(db: Db): Promise<string[]> {
  const tables = await publicTables(db);
  const res = await db.execute<{ child: string; parent: string }>(sql`
    select c.relname as child, p.relname as parent
    from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
    join pg_namespace n on n.oid = c.relnamespace
    where k.contype = 'f' and n.nspname = 'public' and c.relname <> p.relname`);
  const edges = Array.isArray(res) ? res : (res as { rows: { child: string; parent: string }[] }).rows;
  const order: string[] = [];
  const left = new Set(tables);
  while (left.size) {
    // A table goes next when no table still left references it.
    const next = [...left].filter((t) => !edges.some((e) => e.parent === t && left.has(e.child)));
    if (!next.length) throw new Error(`Circular foreign keys among ${[...left].join(", ")}`);
    for (const t of next) {
      order.push(t);
      left.delete(t);
    }
  }
  return order;
}

const orders = new WeakMap<Db, string[]>();

/**
 * Deletes every row but the reference data (restoring the question bank if it changed) and builds
 * the world again: all ids change. Row deletes, not TRUNCATE: on small tables they are much
 * cheaper on Postgres.
 */
export async function resetWorld(db: Db, options: WorldOptions = {}): Promise<World> {
  const order = orders.get(db) ?? (await deletionOrder(db));
  orders.set(db, order);
  const snapshot = bankSnapshots.get(db);
  const restoreBank = snapshot !== undefined && (await bankHash(db)) !== snapshot.hash;
  await db.transaction(async (tx) => {
    for (const t of order) if (!REFERENCE_TABLES.has(t)) await tx.execute(sql.raw(`delete from "${t}"`));
    if (restoreBank) {
      await tx.delete(questions);
      for (let i = 0; i < snapshot.rows.length; i += 100) await tx.insert(questions).values(snapshot.rows.slice(i, i + 100));
    }
  });
  return buildWorld(db, options);
}

export interface TokenOptions {
  /** The session version the token carries; an older one than the user's is a retired token (signed out since). */
  sessionVersion?: number;
}

/**
 * A Cookie header carrying the persona's Auth.js session token (empty when signed out), minted with
 * the app's secret as a sign-in would: for route handlers that read the cookie themselves.
 */
export async function sessionCookieFor(world: World, persona: Persona, opts: TokenOptions = {}): Promise<string> {
  if (persona === "signedOut") return "";
  const user = world.users[persona];
  const name = "authjs.session-token";
  const sv = opts.sessionVersion ?? user.sessionVersion;
  const token = await encode({ token: { sub: user.id, email: user.email, role: user.role, sv }, secret: authSecret(), salt: name, maxAge: 3600 });
  return `${name}=${token}`;
}

/** The value `auth()` resolves to for a persona (null when signed out), as lib/dal/session.ts reads it. */
export function sessionFor(world: World, persona: Persona, opts: TokenOptions = {}) {
  if (persona === "signedOut") return null;
  const user = world.users[persona];
  return {
    user: { id: user.id, email: user.email, role: user.role },
    sv: opts.sessionVersion ?? user.sessionVersion,
    expires: new Date(Date.now() + 3_600_000).toISOString(),
  };
}

class Rollback extends Error {}

/**
 * Runs `f` in a transaction that is always rolled back, with the app's database (getDb) pointing
 * at that transaction meanwhile: the app's own transactions become savepoints inside it, so an
 * action commits or rolls back its part exactly as it would, its writes are visible to `f` (query
 * through `tx`, not the handle: an embedded database has one connection), and the next call meets
 * the database as it was. Calls must not overlap.
 */
export async function inRolledBackTransaction<T>(handle: DbHandle, f: (tx: Db) => Promise<T>): Promise<T> {
  let result: { value: T } | undefined;
  try {
    await handle.db.transaction(async (tx) => {
      useDatabaseForTests({ ...handle, db: tx });
      try {
        result = { value: await f(tx) };
      } finally {
        useDatabaseForTests(handle);
      }
      throw new Rollback();
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  return result!.value;
}
