// Stored takes of the "know the rules" check (lib/policy/rules-check.ts). A take is kept so the
// learner's home stops offering the check once taken, and so its result page can be reopened. It is
// never read by readiness.

import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rulesChecks } from "@/db/schema";
import { gradeRulesCheck, type RulesAnswer, type RulesTopic } from "@/lib/policy/rules-check";
import type { RetakePolicy } from "@/lib/policy/retake";

/** The stored `answers` column: the seed (which rebuilds the questions) and each answer. */
export interface StoredRulesCheck {
  seed: number;
  answers: RulesAnswer[];
}

export async function recordRulesCheck(db: Db, learnerId: string, policy: RetakePolicy, seed: number, chosen: Partial<Record<RulesTopic, string>>): Promise<string> {
  const graded = gradeRulesCheck(policy, seed, chosen);
  const stored: StoredRulesCheck = { seed, answers: graded.answers };
  const [row] = await db.insert(rulesChecks).values({ learnerId, correct: graded.correct, total: graded.total, answers: stored }).returning({ id: rulesChecks.id });
  return row!.id;
}

export interface RulesCheckTake {
  id: string;
  takenAt: Date;
  correct: number;
  total: number;
  seed: number;
  answers: RulesAnswer[];
}

function toTake(r: typeof rulesChecks.$inferSelect): RulesCheckTake {
  const stored = r.answers as StoredRulesCheck;
  return { id: r.id, takenAt: r.takenAt, correct: r.correct, total: r.total, seed: stored.seed, answers: stored.answers };
}

/** One of the learner's own takes, or null. */
export async function rulesCheckTake(db: Db, learnerId: string, id: string): Promise<RulesCheckTake | null> {
  const [row] = await db.select().from(rulesChecks).where(and(eq(rulesChecks.id, id), eq(rulesChecks.learnerId, learnerId))).limit(1);
  return row ? toTake(row) : null;
}

/** The learner's latest take, or null when they never took the check. */
export async function latestRulesCheck(db: Db, learnerId: string): Promise<RulesCheckTake | null> {
  const [row] = await db.select().from(rulesChecks).where(eq(rulesChecks.learnerId, learnerId)).orderBy(desc(rulesChecks.takenAt)).limit(1);
  return row ? toTake(row) : null;
}
