"use client";

import { useActionState } from "react";
import { FieldSet, FormMessage } from "@/components/ui";
import { SubmitButton } from "@/components/ui/submit-button";
import { initialFormState, stringValue } from "@/lib/form-state";
import { checkRulesAction } from "./actions";

export interface RulesFormQuestion {
  id: string;
  prompt: string;
  options: { key: string; text: string }[];
}

/** One radio group per question; no answer key is on the page, the server grades. */
export function RulesForm({ seed, questions }: { seed: number; questions: RulesFormQuestion[] }) {
  const [state, action] = useActionState(checkRulesAction, initialFormState);
  const chosen = (id: string) => stringValue(state, `q_${id}`);
  return (
    <form action={action} noValidate className="space-y-6" key={JSON.stringify(state.values ?? {})} aria-label="Know the rules">
      <FormMessage status={state.status} message={state.message} />
      {state.errors?.seed && (
        <p role="alert" className="text-sm text-red-700">
          {state.errors.seed.join(" ")}
        </p>
      )}
      <input type="hidden" name="seed" value={seed} />
      <ol className="space-y-6">
        {questions.map((q, i) => {
          return (
            <li key={q.id}>
              <FieldSet
                id={`rules-${q.id}`}
                legend={
                  <>
                    {i + 1}. {q.prompt}
                  </>
                }
                legendClassName="text-base text-slate-900"
                errors={state.errors?.[`q_${q.id}`]}
                aria-invalid={Boolean(state.errors?.[`q_${q.id}`])}
                data-testid="rules-question"
              >
                <div className="mt-2 space-y-2">
                  {q.options.map((o) => (
                    <label key={o.key} className="flex items-start gap-3 rounded-md border border-slate-200 bg-white p-2.5 text-sm hover:bg-slate-50">
                      <input type="radio" name={`q_${q.id}`} value={o.key} defaultChecked={chosen(q.id) === o.key} className="mt-0.5 h-4 w-4" />
                      <span>
                        <span className="font-mono font-semibold text-slate-500">{o.key}</span> {o.text}
                      </span>
                    </label>
                  ))}
                </div>
              </FieldSet>
            </li>
          );
        })}
      </ol>
      <SubmitButton pendingText="Checking…">Check my answers</SubmitButton>
    </form>
  );
}
