// The one source of every enumerated value the app stores: the database enums (db/schema.ts
// builds its pgEnums from these tuples), the zod schemas (z.enum(TUPLE)) and the UI's option lists
// and labels all derive from here. Adding a value here changes the database enum (a migration),
// and every `Record<Enum, …>` label table then fails the typecheck until it names the new value.
//
// Pure constants with no imports: db/ may import this file (the db/ lint rule allows it, as it
// allows lib/env), and so may pure modules, server code and client components alike.

/** Who a user is. Stored on the user row; read from the database on every request. */
export const ROLES = ["learner", "coach", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = { learner: "Learner", coach: "Coach", admin: "Admin" };

/** How a sitting of the real exam ended. */
export const ATTEMPT_OUTCOMES = ["pass", "fail", "no-show"] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];
export const ATTEMPT_OUTCOME_LABELS: Record<AttemptOutcome, string> = { pass: "Passed", fail: "Did not pass", "no-show": "No-show" };

/** A bank question's tier: the exam's core or an edge case. */
export const QUESTION_TIERS = ["core", "edge"] as const;
export type QuestionTier = (typeof QUESTION_TIERS)[number];

/** Every kind of scored item (a `questions` row). */
export const QUESTION_KINDS = ["single", "multiple", "yes-no", "hotspot", "ordering", "matching"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** A question group: a yes/no series or a case study. */
export const GROUP_KINDS = ["yes-no-series", "case-study"] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

/** A question's (and a group's) place in the editorial flow. */
export const QUESTION_STATUSES = ["draft", "published", "retired"] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];
export const QUESTION_STATUS_LABELS: Record<QuestionStatus, string> = { draft: "Draft", published: "Published", retired: "Retired" };

/** The kinds of practice set a learner can start. */
export const PRACTICE_MODES = ["timed-mixed", "domain-focus", "retest"] as const;
export type PracticeMode = (typeof PRACTICE_MODES)[number];
export const PRACTICE_MODE_LABELS: Record<PracticeMode, string> = { "timed-mixed": "Timed mixed", "domain-focus": "Domain focus", retest: "Retest" };

/** A practice session is answered while active and scored once submitted. */
export const PRACTICE_STATUSES = ["active", "submitted"] as const;
export type PracticeStatus = (typeof PRACTICE_STATUSES)[number];

/** A repair plan's life: at most one active per learner. */
export const PLAN_STATUSES = ["draft", "active", "completed", "archived"] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** Who edits a plan: its learner (self-coached) or the learner's coach. */
export const PLAN_CONTROLLERS = ["coach", "learner"] as const;
export type PlanController = (typeof PLAN_CONTROLLERS)[number];

/** A plan task's review flow: the learner submits evidence, a coach accepts it or returns it. */
export const TASK_STATUSES = ["todo", "submitted", "accepted", "returned"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** The repair loop, in order. A plan task always belongs to exactly one phase. */
export const PLAN_PHASES = ["diagnose", "rebuild", "prove", "retest"] as const;
export type PlanPhase = (typeof PLAN_PHASES)[number];
export const PLAN_PHASE_LABELS: Record<PlanPhase, string> = { diagnose: "Diagnose", rebuild: "Rebuild", prove: "Prove", retest: "Retest" };

/** `value` is one of `values` (narrows an unchecked string, e.g. a search parameter). */
export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === "string" && (values as readonly string[]).includes(value);
}

/** `{ value, label }` options for a select or a radio group, in the tuple's order. */
export function enumOptions<T extends string>(values: readonly T[], labels: Record<T, string>): { value: T; label: string }[] {
  return values.map((value) => ({ value, label: labels[value] }));
}
