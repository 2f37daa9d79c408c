// The practice items of a set joined with their questions, and the set's question groups: what
// the runner and the review are built from (lib/practice/item-views.ts decides what each shows).
// Reading the answer here is fine: it never leaves the server before submission (the runner's view
// is built from an allow-list and only counts an ordering's places).

import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { practiceItems, questionGroups, questions } from "@/db/schema";
import type { GroupRow, ItemRow } from "@/lib/practice/item-views";

export async function selectItemRows(db: Db, sessionId: string): Promise<(ItemRow & { ownerId: string | null })[]> {
  return db
    .select({
      position: practiceItems.position,
      questionId: questions.id,
      domain: questions.domain,
      category: questions.category,
      tier: questions.tier,
      kind: questions.kind,
      stem: questions.stem,
      options: questions.options,
      payload: questions.payload,
      exhibits: questions.exhibits,
      groupId: questions.groupId,
      groupOrder: questions.groupOrder,
      answer: questions.answer,
      explanation: questions.explanation,
      response: practiceItems.response,
      flagged: practiceItems.flagged,
      seq: practiceItems.seq,
      closed: practiceItems.closed,
      timeMs: practiceItems.timeMs,
      score: practiceItems.score,
      correct: practiceItems.correct,
      ownerId: questions.ownerId,
    })
    .from(practiceItems)
    .innerJoin(questions, eq(questions.id, practiceItems.questionId))
    .where(eq(practiceItems.sessionId, sessionId))
    .orderBy(asc(practiceItems.position));
}

export async function selectGroups(db: Db, rows: readonly { groupId: string | null }[]): Promise<GroupRow[]> {
  const ids = [...new Set(rows.map((r) => r.groupId).filter((g): g is string => g !== null))];
  if (ids.length === 0) return [];
  return db
    .select({ id: questionGroups.id, kind: questionGroups.kind, title: questionGroups.title, content: questionGroups.content, exhibits: questionGroups.exhibits })
    .from(questionGroups)
    .where(inArray(questionGroups.id, ids))
    .orderBy(asc(questionGroups.id));
}
