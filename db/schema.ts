import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import {
  ATTEMPT_OUTCOMES,
  GROUP_KINDS,
  PLAN_CONTROLLERS,
  PLAN_PHASES,
  PLAN_STATUSES,
  PRACTICE_MODES,
  PRACTICE_STATUSES,
  QUESTION_KINDS,
  QUESTION_STATUSES,
  QUESTION_TIERS,
  ROLES,
  TASK_STATUSES,
} from "../lib/enums";

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const createdAt = () => tstz("created_at").notNull().defaultNow();

export const roleEnum = pgEnum("role", ROLES);
export const outcomeEnum = pgEnum("attempt_outcome", ATTEMPT_OUTCOMES);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: roleEnum("role").notNull().default("learner"),
    passwordHash: text("password_hash").notNull(),
    timeZone: text("time_zone").notNull().default("UTC"),
    active: boolean("active").notNull().default(true),
    // Bumped on sign-out and on password reset: tokens minted before carry the old value and stop working.
    sessionVersion: integer("session_version").notNull().default(0),
    /** Set when the password was handed out (admin command, admin create or reset): nothing opens until it is replaced. */
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    createdAt: createdAt(),
  },
  // The coach and admin pickers (role = 'coach', by name) without scanning every learner.
  (t) => [uniqueIndex("users_email_key").on(t.email), index("users_role_name_idx").on(t.role, t.name)],
);

export const cohorts = pgTable("cohorts", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  archived: boolean("archived").notNull().default(false),
  createdAt: createdAt(),
});

export const cohortMembers = pgTable(
  "cohort_members",
  {
    cohortId: uuid("cohort_id")
      .notNull()
      .references(() => cohorts.id, { onDelete: "cascade" }),
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    addedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.learnerId] }), index("cohort_members_learner_idx").on(t.learnerId)],
);

/** One coach per learner; the row is the ownership every coach query and action checks. */
export const coachAssignments = pgTable(
  "coach_assignments",
  {
    learnerId: uuid("learner_id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    coachId: uuid("coach_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    assignedAt: createdAt(),
  },
  (t) => [index("coach_assignments_coach_idx").on(t.coachId)],
);

export const exams = pgTable(
  "exams",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    code: text("code").notNull(),
    title: text("title").notNull(),
    passingScore: integer("passing_score").notNull().default(700),
    maxScore: integer("max_score").notNull().default(1000),
    certValidityMonths: integer("cert_validity_months").notNull().default(12),
    durationMinutes: integer("duration_minutes").notNull().default(100),
    /** The vendor's retake rules as data (validated by the policy module's schema). */
    policy: jsonb("policy").notNull(),
    outlineDate: text("outline_date").notNull(),
  },
  (t) => [uniqueIndex("exams_code_key").on(t.code)],
);

export const examDomains = pgTable(
  "exam_domains",
  {
    examId: uuid("exam_id")
      .notNull()
      .references(() => exams.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    name: text("name").notNull(),
    weightMin: integer("weight_min").notNull(),
    weightMax: integer("weight_max").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.examId, t.key] })],
);

export const missCategories = pgTable(
  "miss_categories",
  {
    examId: uuid("exam_id")
      .notNull()
      .references(() => exams.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    label: text("label").notNull(),
    domain: text("domain").notNull(),
  },
  (t) => [primaryKey({ columns: [t.examId, t.key] })],
);

/**
 * A learner's enrolment in an exam. Recording an attempt locks this row (SELECT … FOR UPDATE) so
 * the policy check and the insert are serialised per learner and exam.
 */
export const learnerExams = pgTable(
  "learner_exams",
  {
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    examId: uuid("exam_id")
      .notNull()
      .references(() => exams.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.learnerId, t.examId] })],
);

export const examAttempts = pgTable(
  "exam_attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    examId: uuid("exam_id")
      .notNull()
      .references(() => exams.id, { onDelete: "cascade" }),
    takenAt: tstz("taken_at").notNull(),
    outcome: outcomeEnum("outcome").notNull(),
    score: integer("score"),
    certExpiresAt: tstz("cert_expires_at"),
    hardestDomains: text("hardest_domains").array().notNull().default(sql`'{}'::text[]`),
    slowItemTypes: text("slow_item_types").array().notNull().default(sql`'{}'::text[]`),
    misreadNotes: text("misread_notes").notNull().default(""),
    notes: text("notes").notNull().default(""),
    /** Pacing, as the learner remembers it (null: not said). Time trouble makes pacing a failure pattern (lib/policy/advice.ts). */
    ranOutOfTime: boolean("ran_out_of_time"),
    /** Roughly how many items were left unanswered or guessed. */
    unansweredOrGuessed: integer("unanswered_or_guessed"),
    /** Minutes left on the clock at the halfway question. */
    halfwayMinutesLeft: integer("halfway_minutes_left"),
    createdAt: createdAt(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("exam_attempts_learner_exam_taken_idx").on(t.learnerId, t.examId, t.takenAt),
    check("exam_attempts_score_range", sql`${t.score} is null or (${t.score} between 1 and 1000)`),
    check("exam_attempts_pacing_range", sql`(${t.unansweredOrGuessed} is null or ${t.unansweredOrGuessed} between 0 and 500) and (${t.halfwayMinutesLeft} is null or ${t.halfwayMinutesLeft} between 0 and 600)`),
  ],
);

/** The length of one score-report bar, read off the chart (0–100): a relative strength, not a percentage. */
export const attemptDomainReadings = pgTable(
  "attempt_domain_readings",
  {
    attemptId: uuid("attempt_id")
      .notNull()
      .references(() => examAttempts.id, { onDelete: "cascade" }),
    domain: text("domain").notNull(),
    bar: integer("bar").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.attemptId, t.domain] }),
    check("attempt_domain_readings_bar_range", sql`${t.bar} between 0 and 100`),
  ],
);

export const attemptMissCategories = pgTable(
  "attempt_miss_categories",
  {
    attemptId: uuid("attempt_id")
      .notNull()
      .references(() => examAttempts.id, { onDelete: "cascade" }),
    category: text("category").notNull(),
  },
  (t) => [primaryKey({ columns: [t.attemptId, t.category] })],
);

/** Failed sign-ins per key ("account:<email>" or "ip:<address>"), kept in the database so restarts do not reset them. */
export const loginThrottle = pgTable("login_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  windowStart: tstz("window_start").notNull(),
  lockedUntil: tstz("locked_until"),
});

export const auditLog = pgTable(
  "audit_log",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    at: createdAt(),
  },
  (t) => [index("audit_log_at_idx").on(t.at), index("audit_log_entity_idx").on(t.entity, t.entityId)],
);

export type UserRow = typeof users.$inferSelect;
export type ExamRow = typeof exams.$inferSelect;
export type AttemptRow = typeof examAttempts.$inferSelect;
export type { Role } from "../lib/enums";

export const questionTierEnum = pgEnum("question_tier", QUESTION_TIERS);
export const questionKindEnum = pgEnum("question_kind", QUESTION_KINDS);
export const questionGroupKindEnum = pgEnum("question_group_kind", GROUP_KINDS);
export const questionStatusEnum = pgEnum("question_status", QUESTION_STATUSES);
export const practiceModeEnum = pgEnum("practice_mode", PRACTICE_MODES);
export const practiceStatusEnum = pgEnum("practice_status", PRACTICE_STATUSES);

/**
 * A yes/no series (a scenario and goal; its solutions are its questions) or a case study (a tabbed
 * scenario; its questions follow it). A group is drawn as a unit: its questions take consecutive
 * positions in a set, in `group_order`. Repository groups are synced like repository questions.
 */
export const questionGroups = pgTable(
  "question_groups",
  {
    id: text("id").primaryKey(),
    examId: uuid("exam_id")
      .notNull()
      .references(() => exams.id, { onDelete: "cascade" }),
    kind: questionGroupKindEnum("kind").notNull(),
    /** A series' domain, category and family (its solutions share them); null for a case study. */
    domain: text("domain"),
    category: text("category"),
    family: text("family"),
    /** A case study's title. */
    title: text("title"),
    /** Series: { scenario, goal }. Case study: { overview, environment, requirements, minutes }. */
    content: jsonb("content").notNull(),
    /** [{ type: "table", title, columns, rows } | { type: "code", title, language, text }] */
    exhibits: jsonb("exhibits").notNull().default([]),
    status: questionStatusEnum("status").notNull().default("published"),
    sources: jsonb("sources").notNull().default([]),
    verifiedOn: text("verified_on"),
    origin: text("origin").notNull().default("bank"),
    bankHash: text("bank_hash"),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [index("question_groups_exam_status_idx").on(t.examId, t.status)],
);

/** A practice question. `answer` and the reasons never leave the server before a set is submitted. */
export const questions = pgTable(
  "questions",
  {
    id: text("id").primaryKey(),
    examId: uuid("exam_id")
      .notNull()
      .references(() => exams.id, { onDelete: "cascade" }),
    domain: text("domain").notNull(),
    category: text("category").notNull(),
    tier: questionTierEnum("tier").notNull(),
    family: text("family").notNull(),
    kind: questionKindEnum("kind").notNull(),
    stem: text("stem").notNull(),
    /** [{ key, text, whyWrong? }] */
    options: jsonb("options").notNull(),
    answer: text("answer").array().notNull(),
    explanation: text("explanation").notNull(),
    status: questionStatusEnum("status").notNull().default("published"),
    /** Microsoft Learn pages that back the key and every whyWrong: ["https://learn.microsoft.com/…"]. */
    sources: jsonb("sources").notNull().default([]),
    /** The date (YYYY-MM-DD) the item's facts were last checked against its sources. */
    verifiedOn: text("verified_on"),
    /** Ids of siblings in the same family whose answer this item's review gives away (minimal pairs): seen together for readiness. */
    givesAway: text("gives_away").array().notNull().default(sql`'{}'::text[]`),
    /** "bank": shipped in the repository's content/ and kept in sync at start-up; "local": written or imported here. */
    origin: text("origin").notNull().default("bank"),
    /** Hash of the repository's version last synced into this row (bank items only): a changed file updates the row. */
    bankHash: text("bank_hash"),
    /**
     * A learner's own variation (origin "learner"): the learner who wrote it. Such an item is private:
     * never published, never in the bank's lists, served only in its owner's retests.
     */
    ownerId: uuid("owner_id").references(() => users.id, { onDelete: "cascade" }),
    /** A learner's variation: the id of the missed item it was written from (same family). */
    basedOn: text("based_on"),
    /** A learner's variation: the one constraint that changed, in the learner's words (why the answer changes is the explanation). */
    variationChange: text("variation_change"),
    /** Kind-specific data: a hotspot's { template, blanks } or a matching's { targets, reuseValues } (reasons included: server only). */
    payload: jsonb("payload"),
    /** Tables or code/output blocks shown beside the question: [{ type: "table", … } | { type: "code", language, … }]. */
    exhibits: jsonb("exhibits").notNull().default([]),
    /** The yes/no series or case study this question belongs to, and its 1-based place there. */
    groupId: text("group_id").references(() => questionGroups.id, { onDelete: "cascade" }),
    groupOrder: integer("group_order"),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("questions_exam_status_idx").on(t.examId, t.status),
    index("questions_family_idx").on(t.family),
    index("questions_owner_idx").on(t.ownerId).where(sql`${t.ownerId} is not null`),
    index("questions_group_idx").on(t.groupId, t.groupOrder).where(sql`${t.groupId} is not null`),
    check("questions_learner_origin_private", sql`${t.origin} <> 'learner' or (${t.ownerId} is not null and ${t.status} <> 'published')`),
  ],
);

/** A coach's comment on a learner's variation (the learner reads it beside the variation). */
export const variationComments = pgTable(
  "variation_comments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    questionId: text("question_id")
      .notNull()
      .references(() => questions.id, { onDelete: "cascade" }),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("variation_comments_question_idx").on(t.questionId, t.createdAt)],
);

export const practiceSessions = pgTable(
  "practice_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    examId: uuid("exam_id")
      .notNull()
      .references(() => exams.id, { onDelete: "cascade" }),
    mode: practiceModeEnum("mode").notNull(),
    size: integer("size").notNull(),
    durationMinutes: integer("duration_minutes").notNull(),
    focusDomains: text("focus_domains").array().notNull().default(sql`'{}'::text[]`),
    /** Both from the database clock at start: the server owns the clock. */
    startedAt: tstz("started_at").notNull().defaultNow(),
    deadlineAt: tstz("deadline_at").notNull(),
    submittedAt: tstz("submitted_at"),
    status: practiceStatusEnum("status").notNull().default("active"),
    correct: integer("correct"),
    answered: integer("answered"),
    /** The sum of the items' scores (each 0–1, partial credit per part): the set's result. */
    score: numeric("score", { precision: 8, scale: 4, mode: "number" }),
    /**
     * First exposure, counted when the set is submitted (lib/practice/readiness.ts): the items the
     * learner met for the first time, and the core and edge misses among them. Null for a set
     * submitted before readiness was measured.
     */
    freshItems: integer("fresh_items"),
    /** Misses add what each item lacks of full credit (1 − score), so they can be fractional. */
    freshCoreMisses: numeric("fresh_core_misses", { precision: 8, scale: 4, mode: "number" }),
    freshEdgeMisses: numeric("fresh_edge_misses", { precision: 8, scale: 4, mode: "number" }),
  },
  (t) => [index("practice_sessions_learner_started_idx").on(t.learnerId, t.startedAt)],
);

export const practiceItems = pgTable(
  "practice_items",
  {
    sessionId: uuid("session_id")
      .notNull()
      .references(() => practiceSessions.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    questionId: text("question_id")
      .notNull()
      .references(() => questions.id),
    response: text("response").array(),
    flagged: boolean("flagged").notNull().default(false),
    /** The client's sequence number of the last save applied; an older save never overwrites a newer one. */
    seq: integer("seq").notNull().default(0),
    answeredAt: tstz("answered_at"),
    timeMs: integer("time_ms").notNull().default(0),
    /** Fully right (score 1); set on submission. */
    correct: boolean("correct"),
    /** 0–1 with partial credit per part (hotspot blanks, matching pairs, ordering places), rounded to 4 places; set on submission. */
    score: numeric("score", { precision: 5, scale: 4, mode: "number" }),
    /** Left behind for good: a yes/no solution moved past, or a case study's section left. No save changes it again. */
    closed: boolean("closed").notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.position] }), index("practice_items_question_idx").on(t.questionId)],
);

/**
 * The questions whose review (answer and explanation) a learner has been shown: written when the
 * results page renders for them. With the siblings each review gives away (questions.gives_away),
 * these are "seen" and no longer count as first exposure for readiness.
 */
export const questionReviews = pgTable(
  "question_reviews",
  {
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    questionId: text("question_id")
      .notNull()
      .references(() => questions.id, { onDelete: "cascade" }),
    /** The set whose results page showed it first. */
    sessionId: uuid("session_id").references(() => practiceSessions.id, { onDelete: "set null" }),
    firstSeenAt: tstz("first_seen_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.learnerId, t.questionId] })],
);

export type QuestionRow = typeof questions.$inferSelect;
export type QuestionGroupRow = typeof questionGroups.$inferSelect;
export type PracticeSessionRow = typeof practiceSessions.$inferSelect;

export const planStatusEnum = pgEnum("plan_status", PLAN_STATUSES);
/** Who edits a plan: its learner (self-coached, made by the learner) or the learner's coach. */
export const planControllerEnum = pgEnum("plan_controller", PLAN_CONTROLLERS);
export const taskStatusEnum = pgEnum("task_status", TASK_STATUSES);
export const taskPhaseEnum = pgEnum("task_phase", PLAN_PHASES);

/** A coach's repair plan for one learner. At most one is active per learner (partial unique index). */
export const repairPlans = pgTable(
  "repair_plans",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    coachId: uuid("coach_id").references(() => users.id, { onDelete: "set null" }),
    examId: uuid("exam_id")
      .notNull()
      .references(() => exams.id, { onDelete: "cascade" }),
    basisAttemptId: uuid("basis_attempt_id").references(() => examAttempts.id, { onDelete: "set null" }),
    template: text("template").notNull(),
    status: planStatusEnum("status").notNull().default("draft"),
    startDate: text("start_date").notNull(),
    lengthDays: integer("length_days").notNull(),
    /** The retake date the plan aims at (YYYY-MM-DD, learner's calendar). */
    targetDate: text("target_date").notNull(),
    weakDomains: text("weak_domains").array().notNull().default(sql`'{}'::text[]`),
    diagnosis: jsonb("diagnosis").notNull().default(sql`'[]'::jsonb`),
    /**
     * "learner": a self-coached learner made it and edits it; evidence completes a task without review.
     * "coach": a coach made it, or took a learner's plan over; only that coach edits it.
     */
    controlledBy: planControllerEnum("controlled_by").notNull().default("coach"),
    /** The repair cycle the plan is in: 1, then one more for each accepted next cycle (lib/plans/cycles.ts). */
    cycle: integer("cycle").notNull().default(1),
    /** The retest set the latest accepted cycle answered, so the same result never offers a cycle twice. */
    cycleBasisSessionId: uuid("cycle_basis_session_id").references(() => practiceSessions.id, { onDelete: "set null" }),
    completedAt: tstz("completed_at"),
    /** "ready" (readiness held) or "passed" (a pass was recorded). */
    completedReason: text("completed_reason"),
    createdAt: createdAt(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
    assignedAt: tstz("assigned_at"),
  },
  (t) => [
    index("repair_plans_learner_idx").on(t.learnerId, t.createdAt),
    uniqueIndex("repair_plans_one_active_key").on(t.learnerId).where(sql`${t.status} = 'active'`),
  ],
);

/**
 * A plan task. The coach's columns (content, day, order) and the learner's columns (evidence,
 * status) are written by separate single-statement updates, so concurrent edits never overwrite
 * each other.
 */
export const planTasks = pgTable(
  "plan_tasks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    planId: uuid("plan_id")
      .notNull()
      .references(() => repairPlans.id, { onDelete: "cascade" }),
    day: integer("day").notNull(),
    position: integer("position").notNull(),
    domain: text("domain"),
    phase: taskPhaseEnum("phase").notNull(),
    title: text("title").notNull(),
    instructions: text("instructions").notNull().default(""),
    evidenceRequired: text("evidence_required").notNull().default(""),
    libraryKey: text("library_key"),
    status: taskStatusEnum("status").notNull().default("todo"),
    evidenceText: text("evidence_text"),
    evidenceLink: text("evidence_link"),
    submittedAt: tstz("submitted_at"),
    reviewComment: text("review_comment"),
    reviewedBy: uuid("reviewed_by").references(() => users.id, { onDelete: "set null" }),
    reviewedAt: tstz("reviewed_at"),
    practiceSessionId: uuid("practice_session_id").references(() => practiceSessions.id, { onDelete: "set null" }),
    /** The cycle that added the task (1: the generated plan). */
    cycle: integer("cycle").notNull().default(1),
    /** Why the task is in the plan, when a note of the learner's caused it ("You noted RBAC scope as misread"). */
    cause: text("cause"),
    /** Miss categories a practice-set task weights its draw toward (a cycle's retest). */
    focusCategories: text("focus_categories").array().notNull().default(sql`'{}'::text[]`),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [index("plan_tasks_plan_idx").on(t.planId, t.day, t.position)],
);

export type RepairPlanRow = typeof repairPlans.$inferSelect;
export type PlanTaskRow = typeof planTasks.$inferSelect;

/**
 * One take of the "know the rules" check (retake rules and the strongest repair behaviour). Kept so
 * the home page stops offering it once taken; never part of readiness.
 */
export const rulesChecks = pgTable(
  "rules_checks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    takenAt: tstz("taken_at").notNull().defaultNow(),
    correct: integer("correct").notNull(),
    total: integer("total").notNull(),
    /** [{ question, chosen, correct }] by question id. */
    answers: jsonb("answers").notNull().default(sql`'[]'::jsonb`),
  },
  (t) => [index("rules_checks_learner_idx").on(t.learnerId, t.takenAt)],
);

// ---------------------------------------------------------------------------------------------
// Cohort weak-domain analytics: rollups kept current in the same transaction as the writes that
// change them (lib/analytics/server/rollups.ts), so the admin's cohort pages read a bounded number of
// week rows however many attempts and practice answers accumulate. Weeks are UTC weeks starting
// on Monday (`week_start` is that Monday's date). The meaning of every figure is documented in
// lib/analytics/report.ts and the README.
// The tables hold derived data only, rebuilt from raw rows by rebuildAnalyticsRollups, so they
// carry no foreign keys: per-row checks would dominate the rebuild at 10 million answers, and a
// cascade from users would drop a learner's rows without taking them out of the cohort sums
// (the app never deletes users or exams).
// ---------------------------------------------------------------------------------------------

/**
 * The "all learners" pseudo-cohort in the cohort_* rollups: every learner with exam or practice
 * activity. A fixed id so the rollup tables need no special case (and no foreign key on cohort_id).
 */
export const ALL_LEARNERS_COHORT_ID = "00000000-0000-0000-0000-000000000000";

const weekStart = () => date("week_start", { mode: "string" }).notNull();

/** One row per learner and exam with activity (an attempt or a submitted practice set). */
export const learnerExamStats = pgTable(
  "learner_exam_stats",
  {
    learnerId: uuid("learner_id").notNull(),
    examId: uuid("exam_id").notNull(),
    attempts: integer("attempts").notNull().default(0),
    passes: integer("passes").notNull().default(0),
    /** 1-based number (in time order) of the learner's first passed attempt. */
    firstPassAttemptNo: integer("first_pass_attempt_no"),
    latestTakenAt: tstz("latest_taken_at"),
    latestOutcome: outcomeEnum("latest_outcome"),
    latestScore: integer("latest_score"),
    /**
     * The retake policy's earliest next attempt (lib/policy/retake.ts): after a non-pass, the
     * instant the wait ends; after a pass, the certification's expiry (null when unknown); null
     * without attempts. "Waiting" = latest attempt not a pass and eligible_at > now, at query time.
     */
    eligibleAt: tstz("eligible_at"),
    practiceSets: integer("practice_sets").notNull().default(0),
    practiceTotal: integer("practice_total").notNull().default(0),
    /** The sum of the practice items' scores (0–1 each). */
    practiceCorrect: numeric("practice_correct", { precision: 14, scale: 4, mode: "number" }).notNull().default(0),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.learnerId, t.examId] }), index("learner_exam_stats_eligible_idx").on(t.examId, t.eligibleAt)],
);

/**
 * A learner's score reports as a chain of weeks: for each UTC week with a report (an attempt with
 * bars), the week's last report; `next_week` is the next such week ('infinity' for the latest).
 * The report of week w is the learner's latest within a range [a, b] exactly when a <= w <= b < next_week.
 */
export const learnerReportWeeks = pgTable(
  "learner_report_weeks",
  {
    learnerId: uuid("learner_id").notNull(),
    examId: uuid("exam_id").notNull(),
    weekStart: weekStart(),
    domain: text("domain").notNull(),
    nextWeek: date("next_week", { mode: "string" }).notNull(),
    attemptId: uuid("attempt_id").notNull(),
    bar: integer("bar").notNull(),
    /** weakDomains() of lib/policy/advice.ts on that report's bars. */
    weak: boolean("weak").notNull(),
  },
  (t) => [primaryKey({ columns: [t.learnerId, t.examId, t.weekStart, t.domain] })],
);

/** Each attempt with its number in the learner's history (1 = first, in time order). */
export const learnerAttemptNumbers = pgTable(
  "learner_attempt_numbers",
  {
    learnerId: uuid("learner_id").notNull(),
    examId: uuid("exam_id").notNull(),
    attemptNo: integer("attempt_no").notNull(),
    attemptId: uuid("attempt_id").notNull(),
    weekStart: weekStart(),
    outcome: outcomeEnum("outcome").notNull(),
  },
  (t) => [primaryKey({ columns: [t.learnerId, t.examId, t.attemptNo] })],
);

/** Miss categories recorded after the learner's attempts, counted per week of the attempt. */
export const learnerCategoryWeeks = pgTable(
  "learner_category_weeks",
  {
    learnerId: uuid("learner_id").notNull(),
    examId: uuid("exam_id").notNull(),
    weekStart: weekStart(),
    category: text("category").notNull(),
    n: integer("n").notNull(),
  },
  (t) => [primaryKey({ columns: [t.learnerId, t.examId, t.weekStart, t.category] })],
);

/** Sum of the members' learner_report_weeks rows (see there), per cohort. */
export const cohortReportWeeks = pgTable(
  "cohort_report_weeks",
  {
    cohortId: uuid("cohort_id").notNull(),
    examId: uuid("exam_id").notNull(),
    weekStart: weekStart(),
    nextWeek: date("next_week", { mode: "string" }).notNull(),
    domain: text("domain").notNull(),
    learners: integer("learners").notNull().default(0),
    barSum: integer("bar_sum").notNull().default(0),
    weak: integer("weak").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.examId, t.weekStart, t.nextWeek, t.domain] })],
);

/** Attempts per week, attempt number and outcome. */
export const cohortAttemptWeeks = pgTable(
  "cohort_attempt_weeks",
  {
    cohortId: uuid("cohort_id").notNull(),
    examId: uuid("exam_id").notNull(),
    weekStart: weekStart(),
    attemptNo: integer("attempt_no").notNull(),
    outcome: outcomeEnum("outcome").notNull(),
    n: integer("n").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.examId, t.weekStart, t.attemptNo, t.outcome] })],
);

/** Miss categories recorded after attempts, per week of the attempt. */
export const cohortCategoryWeeks = pgTable(
  "cohort_category_weeks",
  {
    cohortId: uuid("cohort_id").notNull(),
    examId: uuid("exam_id").notNull(),
    weekStart: weekStart(),
    category: text("category").notNull(),
    n: integer("n").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.examId, t.weekStart, t.category] })],
);

/**
 * Practice answers per week of the set's submission and question. Keyed by question (not by its
 * domain, category or tier) so an edit in the bank reclassifies past answers at read time, as a
 * direct computation would; the bank's size bounds the rows per week.
 */
export const cohortPracticeWeeks = pgTable(
  "cohort_practice_weeks",
  {
    cohortId: uuid("cohort_id").notNull(),
    examId: uuid("exam_id").notNull(),
    weekStart: weekStart(),
    questionId: text("question_id").notNull(),
    total: integer("total").notNull().default(0),
    /** The sum of the answers' scores (0–1 each, partial credit per part). */
    correct: numeric("correct", { precision: 14, scale: 4, mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.examId, t.weekStart, t.questionId] })],
);

/** Learner counts per cohort (members only for real cohorts; "active" is the all-learners headcount). */
export const cohortLearnerCounts = pgTable(
  "cohort_learner_counts",
  {
    cohortId: uuid("cohort_id").notNull(),
    examId: uuid("exam_id").notNull(),
    members: integer("members").notNull().default(0),
    active: integer("active").notNull().default(0),
    attempted: integer("attempted").notNull().default(0),
    passed: integer("passed").notNull().default(0),
    /** Learners whose latest attempt is a fail or a no-show: each is waiting or eligible. */
    nonPass: integer("non_pass").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.examId] })],
);

/** Learners whose latest attempt is a non-pass, by the UTC day their wait ends. */
export const cohortEligibleDays = pgTable(
  "cohort_eligible_days",
  {
    cohortId: uuid("cohort_id").notNull(),
    examId: uuid("exam_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    n: integer("n").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.examId, t.day] })],
);

// ---------------------------------------------------------------------------------------------
// Reaching people: in-app notifications, the mail outbox, per-kind preferences and password
// reset tokens. Reminders themselves are pg-boss jobs (schema "pgboss", created by migration
// 0008 and driven by lib/jobs/); these tables hold what a reminder produced, so a reminder that
// runs twice (two instances, a retry) finds its dedupe key taken and produces nothing more.
// ---------------------------------------------------------------------------------------------

/** One in-app notification. `dedupe_key` names the event (kind, person, instant or day) it reports. */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    /** A same-site path the notification leads to. */
    href: text("href"),
    dedupeKey: text("dedupe_key").notNull(),
    createdAt: createdAt(),
    readAt: tstz("read_at"),
  },
  (t) => [uniqueIndex("notifications_dedupe_key").on(t.dedupeKey), index("notifications_user_created_idx").on(t.userId, t.createdAt)],
);

/**
 * Every mail the app composes. With SMTP_URL set a row is "queued" and a pg-boss job sends it
 * ("sending" while a worker holds it, then "sent", or "failed" after the last retry); without
 * SMTP_URL it is "kept" here for admins to read at /admin/mail. Nothing is dropped silently.
 */
export const mailOutbox = pgTable(
  "mail_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // A deleted account's mail goes with it: the outbox holds its address and what was said.
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body").notNull(),
    /** Extra headers (List-Unsubscribe, List-Unsubscribe-Post). */
    headers: jsonb("headers").notNull().default({}),
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    /** While "sending": until when the worker's claim holds (a crashed worker's claim lapses). */
    claimedUntil: tstz("claimed_until"),
    dedupeKey: text("dedupe_key").notNull(),
    createdAt: createdAt(),
    sentAt: tstz("sent_at"),
  },
  (t) => [uniqueIndex("mail_outbox_dedupe_key").on(t.dedupeKey), index("mail_outbox_created_idx").on(t.createdAt)],
);

/** A person's choice per reminder kind; no row means the default (both channels on). */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    email: boolean("email").notNull().default(true),
    inApp: boolean("in_app").notNull().default(true),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/** Password reset links: only a SHA-256 of the token is stored; single use, 30 minutes. */
export const passwordResetTokens = pgTable(
  "password_reset_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdAt: createdAt(),
    expiresAt: tstz("expires_at").notNull(),
    usedAt: tstz("used_at"),
  },
  (t) => [uniqueIndex("password_reset_tokens_hash_key").on(t.tokenHash), index("password_reset_tokens_user_idx").on(t.userId)],
);

/**
 * Versions of the read cache's tags (lib/cache/server/read-cache.ts). Database triggers
 * (migration 0014) bump a tag in the same transaction as every write to a table a cached view
 * reads: "l:<learner id>" for a learner's own rows, "cohort-figures" for the analytics rollups,
 * "bank" for the question bank. A cached value stores the versions it was read under and is
 * served only while they are unchanged, so no write, from any process, action, job or script,
 * can leave a stale view behind.
 */
export const cacheTagVersions = pgTable("cache_tag_versions", {
  tag: text("tag").primaryKey(),
  version: bigint("version", { mode: "number" }).notNull().default(1),
});
