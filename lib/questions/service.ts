import crypto from "node:crypto";
import { and, asc, eq, ilike, inArray, ne, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { loadQuestionBank } from "@/content/az-104/questions";
import { auditLog, questions, type QuestionRow } from "@/db/schema";
import { ActionError } from "@/lib/action-error";
import { formatIssues, questionBankSchema, type FormattedIssue, type Question } from "@/lib/validation/question";

type StoredOption = Question["options"][number];

export function rowToQuestion(r: QuestionRow, examCode = "AZ-104"): Question {
  return {
    id: r.id,
    exam: examCode as "AZ-104",
    domain: r.domain as Question["domain"],
    category: r.category,
    tier: r.tier,
    family: r.family,
    kind: r.kind,
    stem: r.stem,
    options: r.options as StoredOption[],
    answer: r.answer as Question["answer"],
    explanation: r.explanation,
    status: r.status,
    sources: (r.sources as string[] | null) ?? [],
    givesAway: r.givesAway ?? [],
    ...(r.verifiedOn ? { verifiedOn: r.verifiedOn } : {}),
  };
}

function questionToRow(q: Question, examId: string) {
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
  };
}

/** A stable fingerprint of a repository item: a changed file changes it, key order does not. */
export function bankItemHash(q: Question): string {
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
 * Makes the questions table follow the repository's bank (content/), idempotently, at every start:
 * a new item is inserted, an item whose file changed is updated (the repository wins over an
 * edit made here), an item removed from the repository is retired, never deleted, so past sets
 * still read. Items written or imported here (origin "local") are never touched. A bank row that
 * predates the sync (no hash yet) is adopted when its id is in the repository and left alone
 * otherwise, so nothing a coach wrote is retired by mistake.
 */
export async function syncQuestionBank(db: Db, examId: string, bank: Question[] = loadQuestionBank()): Promise<BankSyncResult> {
  const existing = await db
    .select({ id: questions.id, origin: questions.origin, bankHash: questions.bankHash, status: questions.status, examId: questions.examId })
    .from(questions);
  const byId = new Map(existing.map((r) => [r.id, r]));
  const result: BankSyncResult = { inserted: 0, updated: 0, retired: 0 };
  const fresh: ReturnType<typeof questionToRow>[] = [];
  const changed: ReturnType<typeof questionToRow>[] = [];
  for (const q of bank) {
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
  const inBank = new Set(bank.map((q) => q.id));
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
 * author and reach the bank only as a coach's copy (lib/variations/service.ts).
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
  if (filter.status === "draft" || filter.status === "published" || filter.status === "retired") where.push(eq(questions.status, filter.status));
  if (filter.tier === "core" || filter.tier === "edge") where.push(eq(questions.tier, filter.tier));
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

export async function createQuestion(db: Db, actorId: string, examId: string, q: Question): Promise<void> {
  await db.transaction(async (tx) => {
    const inserted = await tx.insert(questions).values({ ...questionToRow(q, examId), origin: "local" }).onConflictDoNothing().returning({ id: questions.id });
    if (!inserted.length) throw new ActionError("conflict", "A question with this id exists already.", { id: ["This id is taken; choose another."] });
    await tx.insert(auditLog).values({ actorId, action: "question.create", entity: "question", entityId: q.id, after: q });
  });
}

export async function updateQuestion(db: Db, actorId: string, examId: string, q: Question): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(questions).where(and(eq(questions.examId, examId), eq(questions.id, q.id), inBank)).for("update");
    if (!before) throw new ActionError("not-found", "That question does not exist.");
    await tx
      .update(questions)
      .set({ ...questionToRow(q, examId), updatedAt: new Date() })
      .where(and(eq(questions.examId, examId), eq(questions.id, q.id)));
    await tx.insert(auditLog).values({ actorId, action: "question.update", entity: "question", entityId: q.id, before: rowToQuestion(before), after: q });
  });
}

export async function setQuestionStatus(db: Db, actorId: string, examId: string, id: string, status: Question["status"]): Promise<void> {
  const updated = await db
    .update(questions)
    .set({ status, updatedAt: new Date() })
    .where(and(eq(questions.examId, examId), eq(questions.id, id), inBank))
    .returning({ id: questions.id });
  if (!updated.length) throw new ActionError("not-found", "That question does not exist.");
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
  await db.transaction(async (tx) => {
    for (const q of parsed.data) {
      const [existing] = await tx.select({ id: questions.id, examId: questions.examId, origin: questions.origin }).from(questions).where(eq(questions.id, q.id)).for("update");
      if (existing && existing.examId !== examId) throw new ActionError("conflict", `Question ${q.id} belongs to another exam.`);
      if (existing?.origin === "learner") throw new ActionError("conflict", `The id ${q.id} is taken by an item outside the bank; choose another id.`);
      await tx
        .insert(questions)
        .values({ ...questionToRow(q, examId), origin: "local" })
        .onConflictDoUpdate({ target: questions.id, set: { ...questionToRow(q, examId), updatedAt: sql`now()` } });
      if (existing) updated++;
      else created++;
    }
    await tx.insert(auditLog).values({ actorId, action: "question.import", entity: "question", after: { created, updated } });
  });
  return { ok: true, created, updated };
}

export async function exportQuestions(db: Db, examId: string): Promise<Question[]> {
  const rows = await db.select().from(questions).where(and(eq(questions.examId, examId), inBank)).orderBy(asc(questions.domain), asc(questions.id));
  return rows.map((r) => rowToQuestion(r));
}
