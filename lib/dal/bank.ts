import "server-only";
import { getDb } from "@/db/client";
import type { ExamRow, QuestionRow } from "@/db/schema";
import { cached, cacheTags } from "@/lib/cache/server/read-cache";
import type { ExportedEntry } from "@/lib/questions/entries";
import { exportQuestions, getGroup, getQuestion, listQuestions, type QuestionFilter } from "@/lib/questions/server/bank";
import { cachedExam } from "./exam";
import type { BankEditor } from "./guard";

// The question bank's reads, for coaches and admins. Each takes a BankEditor (requireBankEditor,
// or hasRole in the export route), so none checks the role again: the role is checked per
// request before any of these runs, and the cached values are the same for every editor.
// Learners' own variations are never part of the bank (lib/questions/server/bank.ts).
//
// Cached under the "bank" tag, which the triggers of migration 0014 bump on every write to
// questions and question_groups (everything read here), whoever writes (editor actions, import,
// a coach copying a variation, the start-up sync). Keys hold the exam and the whole filter or id.
// Values are frozen: callers copy before sorting or editing.

const part = (v: string | undefined) => JSON.stringify(v ?? "");

/** The bank's items matching the filter, with the exam they belong to. */
export async function bankQuestions(_editor: BankEditor, filter: QuestionFilter): Promise<{ exam: ExamRow; rows: QuestionRow[] }> {
  const db = await getDb();
  const exam = await cachedExam(db);
  const key = `bank-list:${exam.id}:${[filter.q, filter.domain, filter.status, filter.tier].map(part).join(",")}`;
  return { exam, rows: await cached(db, key, [cacheTags.bank], () => listQuestions(db, exam.id, filter)) };
}

/** One item of the bank by id, or null. */
export async function bankQuestion(_editor: BankEditor, id: string): Promise<QuestionRow | null> {
  const db = await getDb();
  const examId = (await cachedExam(db)).id;
  return cached(db, `bank-question:${examId}:${id}`, [cacheTags.bank], () => getQuestion(db, examId, id));
}

/** An item, or a yes/no series or case study by its id or any of its items' ids, as stored. */
export async function bankEntry(_editor: BankEditor, id: string) {
  const db = await getDb();
  const exam = await cachedExam(db);
  return cached(db, `bank-entry:${exam.id}:${id}`, [cacheTags.bank], async () => {
    const row = await getQuestion(db, exam.id, id);
    const group = await getGroup(db, exam.id, row?.groupId ?? id);
    return { row, group };
  });
}

/** The whole bank, with answers, as the importer reads it. */
export async function bankExport(_editor: BankEditor): Promise<{ exam: ExamRow; entries: ExportedEntry[] }> {
  const db = await getDb();
  const exam = await cachedExam(db);
  return { exam, entries: await cached(db, `bank-export:${exam.id}`, [cacheTags.bank], () => exportQuestions(db, exam.id)) };
}
