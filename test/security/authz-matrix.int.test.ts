/**
 * The authorization matrix: every Server Action (every exported function of a module under app/
 * whose first statement is "use server") and every route handler (the HTTP-method exports of each
 * app/**\/route.ts), discovered from the files, called as each of seven personas with a valid
 * request aimed at the owner learner's resources. A discovered endpoint without a row here, or a
 * row for an endpoint that no longer exists, fails the test, so a new one cannot be forgotten.
 *
 * An eighth column, the owner holding a retired token (older session version), must match the
 * signed-out column on every row.
 *
 * Cells (the same words for actions and handlers):
 *   allow  the call succeeded (a success state, a redirect, a 2xx/3xx answer) and, for an endpoint
 *          that writes, the database changed
 *   noop   the call succeeded but an endpoint that writes wrote nothing (signing out when signed out)
 *   401    refused as signed out (no session, or a deactivated account): "session has ended",
 *          a refused sign-in, HTTP 401
 *   403    refused for the role: "role does not allow", forbidden(), HTTP 403
 *   404    refused as not found / not theirs: an ActionError "not found", notFound(), HTTP 404
 * Every refusal must leave the database exactly as it was (fingerprint of every public table but
 * login_throttle, which a refused sign-in writes on purpose: it counts failed attempts). A read
 * (writes: false) must leave it unchanged even when allowed; "+WRITE" marks a cell that wrote when
 * it should not have. Every call runs in a transaction that is rolled back afterwards, so each one
 * meets the world exactly as built.
 */
import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useDatabaseForTests, type DbHandle } from "@/db/client";
import { questions } from "@/db/schema";
import { GENERIC_SIGN_IN_ERROR, THROTTLED_SIGN_IN_ERROR } from "@/lib/auth/messages";
import { DOMAIN_KEYS } from "@/lib/exam/az104";
import { isoDateInZone } from "@/lib/format";
import type { FormState } from "@/lib/form-state";
import { initialFormState } from "@/lib/form-state";
import { addDays } from "@/lib/plans/dates";
import { ENTRY_TEMPLATES } from "@/lib/questions/entry-templates";
import { rowToQuestion } from "@/lib/questions/server/bank";
import { COACH_MAKES_PLANS, TAKE_OVER_FIRST } from "@/lib/plans/server/repair-plans";
import { MICROSOFT_RETAKE_POLICY } from "@/lib/policy/retake";
import { buildRulesCheck } from "@/lib/policy/rules-check";
import { createTestDatabase, ENGINE } from "@/test/db";
import { authSecret } from "@/lib/auth/secret";
import { hashResetToken } from "@/lib/auth/server/password-reset";
import { signUnsubscribe } from "@/lib/mail/unsubscribe-token";
import { passwordResetTokens } from "@/db/schema";
import { buildWorld, inRolledBackTransaction, PERSONAS, publicTables, sessionCookieFor, sessionFor, WORLD_PASSWORD, type Persona, type World } from "@/test/world";

const mocks = vi.hoisted(() => {
  // A fixed secret: the real Auth.js handlers are exercised, and nothing is written to .data/.
  process.env.AUTH_SECRET ??= "authz-matrix-test-secret-0123456789abcdef";
  return { session: vi.fn() };
});

// auth() is the persona's session. signIn/signOut need a Next request context, so they are
// replaced by the same checks without cookies: signIn runs the real credential check (Argon2,
// throttle, deactivated accounts) and redirects like Auth.js on success; signOut redirects.
vi.mock("@/auth", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/auth")>();
  const { redirect } = await import("next/navigation");
  const { CredentialsSignin } = await import("next-auth");
  return {
    ...real,
    auth: () => mocks.session(),
    signIn: async (_provider: string, opts: { email: string; password: string; redirectTo: string }) => {
      const { authenticate } = await import("@/lib/auth/server/credentials");
      const { getDb } = await import("@/db/client");
      const result = await authenticate(await getDb(), { email: opts.email, password: opts.password, ip: "203.0.113.7" });
      if (!result.ok) throw new CredentialsSignin();
      redirect(opts.redirectTo);
    },
    signOut: async (opts: { redirectTo: string }) => redirect(opts.redirectTo),
  };
});
vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));
// Actions that read the client address (the password reset's throttle) see one fixed client.
vi.mock("next/headers", async (orig) => ({ ...(await orig<typeof import("next/headers")>()), headers: async () => new Headers({ "x-forwarded-for": "203.0.113.7" }) }));
// getCurrentUser is cached per request; here every call is its own request.
vi.mock("react", async (orig) => ({ ...(await orig<typeof import("react")>()), cache: <T,>(fn: T) => fn }));

const ROOT = path.resolve(__dirname, "../..");
const APP = path.join(ROOT, "app");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return walk(p);
    return /\.(ts|tsx|js|mjs)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** True when the module's first statement is the "use server" directive (comments may precede it). */
export function isServerActionModule(source: string): boolean {
  const body = source.replace(/^\uFEFF/, "").replace(/^(?:\s+|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*/, "");
  return /^(["'])use server\1\s*;?/.test(body);
}

type Call = (...args: unknown[]) => Promise<unknown>;
interface Endpoint {
  /** "app/learn/attempts/actions.ts#deleteAttemptAction" or "app/bank/export.json/route.ts#GET" */
  key: string;
  kind: "action" | "route";
  fn: Call;
}

async function discover(): Promise<Endpoint[]> {
  const out: Endpoint[] = [];
  for (const file of walk(APP).sort()) {
    const rel = path.relative(ROOT, file).split(path.sep).join("/");
    const isRoute = /\/route\.(ts|tsx|js|mjs)$/.test(rel);
    const isActions = isServerActionModule(fs.readFileSync(file, "utf8"));
    if (!isRoute && !isActions) continue;
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value !== "function") continue;
      if (isRoute && !(METHODS as readonly string[]).includes(name)) continue;
      out.push({ key: `${rel}#${name}`, kind: isRoute ? "route" : "action", fn: value as Call });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The expectation table
// ---------------------------------------------------------------------------------------------

const LABELS = ["allow", "noop", "401", "403", "404"];
type Label = "allow" | "noop" | "401" | "403" | "404";
/** The endpoint a row key is about: the key without its " [variant]". */
const endpointOf = (key: string) => key.replace(/ \[.*\]$/, "");
type Fields = Record<string, string | string[]>;
interface Ctx {
  w: World;
  p: Persona;
  db: DbHandle["db"];
  /** The token carries an older session version than the user's: signed out since it was minted. */
  retired?: boolean;
}

/**
 * The matrix's columns: the seven personas, and the owner holding a retired token (minted before a
 * sign-out or a password reset), which every endpoint must treat exactly as the signed-out column.
 */
const COLUMNS: { name: string; persona: Persona; retired?: boolean }[] = [
  ...PERSONAS.map((p) => ({ name: p, persona: p })),
  { name: "ownerRetiredToken", persona: "owner", retired: true },
];
const tokenOptions = (c: Pick<Ctx, "w" | "retired">) => (c.retired ? { sessionVersion: c.w.users.owner.sessionVersion - 1 } : {});
interface Row {
  /** One label per persona, in PERSONAS order: signedOut owner otherLearner coach otherCoach admin deactivated. */
  expect: string;
  /** False for endpoints that only read (or only sign in): the database must not change at all. */
  writes?: boolean;
  /** For an endpoint that writes: the tables an allowed call must change (others may change too). */
  touches?: string[];
  /** Server Actions: the FormData fields. */
  form?: (c: Ctx) => Fields | Promise<Fields>;
  /** Route handlers: the request and the dynamic params Next passes. */
  request?: (c: Ctx) => { url: string; init?: RequestInit; params?: Record<string, string> } | Promise<{ url: string; init?: RequestInit; params?: Record<string, string> }>;
  /** Why the cells are what they are, when it is not obvious. */
  note?: string;
}

const BASE = "http://localhost:3000";
const ownEmail = (c: Ctx) => c.w.users[c.p === "signedOut" ? "owner" : c.p].email;
const utcMinute = (d: Date) => d.toISOString().slice(0, 16);
const bars = Object.fromEntries(DOMAIN_KEYS.map((k, i) => [`bar_${k}`, String(50 + i * 5)]));

async function questionFields(c: Ctx, id: string | null, stem?: string): Promise<Fields> {
  const [row] = await c.db.select().from(questions).where(eq(questions.id, c.w.questionId));
  const q = rowToQuestion(row!);
  const fields: Fields = {
    id: id ?? q.id,
    domain: q.domain,
    category: q.category,
    tier: q.tier,
    family: q.family,
    stem: stem ?? q.stem,
    explanation: q.explanation,
    status: "published",
    answer: [...q.answer],
  };
  for (const o of q.options) {
    fields[`opt_${o.key}_text`] = o.text;
    if (o.whyWrong) fields[`opt_${o.key}_whyWrong`] = o.whyWrong;
  }
  return fields;
}

/** A fresh reset link for the owner, written in the call's own (rolled back) transaction. */
async function ownerResetToken(c: Ctx): Promise<string> {
  const token = `world-reset-${c.p}-${"x".repeat(20)}`.slice(0, 43).padEnd(43, "y");
  await c.db.insert(passwordResetTokens).values({ userId: c.w.users.owner.id, tokenHash: hashResetToken(token), expiresAt: new Date(Date.now() + 600_000) });
  return token;
}

const ADMIN_ONLY = "401 403 403 403 403 allow 401";
const EDITORS = "401 403 403 allow allow allow 401";
const OWNER_ONLY = "401 allow 404 403 403 403 401";
const ANY_LEARNER = "401 allow allow 403 403 403 401";
const OWNERS_COACH = "401 403 403 allow 404 403 401";
const OTHER_LEARNER_ONLY = "401 404 allow 403 403 403 401";
const OTHERS_COACH = "401 403 403 404 allow 403 401";
const MIXED_IDS = "401 404 404 404 404 403 401";
/**
 * The plan editor's actions serve coaches and self-coached learners alike: a learner reaches the
 * service, which finds no plan of theirs to change (404) unless it is their own self-made plan.
 */
const OWNERS_COACH_EDITOR = "401 404 404 allow 404 403 401";
/** The owner's self-made plan: the owner edits it; their coach only after taking it over (403 until then). */
const OWNERS_OWN_PLAN = "401 allow 404 403 404 403 401";

/** An edit of an attempt that keeps its time (to the minute) and changes its score and notes. */
async function attemptEdit(c: Ctx, id: string): Promise<Fields> {
  const rows = await c.db.execute<{ taken_at: string | Date }>(sql`select taken_at from exam_attempts where id = ${id}`);
  const takenAt = new Date((Array.isArray(rows) ? rows : (rows as { rows: { taken_at: string }[] }).rows)[0]!.taken_at);
  return { id, takenAt: utcMinute(takenAt), outcome: "fail", score: "630", ...bars, notes: "Edited" };
}

/**
 * Keys are "<file>#<export>" (the endpoint's own row: every endpoint needs one) or
 * "<file>#<export> [variant]" for further requests to the same endpoint (other ids, other states).
 */
const TABLE: Record<string, Row> = {
  // Public: sign-in, registration, sign-out.
  "app/(auth)/actions.ts#signInAction": {
    expect: "allow allow allow allow allow allow 401",
    writes: false,
    form: (c) => ({ email: ownEmail(c), password: WORLD_PASSWORD, callbackUrl: "/" }),
    note: "each persona signs in with its own credentials (signed out: the owner's); a deactivated account is refused",
  },
  "app/(auth)/actions.ts#registerAction": { touches: ["users"],
    expect: "allow allow allow allow allow allow allow",
    form: (c) => ({ name: "New Person", email: `new-${c.p.toLowerCase()}@world.example`, password: WORLD_PASSWORD, confirmPassword: WORLD_PASSWORD, timeZone: "UTC" }),
    note: "public: always creates a new learner account, never another role",
  },
  "app/(auth)/actions.ts#signOutAction": { touches: ["users"],
    expect: "noop allow allow allow allow allow noop",
    form: () => ({}),
    note: "retires the caller's own tokens; nothing to retire without a valid session",
  },

  // The account page: every role, each on their own account (there is no id to aim elsewhere).
  "app/account/actions.ts#changePasswordAction": { touches: ["users", "audit_log"],
    expect: "401 allow allow allow allow allow 401",
    form: () => ({ currentPassword: WORLD_PASSWORD, newPassword: "a new world passphrase", confirmPassword: "a new world passphrase" }),
    note: "the caller's own password (the current one required), then this browser is signed in again with the new one",
  },
  "app/account/actions.ts#updateProfileAction": { touches: ["users"], expect: "401 allow allow allow allow allow 401", form: () => ({ name: "Renamed Person", timeZone: "Asia/Tokyo" }) },
  "app/account/actions.ts#deleteAccountAction": { touches: ["users", "exam_attempts", "audit_log"],
    expect: ANY_LEARNER,
    form: (c) => ({ confirmEmail: ownEmail(c), currentPassword: WORLD_PASSWORD }),
    note: "a learner deletes their own account (its email typed out); coaches and admins are removed by an admin",
  },

  // Admin: people and cohorts.
  "app/admin/actions.ts#createStaffAction": { touches: ["users", "audit_log"], expect: ADMIN_ONLY, form: () => ({ name: "New Staff", email: "new.staff@world.example", role: "coach", timeZone: "UTC" }) },
  "app/admin/actions.ts#changeRoleAction": { touches: ["users"], expect: ADMIN_ONLY, form: (c) => ({ userId: c.w.users.owner.id, role: "coach" }) },
  "app/admin/actions.ts#setActiveAction": { touches: ["users"], expect: ADMIN_ONLY, form: (c) => ({ userId: c.w.users.owner.id, active: "false" }) },
  "app/admin/actions.ts#resetPasswordAction": { touches: ["users"], expect: ADMIN_ONLY, form: (c) => ({ userId: c.w.users.owner.id }) },
  "app/admin/actions.ts#createCohortAction": { touches: ["cohorts"], expect: ADMIN_ONLY, form: () => ({ name: "New cohort" }) },
  "app/admin/actions.ts#renameCohortAction": { touches: ["cohorts"], expect: ADMIN_ONLY, form: (c) => ({ cohortId: c.w.owner.cohortId, name: "Renamed cohort" }) },
  "app/admin/actions.ts#archiveCohortAction": { touches: ["cohorts"], expect: ADMIN_ONLY, form: (c) => ({ cohortId: c.w.owner.cohortId, archived: "true" }) },
  "app/admin/actions.ts#addMembersAction": { touches: ["cohort_members"], expect: ADMIN_ONLY, form: (c) => ({ cohortId: c.w.owner.cohortId, emails: c.w.users.otherLearner.email }) },
  "app/admin/actions.ts#removeMemberAction": { touches: ["cohort_members"], expect: ADMIN_ONLY, form: (c) => ({ cohortId: c.w.owner.cohortId, learnerId: c.w.users.owner.id }) },
  "app/admin/actions.ts#assignCoachAction": { touches: ["coach_assignments"],
    expect: ADMIN_ONLY,
    form: (c) => ({ cohortId: c.w.owner.cohortId, coachId: c.w.users.otherCoach.id, "learnerIds[]": [c.w.users.owner.id] }),
  },

  // The question bank: shared by every coach and admin.
  "app/bank/actions.ts#createQuestionAction": { touches: ["questions"], expect: EDITORS, form: (c) => questionFields(c, "world-new-question-01") },
  "app/bank/actions.ts#updateQuestionAction": { touches: ["questions"], expect: EDITORS, form: (c) => questionFields(c, null, "An edited stem for the world question: which option is right?") },
  "app/bank/actions.ts#setQuestionStatusAction": { touches: ["questions"], expect: EDITORS, form: (c) => ({ id: c.w.questionId, status: "retired" }) },
  "app/bank/actions.ts#importQuestionsAction": { touches: ["questions"],
    expect: EDITORS,
    form: async (c) => {
      const [row] = await c.db.select().from(questions).where(eq(questions.id, c.w.questionId));
      return { json: JSON.stringify([{ ...rowToQuestion(row!), id: "world-imported-question-01" }]) };
    },
  },

  "app/bank/actions.ts#saveEntryAction": { touches: ["questions"],
    expect: EDITORS,
    form: () => ({ mode: "create", json: JSON.stringify({ ...(ENTRY_TEMPLATES.hotspot as object), id: "world-new-entry-01" }) }),
  },

  // A learner's own attempts.
  "app/learn/attempts/actions.ts#recordAttemptAction": { touches: ["exam_attempts"],
    expect: ANY_LEARNER,
    form: () => ({ takenAt: utcMinute(new Date(Date.now() - 86_400_000)), outcome: "fail", score: "620", ...bars }),
    note: "records an attempt of the caller's own (no id to aim elsewhere)",
  },
  "app/learn/attempts/actions.ts#updateAttemptAction": { touches: ["exam_attempts"], expect: OWNER_ONLY, form: (c) => attemptEdit(c, c.w.owner.attemptIds[1]) },
  "app/learn/attempts/actions.ts#updateAttemptAction [the other learner's attempt]": { touches: ["exam_attempts"], expect: OTHER_LEARNER_ONLY, form: (c) => attemptEdit(c, c.w.other.attemptId) },
  "app/learn/attempts/actions.ts#deleteAttemptAction": { touches: ["exam_attempts"], expect: OWNER_ONLY, form: (c) => ({ id: c.w.owner.attemptIds[1] }) },
  "app/learn/attempts/actions.ts#deleteAttemptAction [the other learner's attempt]": { touches: ["exam_attempts"], expect: OTHER_LEARNER_ONLY, form: (c) => ({ id: c.w.other.attemptId }) },

  // A learner's own repair plan.
  "app/learn/plan/actions.ts#submitEvidenceAction": { touches: ["plan_tasks"],
    expect: OWNER_ONLY,
    form: (c) => ({ taskId: c.w.owner.tasks.todo, text: "I rebuilt the peering and tested it end to end.", link: "https://example.com/lab" }),
  },
  "app/learn/plan/actions.ts#submitEvidenceAction [a task of the owner's draft plan]": { touches: ["plan_tasks"],
    expect: "401 404 404 403 403 403 401",
    form: (c) => ({ taskId: c.w.owner.draftTaskId, text: "Evidence for a plan that is not assigned yet." }),
    note: "a draft is the coach's until assigned",
  },
  "app/learn/plan/actions.ts#startRetestAction": { touches: ["practice_sessions", "practice_items", "plan_tasks"], expect: OWNER_ONLY, form: (c) => ({ taskId: c.w.owner.tasks.retest }) },

  // Practice.
  "app/learn/practice/actions.ts#startPracticeAction": { touches: ["practice_sessions", "practice_items"], expect: ANY_LEARNER, form: () => ({ mode: "timed-mixed", preset: "10-20" }), note: "starts a set of the caller's own" },
  "app/learn/practice/actions.ts#submitPracticeAction": { touches: ["practice_sessions"], expect: OWNER_ONLY, form: (c) => ({ id: c.w.owner.practiceSessionId }) },
  "app/learn/practice/actions.ts#submitPracticeAction [the other learner's set]": { touches: ["practice_sessions"], expect: OTHER_LEARNER_ONLY, form: (c) => ({ id: c.w.other.practiceSessionId }) },

  // The know-the-rules check: any learner, for themselves.
  "app/learn/rules/actions.ts#checkRulesAction": { touches: ["rules_checks"],
    expect: ANY_LEARNER,
    form: () => ({ seed: "7", ...Object.fromEntries(buildRulesCheck(MICROSOFT_RETAKE_POLICY, 7).map((q) => [`q_${q.id}`, q.correct])) }),
    note: "records the caller's own take (no id to aim elsewhere)",
  },

  // Learners' own variations: written by the learner from their own misses; read, commented and
  // copied into the bank by their coach only.
  "app/learn/variations/actions.ts#writeVariationAction": { touches: ["questions", "audit_log"],
    expect: OWNER_ONLY,
    form: async (c) => {
      const [q] = await c.db.select().from(questions).where(eq(questions.id, c.w.practiceQuestionIds[0]!));
      const options = q!.options as { key: string; text: string }[];
      return {
        sessionId: c.w.owner.submittedPracticeSessionId,
        position: "1",
        stem: `${q!.stem} A route table now sends the subnet's traffic to an appliance.`,
        ...Object.fromEntries(options.map((o) => [`opt_${o.key}_text`, o.text])),
        answer: [...q!.answer],
        whatChanged: "A route table was added to the subnet.",
        whyAnswerChanges: "Traffic now passes the appliance first, so the effective route decides the answer.",
      };
    },
    note: "from a miss in the owner's own submitted set; another learner finds no such miss of theirs",
  },
  "app/coach/variation-actions.ts#commentVariationAction": { touches: ["variation_comments", "audit_log"],
    expect: OWNERS_COACH,
    form: (c) => ({ questionId: c.w.owner.variationId, body: "The route table does change the answer: good." }),
  },
  "app/coach/variation-actions.ts#copyVariationToBankAction": { touches: ["questions", "variation_comments", "audit_log"],
    expect: OWNERS_COACH,
    form: (c) => ({ questionId: c.w.owner.variationId }),
  },

  // The coach's plan editor: only the learner's assigned coach.
  "app/coach/plan-actions.ts#generatePlanAction": { touches: ["repair_plans", "plan_tasks"],
    expect: "401 403 404 allow 404 403 401",
    form: (c) => ({ learnerId: c.w.users.owner.id, startDate: "", lengthDays: "" }),
    note: "a learner makes their own plan only without a coach (the owner has one: 403); never anyone else's (404)",
  },
  "app/coach/plan-actions.ts#generatePlanAction [the other learner]": { touches: ["repair_plans", "plan_tasks"],
    expect: "401 404 403 404 allow 403 401",
    form: (c) => ({ learnerId: c.w.users.otherLearner.id, startDate: "", lengthDays: "" }),
  },
  "app/coach/plan-actions.ts#assignPlanAction": { touches: ["repair_plans"], expect: OWNERS_COACH_EDITOR, form: (c) => ({ planId: c.w.owner.draftPlanId }) },
  "app/coach/plan-actions.ts#assignPlanAction [the owner's self-made draft]": { touches: ["repair_plans"],
    expect: "401 403 404 403 404 403 401",
    form: (c) => ({ planId: c.w.owner.selfPlanId }),
    note: "the owner's own draft, but a coach is assigned now: only the coach decides (after taking it over) what the learner follows",
  },
  "app/coach/plan-actions.ts#takeOverPlanAction": { touches: ["repair_plans"], expect: OWNERS_COACH, form: (c) => ({ planId: c.w.owner.selfPlanId }) },
  // The owner's active plan ends with a retest that still shows core gaps: its coach may add the next cycle.
  "app/coach/plan-actions.ts#acceptCycleAction": { touches: ["repair_plans", "plan_tasks"],
    expect: OWNERS_COACH_EDITOR,
    form: (c) => ({ planId: c.w.owner.planId, basisSessionId: c.w.owner.closingSessionId }),
    note: "a learner accepts only for a plan they control; the owner's self-made plan is a draft (no cycle): see lib/plans/server/cycles.int.test.ts",
  },
  "app/coach/plan-actions.ts#editTaskAction": { touches: ["plan_tasks"],
    expect: OWNERS_COACH_EDITOR,
    form: (c) => ({ planId: c.w.owner.planId, taskId: c.w.owner.tasks.todo, title: "Edited title", instructions: "Edited.", evidenceRequired: "A screenshot", day: "2" }),
  },
  "app/coach/plan-actions.ts#addTaskAction": { touches: ["plan_tasks"],
    expect: OWNERS_COACH_EDITOR,
    form: (c) => ({ planId: c.w.owner.planId, title: "Added task", instructions: "Do it.", evidenceRequired: "Notes", day: "3", domain: "storage", phase: "rebuild" }),
  },
  "app/coach/plan-actions.ts#removeTaskAction": { touches: ["plan_tasks"], expect: OWNERS_COACH_EDITOR, form: (c) => ({ planId: c.w.owner.planId, taskId: c.w.owner.tasks.todo }) },
  "app/coach/plan-actions.ts#moveTaskAction": { touches: ["plan_tasks"], expect: OWNERS_COACH_EDITOR, form: (c) => ({ planId: c.w.owner.planId, taskId: c.w.owner.tasks.todo, direction: "down" }) },
  "app/coach/plan-actions.ts#setTargetDateAction": { touches: ["repair_plans"],
    expect: OWNERS_COACH_EDITOR,
    form: (c) => ({ planId: c.w.owner.planId, targetDate: addDays(isoDateInZone(new Date(), "UTC"), 30), confirmEarly: "1" }),
  },
  // The owner's self-made plan (made before their coach was assigned): the same editor, the owner's own.
  "app/coach/plan-actions.ts#editTaskAction [the owner's self-made plan]": { touches: ["plan_tasks"],
    expect: OWNERS_OWN_PLAN,
    form: (c) => ({ planId: c.w.owner.selfPlanId, taskId: c.w.owner.selfTaskId, title: "My SAS lab", instructions: "Twice.", evidenceRequired: "Output", day: "2" }),
  },
  "app/coach/plan-actions.ts#addTaskAction [the owner's self-made plan]": { touches: ["plan_tasks"],
    expect: OWNERS_OWN_PLAN,
    form: (c) => ({ planId: c.w.owner.selfPlanId, title: "My extra task", instructions: "", evidenceRequired: "", day: "1", domain: "storage", phase: "prove" }),
  },
  "app/coach/plan-actions.ts#removeTaskAction [the owner's self-made plan]": { touches: ["plan_tasks"], expect: OWNERS_OWN_PLAN, form: (c) => ({ planId: c.w.owner.selfPlanId, taskId: c.w.owner.selfTaskId }) },
  "app/coach/plan-actions.ts#moveTaskAction [the owner's self-made plan]": { touches: ["plan_tasks"], expect: OWNERS_OWN_PLAN, form: (c) => ({ planId: c.w.owner.selfPlanId, taskId: c.w.owner.selfTaskId, direction: "down" }) },
  "app/coach/plan-actions.ts#setTargetDateAction [the owner's self-made plan]": { touches: ["repair_plans"],
    expect: OWNERS_OWN_PLAN,
    form: (c) => ({ planId: c.w.owner.selfPlanId, targetDate: addDays(isoDateInZone(new Date(), "UTC"), 31), confirmEarly: "1" }),
  },
  "app/coach/plan-actions.ts#reviewTaskAction": { touches: ["plan_tasks"], expect: OWNERS_COACH, form: (c) => ({ taskId: c.w.owner.tasks.submitted, decision: "accept", comment: "Good work." }) },
  "app/coach/plan-actions.ts#reviewTaskAction [the other learner's task]": { touches: ["plan_tasks"],
    expect: OTHERS_COACH,
    form: (c) => ({ taskId: c.w.other.submittedTaskId, decision: "return", comment: "Show the cost report." }),
  },
  // The owner's plan id with a task of another learner's plan: the task must belong to the plan.
  "app/coach/plan-actions.ts#editTaskAction [owner's plan, another plan's task]": { touches: ["plan_tasks"],
    expect: MIXED_IDS,
    form: (c) => ({ planId: c.w.owner.planId, taskId: c.w.other.submittedTaskId, title: "Hijacked", instructions: "", evidenceRequired: "", day: "1" }),
  },
  "app/coach/plan-actions.ts#removeTaskAction [owner's plan, another plan's task]": { touches: ["plan_tasks"],
    expect: MIXED_IDS,
    form: (c) => ({ planId: c.w.owner.planId, taskId: c.w.other.submittedTaskId }),
  },
  "app/coach/plan-actions.ts#moveTaskAction [owner's plan, another plan's task]": { touches: ["plan_tasks"],
    expect: MIXED_IDS,
    form: (c) => ({ planId: c.w.owner.planId, taskId: c.w.other.submittedTaskId, direction: "down" }),
  },

  // Route handlers.
  "app/admin/analytics/export.csv/route.ts#GET": {
    expect: ADMIN_ONLY,
    writes: false,
    request: (c) => ({ url: `${BASE}/admin/analytics/export.csv?cohort=${c.w.owner.cohortId}` }),
  },
  "app/api/auth/[...nextauth]/route.ts#GET": {
    expect: "allow allow allow allow allow allow allow",
    writes: false,
    request: () => ({ url: `${BASE}/api/auth/csrf`, params: { nextauth: "csrf" } }),
    note: "Auth.js's public endpoints (here the CSRF token); sessions come from its cookie, not from a persona",
  },
  "app/api/auth/[...nextauth]/route.ts#POST": {
    expect: "allow allow allow allow allow allow 401",
    writes: false,
    request: async (c) => {
      const { GET } = await import("@/app/api/auth/[...nextauth]/route");
      const res = await GET(new NextRequest(`${BASE}/api/auth/csrf`));
      const { csrfToken } = (await res.json()) as { csrfToken: string };
      const cookie = res.headers.getSetCookie().map((s) => s.split(";")[0]).join("; ");
      const body = new URLSearchParams({ email: ownEmail(c), password: WORLD_PASSWORD, csrfToken, callbackUrl: `${BASE}/` });
      return {
        url: `${BASE}/api/auth/callback/credentials`,
        init: { method: "POST", body, headers: { cookie, "content-type": "application/x-www-form-urlencoded" } },
        params: { nextauth: "callback/credentials" },
      };
    },
    note: "the real credentials sign-in, with each persona's own credentials (signed out: the owner's)",
  },
  "app/learn/status/calendar.ics/route.ts#GET": { expect: ANY_LEARNER, writes: false, request: () => ({ url: `${BASE}/learn/status/calendar.ics` }), note: "the caller's own calendar" },
  "app/plans/[id]/calendar.ics/route.ts#GET": {
    expect: "401 allow 404 allow 404 404 401",
    writes: false,
    request: (c) => ({ url: `${BASE}/plans/${c.w.owner.planId}/calendar.ics`, params: { id: c.w.owner.planId } }),
    note: "the plan's learner and the learner's coach only",
  },
  "app/plans/[id]/calendar.ics/route.ts#GET [the owner's self-made draft]": {
    expect: "401 allow 404 allow 404 404 401",
    writes: false,
    request: (c) => ({ url: `${BASE}/plans/${c.w.owner.selfPlanId}/calendar.ics`, params: { id: c.w.owner.selfPlanId } }),
    note: "the learner's own draft is theirs; their coach reads it too",
  },
  "app/plans/[id]/calendar.ics/route.ts#GET [the owner's draft plan]": {
    expect: "401 404 404 allow 404 404 401",
    writes: false,
    request: (c) => ({ url: `${BASE}/plans/${c.w.owner.draftPlanId}/calendar.ics`, params: { id: c.w.owner.draftPlanId } }),
    note: "a draft is not the learner's yet",
  },
  "app/api/practice/[id]/answers/route.ts#POST": { touches: ["practice_items"],
    expect: "401 allow 404 404 404 404 401",
    request: (c) => ({
      url: `${BASE}/api/practice/${c.w.owner.practiceSessionId}/answers`,
      init: { method: "POST", body: JSON.stringify({ answers: [{ position: 1, response: ["A"], flagged: false, seq: 1, timeMs: 1000 }] }), headers: { "content-type": "application/json" } },
      params: { id: c.w.owner.practiceSessionId },
    }),
  },
  "app/api/practice/[id]/answers/route.ts#POST [the other learner's set]": { touches: ["practice_items"],
    expect: "401 404 allow 404 404 404 401",
    request: (c) => ({
      url: `${BASE}/api/practice/${c.w.other.practiceSessionId}/answers`,
      init: { method: "POST", body: JSON.stringify({ answers: [{ position: 1, response: ["A"], flagged: false, seq: 1, timeMs: 1000 }] }), headers: { "content-type": "application/json" } },
      params: { id: c.w.other.practiceSessionId },
    }),
  },
  // The runner's question text, loaded after its page: the set's learner only, and a read.
  "app/api/practice/[id]/content/route.ts#GET": {
    expect: "401 allow 404 403 403 403 401",
    writes: false,
    request: (c) => ({ url: `${BASE}/api/practice/${c.w.owner.practiceSessionId}/content`, params: { id: c.w.owner.practiceSessionId } }),
  },
  "app/api/practice/[id]/content/route.ts#GET [the other learner's set]": {
    expect: "401 404 allow 403 403 403 401",
    writes: false,
    request: (c) => ({ url: `${BASE}/api/practice/${c.w.other.practiceSessionId}/content`, params: { id: c.w.other.practiceSessionId } }),
  },
  "app/bank/export.json/route.ts#GET": { expect: EDITORS, writes: false, request: () => ({ url: `${BASE}/bank/export.json` }) },

  // Password reset by email: public; the token in the link is the only authorization.
  "app/(auth)/forgot-password/actions.ts#requestPasswordResetAction": { touches: ["password_reset_tokens", "mail_outbox"],
    expect: "allow allow allow allow allow allow noop",
    form: (c) => ({ email: ownEmail(c) }),
    note: "each persona asks for its own account (signed out: the owner's); a deactivated account gets the same answer and nothing is sent",
  },
  "app/(auth)/reset-password/actions.ts#resetPasswordAction": { touches: ["users", "password_reset_tokens"],
    expect: "allow allow allow allow allow allow allow",
    form: async (c) => ({ token: await ownerResetToken(c), password: "a new world passphrase", confirmPassword: "a new world passphrase" }),
    note: "whoever holds the owner's reset link sets the owner's password (and nobody is signed in by it)",
  },
  "app/(auth)/reset-password/actions.ts#resetPasswordAction [a link that was never issued]": { touches: ["users"],
    expect: "404 404 404 404 404 404 404",
    form: () => ({ token: "A".repeat(43), password: "a new world passphrase", confirmPassword: "a new world passphrase" }),
  },

  // In-app notifications and reminder choices: each person's own.
  "app/notifications/actions.ts#markNotificationsReadAction": { touches: ["notifications"], expect: "401 allow 404 404 404 404 401", form: (c) => ({ id: c.w.owner.notificationId }) },
  "app/notifications/actions.ts#markNotificationsReadAction [all]": { touches: ["notifications"],
    expect: "401 allow noop noop noop noop 401",
    form: () => ({ id: "all" }),
    note: "the caller's own unread notifications: only the owner has one",
  },
  "app/account/reminders/actions.ts#saveReminderPreferencesAction": { touches: ["notification_preferences"],
    expect: "401 allow allow allow allow noop 401",
    form: () => ({}),
    note: "the caller's own choices (all off); admins have no reminder kinds",
  },

  // One-click unsubscribe from a mail: the signed token is the authorization, whoever sends it.
  "app/api/unsubscribe/route.ts#POST": { touches: ["notification_preferences"],
    expect: "allow allow allow allow allow allow allow",
    request: (c) => ({
      url: `${BASE}/api/unsubscribe?token=${encodeURIComponent(signUnsubscribe(authSecret(), c.w.users.owner.id, "plan-today"))}`,
      init: { method: "POST", body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } },
    }),
  },
  "app/api/unsubscribe/route.ts#POST [a forged token]": { touches: ["notification_preferences"],
    expect: "404 404 404 404 404 404 404",
    request: (c) => ({
      url: `${BASE}/api/unsubscribe?token=${encodeURIComponent(signUnsubscribe("a-different-secret-0123456789abcdefgh", c.w.users.owner.id, "plan-today"))}`,
      init: { method: "POST", body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } },
    }),
  },
  "app/api/unsubscribe/route.ts#GET": {
    expect: "allow allow allow allow allow allow allow",
    writes: false,
    request: (c) => ({ url: `${BASE}/api/unsubscribe?token=${encodeURIComponent(signUnsubscribe(authSecret(), c.w.users.owner.id, "plan-today"))}` }),
    note: "opening the link only leads to the confirmation page",
  },
  "app/account/export.json/route.ts#GET": {
    expect: "401 allow allow allow allow allow 401",
    writes: false,
    request: () => ({ url: `${BASE}/account/export.json` }),
    note: "download my data: the caller's own, every role",
  },
};

// ---------------------------------------------------------------------------------------------
// Calling and classifying
// ---------------------------------------------------------------------------------------------

/** The world's analytics rollups are rebuilt too, so the CSV export has figures to export. */
const WORLD_OPTIONS = { rollups: true };

/** Tables a refused call may change on purpose. */
const VOLATILE = new Set(["login_throttle"]);

async function fingerprint(db: DbHandle["db"], tables: string[]): Promise<Map<string, string>> {
  const parts = tables.filter((t) => !VOLATILE.has(t)).map((t) => `select '${t}' as t, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from "${t}" x`);
  const res = await db.execute<{ t: string; h: string }>(sql.raw(parts.join(" union all ")));
  const rows = Array.isArray(res) ? res : (res as { rows: { t: string; h: string }[] }).rows;
  return new Map(rows.map((r) => [r.t, r.h]));
}

function changedTables(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...a.keys()].filter((t) => a.get(t) !== b.get(t));
}

type Outcome = { kind: "ok"; detail: string } | { kind: "refused"; label: Label; detail: string } | { kind: "other"; detail: string };

function digestOf(err: unknown): string | null {
  return typeof err === "object" && err !== null && typeof (err as { digest?: unknown }).digest === "string" ? (err as { digest: string }).digest : null;
}

function fromThrown(err: unknown): Outcome {
  const digest = digestOf(err);
  if (digest?.startsWith("NEXT_REDIRECT;")) {
    const url = digest.split(";").slice(2, -2).join(";");
    return { kind: "ok", detail: `redirect ${url}` };
  }
  if (digest?.startsWith("NEXT_HTTP_ERROR_FALLBACK;")) {
    const status = digest.split(";")[1]!;
    return status === "401" || status === "403" || status === "404" ? { kind: "refused", label: status, detail: `${status} thrown` } : { kind: "other", detail: digest };
  }
  throw err;
}

const REFUSALS: [RegExp, Label][] = [
  [/session has ended/i, "401"],
  [new RegExp(`^(${GENERIC_SIGN_IN_ERROR}|${THROTTLED_SIGN_IN_ERROR})$`.replace(/[.?]/g, "\\$&")), "401"],
  [/role does not allow/i, "403"],
  [/does not exist|not yours|not in your current plan|not part of this plan/i, "404"],
  [/reset link has expired or was already used/i, "404"],
  // Refused for who the caller is to this plan: a coach before taking over the learner's own plan,
  // a learner with a coach making or starting a plan of their own.
  [new RegExp(`^(${TAKE_OVER_FIRST}|${COACH_MAKES_PLANS})$`.replace(/[.?]/g, "\\$&")), "403"],
];

function fromState(state: FormState): Outcome {
  if (state.status === "success") return { kind: "ok", detail: state.message ?? "success" };
  const message = state.message ?? "";
  for (const [re, label] of REFUSALS) if (re.test(message)) return { kind: "refused", label, detail: message };
  return { kind: "other", detail: `${message} ${JSON.stringify(state.errors ?? {})}` };
}

async function fromResponse(res: Response): Promise<Outcome> {
  const s = res.status;
  if (s >= 300 && s < 400) {
    const location = res.headers.get("location") ?? "";
    // Auth.js answers a refused sign-in with a redirect to the sign-in page carrying ?error=.
    if (/[?&]error=/.test(location)) return { kind: "refused", label: "401", detail: `${s} ${location}` };
    return { kind: "ok", detail: `${s} ${location}` };
  }
  if (s >= 200 && s < 300) return { kind: "ok", detail: String(s) };
  if (s === 401 || s === 403 || s === 404) return { kind: "refused", label: String(s) as Label, detail: `${s} ${(await res.text()).slice(0, 120)}` };
  return { kind: "other", detail: `HTTP ${s} ${(await res.text()).slice(0, 200)}` };
}

function toFormData(fields: Fields): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) fd.append(k, item);
  return fd;
}

async function invoke(ep: Endpoint, row: Row, c: Ctx): Promise<Outcome> {
  try {
    if (ep.kind === "action") {
      const state = (await ep.fn(initialFormState, toFormData(await row.form!(c)))) as FormState | undefined;
      return state ? fromState(state) : { kind: "ok", detail: "returned" };
    }
    const r = await row.request!(c);
    // The persona's session cookie as well as auth(): a handler may read the token itself.
    const headers = new Headers(r.init?.headers);
    if (!headers.has("cookie") && c.p !== "signedOut") headers.set("cookie", await sessionCookieFor(c.w, c.p, tokenOptions(c)));
    const init = { ...r.init, headers } as ConstructorParameters<typeof NextRequest>[1];
    const res = (await ep.fn(new NextRequest(r.url, init), { params: Promise.resolve(r.params ?? {}) })) as Response;
    return await fromResponse(res);
  } catch (err) {
    return fromThrown(err);
  }
}

/** The cell: the outcome as a label, "+WRITE" when a refusal or a read changed the database. */
function cellOf(outcome: Outcome, changed: string[], row: Row): string {
  const writes = row.writes ?? true;
  if (outcome.kind === "other") return `ERR`;
  if (outcome.kind === "refused") return changed.length ? `${outcome.label}+WRITE` : outcome.label;
  if (!writes) return changed.length ? "allow+WRITE" : "allow";
  if (!changed.length) return "noop";
  const missing = (row.touches ?? []).filter((t) => !changed.includes(t));
  return missing.length ? `allow-without-${missing.join("+")}` : "allow";
}

// ---------------------------------------------------------------------------------------------

let h: DbHandle;
let endpoints: Endpoint[];
beforeAll(async () => {
  h = await createTestDatabase();
  useDatabaseForTests(h);
  endpoints = await discover();
});
afterAll(async () => h?.close());

describe(`authorization matrix of every Server Action and route handler (${ENGINE})`, () => {
  it("recognises a \"use server\" module by its first statement only", () => {
    expect(isServerActionModule(`"use server";\nexport async function a() {}`)).toBe(true);
    expect(isServerActionModule(`// comment\n/* block */\n'use server'\n`)).toBe(true);
    expect(isServerActionModule(`import x from "y";\n"use server";`)).toBe(false);
    expect(isServerActionModule(`export const a = "use server";`)).toBe(false);
  });

  it("has a row for every discovered endpoint and no row for one that does not exist", () => {
    const found = endpoints.map((e) => e.key).sort();
    expect(found.length).toBeGreaterThan(30);
    expect(found.filter((k) => !(k in TABLE)), "endpoints without a row in TABLE").toEqual([]);
    expect(Object.keys(TABLE).filter((k) => !found.includes(endpointOf(k))).sort(), "rows for endpoints that no longer exist").toEqual([]);
    for (const [key, row] of Object.entries(TABLE)) {
      expect(row.expect.split(" "), key).toHaveLength(PERSONAS.length);
      expect(row.expect.split(" ").every((l) => LABELS.includes(l)), `${key}: labels are ${LABELS.join(", ")}`).toBe(true);
      const ep = endpoints.find((e) => e.key === endpointOf(key));
      if (ep) expect(ep.kind === "action" ? row.form : row.request, `${key} needs a ${ep.kind === "action" ? "form" : "request"}`).toBeTypeOf("function");
      if (row.writes ?? true) expect(row.touches?.length, `${key} writes: name the tables it touches`).toBeGreaterThan(0);
    }
  });

  it("gives every persona the expected answer, and a refusal never writes", { timeout: 240_000 }, async () => {
    const tables = await publicTables(h.db);
    const world = await buildWorld(h.db, WORLD_OPTIONS);
    const baseline = await fingerprint(h.db, tables);
    const matrix: { key: string; cells: string[] }[] = [];
    const failures: string[] = [];
    const started = Date.now();
    let calls = 0;

    const cases = endpoints.flatMap((ep) =>
      Object.keys(TABLE)
        .filter((k) => endpointOf(k) === ep.key)
        .sort()
        .map((key) => ({ key, ep, row: TABLE[key]! })),
    );
    for (const { key, ep, row } of cases) {
      const perPersona = row.expect.split(" ");
      const expected = COLUMNS.map((col) => (col.retired ? perPersona[0]! : perPersona[PERSONAS.indexOf(col.persona)]!));
      const cells: string[] = [];
      for (const [i, col] of COLUMNS.entries()) {
        const p = col.persona;
        mocks.session.mockResolvedValue(sessionFor(world, p, tokenOptions({ w: world, retired: col.retired })));
        // Each call sees the world as built, and what it wrote is rolled back afterwards.
        const { outcome, changed } = await inRolledBackTransaction(h, async (tx) => {
          const outcome = await invoke(ep, row, { w: world, p, db: tx, retired: col.retired });
          return { outcome, changed: changedTables(baseline, await fingerprint(tx, tables)) };
        });
        calls++;
        const cell = cellOf(outcome, changed, row);
        cells.push(cell === expected[i] ? cell : `${cell}≠${expected[i]}`);
        if (cell !== expected[i]) {
          failures.push(`${key} as ${col.name}: expected ${expected[i]}, got ${cell} (${outcome.detail}${changed.length ? `; changed ${changed.join(", ")}` : ""})`);
        }
      }
      matrix.push({ key, cells });
    }
    expect(changedTables(baseline, await fingerprint(h.db, tables)), "every call was rolled back").toEqual([]);

    const header = ["endpoint", ...COLUMNS.map((c) => c.name)];
    const lines = [header, ...matrix.map((m) => [m.key.replace(/^app\//, ""), ...m.cells])];
    const widths = header.map((_, c) => Math.max(...lines.map((l) => l[c]!.length)));
    const fmt = (l: string[]) => `| ${l.map((s, c) => s.padEnd(widths[c]!)).join(" | ")} |`;
    const table = [fmt(lines[0]!), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...lines.slice(1).map(fmt)].join("\n");
    console.log(
      `\nAuthorization matrix (${ENGINE}): ${endpoints.length} endpoints, ${matrix.length} requests × ${COLUMNS.length} callers, ${calls} calls, ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
        `allow = done (and written, for an endpoint that writes) · noop = nothing to do · 401 signed out or deactivated · 403 role · 404 not found / not theirs\n` +
        `ownerRetiredToken = the owner with a token minted before a sign-out: expected to match signedOut.\n` +
        `Targets are the owner learner's resources; "≠x" marks a cell that differs from the expected x.\n\n${table}\n`,
    );
    expect(failures).toEqual([]);
  });
});
