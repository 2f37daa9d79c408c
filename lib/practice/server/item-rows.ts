// The practice items of a set joined with their questions, and the set's question groups: what
// the runner and the review are built from (lib/practice/item-views.ts decides what each shows).
// Reading the answer here is fine: it never leaves the server before submission (the runner's view
// is built from an allow-list and only counts an ordering's places).

import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { practiceItems, questionGroups, questions } from "@/db/schema";
import type { GroupRow, ItemRow } from "@/lib/practice/item-views";

/** The set's items with their questions; only the given positions when `positions` is passed. */
export async function selectItemRows(db: Db, sessionId: string, positions?: readonly number[]): Promise<(ItemRow & { ownerId: string | null })[]> {
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
    .where(positions ? and(eq(practiceItems.sessionId, sessionId), inArray(practiceItems.position, [...positions])) : eq(practiceItems.sessionId, sessionId))
    .orderBy(asc(practiceItems.position));
}

/** Each item's state and its question's kind, domain and group: no question text, key or reasons (the runner page's read). */
export async function selectItemStates(db: Db, sessionId: string) {
  return db
    .select({
      position: practiceItems.position,
      domain: questions.domain,
      kind: questions.kind,
      groupId: questions.groupId,
      groupOrder: questions.groupOrder,
      response: practiceItems.response,
      flagged: practiceItems.flagged,
      seq: practiceItems.seq,
      closed: practiceItems.closed,
      timeMs: practiceItems.timeMs,
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
