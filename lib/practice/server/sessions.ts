import { and, desc, eq, gt, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  attemptDomainReadings,
  examAttempts,
  practiceItems,
  practiceSessions,
  questionGroups,
  questions,
  users,
  type ExamRow,
} from "@/db/schema";
import { questionReviews } from "@/db/schema";
import { ActionError } from "@/lib/action-error";
import { recordPracticeSubmission } from "@/lib/analytics/server/rollups";
import { DOMAIN_KEYS, type DomainKey } from "@/lib/exam/az104";
import { weakDomains } from "@/lib/policy/advice";
import type { PracticeMode, PracticeStatus } from "@/lib/enums";
import { mulberry32, type WeakCategory, type WeakDomain } from "@/lib/practice/draw";
import { minutesForDrawn } from "@/lib/practice/pace";
import { setEvidence } from "@/lib/practice/readiness";
import { countFirstExposure } from "@/lib/readiness/server/readiness";
import { notifyIfReadinessReached } from "@/lib/notifications/server/reminders";
import { completePlansIfDone } from "@/lib/plans/server/completion";
import { ITEM_TYPE_KINDS } from "@/lib/exam/az104";
import type {
  PracticeResults,
  ReviewItem,
  RunnerContent,
  RunnerGroup,
  RunnerGroupState,
  RunnerItemContent,
  RunnerItemState,
  RunnerSession,
  SaveAnswer,
  SaveResult,
} from "@/lib/practice/dto";
import { scoreSet } from "@/lib/practice/item-scoring";
import { responseFits } from "@/lib/practice/responses";
import { drawExamShapedSet, groupUnits } from "@/lib/practice/set-shape";
import { groupSizes, reviewItem, runnerGroups, runnerItem, type ItemRow } from "@/lib/practice/item-views";
import { contentFor, firstShown } from "@/lib/practice/runner/content";
import { selectGroups, selectItemRows, selectItemStates } from "./item-rows";
import { summarize, summaryVerdict } from "@/lib/practice/score";
import { withOwnVariations } from "@/lib/variations/server/variations";

/** Answers arriving up to this long after the deadline still count (network latency, a slow tab). */
export const SAVE_GRACE_MS = 5_000;
const GRACE = sql.raw(`interval '${SAVE_GRACE_MS / 1000} seconds'`);
/** How long a client is asked to wait before retrying a save the database could not take. */
export const UNAVAILABLE_RETRY_MS = 2_000;

const CONNECTION_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  // admin_shutdown, crash_shutdown, cannot_connect_now (starting up, shutting down, in recovery),
  // too_many_connections, and the whole connection_exception class (08xxx).
  "57P01",
  "57P02",
  "57P03",
  "53300",
]);

/**
 * True when an error means the database could not be reached or dropped the connection (a
 * restart, a failover, a full pool at the server): nothing was decided, and the same request can
 * be sent again. Follows `cause` (the ORM wraps driver errors).
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (CONNECTION_ERROR_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
    const errno = (e as { errno?: unknown }).errno;
    if (typeof errno === "string" && CONNECTION_ERROR_CODES.has(errno)) return true;
  }
  return false;
}

/**
 * A save that has not finished after this long is answered "unavailable" (the client retries the
 * same seqs), well before a browser or proxy gives up on the request. The save may still land
 * afterwards; the retry then finds its own seq stored, which the outbox counts as acknowledged.
 */
export const SAVE_TIMEOUT_MS = 6_000;

/**
 * Runs a save; a database that cannot be reached, or does not answer within `timeoutMs`, gives
 * `onUnavailable()` instead of an error page or a hanging request. Other errors propagate.
 */
export async function unlessDatabaseUnavailable<T>(work: () => Promise<T>, onUnavailable: () => T, timeoutMs = SAVE_TIMEOUT_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  try {
    const result = await Promise.race([work(), timedOut]);
    if (result === "timeout") {
      console.warn(`[autosave] no answer from the database within ${timeoutMs} ms: asked the client to retry`);
      return onUnavailable();
    }
    return result;
  } catch (err) {
    if (!isDatabaseUnavailable(err)) throw err;
    console.warn(`[autosave] database unavailable (${errorCode(err)}): asked the client to retry`);
    return onUnavailable();
  } finally {
    clearTimeout(timer);
  }
}

function errorCode(err: unknown): string {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return "unknown";
}

/** The answer to a save the database could not take: retry the same batch (same seqs) shortly. */
export function unavailableSave(): Extract<SaveResult, { ok: false }> {
  return {
    ok: false,
    error: "unavailable",
    message: "The server could not reach its database. Your answers are kept in this browser and sent again shortly.",
    retryAfterMs: UNAVAILABLE_RETRY_MS,
  };
}

/** Questions seen in this many of the learner's latest sets are "recent" and avoided while the pool allows. */
const RECENT_SETS = 3;

export const PRACTICE_PRESETS = [
  { size: 50, minutes: 100, label: "Full length: 50 questions in 100 minutes" },
  { size: 25, minutes: 50, label: "Half: 25 questions in 50 minutes" },
  { size: 10, minutes: 20, label: "Short: 10 questions in 20 minutes" },
] as const;

/** Weakness per domain for a retest: the latest score report's bars and recent practice misses. */
async function learnerWeakDomains(db: Db, learnerId: string, examId: string): Promise<WeakDomain[]> {
  const [latest] = await db
    .select({ id: examAttempts.id })
    .from(examAttempts)
    .where(and(eq(examAttempts.learnerId, learnerId), eq(examAttempts.examId, examId)))
    .orderBy(desc(examAttempts.takenAt))
    .limit(1);
  const weakness = new Map<DomainKey, number>();
  if (latest) {
    const bars = await db.select().from(attemptDomainReadings).where(eq(attemptDomainReadings.attemptId, latest.id));
    const readings = bars.map((b) => ({ domain: b.domain as DomainKey, bar: b.bar }));
    const weak = new Set(weakDomains(readings));
    for (const r of readings) weakness.set(r.domain, Math.max(weak.has(r.domain) ? 0.5 : 0, 1 - r.bar / 100));
  }
  const recent = await db
    .select({ domain: questions.domain, correct: practiceItems.correct })
    .from(practiceItems)
    .innerJoin(practiceSessions, eq(practiceSessions.id, practiceItems.sessionId))
    .innerJoin(questions, eq(questions.id, practiceItems.questionId))
    .where(and(eq(practiceSessions.learnerId, learnerId), eq(practiceSessions.status, "submitted")))
    .orderBy(desc(practiceSessions.startedAt))
    .limit(200);
  const stats = new Map<DomainKey, { miss: number; total: number }>();
  for (const r of recent) {
    const s = stats.get(r.domain as DomainKey) ?? { miss: 0, total: 0 };
    s.total++;
    if (r.correct !== true) s.miss++;
    stats.set(r.domain as DomainKey, s);
  }
  for (const [domain, s] of stats) {
    if (s.total >= 3) weakness.set(domain, Math.max(weakness.get(domain) ?? 0, s.miss / s.total));
  }
  return [...weakness].map(([domain, weight]) => ({ domain, weight }));
}

/**
 * The learner's notes on their latest attempt that weight a draw: the categories they misread
 * (each fully weak) and the item types that slowed them, as question kinds the bank has.
 */
async function learnerNotes(db: Db, learnerId: string, examId: string): Promise<{ categories: WeakCategory[]; kinds: Set<string> }> {
  const [latest] = await db
    .select({
      slowItemTypes: examAttempts.slowItemTypes,
      categories: sql<string[]>`array(select c.category from attempt_miss_categories c where c.attempt_id = ${examAttempts.id})`,
    })
    .from(examAttempts)
    .where(and(eq(examAttempts.learnerId, learnerId), eq(examAttempts.examId, examId)))
    .orderBy(desc(examAttempts.takenAt))
    .limit(1);
  if (!latest) return { categories: [], kinds: new Set() };
  return {
    categories: latest.categories.map((category) => ({ category, weight: 1 })),
    kinds: new Set(latest.slowItemTypes.flatMap((t) => ITEM_TYPE_KINDS[t] ?? [])),
  };
}

export interface StartInput {
  mode: PracticeMode;
  size: number;
  minutes: number;
  focusDomains: DomainKey[];
}

export async function startPractice(
  db: Db,
  learnerId: string,
  exam: ExamRow,
  input: StartInput,
  rng: () => number = mulberry32((Date.now() ^ (Math.random() * 2 ** 31)) >>> 0),
  /** A repair plan's retest task weights the set toward the plan's domains instead of the learner's latest signals. */
  weakDomainsOverride?: WeakDomain[],
  /** A cycle's retest weights the set toward the categories it rebuilt instead of the learner's notes. */
  weakCategoriesOverride?: WeakCategory[],
): Promise<string> {
  const pool = await db
    .select({
      id: questions.id,
      domain: questions.domain,
      family: questions.family,
      tier: questions.tier,
      category: questions.category,
      kind: questions.kind,
      groupId: questions.groupId,
      groupOrder: questions.groupOrder,
    })
    .from(questions)
    .where(and(eq(questions.examId, exam.id), eq(questions.status, "published")));
  if (pool.length === 0) throw new ActionError("conflict", "The question bank is empty: ask your coach to publish questions.");
  // Yes/no series and case studies are drawn as units (lib/practice/set-shape.ts).
  const publishedGroups = await db
    .select({ id: questionGroups.id, kind: questionGroups.kind })
    .from(questionGroups)
    .where(and(eq(questionGroups.examId, exam.id), eq(questionGroups.status, "published")));
  const { units, loose } = groupUnits(
    pool.map((p) => ({ ...p, domain: p.domain as DomainKey })),
    new Map(publishedGroups.map((g) => [g.id, g.kind])),
  );

  const seen = await db
    .select({ questionId: practiceItems.questionId, sessionId: practiceItems.sessionId, correct: practiceItems.correct, family: questions.family, startedAt: practiceSessions.startedAt })
    .from(practiceItems)
    .innerJoin(practiceSessions, eq(practiceSessions.id, practiceItems.sessionId))
    .innerJoin(questions, eq(questions.id, practiceItems.questionId))
    .where(eq(practiceSessions.learnerId, learnerId));
  // A question whose answer a shown review gave away is as good as seen: the draw prefers others, so a
  // retest meets questions for the first time (lib/practice/readiness.ts).
  const givenAway = await db
    .select({ givesAway: questions.givesAway })
    .from(questionReviews)
    .innerJoin(questions, eq(questions.id, questionReviews.questionId))
    .where(eq(questionReviews.learnerId, learnerId));
  const recentSessionIds = new Set(
    [...new Map(seen.map((s) => [s.sessionId, s.startedAt.getTime()]))]
      .sort((a, b) => b[1] - a[1])
      .slice(0, RECENT_SETS)
      .map(([id]) => id),
  );
  // The notes the learner left on their latest attempt weight retests (categories, slow item kinds)
  // and domain-focus sets (slow item kinds); the exam-mix set stays drawn like the exam.
  const notes = input.mode === "timed-mixed" ? { categories: [], kinds: new Set<string>() } : await learnerNotes(db, learnerId, exam.id);
  const drawn = drawExamShapedSet({
    mode: input.mode,
    size: input.size,
    pool: loose,
    groups: units,
    recentlySeen: new Set(seen.filter((s) => recentSessionIds.has(s.sessionId)).map((s) => s.questionId)),
    seenIds: new Set([...seen.map((s) => s.questionId), ...givenAway.flatMap((g) => g.givesAway)]),
    missedFamilies: new Set(seen.filter((s) => s.correct === false).map((s) => s.family)),
    focusDomains: input.mode === "domain-focus" ? input.focusDomains : undefined,
    weakDomains: input.mode === "retest" ? (weakDomainsOverride ?? (await learnerWeakDomains(db, learnerId, exam.id))) : undefined,
    weakCategories: input.mode === "retest" ? (weakCategoriesOverride ?? notes.categories) : undefined,
    preferKinds: notes.kinds,
    rng,
  });
  // A retest also serves the learner's own unseen variations, each in the place of a drawn question
  // of its domain, so the draw's domain counts stand (lib/practice/own-variations.ts).
  // A group's items and the format items keep their places: a variation (a choice question) takes a single or multiple item's.
  const byId = new Map(pool.map((p) => [p.id, { id: p.id, domain: p.domain as DomainKey, family: p.family, fixed: p.groupId !== null || (p.kind !== "single" && p.kind !== "multiple") }]));
  const ids = input.mode === "retest" ? await withOwnVariations(db, learnerId, exam.id, drawn.map((id) => byId.get(id)!)) : drawn;
  // A set that drew fewer questions than asked keeps the asked pace (24 questions of a "50 in 100
  // minutes" domain focus get 48 minutes, not 100).
  const minutes = minutesForDrawn(input.size, input.minutes, ids.length);
  return db.transaction(async (tx) => {
    const [session] = await tx
      .insert(practiceSessions)
      .values({
        learnerId,
        examId: exam.id,
        mode: input.mode,
        size: ids.length,
        durationMinutes: minutes,
        focusDomains: input.focusDomains,
        startedAt: sql`now()`,
        deadlineAt: sql`now() + make_interval(mins => ${minutes})`,
      })
      .returning({ id: practiceSessions.id });
    await tx.insert(practiceItems).values(ids.map((questionId, i) => ({ sessionId: session!.id, position: i + 1, questionId })));
    return session!.id;
  });
}

async function ownedSession(db: Db, learnerId: string, sessionId: string) {
  const [s] = await db
    .select()
    .from(practiceSessions)
    .where(and(eq(practiceSessions.id, sessionId), eq(practiceSessions.learnerId, learnerId)))
    .limit(1);
  return s ?? null;
}

/**
 * Scores and closes a set. Idempotent: a second call (a double click, a racing autosave, an
 * overdue set read by two tabs) finds it submitted and does nothing.
 */
export async function submitPractice(db: Db, learnerId: string, sessionId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [s] = await tx
      .select()
      .from(practiceSessions)
      .where(and(eq(practiceSessions.id, sessionId), eq(practiceSessions.learnerId, learnerId)))
      .for("update");
    if (!s) throw new ActionError("not-found", "That practice set does not exist or is not yours.");
    if (s.status === "submitted") return;
    const items = await tx
      .select({ position: practiceItems.position, response: practiceItems.response, kind: questions.kind, answer: questions.answer })
      .from(practiceItems)
      .innerJoin(questions, eq(questions.id, practiceItems.questionId))
      .where(eq(practiceItems.sessionId, sessionId));
    // Each item 0–1 with partial credit per part (lib/practice/item-scoring.ts); one update per score.
    const { correct, answered, score, byScore } = scoreSet(items);
    for (const [itemScore, positions] of byScore)
      await tx
        .update(practiceItems)
        .set({ score: itemScore, correct: itemScore === 1 })
        .where(and(eq(practiceItems.sessionId, sessionId), inArray(practiceItems.position, positions)));
    const [closed] = await tx
      .update(practiceSessions)
      .set({
        status: "submitted",
        submittedAt: sql`least(now(), ${practiceSessions.deadlineAt} + ${GRACE})`,
        correct,
        answered,
        score,
      })
      .where(eq(practiceSessions.id, sessionId))
      .returning({ submittedAt: practiceSessions.submittedAt });
    // Readiness: which answers met a question for the first time, fixed now so the history never shifts.
    const fresh = await countFirstExposure(tx, learnerId, sessionId, s.startedAt, closed!.submittedAt ?? new Date());
    await tx
      .update(practiceSessions)
      .set({ freshItems: fresh.fresh, freshCoreMisses: fresh.coreMisses, freshEdgeMisses: fresh.edgeMisses })
      .where(eq(practiceSessions.id, sessionId));
    await recordPracticeSubmission(tx, learnerId, s.examId, sessionId);
    await completePlansIfDone(tx, learnerId, s.examId);
    await notifyIfReadinessReached(tx, learnerId, s.examId, closed!.submittedAt);
  });
}

/** An overdue set is submitted with its last saved answers the next time anyone reads it. */
export async function finalizeOverdue(db: Db, learnerId: string): Promise<number> {
  const overdue = await db
    .select({ id: practiceSessions.id })
    .from(practiceSessions)
    .where(
      and(
        eq(practiceSessions.learnerId, learnerId),
        eq(practiceSessions.status, "active"),
        lt(sql`${practiceSessions.deadlineAt} + ${GRACE}`, sql`now()`),
      ),
    );
  for (const s of overdue) await submitPractice(db, learnerId, s.id);
  return overdue.length;
}

/** The learner's set with the database clock, in one statement; null when it is not theirs. */
async function ownedWithClock(db: Db, learnerId: string, sessionId: string) {
  const [owned] = await db
    .select({ s: practiceSessions, now: sql<string>`now()` })
    .from(practiceSessions)
    .where(and(eq(practiceSessions.id, sessionId), eq(practiceSessions.learnerId, learnerId)))
    .limit(1);
  return owned ?? null;
}

/**
 * Items as the runner may see them, split into state and question. Built from the allow-list of
 * lib/practice/item-views.ts (no key, no reasons); the split only sorts its fields.
 */
function runnerParts(rows: readonly (ItemRow & { ownerId: string | null })[], sizes: ReadonlyMap<string, number>): { states: RunnerItemState[]; contents: RunnerItemContent[] } {
  const states: RunnerItemState[] = [];
  const contents: RunnerItemContent[] = [];
  for (const r of rows) {
    const { stem, options, hotspot, places, matching, exhibits, ...state } = runnerItem(r, sizes);
    // Only ever the learner's own: a variation is served to no one else.
    states.push({ ...state, ownVariation: r.ownerId !== null });
    contents.push({
      position: r.position,
      stem,
      options,
      ...(hotspot ? { hotspot } : {}),
      ...(places !== undefined ? { places } : {}),
      ...(matching ? { matching } : {}),
      ...(exhibits ? { exhibits } : {}),
    });
  }
  return { states, contents };
}

/** A series or case study without its texts: what the runner's sections and clocks need. */
function groupState(g: RunnerGroup): RunnerGroupState {
  return g.kind === "case-study" ? { id: g.id, kind: g.kind, minutes: g.minutes, positions: g.positions } : { id: g.id, kind: g.kind, positions: g.positions };
}

/**
 * The runner's page: every item's state (position, kind, domain, group, response, flag, seq, time,
 * closed), read without any question text, and the question text of the item shown first only
 * (with its group's texts). The rest of the text comes from getRunnerContent. An overdue set is
 * submitted first.
 */
export async function getRunnerSession(db: Db, learnerId: string, sessionId: string): Promise<RunnerSession | null> {
  await finalizeOverdue(db, learnerId);
  const owned = await ownedWithClock(db, learnerId, sessionId);
  if (!owned) return null;
  const { s, now } = owned;
  const rows = await selectItemStates(db, sessionId);
  const sizes = groupSizes(rows);
  const items: RunnerItemState[] = rows.map((r) => ({
    position: r.position,
    domain: r.domain as DomainKey,
    kind: r.kind,
    response: r.response,
    flagged: r.flagged,
    seq: r.seq,
    timeMs: r.timeMs,
    ...(r.groupId ? { group: { id: r.groupId, order: r.groupOrder ?? 1, size: sizes.get(r.groupId) ?? 1 } } : {}),
    ...(r.closed ? { closed: true } : {}),
    // Only ever the learner's own: a variation is served to no one else.
    ownVariation: r.ownerId !== null,
  }));
  const groups = runnerGroups(await selectGroups(db, rows), rows);
  let content: RunnerContent = { items: [], groups: [] };
  if (s.status === "active" && items.length) {
    const first = firstShown(items);
    content = contentFor({ items: runnerParts(await selectItemRows(db, sessionId, [first]), sizes).contents, groups }, [first]);
  }
  return {
    id: s.id,
    mode: s.mode,
    size: s.size,
    durationMinutes: s.durationMinutes,
    startedAt: s.startedAt.toISOString(),
    deadlineAt: s.deadlineAt.toISOString(),
    serverNow: new Date(now).toISOString(),
    graceMs: SAVE_GRACE_MS,
    status: s.status,
    items,
    groups: groups.map(groupState),
    content,
  };
}

/**
 * The question text of every item of an active set (and its series' and case studies' texts), as
 * the runner may see it: no key, no explanation, no reasons. Null when the set is not the
 * learner's; "submitted" once it is submitted (the review then has everything). Reads only.
 */
export async function getRunnerContent(db: Db, learnerId: string, sessionId: string): Promise<RunnerContent | "submitted" | null> {
  const owned = await ownedWithClock(db, learnerId, sessionId);
  if (!owned) return null;
  if (owned.s.status !== "active") return "submitted";
  const rows = await selectItemRows(db, sessionId);
  return { items: runnerParts(rows, groupSizes(rows)).contents, groups: runnerGroups(await selectGroups(db, rows), rows) };
}

export const SIGNED_OUT_SAVE = {
  ok: false,
  error: "unauthenticated",
  message: "Your session has ended. Sign in again; your answers are kept in this browser.",
} as const satisfies SaveResult;
export const NOT_A_LEARNER_SAVE = { ok: false, error: "not-found", message: "Only learners answer practice sets." } as const satisfies SaveResult;
/** A user still on a one-time password: nothing is saved until it is replaced (as no page opens). */
export const PASSWORD_CHANGE_SAVE = {
  ok: false,
  error: "unauthenticated",
  message: "Replace your one-time password first (Account, Change password); your answers are kept in this browser.",
} as const satisfies SaveResult;

/** A session token's claims, not yet checked against the user row. */
export interface SaveSession {
  sessionVersion: number;
}

/**
 * The session check of a save, on its own: the user behind a token must exist, be active, carry
 * the token's session version, have replaced any one-time password and be a learner. Null when
 * they may save, else the refusal.
 */
export async function checkSaveSession(db: Db, userId: string, session: SaveSession): Promise<SaveResult | null> {
  const [row] = await db
    .select({ role: users.role, active: users.active, sessionVersion: users.sessionVersion, mustChangePassword: users.mustChangePassword })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!row || !row.active || row.sessionVersion !== session.sessionVersion) return SIGNED_OUT_SAVE;
  if (row.mustChangePassword) return PASSWORD_CHANGE_SAVE;
  if (row.role !== "learner") return NOT_A_LEARNER_SAVE;
  return null;
}

/**
 * Applies a batch of saves. Each save is one conditional UPDATE: it lands only if the set is the
 * learner's, still open (deadline + grace, by the database clock), the response fits the
 * question's kind, and its sequence number is newer than the stored one, so a retried or
 * out-of-order save can never overwrite a newer answer.
 *
 * The UPDATE takes a share lock on the set's row (FOR SHARE in its CTE), which a submission holds
 * FOR UPDATE while it scores. So a save either commits before the submission reads the answers
 * (and is scored) or waits for it and then finds the set submitted (and is refused): never stored
 * after the score was computed, never acknowledged and left out of it.
 *
 * With `session` (the claims of an undecoded-by-Auth.js token), the user check rides in the same
 * statement as the save: a deactivated, signed-out or demoted user's save matches nothing, and only
 * then is the user row read to say why. A save is then one statement.
 */
export async function saveAnswers(db: Db, learnerId: string, sessionId: string, answers: SaveAnswer[], session?: SaveSession): Promise<SaveResult> {
  if (session && answers.length === 0) return (await checkSaveSession(db, learnerId, session)) ?? { ok: true, results: [] };
  const results: { position: number; seq: number; applied: boolean }[] = [];
  for (const a of answers) {
    const response = a.response && a.response.length ? [...new Set(a.response)].sort() : null;
    const responseArray = response === null ? sql`'{}'::text[]` : sql`${`{${response.join(",")}}`}::text[]`;
    // The open set, locked in share mode: many saves at once, but not while a submission scores it.
    const openSet = db.$with("open_set").as(
      db
        .select({ id: practiceSessions.id })
        .from(practiceSessions)
        .where(
          and(
            eq(practiceSessions.id, sessionId),
            eq(practiceSessions.learnerId, learnerId),
            eq(practiceSessions.status, "active"),
            sql`now() <= ${practiceSessions.deadlineAt} + ${GRACE}`,
            session
              ? sql`exists (select 1 from ${users} where ${users.id} = ${learnerId} and ${users.active} and ${users.sessionVersion} = ${session.sessionVersion} and ${users.role} = 'learner' and not ${users.mustChangePassword})`
              : undefined,
          ),
        )
        .for("share"),
    );
    const updated = await db
      .with(openSet)
      .update(practiceItems)
      // Time only grows: a tab that lost its local count (another device, cleared storage) cannot lower it.
      // A closing save (leaving a yes/no solution or a case study's section) closes the item for good.
      .set({ response, flagged: a.flagged, seq: a.seq, timeMs: sql`greatest(${practiceItems.timeMs}, ${a.timeMs})`, answeredAt: sql`now()`, closed: a.closed === true ? true : practiceItems.closed })
      .from(openSet)
      .where(
        and(
          eq(practiceItems.sessionId, sessionId),
          eq(practiceItems.position, a.position),
          lt(practiceItems.seq, a.seq),
          eq(practiceItems.closed, false),
          eq(openSet.id, practiceItems.sessionId),
          // The response fits the question's kind: one key for single and yes/no; option keys, Y/N or "<part>=<key>" by kind.
          sql`exists (select 1 from ${questions} where ${questions.id} = ${practiceItems.questionId}
                and (cardinality(${responseArray}) <= 1 or ${questions.kind} in ('multiple', 'hotspot', 'ordering', 'matching'))
                and not exists (select 1 from unnest(${responseArray}) e where e !~ (case when ${questions.kind} in ('single', 'multiple') then '^[A-F]$' when ${questions.kind} = 'yes-no' then '^[YN]$' else '^[1-9]=[A-H]$' end)))`,
        ),
      )
      .returning({ seq: practiceItems.seq });
    if (updated.length) {
      results.push({ position: a.position, seq: updated[0]!.seq, applied: true });
      continue;
    }
    // Not applied: say why, without changing anything.
    if (session) {
      const refused = await checkSaveSession(db, learnerId, session);
      if (refused) return refused;
    }
    const s = await ownedSession(db, learnerId, sessionId);
    if (!s) return { ok: false, error: "not-found", message: "That practice set does not exist or is not yours." };
    if (s.status === "submitted") return { ok: false, error: "submitted", message: "This set has been submitted; answers can no longer change." };
    const [{ open }] = (await db
      .select({ open: sql<boolean>`now() <= ${practiceSessions.deadlineAt} + ${GRACE}` })
      .from(practiceSessions)
      .where(eq(practiceSessions.id, sessionId))) as [{ open: boolean }];
    if (!open) {
      await submitPractice(db, learnerId, sessionId);
      return { ok: false, error: "deadline", message: "Time is up: answers after the deadline are not accepted. Your set was submitted." };
    }
    const [item] = await db
      .select({ seq: practiceItems.seq, kind: questions.kind })
      .from(practiceItems)
      .innerJoin(questions, eq(questions.id, practiceItems.questionId))
      .where(and(eq(practiceItems.sessionId, sessionId), eq(practiceItems.position, a.position)));
    if (!item) return { ok: false, error: "invalid", message: `There is no question ${a.position} in this set.` };
    if ((item.kind === "single" || item.kind === "yes-no") && response && response.length > 1) {
      return { ok: false, error: "invalid", message: `Question ${a.position} takes one answer.` };
    }
    if (!responseFits(item.kind, response)) return { ok: false, error: "invalid", message: `That answer does not fit question ${a.position}.` };
    results.push({ position: a.position, seq: item.seq, applied: false }); // stale: a newer save already landed
  }
  return { ok: true, results };
}

export interface SessionSummary {
  id: string;
  mode: PracticeMode;
  size: number;
  durationMinutes: number;
  startedAt: Date;
  deadlineAt: Date;
  status: PracticeStatus;
  correct: number | null;
  answered: number | null;
  /** The sum of the items' scores (partial credit); null for a set submitted before scores were stored. */
  score: number | null;
}

export async function listSessions(db: Db, learnerId: string, limit = 50): Promise<SessionSummary[]> {
  await finalizeOverdue(db, learnerId);
  return db
    .select({
      id: practiceSessions.id,
      mode: practiceSessions.mode,
      size: practiceSessions.size,
      durationMinutes: practiceSessions.durationMinutes,
      startedAt: practiceSessions.startedAt,
      deadlineAt: practiceSessions.deadlineAt,
      status: practiceSessions.status,
      correct: practiceSessions.correct,
      answered: practiceSessions.answered,
      score: practiceSessions.score,
    })
    .from(practiceSessions)
    .where(eq(practiceSessions.learnerId, learnerId))
    .orderBy(desc(practiceSessions.startedAt))
    .limit(limit);
}

/** Per-domain accuracy of each submitted set, oldest first: the trend across sets. */
export async function domainTrend(db: Db, learnerId: string, limit = 20) {
  const sessions = await db
    .select({ id: practiceSessions.id, startedAt: practiceSessions.startedAt })
    .from(practiceSessions)
    .where(and(eq(practiceSessions.learnerId, learnerId), eq(practiceSessions.status, "submitted")))
    .orderBy(desc(practiceSessions.startedAt))
    .limit(limit);
  if (!sessions.length) return [];
  const rows = await db
    .select({
      sessionId: practiceItems.sessionId,
      domain: questions.domain,
      total: sql<number>`count(*)`.mapWith(Number),
      correct: sql<number>`count(*) filter (where ${practiceItems.correct})`.mapWith(Number),
    })
    .from(practiceItems)
    .innerJoin(questions, eq(questions.id, practiceItems.questionId))
    .where(inArray(practiceItems.sessionId, sessions.map((s) => s.id)))
    .groupBy(practiceItems.sessionId, questions.domain);
  return sessions
    .slice()
    .reverse()
    .map((s) => {
      const perDomain = Object.fromEntries(DOMAIN_KEYS.map((d) => [d, null as number | null])) as Record<DomainKey, number | null>;
      for (const r of rows.filter((r) => r.sessionId === s.id)) {
        perDomain[r.domain as DomainKey] = r.total ? Math.round((r.correct / r.total) * 1000) / 10 : null;
      }
      return { sessionId: s.id, startedAt: s.startedAt, perDomain };
    });
}

export async function getResults(db: Db, learnerId: string, sessionId: string): Promise<PracticeResults | null> {
  await finalizeOverdue(db, learnerId);
  const s = await ownedSession(db, learnerId, sessionId);
  if (!s || s.status !== "submitted") return null;
  const rows = await selectItemRows(db, sessionId);
  const sizes = groupSizes(rows);
  const items: ReviewItem[] = rows.map(({ ownerId, ...r }) => ({ ...reviewItem(r, sizes), ownVariation: ownerId !== null }));
  const groups = runnerGroups(await selectGroups(db, rows), rows);
  const summary = summarize(items.map((i) => ({ questionId: i.questionId, domain: i.domain, category: i.category, tier: i.tier, correct: i.correct, score: i.score ?? undefined, timeMs: i.timeMs || undefined })));
  const [latest] = await db
    .select({ id: examAttempts.id })
    .from(examAttempts)
    .where(and(eq(examAttempts.learnerId, learnerId), eq(examAttempts.examId, s.examId), gt(examAttempts.takenAt, new Date(0))))
    .orderBy(desc(examAttempts.takenAt))
    .limit(1);
  const bars = latest ? await db.select().from(attemptDomainReadings).where(eq(attemptDomainReadings.attemptId, latest.id)) : [];
  return {
    id: s.id,
    mode: s.mode,
    startedAt: s.startedAt.toISOString(),
    submittedAt: (s.submittedAt ?? s.deadlineAt).toISOString(),
    durationMinutes: s.durationMinutes,
    summary,
    practiceVerdict: summaryVerdict(summary),
    evidence: setEvidence({
      mode: s.mode,
      size: s.size,
      durationMinutes: s.durationMinutes,
      fresh: s.freshItems === null ? null : { fresh: s.freshItems, coreMisses: s.freshCoreMisses ?? 0, edgeMisses: s.freshEdgeMisses ?? 0 },
    }),
    items,
    groups,
    scoreReportBars: bars.map((b) => ({ domain: b.domain as DomainKey, bar: b.bar })),
  };
}
