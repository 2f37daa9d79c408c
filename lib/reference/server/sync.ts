import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { examDomains, exams, missCategories } from "@/db/schema";
import { AZ104, MISS_CATEGORIES } from "@/lib/exam/az104";
import { MICROSOFT_RETAKE_POLICY } from "@/lib/policy/retake";
import { syncQuestionBank, type BankSyncResult } from "@/lib/questions/server/bank";

export interface ReferenceSyncResult {
  examId: string;
  bank: BankSyncResult;
}

/**
 * Reference data every database needs, demo or not: the exam with its retake policy, its
 * domains, the miss categories and the question bank from content/. Idempotent; it runs at every
 * start on every engine, so a deployment never depends on the demo seed to work.
 */
export async function syncReferenceData(db: Db): Promise<ReferenceSyncResult> {
  const [exam] = await db
    .insert(exams)
    .values({
      code: AZ104.code,
      title: AZ104.title,
      passingScore: AZ104.passingScore,
      maxScore: AZ104.maxScore,
      certValidityMonths: AZ104.certValidityMonths,
      durationMinutes: AZ104.durationMinutes,
      policy: MICROSOFT_RETAKE_POLICY,
      outlineDate: AZ104.outlineDate,
    })
    .onConflictDoUpdate({
      target: exams.code,
      set: { title: AZ104.title, outlineDate: AZ104.outlineDate },
    })
    .returning({ id: exams.id });
  const examId = exam!.id;
  await db
    .insert(examDomains)
    .values(AZ104.domains.map((d, i) => ({ examId, key: d.key, name: d.name, weightMin: d.weightMin, weightMax: d.weightMax, position: i })))
    .onConflictDoUpdate({
      target: [examDomains.examId, examDomains.key],
      set: { name: sql`excluded.name`, weightMin: sql`excluded.weight_min`, weightMax: sql`excluded.weight_max`, position: sql`excluded.position` },
    });
  await db
    .insert(missCategories)
    .values(MISS_CATEGORIES.map((c) => ({ examId, key: c.key, label: c.label, domain: c.domain })))
    .onConflictDoUpdate({
      target: [missCategories.examId, missCategories.key],
      set: { label: sql`excluded.label`, domain: sql`excluded.domain` },
    });
  const bank = await syncQuestionBank(db, examId);
  return { examId, bank };
}

/** The exam id after making sure the reference data is there (tests and scripts). */
export async function seedReferenceData(db: Db): Promise<string> {
  return (await syncReferenceData(db)).examId;
}
