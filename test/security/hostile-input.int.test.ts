/**
 * Hostile input against every Server Action and the autosave JSON endpoint.
 *
 * Every "use server" module under app/ is discovered by walking the file system, and every
 * function it exports must have an entry in SPECS below: a new action without one fails the
 * first test. Each action is called in-process as an AUTHORIZED persona (the right role, the
 * owner of the resources in its valid form), so the input really reaches validation and the
 * handler. fast-check starts from that valid form and replaces one to three fields with hostile
 * values (wrong types, empty, 100k+ characters, NUL and lone surrogates, RTL and zero-width
 * characters, SQL and HTML fragments, ids of other users' resources, negative / enormous / NaN /
 * Infinity numbers, dates in year 0001, 9999 and 275760), sends some fields twice or as a list
 * ("name[]") or not at all, and adds junk fields. For every run:
 *
 * - the action resolves (a Next redirect/forbidden/notFound is control flow, not a failure);
 * - the result is never the generic "Something went wrong" server failure;
 * - an error result leaves every table of the database unchanged (test/db-fingerprint.ts) and
 *   names a field that was tampered with (or is a plain refusal message);
 * - a "strict" field (ids, enums, dates, numbers, emails, time zones) must refuse every hostile
 *   value that its `legit` predicate does not accept;
 * - a free-"text" field (names, notes, instructions, question text) may legitimately accept SQL,
 *   HTML, RTL or emoji: when the action succeeds, the value must be stored verbatim (after the
 *   trim every form applies), i.e. as text, never interpreted. Values that can never be stored
 *   (over the length limit, empty when required, a NUL, an unpaired surrogate, a list) must be
 *   refused;
 * - a "lenient" field is interpreted rather than validated (a paste of emails reported line by
 *   line, a password at sign-in, a return path that is sanitised): any outcome is allowed, the
 *   other assertions still hold.
 *
 * fast-check prints the seed and the shrunk counterexample on failure; replay with
 * `{ seed, path }` in fc.assert. Regression cases found this way sit in the last describe.
 */
import fs from "node:fs";
import path from "node:path";
import { eq, sql, type SQL } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loginThrottle as throttleRows, users as accountUsers } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { useDatabaseForTests, type DbHandle } from "@/db/client";
import { cohortMembers, cohorts, coachAssignments, examAttempts, planTasks, repairPlans, users, type ExamRow } from "@/db/schema";
import { seedReferenceData } from "@/lib/reference/server/sync";
import { queryRows } from "@/lib/analytics/server/sql";
import { deleteAttempt, recordAttempt } from "@/lib/attempts/server/attempts";
import { getExamByCode } from "@/lib/exam/server/exams";
import { DOMAIN_KEYS, ITEM_TYPES, MISS_CATEGORIES } from "@/lib/exam/az104";
import { formDataToObject } from "@/lib/actions";
import { initialFormState, type FormState } from "@/lib/form-state";
import { startPractice, submitPractice } from "@/lib/practice/server/sessions";
import { createVariation, variationSource } from "@/lib/variations/server/variations";
import { variationFormSchema } from "@/lib/validation/variation";
import { RULES_TOPICS } from "@/lib/policy/rules-check";
import { getQuestion } from "@/lib/questions/server/bank";
import { assignPlan, createDraftPlan, submitEvidence } from "@/lib/plans/server/repair-plans";
import { isValidTimeZone } from "@/lib/validation/auth";
import { isCalendarDate } from "@/lib/plans/dates";
import { changedTables, fingerprint, type Fingerprint } from "@/test/db-fingerprint";
import { notifications, passwordResetTokens } from "@/db/schema";
import { hashResetToken } from "@/lib/auth/server/password-reset";
import { signUnsubscribe } from "@/lib/mail/unsubscribe-token";
import { KIND_INFO, REMINDER_KINDS } from "@/lib/notifications/kinds";
import { ENGINE, createTestDatabase } from "@/test/db";

// The autosave route decrypts the session cookie itself (no auth()); it reads this secret on first use.
vi.hoisted(() => {
  process.env.AUTH_SECRET = "hostile-input-test-secret-0123456789-abcdef";
});

const session = vi.fn();
const signIn = vi.fn();
vi.mock("@/auth", () => ({
  auth: () => session(),
  signIn: (...args: unknown[]) => signIn(...args),
  signOut: async (opts: { redirectTo: string }) => {
    const { redirect } = await import("next/navigation");
    redirect(opts.redirectTo);
  },
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));
// Actions that read the client address (the password reset's throttle) see one fixed client.
vi.mock("next/headers", async (orig) => ({ ...(await orig<typeof import("next/headers")>()), headers: async () => new Headers({ "x-forwarded-for": "203.0.113.9" }) }));

const ROOT = path.resolve(__dirname, "../..");
const NUM_RUNS = Number(process.env.HOSTILE_RUNS ?? 25);
const GENERIC = /something went wrong/i;
const LEAKY = /PostgresError|syntax error|violates|TypeError|ReferenceError|\bat .+\(.+:\d+:\d+\)|invalid byte sequence/i;
const DAY = 86_400_000;
/** The wrapper's refusals before validation: a spec whose persona hears these tests nothing. */
const NOT_ALLOWED = /session has ended|role does not allow/i;

// ------------------------------------------------------------------------------------------------
// Discovery
// ------------------------------------------------------------------------------------------------

/** Files under app/ whose first statement is the "use server" directive (comments may precede it). */
function findUseServerModules(dir = path.join(ROOT, "app")): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findUseServerModules(full));
    else if (/\.(ts|tsx|js|mjs)$/.test(entry.name) && !/\.test\.(ts|tsx)$/.test(entry.name)) {
      const body = fs
        .readFileSync(full, "utf8")
        .replace(/^(\s+|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*/, "");
      if (/^(['"])use server\1\s*;?/.test(body)) out.push(path.relative(ROOT, full).split(path.sep).join("/"));
    }
  }
  return out.sort();
}

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;

// ------------------------------------------------------------------------------------------------
// Fixture: personas and the resources they own
// ------------------------------------------------------------------------------------------------

type Persona = "admin" | "coachA" | "learnerA" | "anon" | "leaver";

let h: DbHandle;
let exam: ExamRow;
const id = {} as Record<
  | "admin" | "coachA" | "coachB" | "learnerA" | "learnerB" | "learnerC" | "subject"
  | "cohort" | "attA1" | "attA2" | "attB" | "planA" | "planB" | "planC" | "planSelfC"
  | "taskEdit" | "taskMove" | "taskRemove" | "taskEvidence" | "taskSubmitted" | "taskRetest" | "taskB"
  | "sessionSubmit" | "sessionB" | "questionId" | "sessionMissed" | "variationA"
  | "leaver",
  string
>;
let fixtureAttempts = new Set<string>();
let planALength = 0;
/** A question id or family: lowercase letters, digits and single hyphens, 3–80 characters (as the schema trims it). */
const isSlug = (v: string) => /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(v.trim()) && v.trim().length >= 3 && v.trim().length <= 80;
let seedQuestion: Record<string, string | string[]> = {};
/** The variation form as learnerA posts it, from question 1 of their submitted set (all missed). */
let variationForm: Record<string, string | string[]> = {};
let variationKeys: string[] = [];

function asPersona(p: Persona) {
  session.mockReset();
  if (p === "anon") session.mockResolvedValue(null);
  else session.mockResolvedValue({ user: { id: id[p] }, sv: 0, expires: "" });
}

const isoLocal = (d: Date) => d.toISOString().slice(0, 16); // every persona's zone is UTC

/** Reaching people: a reset link for the "subject" learner (renewed after each use) and an unread notification of learnerA's. */
const reach = { resetToken: "", notificationId: "", serial: 0 };
async function issueResetToken(): Promise<void> {
  reach.resetToken = `hostile-reset-${(reach.serial++).toString(36)}`.padEnd(43, "z");
  await h.db.insert(passwordResetTokens).values({ userId: id.subject, tokenHash: hashResetToken(reach.resetToken), expiresAt: new Date(Date.now() + 3_600_000) });
}
const LEARNER_KINDS = REMINDER_KINDS.filter((k) => KIND_INFO[k].roles.includes("learner"));
const checkbox = (v: Raw) => v === undefined || v === "on";
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const FAIL_BARS = { "identity-governance": 45, storage: 50, compute: 48, networking: 70, monitoring: 72 } as const;

async function fail(learnerId: string, at: Date) {
  return recordAttempt(h.db, { id: learnerId, timeZone: "UTC" }, exam, {
    takenAt: at,
    outcome: "fail",
    score: 600,
    readings: DOMAIN_KEYS.map((domain) => ({ domain, bar: FAIL_BARS[domain] })),
    hardestDomains: [],
    slowItemTypes: [],
    misreadCategories: [],
    misreadNotes: "",
    notes: "",
    certExpiresAt: null,
  });
}

beforeAll(async () => {
  h = await createTestDatabase({ max: 10 });
  useDatabaseForTests(h);
  await seedReferenceData(h.db);
  exam = await getExamByCode(h.db, "AZ-104");
  const people = await h.db
    .insert(users)
    .values(
      (
        [
          ["admin", "admin"],
          ["coachA", "coach"],
          ["coachB", "coach"],
          ["learnerA", "learner"],
          ["learnerB", "learner"],
          ["learnerC", "learner"],
          ["subject", "learner"],
        ] as const
      ).map(([key, role]) => ({ email: `${key.toLowerCase()}@example.com`, name: key, role, passwordHash: "x", timeZone: "UTC" })),
    )
    .returning();
  for (const p of people) id[p.name as keyof typeof id] = p.id;
  await h.db.insert(coachAssignments).values([
    { learnerId: id.learnerA, coachId: id.coachA },
    { learnerId: id.learnerC, coachId: id.coachA },
    { learnerId: id.subject, coachId: id.coachA },
    { learnerId: id.learnerB, coachId: id.coachB },
  ]);
  const [cohort] = await h.db.insert(cohorts).values({ name: "Hostile cohort" }).returning();
  id.cohort = cohort!.id;
  await h.db.insert(cohortMembers).values({ cohortId: id.cohort, learnerId: id.subject });

  const now = Date.now();
  id.attA1 = await fail(id.learnerA, new Date(now - 40 * DAY));
  id.attA2 = await fail(id.learnerA, new Date(now - 20 * DAY));
  id.attB = await fail(id.learnerB, new Date(now - 20 * DAY));
  await fail(id.learnerC, new Date(now - 20 * DAY));
  fixtureAttempts = new Set([id.attA1, id.attA2]);

  id.planA = await createDraftPlan(h.db, { id: id.coachA }, id.learnerA, exam);
  await assignPlan(h.db, { id: id.coachA }, id.planA);
  id.planB = await createDraftPlan(h.db, { id: id.coachB }, id.learnerB, exam);
  await assignPlan(h.db, { id: id.coachB }, id.planB);
  id.planC = await createDraftPlan(h.db, { id: id.coachA }, id.learnerC, exam);
  // A plan learnerC made for themselves before coachA was assigned: coachA may take it over.
  const [selfC] = await h.db
    .insert(repairPlans)
    .values({ learnerId: id.learnerC, coachId: null, controlledBy: "learner", examId: exam.id, template: "broad-miss", status: "draft", startDate: isoDay(new Date()), lengthDays: 10, targetDate: tomorrowPlus(30) })
    .returning({ id: repairPlans.id });
  id.planSelfC = selfC!.id;
  // A task may move to any day of its plan: "4" is a legitimate day in a plan of 10.
  [{ lengthDays: planALength }] = (await h.db.select({ lengthDays: repairPlans.lengthDays }).from(repairPlans).where(eq(repairPlans.id, id.planA))) as [{ lengthDays: number }];

  const tasksA = await h.db.select().from(planTasks).where(eq(planTasks.planId, id.planA)).orderBy(planTasks.day, planTasks.position);
  const plain = tasksA.filter((t) => t.phase !== "retest");
  expect(plain.length).toBeGreaterThanOrEqual(5);
  [id.taskEdit, id.taskMove, id.taskRemove, id.taskEvidence, id.taskSubmitted] = plain.slice(0, 5).map((t) => t.id) as [string, string, string, string, string];
  id.taskRetest = tasksA.find((t) => t.phase === "retest")!.id;
  await submitEvidence(h.db, { id: id.learnerA }, id.taskSubmitted, { text: "I rebuilt the lab and took notes.", link: null });
  const [taskB] = await h.db.select().from(planTasks).where(eq(planTasks.planId, id.planB)).limit(1);
  id.taskB = taskB!.id;

  const set = { mode: "timed-mixed" as const, size: 10, minutes: 20, focusDomains: [] };
  id.sessionSubmit = await startPractice(h.db, id.learnerA, exam, set);
  id.sessionB = await startPractice(h.db, id.learnerB, exam, set);
  // A submitted set with nothing answered (every question a miss), and a variation written from it.
  id.sessionMissed = await startPractice(h.db, id.learnerA, exam, set);
  await submitPractice(h.db, id.learnerA, id.sessionMissed);
  // A single-answer question of that set (the form starts from its options).
  const [single] = await queryRows<{ position: number }>(
    h.db,
    sql`select pi.position from practice_items pi join questions q on q.id = pi.question_id where pi.session_id = ${id.sessionMissed} and q.kind = 'single' order by pi.position limit 1`,
  );
  const missed = (await variationSource(h.db, id.learnerA, id.sessionMissed, single!.position))!;
  variationKeys = missed.options.map((o) => o.key);
  variationForm = {
    sessionId: id.sessionMissed,
    position: String(single!.position),
    stem: `${missed.stem} The subnet now has a route table that sends traffic to an appliance.`,
    ...Object.fromEntries(missed.options.map((o) => [`opt_${o.key}_text`, o.text])),
    answer: missed.answer,
    whatChanged: "A route table was added to the subnet.",
    whyAnswerChanges: "Traffic now passes the appliance first, so the effective route decides the answer.",
  };
  id.variationA = await createVariation(h.db, { id: id.learnerA }, variationFormSchema.parse(variationForm));

  // A single-answer question whose answer is A, so option B is a wrong option with a "why wrong".
  const [pick] = await queryRows<{ id: string }>(h.db, sql`select id from questions where kind = 'single' and answer = '{A}' and status = 'published' order by id limit 1`);
  const q = (await getQuestion(h.db, exam.id, pick!.id))!;
  id.questionId = q.id;
  const options = q.options as { key: string; text: string; whyWrong?: string }[];
  seedQuestion = {
    id: q.id,
    domain: q.domain,
    category: q.category,
    tier: q.tier,
    family: q.family,
    stem: q.stem,
    explanation: q.explanation,
    status: q.status,
    answer: q.answer,
    ...Object.fromEntries(options.flatMap((o) => [[`opt_${o.key}_text`, o.text], ...(o.whyWrong ? [[`opt_${o.key}_whyWrong`, o.whyWrong]] : [])])),
  };
}, 240_000);
afterAll(async () => h?.close());
// After the fixture above: a reset link and a notification for the reaching-people specs.
beforeAll(async () => {
  await issueResetToken();
  const [n] = await h.db.insert(notifications).values({ userId: id.learnerA, kind: "plan-today", title: "Today's plan", dedupeKey: "hostile-notification" }).returning({ id: notifications.id });
  reach.notificationId = n!.id;
});

// ------------------------------------------------------------------------------------------------
// Hostile values
// ------------------------------------------------------------------------------------------------

const HUGE = [
  "x".repeat(100_001),
  "<script>".repeat(15_000),
  "\u0000".repeat(100_001),
  "é".repeat(100_001),
  "'".repeat(100_001),
  "\u202E".repeat(100_001),
];
const FIXED = [
  // empty and wrong types
  "", " ", "\t\n", "true", "false", "null", "undefined", "[]", "{}", '{"a":1}', '["A","B"]', "[object Object]",
  // numbers
  "0", "-1", "-0", "1.5", "1e3", "1e1", "1e309", "-1e309", "NaN", "Infinity", "-Infinity", "9007199254740993",
  "2147483648", "-2147483649", "99999999999999999999999", "0x1F", "0b11", "١٢", "１２", " 12 ", "12abc",
  // SQL and HTML
  "'; drop table users; --", "' OR '1'='1", "1; select pg_sleep(5); --", "$$; drop table users; $$", "\\", "%", "_%", "\\x00",
  "Robert'); DROP TABLE questions;--", "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>", "{{7*7}}", "${7*7}", "../../etc/passwd", "%00", "%2e%2e%2f",
  // unicode edge cases
  "\u0000", "a\u0000b", "\uD800", "x\uDFFFy", "\uDBFF\uD800", "\u202Eevil\u202C", "\u200B", "\u200Bcoach", "\uFEFF", "e\u0301",
  "👩‍💻", "𝕏".repeat(10), "\u2028\u2029", "\u0007\u001b[31m", "İstanbul", "ǅ", "\uFFFF", "\uFFFE",
  // dates far in the past and future, and impossible ones
  "0001-01-01", "9999-12-31", "275760-09-13", "+275760-09-13T00:00:00.000Z", "-000001-01-01", "2026-02-30", "2026-13-01",
  "0000-00-00", "0001-01-01T00:00", "9999-12-31T23:59", "275760-09-13T00:00", "1969-12-31T23:59", "2026-11-20T24:00",
  "2026-11-20 09:30", "2026-11-20T09:30:00Z", "1999-12-31T23:59",
  // uuids that belong to nobody, or not quite uuids
  "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "not-a-uuid", "00000000-0000-0000-0000-00000000000g",
  "{00000000-0000-0000-0000-000000000000}",
];

/** Ids of resources that belong to other users (another learner, another coach's plan), as the persona may not touch them. */
const foreignIds = () => [id.learnerB, id.attB, id.planB, id.taskB, id.sessionB, id.coachB, id.learnerB.toUpperCase(), ` ${id.attB}`, `${id.taskB}\u0000`];

const hostileString = (extra: string[]) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...FIXED) },
    { weight: 2, arbitrary: fc.constantFrom(...HUGE) },
    { weight: 2, arbitrary: extra.length ? fc.constantFrom(...extra) : fc.constant("") },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
    { weight: 1, arbitrary: fc.integer().map(String) },
    { weight: 1, arbitrary: fc.double().map(String) },
    { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(String) },
    {
      weight: 1,
      arbitrary: fc
        .date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true })
        .chain((d) => fc.constantFrom(d.toISOString(), d.toISOString().slice(0, 10), d.toISOString().slice(0, 16))),
    },
    { weight: 1, arbitrary: fc.uuid() },
  );

const JUNK_KEYS = ["__proto__", "__proto__[]", "constructor", "toString", "hasOwnProperty", "role", "learnerId", "userId", "id", "$ACTION_ID_x", "status", "exam", "ownerId", "a[b]", "", "\u0000"];

// ------------------------------------------------------------------------------------------------
// Specs: one per exported action
// ------------------------------------------------------------------------------------------------

type Raw = string | string[] | undefined;
type Field =
  /** Must refuse every hostile value except those `legit` accepts (default: the valid value itself). */
  | { kind: "strict"; legit?: (v: Raw) => boolean; errorKey?: string | string[] }
  /** Free text: may accept anything storable within its bounds; on success it must be stored verbatim (trimmed). */
  | { kind: "text"; min?: number; max: number; forbid?: RegExp; stored?: (v: string) => SQL; errorKey?: string | string[] }
  /** Interpreted, not validated: any outcome, the general assertions still hold. */
  | { kind: "lenient"; errorKey?: string | string[] };

interface Spec {
  persona: Persona;
  form: () => Record<string, string | string[]>;
  fields: Record<string, Field>;
  /** Runs after a successful call, to make the valid form valid again (undo a one-shot change). */
  cleanup?: () => Promise<void>;
  /** Extra assertions after every call. */
  check?: (result: FormState | "redirect") => Promise<void> | void;
  /** Actions that take no input: the property calls them with junk and checks only the caller changed. */
  noInput?: true;
  /** Runs before the spec's first call, to put the persona in the state its valid form needs. */
  setup?: () => Promise<void>;
  /** Tables a refused call may change on purpose (a wrong current password counts as a failed sign-in). */
  volatile?: string[];
}

const UNPAIRED = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const storable = (s: string) => !s.includes("\u0000") && !UNPAIRED.test(s);
const same = (valid: () => Raw) => (v: Raw) => v === valid();
const oneOf = (values: readonly string[]) => (v: Raw) => typeof v === "string" && values.includes(v);
const uuidShaped = (v: Raw) => typeof v === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
const listOf = (values: readonly string[], optional = true) => (v: Raw) =>
  v === undefined ? optional : (Array.isArray(v) ? v : [v]).every((x) => values.includes(x));
const column = (table: string, col: string) => (v: string) => sql`select count(*)::int as n from ${sql.identifier(table)} where ${sql.identifier(col)} = ${v}`;

const strict = (legit?: (v: Raw) => boolean, errorKey?: string | string[]): Field => ({ kind: "strict", legit, errorKey });
const text = (table: string, col: string, max: number, min = 0, forbid?: RegExp): Field => ({ kind: "text", max, min, forbid, stored: column(table, col) });

let counter = 0;
const uniq = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;
const tomorrowPlus = (days: number) => isoDay(new Date(Date.now() + days * DAY));

const slug = (v: Raw) => typeof v === "string" && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(v.trim()) && v.trim().length >= 3 && v.trim().length <= 80;

/** The editor's fields; a new question may take any unused slug as its id, an edit only its own. */
function questionFields(creating: boolean): Record<string, Field> {
  const optionText = (v: string) => sql`select count(*)::int as n from questions, jsonb_array_elements(options) o where o->>'text' = ${v}`;
  const whyWrong = (v: string) => sql`select count(*)::int as n from questions, jsonb_array_elements(options) o where o->>'whyWrong' = ${v}`;
  const any = "*";
  return {
    id: strict(creating ? slug : undefined, any),
    domain: strict(undefined, any),
    category: strict(undefined, any),
    tier: strict(oneOf(["core", "edge"]), any),
    family: strict(slug, any),
    status: strict((v) => v === undefined || oneOf(["draft", "published", "retired", ""])(v), any),
    answer: strict(undefined, any),
    stem: { kind: "text", min: 40, max: 2000, stored: column("questions", "stem"), errorKey: any },
    explanation: { kind: "text", min: 20, max: 2000, stored: column("questions", "explanation"), errorKey: any },
    opt_A_text: { kind: "text", min: 1, max: 500, stored: optionText, errorKey: any },
    opt_B_text: { kind: "text", min: 1, max: 500, stored: optionText, errorKey: any },
    opt_B_whyWrong: { kind: "text", min: 5, max: 300, stored: whyWrong, errorKey: any },
  };
}

function questionForm(newId: boolean) {
  const q: Record<string, string | string[]> = { ...seedQuestion, id: newId ? `hostile-q-${uniq()}` : id.questionId };
  // The form posts the correct option without a "why wrong"; keep B a wrong option with one.
  const answer = Array.isArray(q.answer) ? q.answer : [q.answer!];
  if (answer.includes("B") || !q.opt_B_whyWrong) throw new Error("the fixture question must have B as a wrong option");
  return q;
}

const LEAVER_PASSWORD = "the leaver's own passphrase";
let leaverHash: Promise<string> | undefined;

/** The account-page persona as its valid forms expect it: its password, active, not locked, session version 0. */
async function resetLeaver() {
  const values = { email: "leaver@example.com", name: "Lee Leaver", role: "learner" as const, passwordHash: await (leaverHash ??= hashPassword(LEAVER_PASSWORD)), timeZone: "UTC", active: true, sessionVersion: 0, mustChangePassword: false };
  if (id.leaver) await h.db.insert(accountUsers).values({ id: id.leaver, ...values }).onConflictDoUpdate({ target: accountUsers.id, set: values });
  else id.leaver = (await h.db.insert(accountUsers).values(values).returning({ id: accountUsers.id }))[0]!.id;
  await h.db.delete(throttleRows).where(eq(throttleRows.key, "account:leaver@example.com"));
}

// The README's bank format examples: one entry of every kind (lib/questions/readme-examples.test.ts keeps them valid).
const README_TEXT = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const EXAMPLES = [...README_TEXT.slice(README_TEXT.indexOf("### The bank's JSON format"), README_TEXT.indexOf("### Scoring")).matchAll(/```json\n([\s\S]*?)```/g)].map(
  (m) => JSON.parse(m[1]!) as Record<string, unknown>,
);
const EVERY_KIND_JSON = JSON.stringify(EXAMPLES);
let lastEntryJson = "";
let entryRuns = 0;
/** The next kind's example with every id made fresh (a group's members too). */
function entryForm() {
  const example = structuredClone(EXAMPLES[entryRuns++ % EXAMPLES.length]!) as Record<string, unknown> & { id: string };
  const suffix = uniq();
  const fresh = (o: { id: string }) => (o.id = `${o.id.slice(0, 60)}-${suffix}`);
  fresh(example);
  for (const m of [...((example.solutions as { id: string }[]) ?? []), ...((example.questions as { id: string }[]) ?? [])]) fresh(m);
  lastEntryJson = JSON.stringify(example);
  return { mode: "create", json: lastEntryJson };
}

const SPECS: Record<string, Spec> = {
  // ----- sign-in and registration (signed out) -----
  "app/(auth)/actions.ts#signInAction": {
    persona: "anon",
    form: () => ({ email: "learnera@example.com", password: "retake-demo-2026", callbackUrl: "/learn" }),
    fields: {
      email: strict(same(() => "learnera@example.com")),
      // Any 1–128 characters may be a password; the (mocked) provider decides.
      password: { kind: "lenient" },
      // Sanitised, not validated: the check below asserts the redirect target stays on this site.
      callbackUrl: { kind: "lenient" },
    },
    check: () => {
      for (const call of signIn.mock.calls) {
        const to = (call[1] as { redirectTo: string }).redirectTo;
        expect(to.startsWith("/") && !to.startsWith("//") && !to.startsWith("/\\"), `redirectTo ${JSON.stringify(to)}`).toBe(true);
      }
    },
  },
  "app/(auth)/actions.ts#registerAction": {
    persona: "anon",
    form: () => ({ name: "Robin Hostile", email: `reg-${uniq()}@example.com`, password: "a good passphrase", confirmPassword: "a good passphrase", timeZone: "Europe/Paris" }),
    fields: {
      name: text("users", "name", 100, 1, /[\u0000-\u001f\u007f]/),
      email: strict(),
      // A changed password no longer matches its confirmation: either field may carry the error.
      password: strict(undefined, ["password", "confirmPassword"]),
      confirmPassword: strict(),
      timeZone: strict((v) => typeof v === "string" && v.trim().length > 0 && v.trim().length <= 64 && isValidTimeZone(v.trim())),
    },
    check: async () => {
      const [{ n }] = await queryRows<{ n: number }>(h.db, sql`select count(*)::int as n from users where role <> 'learner' and email like 'reg-%'`);
      expect(n, "self-registration only ever makes learners").toBe(0);
    },
  },
  "app/(auth)/actions.ts#signOutAction": { persona: "learnerA", form: () => ({}), fields: {}, noInput: true },

  // ----- the account page (a learner with a real password, recreated after a deletion) -----
  "app/account/actions.ts#changePasswordAction": {
    persona: "leaver",
    setup: resetLeaver,
    form: () => ({ currentPassword: LEAVER_PASSWORD, newPassword: "a brand new passphrase", confirmPassword: "a brand new passphrase", next: "/learn" }),
    fields: {
      // Any 1–128 characters may be the current password, any 8–128 a new one: the hash and the
      // length rule decide, not a character class. Refusals must still write nothing but the
      // failed-sign-in count, name a field and never fail generically.
      currentPassword: { kind: "lenient" },
      newPassword: { kind: "lenient", errorKey: ["newPassword", "confirmPassword"] },
      confirmPassword: { kind: "lenient", errorKey: ["newPassword", "confirmPassword"] },
      // Sanitised to a same-site path, never refused.
      next: { kind: "lenient" },
    },
    volatile: ["login_throttle"],
    cleanup: resetLeaver,
  },
  "app/account/actions.ts#updateProfileAction": {
    persona: "leaver",
    setup: resetLeaver,
    form: () => ({ name: "Lee Leaver", timeZone: "Europe/Lisbon" }),
    fields: {
      name: text("users", "name", 100, 1, /[\u0000-\u001f\u007f]/),
      timeZone: strict((v) => typeof v === "string" && v.trim().length > 0 && v.trim().length <= 64 && isValidTimeZone(v.trim())),
    },
  },
  "app/account/actions.ts#deleteAccountAction": {
    persona: "leaver",
    setup: resetLeaver,
    form: () => ({ confirmEmail: "leaver@example.com", currentPassword: LEAVER_PASSWORD }),
    fields: {
      // Only the account's own email, in any case and with spaces around it.
      confirmEmail: strict((v) => typeof v === "string" && v.trim().toLowerCase() === "leaver@example.com"),
      currentPassword: { kind: "lenient" },
    },
    volatile: ["login_throttle"],
    // A deletion that went through: the same person (same id) signs up again for the next run.
    cleanup: resetLeaver,
  },

  // ----- admin -----
  "app/admin/actions.ts#createStaffAction": {
    persona: "admin",
    form: () => ({ name: "Staff Person", email: `staff-${uniq()}@example.com`, role: "coach", timeZone: "UTC" }),
    fields: {
      name: text("users", "name", 100, 1),
      email: strict(),
      role: strict(oneOf(["coach", "admin"])),
      timeZone: strict((v) => typeof v === "string" && v.trim().length > 0 && v.trim().length <= 64 && isValidTimeZone(v.trim())),
    },
  },
  "app/admin/actions.ts#changeRoleAction": {
    persona: "admin",
    form: () => ({ userId: id.subject, role: "learner" }),
    fields: { userId: strict(), role: strict(oneOf(["learner", "coach", "admin"])) },
  },
  "app/admin/actions.ts#setActiveAction": {
    persona: "admin",
    form: () => ({ userId: id.subject, active: "true" }),
    fields: { userId: strict(), active: strict(oneOf(["true", "false"])) },
  },
  "app/admin/actions.ts#resetPasswordAction": { persona: "admin", form: () => ({ userId: id.subject }), fields: { userId: strict() } },
  "app/admin/actions.ts#createCohortAction": { persona: "admin", form: () => ({ name: `Cohort ${uniq()}` }), fields: { name: text("cohorts", "name", 100, 1) } },
  "app/admin/actions.ts#renameCohortAction": {
    persona: "admin",
    form: () => ({ cohortId: id.cohort, name: "Hostile cohort" }),
    fields: { cohortId: strict(), name: text("cohorts", "name", 100, 1) },
  },
  "app/admin/actions.ts#archiveCohortAction": {
    persona: "admin",
    form: () => ({ cohortId: id.cohort, archived: "false" }),
    fields: { cohortId: strict(), archived: strict(oneOf(["false", "true"])) },
  },
  "app/admin/actions.ts#addMembersAction": {
    persona: "admin",
    form: () => ({ cohortId: id.cohort, emails: "subject@example.com" }),
    // A paste is reported line by line ("invalid email", "no such learner"), not refused as a whole.
    fields: { cohortId: strict(), emails: { kind: "lenient" } },
  },
  "app/admin/actions.ts#removeMemberAction": {
    persona: "admin",
    form: () => ({ cohortId: id.cohort, learnerId: id.subject }),
    fields: { cohortId: strict(), learnerId: strict() },
    cleanup: async () => {
      await h.db.insert(cohortMembers).values({ cohortId: id.cohort, learnerId: id.subject }).onConflictDoNothing();
    },
  },
  "app/admin/actions.ts#assignCoachAction": {
    persona: "admin",
    form: () => ({ cohortId: id.cohort, coachId: id.coachA, learnerIds: [id.subject] }),
    // The cohort id only says which page the form was on: any well-formed id passes.
    fields: { cohortId: strict(uuidShaped), coachId: strict(), learnerIds: strict((v) => v === id.subject || (Array.isArray(v) && v.length === 1 && v[0] === id.subject)) },
  },

  // ----- question bank (coach) -----
  "app/bank/actions.ts#createQuestionAction": { persona: "coachA", form: () => questionForm(true), fields: questionFields(true) },
  "app/bank/actions.ts#updateQuestionAction": { persona: "coachA", form: () => questionForm(false), fields: questionFields(false) },
  "app/bank/actions.ts#setQuestionStatusAction": {
    persona: "coachA",
    form: () => ({ id: id.questionId, status: "published" }),
    // Any slug may name a question (other properties create some): it may succeed; anything else must not.
    fields: { id: strict((v) => typeof v === "string" && isSlug(v)), status: strict(oneOf(["draft", "published", "retired"])) },
    cleanup: async () => {
      await h.db.execute(sql`update questions set status = 'published' where id = ${id.questionId}`);
    },
  },
  "app/bank/actions.ts#importQuestionsAction": {
    persona: "coachA",
    // One entry of every kind (the README's examples): imported whole, or refused whole.
    form: () => ({ json: EVERY_KIND_JSON }),
    fields: { json: strict((v) => v === EVERY_KIND_JSON || (typeof v === "string" && /^\s*\[\s*\]\s*$/.test(v))) },
  },
  "app/bank/actions.ts#saveEntryAction": {
    persona: "coachA",
    // Each run writes an entry of the next kind under fresh ids (an item, a series, a case study...).
    form: () => entryForm(),
    fields: {
      mode: strict(oneOf(["create", "update"])),
      json: strict((v) => v === lastEntryJson),
    },
  },

  // ----- attempts (learner) -----
  "app/learn/attempts/actions.ts#recordAttemptAction": {
    persona: "learnerA",
    form: () => ({
      takenAt: isoLocal(new Date(Date.now() - 3_600_000)),
      outcome: "fail",
      score: "612",
      ...Object.fromEntries(DOMAIN_KEYS.map((k) => [`bar_${k}`, String(FAIL_BARS[k])])),
      hardestDomains: ["storage"],
      slowItemTypes: [ITEM_TYPES[0]!.key],
      misreadCategories: [MISS_CATEGORIES[0]!.key],
      misreadNotes: "Read 'least privilege' as 'owner'.",
      notes: "Ran out of time on the case study.",
      certExpiresOn: "",
      ranOutOfTime: "yes",
      unansweredOrGuessed: "6",
      halfwayMinutesLeft: "35",
    }),
    fields: {
      ranOutOfTime: strict((v) => v === undefined || v === "" || v === "yes" || v === "no"),
      unansweredOrGuessed: strict((v) => v === undefined || (typeof v === "string" && (v.trim() === "" || (/^\d{1,4}$/.test(v.trim()) && +v <= 500)))),
      halfwayMinutesLeft: strict((v) => v === undefined || (typeof v === "string" && (v.trim() === "" || (/^\d{1,4}$/.test(v.trim()) && +v <= 600)))),
      takenAt: strict(),
      outcome: strict(oneOf(["fail"])),
      score: strict((v) => typeof v === "string" && /^\s*\d{1,4}\s*$/.test(v) && +v >= 1 && +v < 700),
      bar_storage: strict((v) => typeof v === "string" && /^\s*\d{1,3}\s*$/.test(v) && +v <= 100),
      hardestDomains: strict(listOf(DOMAIN_KEYS)),
      slowItemTypes: strict(listOf(ITEM_TYPES.map((t) => t.key))),
      misreadCategories: strict(listOf(MISS_CATEGORIES.map((c) => c.key))),
      misreadNotes: text("exam_attempts", "misread_notes", 2000),
      notes: text("exam_attempts", "notes", 4000),
      certExpiresOn: strict((v) => v === undefined || (typeof v === "string" && v.trim() === "")),
    },
    cleanup: async () => {
      const rows = await h.db.select({ id: examAttempts.id }).from(examAttempts).where(eq(examAttempts.learnerId, id.learnerA));
      for (const r of rows) if (!fixtureAttempts.has(r.id)) await deleteAttempt(h.db, { id: id.learnerA, timeZone: "UTC" }, r.id);
    },
  },
  "app/learn/attempts/actions.ts#updateAttemptAction": {
    persona: "learnerA",
    form: () => ({
      id: id.attA1,
      takenAt: isoLocal(new Date(Date.now() - 40 * DAY)),
      outcome: "fail",
      score: "600",
      ...Object.fromEntries(DOMAIN_KEYS.map((k) => [`bar_${k}`, String(FAIL_BARS[k])])),
      notes: "Edited notes.",
    }),
    fields: {
      id: strict(),
      outcome: strict(oneOf(["fail"])),
      score: strict((v) => typeof v === "string" && /^\s*\d{1,4}\s*$/.test(v) && +v >= 1 && +v < 700),
      bar_compute: strict((v) => typeof v === "string" && /^\s*\d{1,3}\s*$/.test(v) && +v <= 100),
      notes: text("exam_attempts", "notes", 4000),
    },
  },
  "app/learn/attempts/actions.ts#deleteAttemptAction": { persona: "learnerA", form: () => ({ id: id.attA2 }), fields: { id: strict() } },

  // ----- practice (learner) -----
  "app/learn/practice/actions.ts#startPracticeAction": {
    persona: "learnerA",
    form: () => ({ mode: "domain-focus", preset: "10-20", focusDomains: ["storage"] }),
    fields: {
      mode: strict(oneOf(["domain-focus"])),
      preset: strict(oneOf(["50-100", "25-50", "10-20"])),
      focusDomains: strict((v) => v !== undefined && listOf(DOMAIN_KEYS)(v) && (Array.isArray(v) ? v.length > 0 : true)),
    },
  },
  "app/learn/practice/actions.ts#submitPracticeAction": { persona: "learnerA", form: () => ({ id: id.sessionSubmit }), fields: { id: strict() } },

  // ----- the know-the-rules check -----
  "app/learn/rules/actions.ts#checkRulesAction": {
    persona: "learnerA",
    // Every question of the pool answered, so any seed's check is complete.
    form: () => ({ seed: "7", ...Object.fromEntries(RULES_TOPICS.map((t) => [`q_${t}`, "B"])) }),
    fields: {
      // Any seed picks a check; the answers cover them all.
      seed: strict((v) => typeof v === "string" && /^\s*\d{1,10}\s*$/.test(v) && +v <= 2 ** 31 - 1, "*"),
      "q_first-wait": strict(oneOf(["A", "B", "C", "D"])),
      "q_later-wait": strict(oneOf(["A", "B", "C", "D"])),
      q_repair: strict(oneOf(["A", "B", "C", "D"])),
    },
  },

  // ----- learners' own variations -----
  "app/learn/variations/actions.ts#writeVariationAction": {
    persona: "learnerA",
    form: () => ({ ...variationForm }),
    fields: {
      sessionId: strict(),
      // Every question of that set was missed: any of its positions is a legitimate start.
      position: strict((v) => typeof v === "string" && /^\s*\d{1,3}\s*$/.test(v) && +v >= 1 && +v <= 10),
      stem: { kind: "text", min: 40, max: 2000, stored: column("questions", "stem") },
      // Options are checked together (no gaps, no two alike): the error may sit on a sibling option.
      opt_A_text: { kind: "text", min: 1, max: 500, stored: (v) => sql`select count(*)::int as n from questions, jsonb_array_elements(options) o where o->>'text' = ${v}`, errorKey: "*" },
      opt_B_text: { kind: "text", min: 1, max: 500, stored: (v) => sql`select count(*)::int as n from questions, jsonb_array_elements(options) o where o->>'text' = ${v}`, errorKey: "*" },
      answer: strict((v) => {
        const list = v === undefined ? [] : Array.isArray(v) ? v : [v];
        return list.length > 0 && new Set(list).size === list.length && list.every((k) => variationKeys.includes(k));
      }),
      whatChanged: text("questions", "variation_change", 500, 10),
      whyAnswerChanges: text("questions", "explanation", 2000, 20),
    },
  },
  "app/coach/variation-actions.ts#commentVariationAction": {
    persona: "coachA",
    form: () => ({ questionId: id.variationA, body: "Does the route table really change the answer? Say why." }),
    fields: { questionId: strict(), body: text("variation_comments", "body", 2000, 3) },
  },
  "app/coach/variation-actions.ts#copyVariationToBankAction": { persona: "coachA", form: () => ({ questionId: id.variationA }), fields: { questionId: strict() } },

  // ----- repair plans: learner side -----
  "app/learn/plan/actions.ts#submitEvidenceAction": {
    persona: "learnerA",
    form: () => ({ taskId: id.taskEvidence, text: "I rebuilt the storage firewall lab twice.", link: "https://example.com/notes" }),
    fields: {
      taskId: strict(),
      text: text("plan_tasks", "evidence_text", 5000, 10),
      link: strict((v) => {
        if (v === undefined || (typeof v === "string" && v.trim() === "")) return true;
        if (typeof v !== "string" || v.trim().length > 2000) return false;
        try {
          const u = new URL(v.trim());
          return (u.protocol === "http:" || u.protocol === "https:") && Boolean(u.hostname);
        } catch {
          return false;
        }
      }),
    },
  },
  "app/learn/plan/actions.ts#startRetestAction": { persona: "learnerA", form: () => ({ taskId: id.taskRetest }), fields: { taskId: strict() } },

  // ----- repair plans: coach side -----
  "app/coach/plan-actions.ts#generatePlanAction": {
    persona: "coachA",
    form: () => ({ learnerId: id.learnerC, startDate: "", lengthDays: "" }),
    fields: {
      learnerId: strict(),
      startDate: strict((v) => v === undefined || (typeof v === "string" && (v.trim() === "" || (isCalendarDate(v.trim()) && v.trim() >= "2000-01-01" && v.trim() <= "2100-12-31")))),
      lengthDays: strict((v) => v === undefined || (typeof v === "string" && (v.trim() === "" || (/^\d{1,2}$/.test(v.trim()) && +v >= 10 && +v <= 14)))),
    },
  },
  "app/coach/plan-actions.ts#assignPlanAction": { persona: "coachA", form: () => ({ planId: id.planC }), fields: { planId: strict() } },
  "app/coach/plan-actions.ts#takeOverPlanAction": {
    persona: "coachA",
    form: () => ({ planId: id.planSelfC }),
    fields: { planId: strict() },
    cleanup: async () => {
      await h.db.update(repairPlans).set({ controlledBy: "learner", coachId: null }).where(eq(repairPlans.id, id.planSelfC));
    },
  },
  "app/coach/plan-actions.ts#editTaskAction": {
    persona: "coachA",
    form: () => ({ planId: id.planA, taskId: id.taskEdit, title: "Rebuild the lab", instructions: "Do it twice.", evidenceRequired: "A screenshot", day: "1" }),
    fields: {
      planId: strict(),
      taskId: strict(),
      title: text("plan_tasks", "title", 200, 1),
      instructions: text("plan_tasks", "instructions", 4000),
      evidenceRequired: text("plan_tasks", "evidence_required", 1000),
      day: strict((v) => typeof v === "string" && /^\s*\d{1,2}\s*$/.test(v) && +v >= 1 && +v <= planALength),
    },
  },
  "app/coach/plan-actions.ts#addTaskAction": {
    persona: "coachA",
    form: () => ({ planId: id.planA, title: "Extra drill", instructions: "", evidenceRequired: "", day: "1", domain: "storage", phase: "rebuild" }),
    fields: {
      planId: strict(),
      title: text("plan_tasks", "title", 200, 1),
      instructions: text("plan_tasks", "instructions", 4000),
      evidenceRequired: text("plan_tasks", "evidence_required", 1000),
      day: strict((v) => typeof v === "string" && /^\s*\d{1,2}\s*$/.test(v) && +v >= 1 && +v <= planALength),
      domain: strict(oneOf([...DOMAIN_KEYS, "mixed"])),
      phase: strict(oneOf(["diagnose", "rebuild", "prove", "retest"])),
    },
  },
  "app/coach/plan-actions.ts#removeTaskAction": { persona: "coachA", form: () => ({ planId: id.planA, taskId: id.taskRemove }), fields: { planId: strict(), taskId: strict() } },
  "app/coach/plan-actions.ts#moveTaskAction": {
    persona: "coachA",
    form: () => ({ planId: id.planA, taskId: id.taskMove, direction: "down" }),
    fields: { planId: strict(), taskId: strict(), direction: strict(oneOf(["up", "down"])) },
  },
  "app/coach/plan-actions.ts#setTargetDateAction": {
    persona: "coachA",
    form: () => ({ planId: id.planA, targetDate: tomorrowPlus(30), confirmEarly: "1" }),
    fields: {
      planId: strict(),
      targetDate: strict((v) => typeof v === "string" && isCalendarDate(v.trim()) && v.trim() > isoDay(new Date()) && v.trim() <= "2100-12-31"),
      // Anything but "1", "on" or "true" means "not confirmed": a refusal or a save, never a failure.
      confirmEarly: { kind: "lenient" },
    },
  },
  // No cycle is on offer for planA (its closing retest is not taken): the valid form reaches the
  // handler and is refused without a write; hostile ids must never reach another plan.
  "app/coach/plan-actions.ts#acceptCycleAction": {
    persona: "coachA",
    form: () => ({ planId: id.planA, basisSessionId: id.sessionMissed }),
    fields: { planId: strict(), basisSessionId: strict() },
  },
  "app/coach/plan-actions.ts#reviewTaskAction": {
    persona: "coachA",
    form: () => ({ taskId: id.taskSubmitted, decision: "return", comment: "Add the screenshot, please." }),
    fields: {
      taskId: strict(),
      decision: strict(oneOf(["return", "accept"])),
      comment: { kind: "text", min: 3, max: 2000, stored: column("plan_tasks", "review_comment") },
    },
    cleanup: async () => {
      await h.db.update(planTasks).set({ status: "submitted" }).where(eq(planTasks.id, id.taskSubmitted));
    },
  },

  // ----- reaching people: password reset, notifications, reminder choices -----
  "app/(auth)/forgot-password/actions.ts#requestPasswordResetAction": {
    persona: "anon",
    form: () => ({ email: "subject@example.com" }),
    // The answer is the same for every well-formed address; anything else is a field error.
    fields: { email: strict(same(() => "subject@example.com")) },
  },
  "app/(auth)/reset-password/actions.ts#resetPasswordAction": {
    persona: "anon",
    form: () => ({ token: reach.resetToken, password: "a good new passphrase", confirmPassword: "a good new passphrase" }),
    fields: {
      token: strict(same(() => reach.resetToken)),
      // A changed password no longer matches its confirmation: either field may carry the error.
      password: strict(undefined, ["password", "confirmPassword"]),
      confirmPassword: strict(),
    },
    // The link is spent by a successful reset: the next run gets a new one.
    cleanup: issueResetToken,
  },
  "app/notifications/actions.ts#markNotificationsReadAction": {
    persona: "learnerA",
    form: () => ({ id: reach.notificationId }),
    fields: { id: strict((v) => v === reach.notificationId || v === "all") },
    cleanup: async () => {
      await h.db.update(notifications).set({ readAt: null }).where(eq(notifications.userId, id.learnerA));
    },
  },
  "app/account/reminders/actions.ts#saveReminderPreferencesAction": {
    persona: "learnerA",
    form: () => Object.fromEntries(LEARNER_KINDS.flatMap((k) => [[`email_${k}`, "on"], [`inApp_${k}`, "on"]])),
    fields: Object.fromEntries(LEARNER_KINDS.flatMap((k) => [[`email_${k}`, strict(checkbox)], [`inApp_${k}`, strict(checkbox)]])),
  },
};

// ------------------------------------------------------------------------------------------------
// The property
// ------------------------------------------------------------------------------------------------

type Shape = "replace" | "repeat" | "list" | "omit";
interface Mutation {
  targets: { field: string; shape: Shape; value: string }[];
  junk: { key: string; value: string }[];
}

function buildForm(base: Record<string, string | string[]>, m: Mutation): FormData {
  const rec: Record<string, string | string[]> = { ...base };
  const listKeys = new Set<string>();
  for (const t of m.targets) {
    const orig = rec[t.field];
    if (t.shape === "omit") delete rec[t.field];
    else if (t.shape === "replace") rec[t.field] = t.value;
    else if (t.shape === "repeat") rec[t.field] = [...(orig === undefined ? [] : Array.isArray(orig) ? orig : [orig]), t.value];
    else {
      rec[t.field] = t.value;
      listKeys.add(t.field);
    }
  }
  const fd = new FormData();
  for (const [k, v] of Object.entries(rec)) {
    const key = listKeys.has(k) ? `${k}[]` : k;
    for (const item of Array.isArray(v) ? v : [v]) fd.append(key, item);
  }
  for (const j of m.junk) fd.append(j.key, j.value);
  return fd;
}

async function call(action: Action, fd: FormData): Promise<FormState | "redirect" | "refused"> {
  try {
    return await action(initialFormState, fd);
  } catch (err) {
    const digest = (err as { digest?: unknown })?.digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT")) return "redirect";
    if (typeof digest === "string" && digest.startsWith("NEXT_HTTP_ERROR_FALLBACK")) return "refused"; // forbidden(), notFound()
    throw err;
  }
}

/** What the action sees for one field of this form (after FormData → object). */
function rawOf(fd: FormData, field: string): Raw {
  return formDataToObject(fd)[field];
}

/** Would a correct implementation have to refuse this value? (null: either outcome is fine) */
function mustRefuse(field: Field, raw: Raw): boolean | null {
  if (field.kind === "lenient") return null;
  if (field.kind === "strict") return !(field.legit ?? (() => false))(raw);
  if (raw === undefined) return (field.min ?? 0) > 0;
  if (typeof raw !== "string") return true;
  const t = raw.trim();
  return !storable(raw) || t.length < (field.min ?? 0) || t.length > field.max || Boolean(field.forbid?.test(t));
}

async function assertStored(field: Field, raw: Raw, where: string) {
  if (field.kind !== "text" || !field.stored || typeof raw !== "string") return;
  const [{ n }] = await queryRows<{ n: number }>(h.db, field.stored(raw.trim()));
  expect(n, `${where}: ${JSON.stringify(raw.slice(0, 80))} must be stored verbatim`).toBeGreaterThan(0);
}

function mutationArb(spec: Spec, extra: string[]): fc.Arbitrary<Mutation> {
  const names = Object.keys(spec.fields);
  const value = hostileString(extra);
  const target = fc.record({
    field: fc.constantFrom(...names),
    shape: fc.constantFrom<Shape>("replace", "replace", "replace", "replace", "repeat", "list", "omit"),
    value,
  });
  const junkKey = fc.constantFrom(...JUNK_KEYS.filter((k) => !(k in spec.fields)));
  return fc.record({
    targets: fc.uniqueArray(target, { minLength: 1, maxLength: Math.min(3, names.length), selector: (t) => t.field }),
    junk: fc.array(fc.record({ key: junkKey, value }), { maxLength: 3 }),
  });
}

let current: Fingerprint;

describe(`hostile input against every Server Action (${ENGINE})`, () => {
  it("has a hostile-input spec for every exported action of every \"use server\" module", async () => {
    const modules = findUseServerModules();
    expect(modules.length).toBeGreaterThanOrEqual(6);
    const found: string[] = [];
    for (const rel of modules) {
      const mod = (await import(/* @vite-ignore */ path.join(ROOT, rel))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) if (typeof value === "function") found.push(`${rel}#${name}`);
    }
    expect(found.filter((k) => !SPECS[k]), "actions without a hostile-input spec").toEqual([]);
    expect(Object.keys(SPECS).filter((k) => !found.includes(k)), "specs for actions that no longer exist").toEqual([]);
  });

  for (const [key, spec] of Object.entries(SPECS)) {
    const [rel, name] = key.split("#") as [string, string];
    it(key, async () => {
      const action = ((await import(/* @vite-ignore */ path.join(ROOT, rel))) as Record<string, Action>)[name]!;
      await spec.setup?.();
      asPersona(spec.persona);

      if (spec.noInput) {
        // Takes no form: junk arguments change at most the caller's own row (its session version).
        await fc.assert(
          fc.asyncProperty(fc.array(fc.record({ key: fc.constantFrom(...JUNK_KEYS), value: hostileString([]) }), { maxLength: 4 }), async (junk) => {
            current = await fingerprint(h.db);
            const fd = buildForm({}, { targets: [], junk });
            const out = await call(action as unknown as Action, fd);
            expect(out).toBe("redirect");
            const changed = changedTables(current, await fingerprint(h.db));
            expect(changed.filter((t) => t !== "users")).toEqual([]);
            await h.db.update(users).set({ sessionVersion: 0 }).where(eq(users.id, id[spec.persona as "learnerA"]));
          }),
          { numRuns: 10 },
        );
        return;
      }

      // The valid form really reaches the handler: never refused by validation.
      signIn.mockReset().mockImplementation(async (_p: string, opts: { redirectTo: string }) => {
        const { redirect } = await import("next/navigation");
        redirect(opts.redirectTo);
      });
      const sane = await call(action, buildForm(spec.form(), { targets: [], junk: [] }));
      if (typeof sane === "object") {
        expect(sane.message ?? "", `${key}: the valid form must pass validation (${JSON.stringify(sane.errors)})`).not.toMatch(/correct the highlighted/);
        expect(sane.message ?? "").not.toMatch(GENERIC);
        expect(sane.message ?? "", `${key}: the persona must be allowed to act`).not.toMatch(NOT_ALLOWED);
      }
      if ((sane === "redirect" || (typeof sane === "object" && sane.status === "success")) && spec.cleanup) await spec.cleanup();

      const extra = spec.persona === "admin" || spec.persona === "anon" ? [] : foreignIds();
      current = await fingerprint(h.db);
      await fc.assert(
        fc.asyncProperty(mutationArb(spec, extra), async (m) => {
          asPersona(spec.persona);
          signIn.mockClear();
          const fd = buildForm(spec.form(), m);
          const verdicts = m.targets.map((t) => ({ t, field: spec.fields[t.field]!, raw: rawOf(fd, t.field) }));
          const refuse = verdicts.some((v) => mustRefuse(v.field, v.raw) === true);
          const where = `${key} ${JSON.stringify(m.targets.map((t) => [t.field, t.shape, t.value.slice(0, 60)]))} junk=${JSON.stringify(m.junk.map((j) => [j.key, j.value.slice(0, 30)]))}`;

          const before = current;
          let after: Fingerprint | undefined;
          try {
            const out = await call(action, fd);
            after = await fingerprint(h.db);
            const changed = changedTables(before, after);
            await spec.check?.(out === "refused" ? "redirect" : out);

            const failed = out === "refused" || (typeof out === "object" && out.status === "error");
            if (typeof out === "object") {
              expect(out.message ?? "", where).not.toMatch(GENERIC);
              expect(out.message ?? "", where).not.toMatch(LEAKY);
              expect(out.message ?? "", `${where}: the persona is authorized, so validation must be reached`).not.toMatch(NOT_ALLOWED);
            }
            if (failed) {
              expect(changed.filter((t) => !spec.volatile?.includes(t)), `${where}: an error must leave the database unchanged`).toEqual([]);
              if (typeof out === "object") {
                expect(out.message, where).toBeTruthy();
              for (const msg of [out.message!, ...Object.values(out.errors ?? {}).flat()]) expect(msg.length, `${where}: ${msg.slice(0, 120)}`).toBeLessThan(1000);
                if (/correct the highlighted/.test(out.message ?? "")) {
                  const keys = Object.keys(out.errors ?? {});
                  const tampered = [...m.targets.flatMap((t) => spec.fields[t.field]!.errorKey ?? t.field), ...m.junk.map((j) => (j.key.endsWith("[]") ? j.key.slice(0, -2) : j.key))];
                  const named = tampered.some((f) => (f === "*" ? keys.length > 0 : keys.some((k) => k === f || k.startsWith(`${f}.`))));
                  expect(named, `${where}: field errors ${JSON.stringify(out.errors)} must name a tampered field`).toBe(true);
                }
              }
            } else {
              expect(refuse, `${where}: a hostile value was accepted (${JSON.stringify(out).slice(0, 300)})`).toBe(false);
              for (const v of verdicts) await assertStored(v.field, v.raw, where);
              if (spec.cleanup) {
                await spec.cleanup();
                after = undefined;
              }
            }
          } finally {
            // Also after a failed run, so fast-check's shrinking compares against the real state.
            current = after ?? (await fingerprint(h.db));
          }
        }),
        { numRuns: NUM_RUNS },
      );
    });
  }
});

// ------------------------------------------------------------------------------------------------
// The bank's JSON import: hostile values inside the pasted questions
// ------------------------------------------------------------------------------------------------

describe(`hostile questions inside the bank's JSON import (${ENGINE})`, () => {
  type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
  const TEXT: Record<string, { min: number; max: number; stored: (v: string) => SQL }> = {
    stem: { min: 40, max: 2000, stored: column("questions", "stem") },
    explanation: { min: 20, max: 2000, stored: column("questions", "explanation") },
    "options.0.text": { min: 1, max: 500, stored: (v) => sql`select count(*)::int as n from questions, jsonb_array_elements(options) o where o->>'text' = ${v}` },
    "options.1.whyWrong": { min: 5, max: 300, stored: (v) => sql`select count(*)::int as n from questions, jsonb_array_elements(options) o where o->>'whyWrong' = ${v}` },
  };
  const STRICT = ["id", "exam", "domain", "category", "tier", "family", "kind", "options", "answer", "status", "options.0.key", "answer.0"];
  const jsonValue: fc.Arbitrary<Json> = fc.oneof(
    hostileString([]),
    fc.constantFrom<Json>(null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 2, [], {}, [null], ["A", "A"], { key: "A" }, [[["A"]]]),
    fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  );

  let base: Record<string, Json>;
  beforeAll(async () => {
    const { rowToQuestion } = await import("@/lib/questions/server/bank");
    const [row] = await queryRows<{ id: string }>(h.db, sql`select id from questions where kind = 'single' and answer = '{A}' order by id desc limit 1`);
    base = JSON.parse(JSON.stringify(rowToQuestion((await getQuestion(h.db, exam.id, row!.id))!))) as Record<string, Json>;
  });

  function setPath(obj: Record<string, Json>, dotted: string, value: Json | undefined) {
    const parts = dotted.split(".");
    let cur: Json = obj;
    for (const p of parts.slice(0, -1)) {
      const next: Json | undefined = cur !== null && typeof cur === "object" ? (cur as Record<string, Json>)[p] : undefined;
      if (next === undefined || next === null || typeof next !== "object") return; // an earlier edit removed the parent
      cur = next;
    }
    const last = parts.at(-1)!;
    if (value === undefined) delete (cur as Record<string, Json>)[last];
    else (cur as Record<string, Json>)[last] = value;
  }

  it("refuses every malformed question (nothing written) and stores accepted text verbatim", async () => {
    asPersona("coachA");
    const action = (await import("@/app/bank/actions")).importQuestionsAction as Action;
    const fields = [...STRICT, ...Object.keys(TEXT)];
    const arb = fc.record({
      edits: fc.uniqueArray(fc.record({ path: fc.constantFrom(...fields), value: fc.option(jsonValue, { nil: undefined, freq: 8 }) }), { minLength: 1, maxLength: 2, selector: (e) => e.path }),
      junkKey: fc.option(fc.constantFrom("__proto__", "constructor", "learnerId", "answerKey", "exam_id"), { nil: undefined, freq: 3 }),
      wrap: fc.constantFrom("array", "array", "array", "twice", "object", "nested"),
    });
    current = await fingerprint(h.db);
    await fc.assert(
      fc.asyncProperty(arb, async ({ edits, junkKey, wrap }) => {
        const q = JSON.parse(JSON.stringify(base)) as Record<string, Json>;
        for (const e of edits) setPath(q, e.path, e.value);
        if (junkKey) Object.defineProperty(q, junkKey, { value: "x", enumerable: true, configurable: true, writable: true });
        const payload = wrap === "array" ? [q] : wrap === "twice" ? [q, q] : wrap === "object" ? q : [[q]];
        const fd = new FormData();
        fd.append("json", JSON.stringify(payload));
        const textOk = (e: { path: string; value: Json | undefined }) => {
          const t = TEXT[e.path];
          if (!t || typeof e.value !== "string") return false;
          const v = e.value.trim();
          const other = e.path === "options.0.text" ? ((base.options as { text: string }[])[1]!.text ?? "") : null;
          return storable(e.value) && v.length >= t.min && v.length <= t.max && (other === null || v.toLowerCase().replace(/\s+/g, " ") !== other.trim().toLowerCase().replace(/\s+/g, " "));
        };
        // A slug in "id" is a new question's id, and any slug names a family: importing those is legitimate.
        const idOk = (e: { path: string; value: Json | undefined }) => (e.path === "id" || e.path === "family") && typeof e.value === "string" && isSlug(e.value);
        // Leaving "status" out is legitimate too: the format documents "published" as its default.
        const defaultOk = (e: { path: string; value: Json | undefined }) => e.path === "status" && e.value === undefined;
        const mayPass = wrap === "array" && !junkKey && edits.every((e) => textOk(e) || idOk(e) || defaultOk(e));
        const where = `import ${wrap} ${junkKey ?? ""} ${JSON.stringify(edits).slice(0, 300)}`;
        const before = current;
        let after: Fingerprint | undefined;
        try {
          const out = await call(action, fd);
          after = await fingerprint(h.db);
          expect(typeof out, where).toBe("object");
          const state = out as FormState;
          expect(state.message ?? "", where).not.toMatch(GENERIC);
          if (state.status === "error") {
            expect(changedTables(before, after), `${where}: nothing may be written`).toEqual([]);
            expect(state.message, where).toMatch(/Nothing was imported|correct the highlighted/);
            expect(state.errors?.json?.length ?? 0, where).toBeGreaterThan(0);
            // Problems are named, not echoed: a 100k-character value must not come back 200 times.
            for (const line of state.errors!.json!) expect(line.length, `${where}: ${line.slice(0, 120)}`).toBeLessThan(1000);
          } else {
            expect(mayPass, `${where}: accepted ${JSON.stringify(state)}`).toBe(true);
            for (const e of edits) {
              if (defaultOk(e)) {
                const [{ n }] = await queryRows<{ n: number }>(h.db, sql`select count(*)::int as n from questions where id = ${q.id as string} and status = 'published'`);
                expect(n, `${where}: stored with the default status`).toBe(1);
                continue;
              }
              const stored = idOk(e)
                ? (v: string) => sql`select count(*)::int as n from questions where ${e.path === "id" ? sql`id` : sql`family`} = ${v}`
                : TEXT[e.path]!.stored;
              const [{ n }] = await queryRows<{ n: number }>(h.db, stored((e.value as string).trim()));
              expect(n, `${where}: stored verbatim`).toBeGreaterThan(0);
            }
          }
        } finally {
          current = after ?? (await fingerprint(h.db));
        }
      }),
      { numRuns: NUM_RUNS * 2 },
    );
  });
});

// ------------------------------------------------------------------------------------------------
// Autosave: POST /api/practice/[id]/answers
// ------------------------------------------------------------------------------------------------

describe(`hostile saves to the autosave endpoint (${ENGINE})`, () => {
  let POST: (req: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response>;
  let sessionId: string;
  const answer = (over: Record<string, unknown> = {}) => ({ position: 1, response: ["A"], flagged: false, seq: 1, timeMs: 1000, ...over });
  let cookie: string;
  const save = (sid: string, body: string) =>
    POST(new Request(`http://localhost/api/practice/${encodeURIComponent(sid)}/answers`, { method: "POST", body, headers: { "content-type": "application/json", cookie } }), {
      params: Promise.resolve({ id: sid }),
    });

  beforeAll(async () => {
    ({ POST } = (await import("@/app/api/practice/[id]/answers/route")) as unknown as { POST: typeof POST });
    sessionId = await startPractice(h.db, id.learnerA, exam, { mode: "timed-mixed", size: 10, minutes: 20, focusDomains: [] });
    const { encode } = await import("next-auth/jwt");
    const name = "authjs.session-token";
    cookie = `${name}=${await encode({ token: { sub: id.learnerA, sv: 0 }, secret: process.env.AUTH_SECRET!, salt: name, maxAge: 3600 })}`;
  });

  it("accepts a well-formed save from the set's owner (so the hostile ones below reach validation)", async () => {
    asPersona("learnerA");
    const res = await save(sessionId, JSON.stringify({ answers: [answer({ seq: 1 })] }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });

  const badField: Record<string, unknown[]> = {
    position: [-1, 0, 201, 1.5, 1e10, 2 ** 31, 2 ** 53, -(2 ** 31) - 1, "1", null, true, [], {}, 1e308],
    seq: [0, -1, 1_000_000_001, 2 ** 31, 2 ** 53, 1.5, "5", null, 1e308, -1e308],
    timeMs: [-1, 24 * 3_600_000 + 1, 1e15, "10", null, 0.5],
    response: [["Z"], ["A", "B", "C", "D", "E", "F", "A"], "A", [1], [null], [""], ["a"], [{}], ["A\u0000"], ["<script>"], ["'; drop table practice_items; --"], {}, ["1=Z"], ["0=A"], ["Y", "N"], ["1=A"], ["1=A", "2=B", "3=C", "4=D", "5=E", "6=F", "7=G"]],
    flagged: ["true", 1, null, "on"],
  };
  const malformedText = fc.oneof(
    fc.constantFrom("", "{", "[", "null", "true", "1", '"x"', "{}", "[]", '{"answers":null}', '{"answers":{}}', '{"answers":[]}', "\u0000", "NaN", "{\"answers\":[{\"position\":1}]}", '{"answers":[1e999]}', `{"answers":[${"[".repeat(5000)}`, "x".repeat(300_000)),
    fc.string({ unit: "binary", maxLength: 60 }),
  );
  const shapeBody = fc.oneof(
    // One field of one answer replaced with a wrong value.
    fc.record({ field: fc.constantFrom(...Object.keys(badField)), pick: fc.nat() }).map(({ field, pick }) => {
      const values = badField[field]!;
      return JSON.stringify({ answers: [answer({ [field]: values[pick % values.length] })] });
    }),
    // A missing field, an extra field (another learner's id), a wrapper that is not { answers }.
    fc.constantFrom(
      JSON.stringify({ answers: [{ position: 1, response: ["A"], flagged: false, seq: 2 }] }),
      JSON.stringify({ answers: [answer({ seq: 3, learnerId: "00000000-0000-0000-0000-000000000000" })] }),
      JSON.stringify({ answers: [answer({ seq: 4 })], sessionId: "x" }),
      JSON.stringify([answer({ seq: 5 })]),
      JSON.stringify({ answers: Array.from({ length: 201 }, (_, i) => answer({ seq: 10 + i })) }),
      JSON.stringify({ answers: [answer({ seq: 6 }), null] }),
    ),
  );

  it("answers every malformed or foreign save with a 4xx JSON error and writes nothing", async () => {
    asPersona("learnerA");
    const sid = fc.oneof(
      { weight: 4, arbitrary: fc.constant("own") },
      { weight: 1, arbitrary: fc.constantFrom("not-a-uuid", "", "../../admin", "%00", `${"f".repeat(100_000)}`, "00000000-0000-0000-0000-000000000000") },
      { weight: 1, arbitrary: fc.uuid() },
    );
    const arb = fc.oneof(
      fc.record({ sid, body: fc.oneof(malformedText, shapeBody) }),
      // Another learner's set with a perfectly valid body: not found, and their answers untouched.
      fc.record({ sid: fc.constant("foreign"), body: fc.nat({ max: 1000 }).map((n) => JSON.stringify({ answers: [answer({ seq: 100 + n })] })) }),
    );
    current = await fingerprint(h.db);
    await fc.assert(
      fc.asyncProperty(arb, async ({ sid, body }) => {
        const target = sid === "own" ? sessionId : sid === "foreign" ? id.sessionB : sid;
        const where = `save to ${sid.slice(0, 40)}: ${body.slice(0, 200)}`;
        const before = current;
        let after: Fingerprint | undefined;
        try {
          const res = await save(target, body);
          after = await fingerprint(h.db);
          expect(res.status, where).toBeGreaterThanOrEqual(400);
          expect(res.status, where).toBeLessThan(500);
          const json = (await res.json()) as { ok: boolean; message?: string };
          expect(json.ok, where).toBe(false);
          expect(typeof json.message === "string" && json.message.length > 0, where).toBe(true);
          expect(json.message!, where).not.toMatch(LEAKY);
          expect(changedTables(before, after), `${where}: nothing may be written`).toEqual([]);
        } finally {
          current = after ?? (await fingerprint(h.db));
        }
      }),
      { numRuns: NUM_RUNS * 3 },
    );
  });
});

// ------------------------------------------------------------------------------------------------
// Counterexamples found by the properties above, kept as plain regression cases
// ------------------------------------------------------------------------------------------------

describe(`hostile-input regressions (${ENGINE})`, () => {
  const form = (fields: Record<string, string | string[]>, junk: [string, string][] = []) => {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) fd.append(k, item);
    for (const [k, v] of junk) fd.append(k, v);
    return fd;
  };

  it("a NUL in a cohort name is a field error, not a failed write", async () => {
    asPersona("admin");
    const { renameCohortAction } = await import("@/app/admin/actions");
    const before = await fingerprint(h.db);
    const out = await renameCohortAction(initialFormState, form({ cohortId: id.cohort, name: "\u0000" }));
    expect(out).toMatchObject({ status: "error", errors: { name: [expect.stringMatching(/NUL/)] } });
    expect(changedTables(before, await fingerprint(h.db))).toEqual([]);
  });

  it("an unpaired surrogate cannot arrive through a form (FormData replaces it), only through imported JSON, which refuses it", async () => {
    expect(formDataToObject(form({ notes: "x\uDFFFy" })).notes).toBe("x\uFFFDy");
    asPersona("coachA");
    const { importQuestionsAction } = await import("@/app/bank/actions");
    const { rowToQuestion } = await import("@/lib/questions/server/bank");
    const q = rowToQuestion((await getQuestion(h.db, exam.id, id.questionId))!);
    const before = await fingerprint(h.db);
    const out = await importQuestionsAction(initialFormState, form({ json: JSON.stringify([{ ...q, explanation: `${q.explanation} \uD800` }]) }));
    expect(out).toMatchObject({ status: "error", errors: { json: [expect.stringMatching(/explanation: Remove the invisible/)] } });
    expect(changedTables(before, await fingerprint(h.db))).toEqual([]);
  });

  it("a field named toString, constructor or __proto__ is just an unknown field", async () => {
    expect(formDataToObject(form({ toString: "x", constructor: "y" }))).toEqual({ toString: "x", constructor: "y" });
    const list = formDataToObject(form({ "__proto__[]": "x" }));
    expect(Object.keys(list)).toEqual(["__proto__"]);
    asPersona("coachA");
    const { updateQuestionAction } = await import("@/app/bank/actions");
    await expect(updateQuestionAction(initialFormState, form(questionForm(false), [["toString", "x"], ["__proto__[]", "y"]]))).rejects.toMatchObject({
      digest: expect.stringContaining("NEXT_REDIRECT"),
    });
  });

  it("a question's status sent as a list is refused, not silently saved as a draft", async () => {
    asPersona("coachA");
    const { createQuestionAction } = await import("@/app/bank/actions");
    const { status: _status, ...fields } = questionForm(true);
    void _status;
    const before = await fingerprint(h.db);
    const out = await createQuestionAction(initialFormState, form(fields, [["status[]", ""]]));
    expect(out).toMatchObject({ status: "error", errors: { status: [expect.any(String)] } });
    expect(changedTables(before, await fingerprint(h.db))).toEqual([]);
  });

  it("a plan length written as 1e1, 0xA or 10.0 is refused, not read as 10 days", async () => {
    asPersona("coachA");
    const { generatePlanAction } = await import("@/app/coach/plan-actions");
    for (const lengthDays of ["1e1", "0xA", "10.0", "+10"]) {
      const before = await fingerprint(h.db);
      const out = await generatePlanAction(initialFormState, form({ learnerId: id.learnerC, startDate: "", lengthDays }));
      expect(out, lengthDays).toMatchObject({ status: "error", errors: { lengthDays: [expect.any(String)] } });
      expect(changedTables(before, await fingerprint(h.db))).toEqual([]);
    }
  });

  it("an import with 100k-character ids and categories names the problems without echoing the values", async () => {
    asPersona("coachA");
    const { importQuestionsAction } = await import("@/app/bank/actions");
    const { rowToQuestion } = await import("@/lib/questions/server/bank");
    const q = rowToQuestion((await getQuestion(h.db, exam.id, id.questionId))!);
    const out = await importQuestionsAction(initialFormState, form({ json: JSON.stringify([{ ...q, id: "a".repeat(100_000), category: "x".repeat(100_000) }]) }));
    expect(out).toMatchObject({ status: "error", errors: { json: expect.arrayContaining([expect.stringMatching(/category/), expect.stringMatching(/id must be at most 80/)]) } });
    for (const line of out.errors!.json!) expect(line.length).toBeLessThan(1000);
  });

  it("a NUL escaped inside imported JSON is reported per item, not a failed write", async () => {
    asPersona("coachA");
    const { importQuestionsAction } = await import("@/app/bank/actions");
    const { rowToQuestion } = await import("@/lib/questions/server/bank");
    const q = rowToQuestion((await getQuestion(h.db, exam.id, id.questionId))!);
    const before = await fingerprint(h.db);
    const out = await importQuestionsAction(initialFormState, form({ json: JSON.stringify([{ ...q, stem: `${q.stem}\u0000` }]) }));
    expect(out).toMatchObject({ status: "error", message: expect.stringMatching(/Nothing was imported/), errors: { json: [expect.stringMatching(/stem/)] } });
    expect(changedTables(before, await fingerprint(h.db))).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------------------
// Read-only route handlers with input in the URL: never a server error, never a write
// ------------------------------------------------------------------------------------------------

// ------------------------------------------------------------------------------------------------
// One-click unsubscribe: POST /api/unsubscribe (no session; the signed token is the authorization)
// ------------------------------------------------------------------------------------------------

describe(`hostile tokens and bodies on the one-click unsubscribe endpoint (${ENGINE})`, () => {
  it("answers any token or body with 200 (a valid token), 303 or 404, never a server error, and writes only for a valid token", async () => {
    const { POST } = (await import("@/app/api/unsubscribe/route")) as unknown as { POST: (req: import("next/server").NextRequest) => Promise<Response> };
    const { NextRequest } = await import("next/server");
    const secret = process.env.AUTH_SECRET!;
    const valid = signUnsubscribe(secret, id.learnerA, "plan-today");
    const forged = [
      signUnsubscribe("another-secret-entirely-0123456789abcdef", id.learnerA, "plan-today"),
      valid.replace("plan-today", "coach-digest"),
      valid.replace(id.learnerA, id.learnerB),
      `${valid}x`,
      valid.slice(0, -1),
    ];
    const token = fc.oneof({ weight: 4, arbitrary: hostileString(forged) }, { weight: 1, arbitrary: fc.constant(valid) });
    const body = fc.oneof(
      fc.constant("List-Unsubscribe=One-Click"),
      token.map((t) => `token=${encodeURIComponent(t.toWellFormed())}&from=page`),
      hostileString([]).map((v) => v.slice(0, 5000)),
    );
    current = await fingerprint(h.db);
    await fc.assert(
      fc.asyncProperty(token, body, fc.constantFrom("application/x-www-form-urlencoded", "multipart/form-data", "text/plain", ""), async (t, b, type) => {
        const before = current;
        let after: Fingerprint | undefined;
        const where = `token ${JSON.stringify(t.slice(0, 60))} body ${JSON.stringify(b.slice(0, 60))} (${type})`;
        try {
          const headers = type ? { "content-type": type } : undefined;
          const res = await POST(new NextRequest(`http://localhost/api/unsubscribe?token=${encodeURIComponent(t.slice(0, 5000).toWellFormed())}`, { method: "POST", body: b, headers }));
          after = await fingerprint(h.db);
          expect([200, 303, 404], where).toContain(res.status);
          const changed = changedTables(before, after);
          const formToken = type === "application/x-www-form-urlencoded" ? new URLSearchParams(b).get("token") : null;
          const usedValid = t === valid || formToken === valid;
          if (!usedValid) expect(changed, `${where}: only a valid token may write`).toEqual([]);
          else expect(changed.every((c) => c === "notification_preferences"), where).toBe(true);
        } finally {
          current = after ?? (await fingerprint(h.db));
        }
      }),
      { numRuns: NUM_RUNS * 2 },
    );
  });
});

describe(`hostile query strings and ids on the download routes (${ENGINE})`, () => {
  type Get = (req: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response>;
  async function get(handler: Get, url: string, routeId = ""): Promise<number | "refused"> {
    try {
      const res = await handler(new Request(url), { params: Promise.resolve({ id: routeId }) });
      await res.text();
      return res.status;
    } catch (err) {
      const digest = (err as { digest?: unknown })?.digest;
      if (typeof digest === "string" && digest.startsWith("NEXT_HTTP_ERROR_FALLBACK")) return "refused"; // notFound(), forbidden()
      throw err;
    }
  }
  const param = hostileString([]).map((v) => (v.length > 5000 ? v.slice(0, 5000) : v)); // URLs stay a sane length

  it("the cohort analytics CSV export answers any cohort/from/to with a file or a 4xx", async () => {
    asPersona("admin");
    const { GET } = (await import("@/app/admin/analytics/export.csv/route")) as unknown as { GET: Get };
    expect(await get(GET, `http://localhost/admin/analytics/export.csv?cohort=${id.cohort}`), "the admin reaches the export").toBe(200);
    current = await fingerprint(h.db);
    await fc.assert(
      fc.asyncProperty(fc.record({ cohort: fc.option(fc.oneof(param, fc.constant(id.cohort))), from: fc.option(param), to: fc.option(param) }), async (q) => {
        const url = new URL("http://localhost/admin/analytics/export.csv");
        for (const [k, v] of Object.entries(q)) if (v !== null) url.searchParams.set(k, v);
        const status = await get(GET, url.toString());
        if (status !== "refused") expect(status, url.search.slice(0, 200)).toBeLessThan(500);
        expect(changedTables(current, await fingerprint(h.db)), url.search.slice(0, 200)).toEqual([]);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("the data download takes no input at all, and answers with the caller's own data and no other's", async () => {
    asPersona("learnerA");
    const route = (await import("@/app/account/export.json/route")) as unknown as { GET: (...args: unknown[]) => Promise<Response> };
    // Nothing in the request (query, path, body) can point it elsewhere: the handler reads none.
    expect(route.GET.length).toBe(0);
    current = await fingerprint(h.db);
    const res = await route.GET(new Request(`http://localhost/account/export.json?user=${id.learnerB}&id=${id.attB}`));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { profile: { id: string }; attempts: { id: string }[] };
    expect(body.profile.id).toBe(id.learnerA);
    expect(body.attempts.map((a) => a.id)).toEqual(expect.arrayContaining([id.attA1]));
    // Identifiers only: free text the learner or their coach typed (a comment, say) may hold any
    // string, another learner's id included, after the properties above have written it.
    const ids: string[] = [];
    const walk = (v: unknown, key = ""): void => {
      if (Array.isArray(v)) v.forEach((x) => walk(x, key));
      else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, k);
      else if (typeof v === "string" && (key === "id" || key.endsWith("Id"))) ids.push(v);
    };
    walk(body);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).not.toContain(id.attB);
    expect(ids).not.toContain(id.learnerB);
    expect(changedTables(current, await fingerprint(h.db))).toEqual([]);
  });

  it("the practice content route answers any set id with the learner's own question text, a 404 or a refusal, never a server error, and writes nothing", async () => {
    const own = await startPractice(h.db, id.learnerA, exam, { mode: "timed-mixed", size: 10, minutes: 20, focusDomains: [] });
    asPersona("learnerA");
    const { GET } = (await import("@/app/api/practice/[id]/content/route")) as unknown as { GET: Get };
    current = await fingerprint(h.db);
    await fc.assert(
      fc.asyncProperty(fc.oneof(param, fc.constantFrom(own, id.sessionB, own.toUpperCase(), ` ${own}`, `${own}\u0000`)), async (setId) => {
        const status = await get(GET, "http://localhost/api/practice/id/content", setId);
        expect(status, setId.slice(0, 80)).not.toBe("refused");
        expect(status, setId.slice(0, 80)).toBeLessThan(500);
        if (setId === id.sessionB) expect(status, "another learner's set").toBe(404);
        if (setId === own) expect(status, "the learner's own set").toBe(200);
        expect(changedTables(current, await fingerprint(h.db))).toEqual([]);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("the plan calendar answers any plan id with a file, a 404 or a refusal", async () => {
    asPersona("learnerA");
    const { GET } = (await import("@/app/plans/[id]/calendar.ics/route")) as unknown as { GET: Get };
    current = await fingerprint(h.db);
    await fc.assert(
      fc.asyncProperty(fc.oneof(param, fc.constantFrom(id.planA, id.planB, id.planA.toUpperCase())), async (planId) => {
        // The handler reads the id from params (the URL only serves as the base of links).
        const status = await get(GET, "http://localhost/plans/id/calendar.ics", planId);
        if (status !== "refused") expect(status, planId.slice(0, 80)).toBeLessThan(500);
        if (planId === id.planB) expect(status, "another learner's plan").not.toBe(200);
        if (planId === id.planA) expect(status, "the learner's own plan").toBe(200);
        expect(changedTables(current, await fingerprint(h.db))).toEqual([]);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
