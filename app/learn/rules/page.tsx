import { randomInt } from "node:crypto";
import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses, cn } from "@/components/ui";
import { PageHeader } from "@/components/app-shell";
import { cardClass } from "@/components/ui/styles";
import { getDb } from "@/db/client";
import { examPolicy } from "@/lib/exam/server/exams";
import { cachedExam } from "@/lib/dal/exam";
import { requireLearner } from "@/lib/dal/guard";
import { formatDateTime } from "@/lib/format";
import { allRulesQuestions, buildRulesCheck } from "@/lib/policy/rules-check";
import { rulesCheckTake } from "@/lib/rules-check/server/rules-check";
import { isUuid } from "@/lib/validation/ids";
import { RulesForm } from "./rules-form";

export const metadata: Metadata = { title: "Know the rules" };

export default async function RulesCheckPage({ searchParams }: { searchParams: Promise<{ result?: string }> }) {
  const user = await requireLearner("/learn/rules");
  const { result } = await searchParams;
  const db = await getDb();
  const exam = await cachedExam(db);
  const policy = examPolicy(exam);
  const take = isUuid(result) ? await rulesCheckTake(db, user.id, result) : null;

  const header = (
    <PageHeader
      title="Know the rules"
      description={`Five questions on the ${exam.code} retake rules and on the repair that works. Every explanation comes from the policy the app itself applies. Learning only: it is never part of readiness.`}
    />
  );

  if (take) {
    const questions = new Map(allRulesQuestions(policy, take.seed).map((q) => [q.id, q]));
    return (
      <>
        {header}
        <section aria-labelledby="score-h" className={cn(cardClass, "mb-6")}>
          <h2 id="score-h" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
            Your answers · {formatDateTime(take.takenAt, user.timeZone)}
          </h2>
          <p className="mt-1 text-2xl font-bold text-slate-900" data-testid="rules-score">
            {take.correct} of {take.total} right
          </p>
        </section>
        <ol className="space-y-4">
          {take.answers.map((a, i) => {
            const q = questions.get(a.question);
            if (!q) return null;
            const text = (key: string | null) => q.options.find((o) => o.key === key)?.text ?? "no answer";
            return (
              <li key={a.question} className={cn(cardClass, a.right ? "border-emerald-200" : "border-amber-300")} data-testid="rules-result">
                <p className="font-medium text-slate-900">
                  {i + 1}. {q.prompt}
                </p>
                <p className={`mt-2 text-sm font-semibold ${a.right ? "text-emerald-800" : "text-amber-900"}`}>
                  {a.right ? "Right" : "Not quite"}: you chose {a.chosen ? `${a.chosen}, ${text(a.chosen)}` : "no answer"}.
                  {!a.right && ` The answer is ${a.correct}, ${text(a.correct)}.`}
                </p>
                <p className="mt-2 text-sm text-slate-700" data-testid="rules-explanation">
                  {q.explanation}
                </p>
              </li>
            );
          })}
        </ol>
        <div className="mt-6 flex flex-wrap gap-2">
          <Link href="/learn/rules" className={buttonClasses({ variant: "secondary" })}>
            Take it again (other variants)
          </Link>
          <Link href="/learn" className={buttonClasses()}>
            Back to your next step
          </Link>
        </div>
      </>
    );
  }

  // A fresh seed each time: other variants and another order of the options.
  const seed = randomInt(2 ** 31 - 1);
  const questions = buildRulesCheck(policy, seed).map((q) => ({ id: q.id, prompt: q.prompt, options: q.options }));
  return (
    <>
      {header}
      <section className={cardClass} aria-label="The check">
        <RulesForm seed={seed} questions={questions} />
      </section>
    </>
  );
}
