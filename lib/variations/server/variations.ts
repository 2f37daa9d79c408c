// Learners' own variations of the questions they missed (the seed's "write variations"). A
// variation is a row of `questions` with origin "learner" and the learner as owner: same family as
// the original, never published (a check constraint holds that), so no published pool, bank list or
// other learner ever meets it. It is served in its owner's later retests, marked "your variation",
// and never counted for readiness. The learner's coach reads it, comments, and may copy it into the
// bank as a draft (a new item the bank's usual checks govern from then on).

import crypto from "node:crypto";
import { and, asc, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog, practiceItems, practiceSessions, questionGroups, questions, users, variationComments, type QuestionRow } from "@/db/schema";
import { ActionError } from "@/lib/action-error";
import { isCoachOf } from "@/lib/auth/server/ownership";
import type { DomainKey } from "@/lib/exam/az104";
import { ownVariationsPerSet, serveOwnVariations, type SetItem } from "@/lib/practice/own-variations";
import type { VariationInput } from "@/lib/validation/variation";

type StoredOption = { key: string; text: string; whyWrong?: string };

const notFound = () => new ActionError("not-found", "That question does not exist in your submitted sets, or it is not yours.");
const variationNotFound = () => new ActionError("not-found", "That variation does not exist, or it is not yours.");

/** What the form starts from: a question the learner missed in one of their own submitted sets. */
export interface VariationSource {
  sessionId: string;
  position: number;
  questionId: string;
  domain: DomainKey;
  category: string;
  tier: "core" | "edge";
  family: string;
  /** The original's kind. A variation is always written as a choice question (single or multiple). */
  kind: QuestionRow["kind"];
  /** The text the form starts from: the stem, after a yes/no series' scenario and goal when it has one. */
  stem: string;
  /** Choice items only; empty for hotspot, ordering and matching items (their answers are not option keys). */
  options: { key: string; text: string }[];
  answer: string[];
  explanation: string;
}

const CHOICE_KINDS: readonly QuestionRow["kind"][] = ["single", "multiple", "yes-no"];

/**
 * The missed question at `position` of the learner's own submitted set, or null (not theirs, not
 * submitted, answered correctly, no such position). Its answer is shown only after submission,
 * like the review.
 */
export async function variationSource(db: Db, learnerId: string, sessionId: string, position: number): Promise<VariationSource | null> {
  const [row] = await db
    .select({ q: questions, correct: practiceItems.correct, groupKind: questionGroups.kind, groupContent: questionGroups.content })
    .from(practiceItems)
    .innerJoin(practiceSessions, eq(practiceSessions.id, practiceItems.sessionId))
    .innerJoin(questions, eq(questions.id, practiceItems.questionId))
    .leftJoin(questionGroups, eq(questionGroups.id, questions.groupId))
    .where(
      and(
        eq(practiceItems.sessionId, sessionId),
        eq(practiceItems.position, position),
        eq(practiceSessions.learnerId, learnerId),
        eq(practiceSessions.status, "submitted"),
      ),
    )
    .limit(1);
  if (!row || row.correct === true) return null;
  const q = row.q;
  const choice = CHOICE_KINDS.includes(q.kind);
  // A yes/no solution means little without its series' scenario and goal: the variation carries them.
  const series = row.groupKind === "yes-no-series" ? (row.groupContent as { scenario?: unknown; goal?: unknown } | null) : null;
  const context = series && typeof series.scenario === "string" ? `${series.scenario}\n\nGoal: ${typeof series.goal === "string" ? series.goal : ""}\n\nSolution: ` : "";
  return {
    sessionId,
    position,
    questionId: q.id,
    domain: q.domain as DomainKey,
    category: q.category,
    tier: q.tier,
    family: q.family,
    kind: q.kind,
    stem: `${context}${q.stem}`.slice(0, 2000),
    options: choice ? ((q.options as StoredOption[] | null) ?? []).map((o) => ({ key: o.key, text: o.text })) : [],
    answer: choice ? q.answer : [],
    explanation: q.explanation,
  };
}

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, " ");

/** Saves the learner's variation of a question they missed; returns its id. */
export async function createVariation(db: Db, learner: { id: string }, input: VariationInput): Promise<string> {
  const source = await variationSource(db, learner.id, input.sessionId, input.position);
  if (!source) throw notFound();
  const sameStem = norm(input.stem) === norm(source.stem);
  const sameOptions = JSON.stringify(input.options.map((o) => norm(o.text))) === JSON.stringify(source.options.map((o) => norm(o.text)));
  const sameAnswer = JSON.stringify([...input.answer].sort()) === JSON.stringify([...source.answer].sort());
  if (sameStem && sameOptions && sameAnswer) {
    const msg = "Your variation is still the original question: change one constraint (a network rule, a route, a restore condition…).";
    throw new ActionError("invalid", msg, { stem: [msg] });
  }
  const id = `lv-${crypto.randomBytes(8).toString("hex")}`;
  const [exam] = await db.select({ examId: questions.examId }).from(questions).where(eq(questions.id, source.questionId));
  await db.transaction(async (tx) => {
    await tx.insert(questions).values({
      id,
      examId: exam!.examId,
      domain: source.domain,
      category: source.category,
      tier: source.tier,
      family: source.family,
      kind: input.kind,
      stem: input.stem,
      options: input.options,
      answer: input.answer,
      explanation: input.whyAnswerChanges,
      status: "draft",
      origin: "learner",
      ownerId: learner.id,
      basedOn: source.questionId,
      variationChange: input.whatChanged,
    });
    await tx.insert(auditLog).values({ actorId: learner.id, action: "variation.create", entity: "question", entityId: id, after: { basedOn: source.questionId, family: source.family } });
  });
  return id;
}

export interface VariationView {
  id: string;
  basedOn: string | null;
  domain: DomainKey;
  category: string;
  family: string;
  kind: QuestionRow["kind"];
  stem: string;
  options: { key: string; text: string }[];
  answer: string[];
  whatChanged: string;
  whyAnswerChanges: string;
  createdAt: Date;
  /** Times it was served in the learner's sets, and how many of those were answered correctly. */
  served: number;
  correct: number;
  comments: { id: string; body: string; author: string | null; createdAt: Date }[];
}

async function views(db: Db, rows: QuestionRow[]): Promise<VariationView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [comments, usage] = await Promise.all([
    db
      .select({ id: variationComments.id, questionId: variationComments.questionId, body: variationComments.body, author: users.name, createdAt: variationComments.createdAt })
      .from(variationComments)
      .leftJoin(users, eq(users.id, variationComments.authorId))
      .where(inArray(variationComments.questionId, ids))
      .orderBy(asc(variationComments.createdAt)),
    db
      .select({
        questionId: practiceItems.questionId,
        served: sql<number>`count(*)`.mapWith(Number),
        correct: sql<number>`count(*) filter (where ${practiceItems.correct})`.mapWith(Number),
      })
      .from(practiceItems)
      .where(inArray(practiceItems.questionId, ids))
      .groupBy(practiceItems.questionId),
  ]);
  return rows.map((r) => ({
    id: r.id,
    basedOn: r.basedOn,
    domain: r.domain as DomainKey,
    category: r.category,
    family: r.family,
    kind: r.kind,
    stem: r.stem,
    options: (r.options as StoredOption[]).map((o) => ({ key: o.key, text: o.text })),
    answer: r.answer,
    whatChanged: r.variationChange ?? "",
    whyAnswerChanges: r.explanation,
    // The row's own clock: variations are never edited, so updated_at is when it was written.
    createdAt: r.updatedAt,
    served: usage.find((u) => u.questionId === r.id)?.served ?? 0,
    correct: usage.find((u) => u.questionId === r.id)?.correct ?? 0,
    comments: comments.filter((c) => c.questionId === r.id).map((c) => ({ id: c.id, body: c.body, author: c.author, createdAt: c.createdAt })),
  }));
}

const ownedBy = (learnerId: string) => and(eq(questions.origin, "learner"), eq(questions.ownerId, learnerId));

/** The learner's own variations, newest first, with their coach's comments. */
export async function myVariations(db: Db, learnerId: string): Promise<VariationView[]> {
  return views(db, await db.select().from(questions).where(ownedBy(learnerId)).orderBy(desc(questions.updatedAt)));
}

/** For the learner's assigned coach only. */
export async function learnerVariationsForCoach(db: Db, coach: { id: string }, learnerId: string): Promise<VariationView[]> {
  if (!(await isCoachOf(db, coach.id, learnerId))) throw new ActionError("not-found", "That learner does not exist, or is not yours.");
  return myVariations(db, learnerId);
}

/** A variation of one of the coach's learners, or "not found". */
async function coachVariation(db: Db, coachId: string, questionId: string): Promise<QuestionRow> {
  const [row] = await db.select().from(questions).where(and(eq(questions.id, questionId), eq(questions.origin, "learner"), isNotNull(questions.ownerId)));
  if (!row || !(await isCoachOf(db, coachId, row.ownerId!))) throw variationNotFound();
  return row;
}

export async function commentOnVariation(db: Db, coach: { id: string }, questionId: string, body: string): Promise<void> {
  await coachVariation(db, coach.id, questionId);
  await db.transaction(async (tx) => {
    await tx.insert(variationComments).values({ questionId, authorId: coach.id, body });
    await tx.insert(auditLog).values({ actorId: coach.id, action: "variation.comment", entity: "question", entityId: questionId, after: { length: body.length } });
  });
}

/**
 * Copies a learner's variation into the bank as a draft: a new item of the same family, made by the
 * coach (origin "local"), which the bank editor checks and publishes like any other. The learner's
 * own item stays private; a comment tells them it was copied.
 */
export async function copyVariationToBank(db: Db, coach: { id: string }, questionId: string): Promise<string> {
  const v = await coachVariation(db, coach.id, questionId);
  const id = `${v.family.slice(0, 60).replace(/-+$/, "")}-lv-${crypto.randomBytes(3).toString("hex")}`;
  await db.transaction(async (tx) => {
    await tx.insert(questions).values({
      id,
      examId: v.examId,
      domain: v.domain,
      category: v.category,
      tier: v.tier,
      family: v.family,
      kind: v.kind,
      stem: v.stem,
      options: (v.options as StoredOption[]).map((o) => ({ key: o.key, text: o.text })),
      answer: v.answer,
      explanation: v.explanation,
      status: "draft",
      origin: "local",
    });
    await tx.insert(variationComments).values({ questionId, authorId: coach.id, body: `Copied into the question bank as a draft (${id}).` });
    await tx.insert(auditLog).values({ actorId: coach.id, action: "variation.copy", entity: "question", entityId: id, after: { from: questionId, status: "draft" } });
  });
  return id;
}

/**
 * For a retest: the drawn set with the learner's unseen variations swapped in (see
 * lib/practice/own-variations.ts). A variation already served once is not served again: answering
 * one's own question twice would only rehearse it.
 */
export async function withOwnVariations(db: Db, learnerId: string, examId: string, drawn: readonly SetItem[]): Promise<string[]> {
  const mine = await db
    .select({ id: questions.id, domain: questions.domain, family: questions.family })
    .from(questions)
    .where(
      and(
        ownedBy(learnerId),
        eq(questions.examId, examId),
        sql`not exists (select 1 from ${practiceItems} pi join ${practiceSessions} s on s.id = pi.session_id where s.learner_id = ${learnerId} and pi.question_id = ${questions.id})`,
      ),
    )
    .orderBy(asc(questions.updatedAt));
  return serveOwnVariations(drawn, mine.map((m) => ({ ...m, domain: m.domain as DomainKey })), ownVariationsPerSet(drawn.length));
}
