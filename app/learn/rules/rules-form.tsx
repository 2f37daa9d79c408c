"use client";

import { useActionState } from "react";
import { FieldError, FormMessage } from "@/components/ui/field";
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
          const errorId = `rules-${q.id}-error`;
          return (
            <li key={q.id}>
              <fieldset aria-describedby={errorId} aria-invalid={Boolean(state.errors?.[`q_${q.id}`])} data-testid="rules-question">
                <legend className="font-medium text-slate-900">
                  {i + 1}. {q.prompt}
                </legend>
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
                <FieldError id={errorId} errors={state.errors?.[`q_${q.id}`]} />
              </fieldset>
            </li>
          );
        })}
      </ol>
      <SubmitButton pendingText="Checking…">Check my answers</SubmitButton>
    </form>
  );
}
