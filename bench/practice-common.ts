// Shared by bench/prepare.ts and bench/db-saves.ts (practice-save benchmarks): puts bench learners with one open practice
// set each into a migrated database.
import { and, eq, inArray } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { practiceItems, questions, users } from "@/db/schema";
import { seedDemo } from "@/lib/demo/seed";
import { getExamByCode } from "@/lib/exam/server/exams";
import { hashPassword } from "@/lib/auth/password";
import { AZ104 } from "@/lib/exam/az104";
import { startPractice } from "@/lib/practice/server/sessions";

export const BENCH_PASSWORD = "retake-bench-2026";
export const SET_SIZE = 50;
export const SET_MINUTES = 100;

export interface BenchLearner {
  email: string;
  password: string;
  sessionId: string;
  learnerId: string;
  /**
   * The set's single-choice positions: the bench saves one option key ("A"–"D"), which only fits a
   * single-choice question (a set also holds yes/no, hotspot, drag-and-drop and case-study items,
   * whose responses have other shapes and would be refused with 422).
   */
  positions: number[];
}

/**
 * Migrates, seeds the reference data and the demo programme, creates bench-learner-<i>@example.com
 * (one Argon2 hash shared by all) and starts one 50-question, 100-minute set for each.
 */
export async function prepareBenchData(handle: DbHandle, count: number): Promise<BenchLearner[]> {
  await migrateDatabase(handle);
  await seedDemo(handle.db); // includes seedReferenceData (exam, domains, question bank)
  const exam = await getExamByCode(handle.db, AZ104.code);

  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const emails = Array.from({ length: count }, (_, i) => `bench-learner-${i + 1}@example.com`);
  for (let i = 0; i < emails.length; i += 500) {
    await handle.db
      .insert(users)
      .values(emails.slice(i, i + 500).map((email, j) => ({ email, name: `Bench Learner ${i + j + 1}`, role: "learner" as const, timeZone: "UTC", passwordHash })))
      .onConflictDoNothing({ target: users.email });
  }
  const rows = await handle.db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, emails));
  const idByEmail = new Map(rows.map((r) => [r.email, r.id]));

  const learners: BenchLearner[] = [];
  for (const email of emails) {
    const learnerId = idByEmail.get(email);
    if (!learnerId) throw new Error(`Bench learner ${email} was not created`);
    const sessionId = await startPractice(handle.db, learnerId, exam, { mode: "timed-mixed", size: SET_SIZE, minutes: SET_MINUTES, focusDomains: [] });
    const singles = await handle.db
      .select({ position: practiceItems.position })
      .from(practiceItems)
      .innerJoin(questions, eq(questions.id, practiceItems.questionId))
      .where(and(eq(practiceItems.sessionId, sessionId), eq(questions.kind, "single")));
    const positions = singles.map((r) => r.position).sort((a, b) => a - b);
    if (positions.length === 0) throw new Error(`The bench set of ${email} holds no single-choice question`);
    learners.push({ email, password: BENCH_PASSWORD, sessionId, learnerId, positions });
  }
  return learners;
}
