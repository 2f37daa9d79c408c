import "server-only";
import { getDb } from "@/db/client";
import type { ExamRow, QuestionRow } from "@/db/schema";
import type { ExportedEntry } from "@/lib/questions/entries";
import { exportQuestions, getGroup, getQuestion, listQuestions, type QuestionFilter } from "@/lib/questions/server/bank";
import { cachedExam } from "./exam";
import type { BankEditor } from "./guard";

// The question bank's reads, for coaches and admins. Each takes a BankEditor (requireBankEditor,
// or hasRole in the export route), so none checks the role again. Learners' own variations are
// never part of the bank (lib/questions/server/bank.ts).

/** The bank's items matching the filter, with the exam they belong to. */
export async function bankQuestions(_editor: BankEditor, filter: QuestionFilter): Promise<{ exam: ExamRow; rows: QuestionRow[] }> {
  const db = await getDb();
  const exam = await cachedExam(db);
  return { exam, rows: await listQuestions(db, exam.id, filter) };
}

/** One item of the bank by id, or null. */
export async function bankQuestion(_editor: BankEditor, id: string): Promise<QuestionRow | null> {
  const db = await getDb();
  return getQuestion(db, (await cachedExam(db)).id, id);
}

/** An item, or a yes/no series or case study by its id or any of its items' ids, as stored. */
export async function bankEntry(_editor: BankEditor, id: string) {
  const db = await getDb();
  const exam = await cachedExam(db);
  const row = await getQuestion(db, exam.id, id);
  const group = await getGroup(db, exam.id, row?.groupId ?? id);
  return { row, group };
}

/** The whole bank, with answers, as the importer reads it. */
export async function bankExport(_editor: BankEditor): Promise<{ exam: ExamRow; entries: ExportedEntry[] }> {
  const db = await getDb();
  const exam = await cachedExam(db);
  return { exam, entries: await exportQuestions(db, exam.id) };
}
