import "server-only";
import type { Db } from "@/db/client";
import type { ExamRow } from "@/db/schema";
import { getExamByCode } from "@/lib/exam/server/exams";
import { AZ104 } from "@/lib/exam/az104";

/** How long a read exam row serves the pages before it is read again (the row is reference data). */
export const EXAM_CACHE_MS = 60_000;

const cache = new WeakMap<Db, Map<string, { at: number; exam: Promise<ExamRow> }>>();

/**
 * The exam row for pages, read once a minute per database instead of on every request: it only
 * changes when the reference data is seeded again. Writes (actions, transactions) keep reading
 * it through getExamByCode. A failed read is not kept.
 */
export function cachedExam(db: Db, code: string = AZ104.code, now = Date.now()): Promise<ExamRow> {
  let byCode = cache.get(db);
  if (!byCode) cache.set(db, (byCode = new Map()));
  const hit = byCode.get(code);
  if (hit && now - hit.at < EXAM_CACHE_MS) return hit.exam;
  const exam = getExamByCode(db, code);
  const entry = { at: now, exam };
  byCode.set(code, entry);
  exam.catch(() => {
    if (byCode.get(code) === entry) byCode.delete(code);
  });
  return exam;
}
