import crypto from "node:crypto";
import { and, asc, eq, ilike, inArray, ne, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { loadQuestionBankRows } from "@/content/az-104/questions";
import { auditLog, questionGroups, questions, type QuestionGroupRow, type QuestionRow } from "@/db/schema";
import { ActionError } from "@/lib/action-error";
import { isOneOf, QUESTION_STATUSES, QUESTION_TIERS } from "@/lib/enums";
import { entriesFromRows, flattenBank, flattenEntry, type BankGroup, type ExportedEntry, type BankQuestion, type QuestionPayload, type StoredOption } from "@/lib/questions/entries";
import { formatIssues, questionBankSchema, type BankEntry, type ChoiceQuestion, type FormattedIssue, type Question } from "@/lib/validation/question";

/** A stored row as the bank's scored item. */
export function rowToStored(r: QuestionRow, examCode = "AZ-104"): BankQuestion {
  return {
    id: r.id,
    exam: examCode as "AZ-104",
    domain: r.domain as BankQuestion["domain"],
    category: r.category,
    tier: r.tier,
    family: r.family,
    kind: r.kind,
    stem: r.stem,
    options: r.options as StoredOption[],
    answer: r.answer,
    explanation: r.explanation,
    status: r.status,
    sources: (r.sources as string[] | null) ?? [],
    givesAway: r.givesAway ?? [],
    ...(r.verifiedOn ? { verifiedOn: r.verifiedOn } : {}),
    payload: (r.payload as QuestionPayload | null) ?? null,
    exhibits: (r.exhibits as BankQuestion["exhibits"] | null) ?? [],
    groupId: r.groupId,
    groupOrder: r.groupOrder,
  };
}

/** A single or multiple item's row as the question form reads it. */
export function rowToQuestion(r: QuestionRow, examCode = "AZ-104"): ChoiceQuestion {
  const { payload: _payload, groupId: _groupId, groupOrder: _groupOrder, ...q } = rowToStored(r, examCode);
  return { ...q, kind: q.kind === "multiple" ? "multiple" : "single", options: q.options as ChoiceQuestion["options"], answer: q.answer as ChoiceQuestion["answer"] };
}

export function groupRowToStored(g: QuestionGroupRow, examCode = "AZ-104"): BankGroup {
  return {
    id: g.id,
    exam: examCode as "AZ-104",
    kind: g.kind,
    domain: g.domain as BankGroup["domain"],
    category: g.category,
    family: g.family,
    title: g.title,
    content: g.content as BankGroup["content"],
    exhibits: (g.exhibits as BankGroup["exhibits"] | null) ?? [],
    status: g.status,
    sources: (g.sources as string[] | null) ?? [],
    ...(g.verifiedOn ? { verifiedOn: g.verifiedOn } : {}),
  };
}

function questionToRow(q: BankQuestion, examId: string) {
  return {
    id: q.id,
    examId,
    domain: q.domain,
    category: q.category,
    tier: q.tier,
    family: q.family,
    kind: q.kind,
    stem: q.stem,
    options: q.options,
    answer: q.answer,
    explanation: q.explanation,
    status: q.status,
    sources: q.sources,
    givesAway: q.givesAway,
    verifiedOn: q.verifiedOn ?? null,
    payload: q.payload,
    exhibits: q.exhibits,
    groupId: q.groupId,
    groupOrder: q.groupOrder,
  };
}

function groupToRow(g: BankGroup, examId: string) {
  return {
    id: g.id,
    examId,
    kind: g.kind,
    domain: g.domain,
    category: g.category,
    family: g.family,
    title: g.title,
    content: g.content,
    exhibits: g.exhibits,
    status: g.status,
    sources: g.sources,
    verifiedOn: g.verifiedOn ?? null,
  };
}

/** A stable fingerprint of a repository item or group: a changed file changes it, key order does not. */
export function bankItemHash(q: BankQuestion | BankGroup): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v && typeof v === "object"
        ? Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])]))
        : v;
  return crypto.createHash("sha256").update(JSON.stringify(sorted(q))).digest("hex").slice(0, 32);
}

export interface BankSyncResult {
  inserted: number;
  updated: number;
  retired: number;
}

/**
 * Makes the questions table (and the groups: yes/no series, case studies) follow the repository's
 * bank (content/), idempotently, at every start: a new item is inserted, an item whose file
 * changed is updated (the repository wins over an edit made here), an item removed from the
 * repository is retired, never deleted, so past sets still read. Items written or imported here
 * (origin "local") are never touched. A bank row that predates the sync (no hash yet) is adopted
 * when its id is in the repository and left alone otherwise, so nothing a coach wrote is retired
 * by mistake. Groups go first, so that their items can point at them. The counts are of items.
 */
export async function syncQuestionBank(
  db: Db,
  examId: string,
  bank: { groups: BankGroup[]; questions: BankQuestion[] } = loadQuestionBankRows(),
): Promise<BankSyncResult> {
  const existingGroups = await db
    .select({ id: questionGroups.id, origin: questionGroups.origin, bankHash: questionGroups.bankHash, status: questionGroups.status, examId: questionGroups.examId })
    .from(questionGroups);
  const groupById = new Map(existingGroups.map((r) => [r.id, r]));
  for (const g of bank.groups) {
    const row = { ...groupToRow(g, examId), origin: "bank", bankHash: bankItemHash(g) };
    const have = groupById.get(g.id);
    if (!have) await db.insert(questionGroups).values(row).onConflictDoNothing();
    else if (have.origin === "bank" && have.examId === examId && have.bankHash !== row.bankHash)
      await db.update(questionGroups).set({ ...row, updatedAt: sql`now()` }).where(and(eq(questionGroups.id, g.id), eq(questionGroups.origin, "bank")));
  }
  const groupsInBank = new Set(bank.groups.map((g) => g.id));
  const goneGroups = existingGroups.filter((r) => r.origin === "bank" && r.examId === examId && r.bankHash !== null && r.status !== "retired" && !groupsInBank.has(r.id)).map((r) => r.id);
  if (goneGroups.length)
    await db
      .update(questionGroups)
      .set({ status: "retired", bankHash: null, updatedAt: sql`now()` })
      .where(and(inArray(questionGroups.id, goneGroups), eq(questionGroups.origin, "bank")));

  const existing = await db
    .select({ id: questions.id, origin: questions.origin, bankHash: questions.bankHash, status: questions.status, examId: questions.examId })
    .from(questions);
  const byId = new Map(existing.map((r) => [r.id, r]));
  const result: BankSyncResult = { inserted: 0, updated: 0, retired: 0 };
  const fresh: ReturnType<typeof questionToRow>[] = [];
  const changed: ReturnType<typeof questionToRow>[] = [];
  for (const q of bank.questions) {
    const row = { ...questionToRow(q, examId), origin: "bank", bankHash: bankItemHash(q) };
    const have = byId.get(q.id);
    if (!have) fresh.push(row);
    else if (have.origin === "bank" && have.examId === examId && have.bankHash !== row.bankHash) changed.push(row);
  }
  for (let i = 0; i < fresh.length; i += 100) {
    const r = await db.insert(questions).values(fresh.slice(i, i + 100)).onConflictDoNothing().returning({ id: questions.id });
    result.inserted += r.length;
  }
  for (const row of changed) {
    await db.update(questions).set({ ...row, updatedAt: sql`now()` }).where(and(eq(questions.id, row.id), eq(questions.origin, "bank")));
    result.updated++;
  }
  const inBank = new Set(bank.questions.map((q) => q.id));
  const gone = existing.filter((r) => r.origin === "bank" && r.examId === examId && r.bankHash !== null && r.status !== "retired" && !inBank.has(r.id)).map((r) => r.id);
  if (gone.length) {
    const r = await db
      .update(questions)
      // The hash is cleared so that, should the item come back to the repository, its next sync
      // restores it (an unchanged hash would otherwise leave it retired).
      .set({ status: "retired", bankHash: null, updatedAt: sql`now()` })
      .where(and(inArray(questions.id, gone), eq(questions.origin, "bank")))
      .returning({ id: questions.id });
    result.retired = r.length;
  }
  return result;
}

/**
 * The bank: every item but learners' own variations (origin "learner"), which are private to their
 * author and reach the bank only as a coach's copy (lib/variations/server/variations.ts).
 */
const inBank = ne(questions.origin, "learner");

export interface QuestionFilter {
  q?: string;
  domain?: string;
  status?: string;
  tier?: string;
}

export async function listQuestions(db: Db, examId: string, filter: QuestionFilter = {}): Promise<QuestionRow[]> {
  const where: SQL[] = [eq(questions.examId, examId), inBank];
  if (filter.domain) where.push(eq(questions.domain, filter.domain));
  if (isOneOf(QUESTION_STATUSES, filter.status)) where.push(eq(questions.status, filter.status));
  if (isOneOf(QUESTION_TIERS, filter.tier)) where.push(eq(questions.tier, filter.tier));
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(questions.id, like), ilike(questions.stem, like), ilike(questions.family, like), ilike(questions.category, like))!);
  }
  return db.select().from(questions).where(and(...where)).orderBy(asc(questions.domain), asc(questions.family), asc(questions.id));
}

export async function getQuestion(db: Db, examId: string, id: string): Promise<QuestionRow | null> {
  const [row] = await db.select().from(questions).where(and(eq(questions.examId, examId), eq(questions.id, id), inBank)).limit(1);
  return row ?? null;
}

export async function createQuestion(db: Db, actorId: string, examId: string, item: Question): Promise<void> {
  const q = flattenEntry(item).questions[0]!;
  await db.transaction(async (tx) => {
    const inserted = await tx.insert(questions).values({ ...questionToRow(q, examId), origin: "local" }).onConflictDoNothing().returning({ id: questions.id });
    if (!inserted.length) throw new ActionError("conflict", "A question with this id exists already.", { id: ["This id is taken; choose another."] });
    await tx.insert(auditLog).values({ actorId, action: "question.create", entity: "question", entityId: q.id, after: q });
  });
}

export async function updateQuestion(db: Db, actorId: string, examId: string, item: Question): Promise<void> {
  const q = flattenEntry(item).questions[0]!;
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(questions).where(and(eq(questions.examId, examId), eq(questions.id, q.id), inBank)).for("update");
    if (!before) throw new ActionError("not-found", "That question does not exist.");
    await tx
      .update(questions)
      .set({ ...questionToRow(q, examId), updatedAt: new Date() })
      .where(and(eq(questions.examId, examId), eq(questions.id, q.id)));
    await tx.insert(auditLog).values({ actorId, action: "question.update", entity: "question", entityId: q.id, before: rowToStored(before), after: q });
  });
}

export async function setQuestionStatus(db: Db, actorId: string, examId: string, id: string, status: Question["status"]): Promise<void> {
  const [row] = await db.select({ groupId: questions.groupId }).from(questions).where(and(eq(questions.examId, examId), eq(questions.id, id), inBank)).limit(1);
  if (!row) throw new ActionError("not-found", "That question does not exist.");
  // A yes/no series or a case study is drafted, published and retired as a whole.
  if (row.groupId) {
    await db.update(questionGroups).set({ status, updatedAt: new Date() }).where(eq(questionGroups.id, row.groupId));
    await db.update(questions).set({ status, updatedAt: new Date() }).where(and(eq(questions.groupId, row.groupId), eq(questions.examId, examId), inBank));
  } else {
    await db.update(questions).set({ status, updatedAt: new Date() }).where(and(eq(questions.examId, examId), eq(questions.id, id), inBank));
  }
  await db.insert(auditLog).values({ actorId, action: `question.${status}`, entity: "question", entityId: id, after: { status } });
}

export type ImportResult = { ok: true; created: number; updated: number } | { ok: false; errors: (FormattedIssue & { id?: string })[] };

/**
 * All or nothing: the whole file is validated first (every problem named by item and field),
 * then written in one transaction. Existing ids are updated, new ones created.
 */
export async function importQuestions(db: Db, actorId: string, examId: string, json: string): Promise<ImportResult> {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (err) {
    return { ok: false, errors: [{ item: null, path: "", message: `Not valid JSON: ${(err as Error).message}` }] };
  }
  const parsed = questionBankSchema.safeParse(data);
  if (!parsed.success) {
    const items = Array.isArray(data) ? data : [];
    return {
      ok: false,
      errors: formatIssues(parsed.error).map((e) => ({
        ...e,
        id: e.item !== null && typeof (items[e.item] as { id?: unknown })?.id === "string" ? (items[e.item] as { id: string }).id : undefined,
      })),
    };
  }
  let created = 0;
  let updated = 0;
  const rows = flattenBank(parsed.data);
  await db.transaction(async (tx) => {
    for (const g of rows.groups) {
      const [existing] = await tx.select({ id: questionGroups.id, examId: questionGroups.examId }).from(questionGroups).where(eq(questionGroups.id, g.id)).for("update");
      if (existing && existing.examId !== examId) throw new ActionError("conflict", `Group ${g.id} belongs to another exam.`);
      await tx
        .insert(questionGroups)
        .values({ ...groupToRow(g, examId), origin: "local" })
        .onConflictDoUpdate({ target: questionGroups.id, set: { ...groupToRow(g, examId), updatedAt: sql`now()` } });
    }
    for (const q of rows.questions) {
      const [existing] = await tx.select({ id: questions.id, examId: questions.examId, origin: questions.origin }).from(questions).where(eq(questions.id, q.id)).for("update");
      if (existing?.origin === "learner") throw new ActionError("conflict", `The id ${q.id} is taken by an item outside the bank; choose another id.`);
      if (existing && existing.examId !== examId) throw new ActionError("conflict", `Question ${q.id} belongs to another exam.`);
      await tx
        .insert(questions)
        .values({ ...questionToRow(q, examId), origin: "local" })
        .onConflictDoUpdate({ target: questions.id, set: { ...questionToRow(q, examId), updatedAt: sql`now()` } });
      if (existing) updated++;
      else created++;
    }
    await tx.insert(auditLog).values({ actorId, action: "question.import", entity: "question", after: { created, updated, groups: rows.groups.length } });
  });
  return { ok: true, created, updated };
}

/** The bank as the importer reads it: items on their own, then each group with its items in order. */
export async function exportQuestions(db: Db, examId: string): Promise<ExportedEntry[]> {
  const rows = await db.select().from(questions).where(and(eq(questions.examId, examId), inBank)).orderBy(asc(questions.domain), asc(questions.id));
  const groups = await db.select().from(questionGroups).where(eq(questionGroups.examId, examId)).orderBy(asc(questionGroups.kind), asc(questionGroups.id));
  return entriesFromRows(
    groups.map((g) => groupRowToStored(g)),
    rows.map((r) => rowToStored(r)),
  );
}

/** A group (yes/no series or case study) as stored, with its items in order. */
export async function getGroup(db: Db, examId: string, id: string): Promise<{ group: BankGroup; questions: BankQuestion[] } | null> {
  const [g] = await db.select().from(questionGroups).where(and(eq(questionGroups.examId, examId), eq(questionGroups.id, id))).limit(1);
  if (!g) return null;
  const rows = await db.select().from(questions).where(and(eq(questions.groupId, id), inBank)).orderBy(asc(questions.groupOrder));
  return { group: groupRowToStored(g), questions: rows.map((r) => rowToStored(r)) };
}

/**
 * Writes one entry of any kind from the editor: an item, or a group with its items (items the
 * group no longer lists are retired and leave it). `expectNew` refuses an id that exists.
 */
export async function saveEntry(db: Db, actorId: string, examId: string, entry: BankEntry, expectNew: boolean): Promise<void> {
  const { group, questions: items } = flattenEntry(entry);
  await db.transaction(async (tx) => {
    const [existingItem] = await tx.select({ id: questions.id, examId: questions.examId, origin: questions.origin }).from(questions).where(eq(questions.id, entry.id)).limit(1);
    const [existingGroup] = await tx.select({ id: questionGroups.id, examId: questionGroups.examId }).from(questionGroups).where(eq(questionGroups.id, entry.id)).limit(1);
    if (existingItem?.origin === "learner") throw new ActionError("conflict", "This id is taken by an item outside the bank.", { json: ["id: this id is taken; choose another."] });
    const exists = Boolean(existingItem || existingGroup);
    if (expectNew && exists) throw new ActionError("conflict", "An item or group with this id exists already.", { json: ["id: this id is taken; choose another."] });
    if ((existingItem && existingItem.examId !== examId) || (existingGroup && existingGroup.examId !== examId)) throw new ActionError("not-found", "That question does not exist.");
    if (group && existingItem) throw new ActionError("conflict", "This id is an item: a group needs its own id.", { json: ["id: this id belongs to an item, not a group."] });
    if (!group && existingGroup) throw new ActionError("conflict", "This id is a group: an item needs its own id.", { json: ["id: this id belongs to a group, not an item."] });
    if (group) {
      await tx
        .insert(questionGroups)
        .values({ ...groupToRow(group, examId), origin: "local" })
        .onConflictDoUpdate({ target: questionGroups.id, set: { ...groupToRow(group, examId), updatedAt: sql`now()` } });
      const keep = new Set(items.map((q) => q.id));
      const members = await tx.select({ id: questions.id }).from(questions).where(eq(questions.groupId, group.id));
      const dropped = members.map((m) => m.id).filter((id) => !keep.has(id));
      if (dropped.length)
        await tx.update(questions).set({ status: "retired", groupId: null, groupOrder: null, updatedAt: sql`now()` }).where(inArray(questions.id, dropped));
    }
    for (const q of items) {
      const [other] = await tx.select({ examId: questions.examId, groupId: questions.groupId, origin: questions.origin }).from(questions).where(eq(questions.id, q.id)).limit(1);
      if (other && (other.examId !== examId || other.origin === "learner" || (other.groupId !== null && other.groupId !== q.groupId)))
        throw new ActionError("conflict", `The id ${q.id} is used by another item.`, { json: [`${q.id}: this id is used by another item.`] });
      await tx
        .insert(questions)
        .values({ ...questionToRow(q, examId), origin: "local" })
        .onConflictDoUpdate({ target: questions.id, set: { ...questionToRow(q, examId), updatedAt: sql`now()` } });
    }
    await tx.insert(auditLog).values({ actorId, action: exists ? "question.update" : "question.create", entity: group ? "question_group" : "question", entityId: entry.id, after: entry });
  });
}
