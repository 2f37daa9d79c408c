"use client";

import { useActionState } from "react";
import { FieldError, FormMessage } from "@/components/ui/field";
import { inputClass } from "@/components/ui/styles";
import { SubmitButton } from "@/components/ui/submit-button";
import { AZ104, DOMAIN_SHORT_NAMES, MISS_CATEGORIES } from "@/lib/exam/az104";
import { initialFormState, listValue, stringValue, type FormState } from "@/lib/form-state";
import type { ChoiceQuestion } from "@/lib/validation/question";

const KEYS = ["A", "B", "C", "D", "E", "F"] as const;

export function QuestionEditor({
  action,
  question,
  submitLabel,
}: {
  action: (s: FormState, d: FormData) => Promise<FormState>;
  question?: ChoiceQuestion;
  submitLabel: string;
}) {
  const [state, formAction] = useActionState(action, initialFormState);
  const submitted = state.values !== undefined;
  const v = (k: string, fallback = "") => (submitted ? (stringValue(state, k) ?? "") : fallback);
  const answers = submitted ? (listValue(state, "answer") ?? []) : (question?.answer ?? []);
  const err = (k: string) => state.errors?.[k];
  const optionErr = (i: number, f: string) => err(`options.${i}.${f}`) ?? (f === "key" ? err(`options.${i}.key`) : undefined);
  const text = (name: string, label: string, fallback: string, rows: number, hint?: string) => (
    <div>
      <label htmlFor={name} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {hint && <p className="text-xs text-slate-500">{hint}</p>}
      <textarea
        id={name}
        name={name}
        rows={rows}
        defaultValue={v(name, fallback)}
        aria-invalid={Boolean(err(name))}
        aria-describedby={`${name}-error`}
        className={`mt-1 ${inputClass}`}
      />
      <FieldError id={`${name}-error`} errors={err(name)} />
    </div>
  );
  const select = (name: string, label: string, fallback: string, options: [string, string][]) => (
    <div>
      <label htmlFor={name} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select id={name} name={name} defaultValue={v(name, fallback)} aria-invalid={Boolean(err(name))} aria-describedby={`${name}-error`} className={`mt-1 ${inputClass}`}>
        {options.map(([value, l]) => (
          <option key={value} value={value}>
            {l}
          </option>
        ))}
      </select>
      <FieldError id={`${name}-error`} errors={err(name)} />
    </div>
  );
  return (
    <form action={formAction} noValidate className="space-y-6" key={JSON.stringify(state.values ?? {})}>
      <FormMessage status={state.status} message={state.message} />
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor="id" className="block text-sm font-medium text-slate-800">
            Id
          </label>
          <p className="text-xs text-slate-500">A slug such as stg-sas-network-03; it cannot change later.</p>
          <input
            id="id"
            name="id"
            defaultValue={v("id", question?.id)}
            readOnly={Boolean(question)}
            aria-invalid={Boolean(err("id"))}
            aria-describedby="id-error"
            className={`mt-1 ${inputClass} read-only:bg-slate-100`}
          />
          <FieldError id="id-error" errors={err("id")} />
        </div>
        <div>
          <label htmlFor="family" className="block text-sm font-medium text-slate-800">
            Variation family
          </label>
          <p className="text-xs text-slate-500">Variants of one category with one constraint changed share a family.</p>
          <input id="family" name="family" defaultValue={v("family", question?.family)} aria-invalid={Boolean(err("family"))} aria-describedby="family-error" className={`mt-1 ${inputClass}`} />
          <FieldError id="family-error" errors={err("family")} />
        </div>
        {select("domain", "Domain", question?.domain ?? "identity-governance", AZ104.domains.map((d) => [d.key, DOMAIN_SHORT_NAMES[d.key]]))}
        {select("category", "Miss category", question?.category ?? MISS_CATEGORIES[0]!.key, MISS_CATEGORIES.map((c) => [c.key, `${c.label} (${DOMAIN_SHORT_NAMES[c.domain]})`]))}
        {select("tier", "Tier", question?.tier ?? "core", [["core", "Core workflow"], ["edge", "Edge case"]])}
        {select("status", "Status", question?.status ?? "draft", [["draft", "Draft (hidden from learners)"], ["published", "Published"], ["retired", "Retired"]])}
      </div>
      {text("stem", "Scenario (stem)", question?.stem ?? "", 5, "40 to 2000 characters. Original wording only: never copy exam content.")}
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Options</legend>
        <p className="text-xs text-slate-500">
          Fill options in order from A. Tick the correct one (or several for a multiple-answer question); every wrong option needs a short reason.
        </p>
        <FieldError id="answer-error" errors={err("answer") ?? err("options")} />
        <div className="mt-2 space-y-3">
          {KEYS.map((key, i) => {
            const opt = question?.options[i];
            return (
              <div key={key} className="grid gap-2 rounded-md border border-slate-200 p-3 sm:grid-cols-[auto_1fr_1fr]">
                <label className="flex items-center gap-2 text-sm font-semibold">
                  <input type="checkbox" name="answer[]" value={key} defaultChecked={answers.includes(key)} className="h-4 w-4" />
                  {key}
                  <span className="sr-only"> is correct</span>
                </label>
                <div>
                  <label htmlFor={`opt_${key}_text`} className="sr-only">
                    Option {key} text
                  </label>
                  <input id={`opt_${key}_text`} name={`opt_${key}_text`} placeholder={`Option ${key}`} defaultValue={v(`opt_${key}_text`, opt?.text)} aria-invalid={Boolean(optionErr(i, "text"))} aria-describedby={`opt_${key}-error`} className={inputClass} />
                </div>
                <div>
                  <label htmlFor={`opt_${key}_whyWrong`} className="sr-only">
                    Why option {key} is wrong
                  </label>
                  <input id={`opt_${key}_whyWrong`} name={`opt_${key}_whyWrong`} placeholder="Why it is wrong (wrong options only)" defaultValue={v(`opt_${key}_whyWrong`, opt?.whyWrong)} aria-invalid={Boolean(optionErr(i, "whyWrong"))} aria-describedby={`opt_${key}-error`} className={inputClass} />
                </div>
                <div className="sm:col-span-3">
                  <FieldError id={`opt_${key}-error`} errors={[...(optionErr(i, "key") ?? []), ...(optionErr(i, "text") ?? []), ...(optionErr(i, "whyWrong") ?? [])]} />
                </div>
              </div>
            );
          })}
        </div>
      </fieldset>
      {text("explanation", "Explanation", question?.explanation ?? "", 4, "Why the answer is right; shown after the set is submitted.")}
      <SubmitButton pendingText="Saving…">{submitLabel}</SubmitButton>
    </form>
  );
}
