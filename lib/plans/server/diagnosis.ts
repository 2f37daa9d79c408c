// The diagnosis a plan is generated from: the learner's latest non-pass read together with every
// note they left about it. The score report's bars name weak domains; the domains that felt
// hardest and recent practice add to them; misread categories add category rebuilds; time trouble
// makes the pattern "pacing" (or adds a pacing drill); slow item types weight the practice draw.
// Each line says where it came from, so the plan can say which note caused which task.

import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { attemptDomainReadings, attemptMissCategories, examAttempts, type AttemptRow, type ExamRow } from "@/db/schema";
import { ActionError } from "@/lib/action-error";
import { DOMAIN_KEYS, ITEM_TYPES, ITEM_TYPE_KINDS, MISS_CATEGORIES, type DomainKey } from "@/lib/exam/az104";
import type { DiagnosisNote, PlanInput } from "@/lib/plans/generate";
import { CATEGORY_TASKS } from "@/lib/plans/library";
import { classifyFailure, pacingTrouble, type FailureClassification } from "@/lib/policy/advice";

export interface PlanDiagnosis {
  latest: AttemptRow;
  classification: FailureClassification;
  /** Everything generatePlan needs but the start date and the length. */
  input: Omit<PlanInput, "startDate" | "lengthDays">;
}

const CATEGORY = new Map(MISS_CATEGORIES.map((c) => [c.key, c]));
const ITEM_LABEL = new Map<string, string>(ITEM_TYPES.map((t) => [t.key, t.label]));
const REASON_MAX = 300;

/** The diagnosis of the learner's latest attempt; refused when it is not a non-pass. */
export async function diagnoseLatestAttempt(db: Db, learnerId: string, exam: ExamRow): Promise<PlanDiagnosis> {
  const [latest] = await db
    .select()
    .from(examAttempts)
    .where(and(eq(examAttempts.learnerId, learnerId), eq(examAttempts.examId, exam.id)))
    .orderBy(desc(examAttempts.takenAt))
    .limit(1);
  if (!latest || latest.outcome === "pass") {
    throw new ActionError("conflict", "A repair plan starts from a non-pass: this learner's latest attempt is not one.");
  }
  const [barRows, categoryRows, practiceRows, kinds] = await Promise.all([
    db.select().from(attemptDomainReadings).where(eq(attemptDomainReadings.attemptId, latest.id)),
    db.select({ category: attemptMissCategories.category }).from(attemptMissCategories).where(eq(attemptMissCategories.attemptId, latest.id)),
    db
      .execute<{ domain: string; total: number; correct: number }>(sql`
        select q.domain, count(*)::int as total, count(*) filter (where pi.correct)::int as correct
        from practice_items pi
        join practice_sessions s on s.id = pi.session_id
        join questions q on q.id = pi.question_id
        where s.learner_id = ${learnerId} and s.status = 'submitted' and s.started_at > ${latest.takenAt.toISOString()}::timestamptz
        group by q.domain`)
      .then((r) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { domain: string; total: number; correct: number }[]),
    db
      .execute<{ kind: string }>(sql`select distinct kind::text as kind from questions where exam_id = ${exam.id} and status = 'published'`)
      .then((r) => new Set(((Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { kind: string }[]).map((k) => k.kind))),
  ]);
  const bars = barRows.map((b) => ({ domain: b.domain as DomainKey, bar: b.bar }));
  const pacing = { ranOutOfTime: latest.ranOutOfTime, unansweredOrGuessed: latest.unansweredOrGuessed, halfwayMinutesLeft: latest.halfwayMinutesLeft };
  const classification = classifyFailure({ score: latest.score, outcome: latest.outcome, bars, passingScore: exam.passingScore, pacing, examMinutes: exam.durationMinutes });

  const diagnosis: DiagnosisNote[] = [];
  for (const d of classification.weakDomains) {
    diagnosis.push({ domain: d, reason: `Score-report bar length ${bars.find((b) => b.domain === d)?.bar ?? "?"}: weak`, source: "bars" });
  }
  for (const d of latest.hardestDomains as DomainKey[]) {
    if (DOMAIN_KEYS.includes(d)) diagnosis.push({ domain: d, reason: "You noted it felt hardest", source: "hardest" });
  }
  for (const r of practiceRows) {
    if (r.total >= 3 && r.correct / r.total < 0.6) {
      diagnosis.push({ domain: r.domain as DomainKey, reason: `Practice since the attempt: ${r.correct} of ${r.total} correct`, source: "practice" });
    }
  }

  let weak: DomainKey[] = [...new Set([...classification.weakDomains, ...diagnosis.map((d) => d.domain).filter((d): d is DomainKey => d !== null)])];
  if (classification.pattern === "pacing") {
    // No domain is rebuilt: the bars were even and the clock was the problem.
    weak = [];
  } else if (classification.pattern === "near-pass") {
    const shortest = [...bars].sort((a, b) => a.bar - b.bar)[0]?.domain;
    const pick = weak[0] ?? shortest ?? "identity-governance";
    if (weak.length === 0) diagnosis.push({ domain: pick, reason: "No bar stands out as weak: the shortest bar is rebuilt", source: "bars" });
    weak = [pick];
  } else if (weak.length === 0) {
    weak = [...DOMAIN_KEYS];
    for (const d of weak) diagnosis.push({ domain: d, reason: "No score report (no-show): every domain is reviewed", source: "no-report" });
  }

  const categories = categoryRows.map((c) => c.category).filter((c) => CATEGORY_TASKS[c] !== undefined);
  for (const c of categories) {
    diagnosis.push({ domain: CATEGORY.get(c)!.domain, reason: `You noted “${CATEGORY.get(c)!.label}” as misread: a rebuild and proof of it are in the plan`, source: "category" });
  }
  const signs = pacingTrouble(pacing, exam.durationMinutes);
  const pacingNote = signs.length ? signs.join("; ") : undefined;
  if (pacingNote) {
    diagnosis.push({
      domain: null,
      reason: classification.pattern === "pacing" ? `Time trouble: ${pacingNote}. The plan drills exam pace instead of rebuilding a domain` : `Time trouble: ${pacingNote}. A pacing drill joins the first timed practice`,
      source: "pacing",
    });
  }
  for (const t of latest.slowItemTypes) {
    const inBank = (ITEM_TYPE_KINDS[t] ?? []).some((k) => kinds.has(k));
    diagnosis.push({
      domain: null,
      reason: inBank
        ? `Slowed by ${ITEM_LABEL.get(t) ?? t} items: your retests and domain-focus sets favour them`
        : `Slowed by ${ITEM_LABEL.get(t) ?? t} items: the question bank has none of these yet, so practice cannot favour them`,
      source: "slow-type",
    });
  }

  return {
    latest,
    classification,
    input: {
      pattern: classification.pattern,
      weakDomains: weak,
      diagnosis: diagnosis.slice(0, 40).map((d) => ({ ...d, reason: d.reason.slice(0, REASON_MAX) })),
      categories,
      pacingNote: pacingNote?.slice(0, REASON_MAX),
    },
  };
}
