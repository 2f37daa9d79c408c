"use client";

import { useActionState } from "react";
import { FieldError, FormField, FormMessage, Input, Select, SubmitButton, Textarea } from "@/components/ui";
import { QUESTION_STATUSES, QUESTION_STATUS_LABELS } from "@/lib/enums";
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
    <FormField id={name} label={label} hint={hint} errors={err(name)}>
      <Textarea name={name} rows={rows} defaultValue={v(name, fallback)} />
    </FormField>
  );
  const select = (name: string, label: string, fallback: string, options: [string, string][]) => (
    <FormField id={name} label={label} errors={err(name)}>
      <Select name={name} defaultValue={v(name, fallback)} options={options.map(([value, l]) => ({ value, label: l }))} />
    </FormField>
  );
  return (
    <form action={formAction} noValidate className="space-y-6" key={JSON.stringify(state.values ?? {})}>
      <FormMessage status={state.status} message={state.message} />
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id="id" label="Id" hint="A slug such as stg-sas-network-03; it cannot change later." errors={err("id")}>
          <Input name="id" defaultValue={v("id", question?.id)} readOnly={Boolean(question)} className="read-only:bg-slate-100" />
        </FormField>
        <FormField id="family" label="Variation family" hint="Variants of one category with one constraint changed share a family." errors={err("family")}>
          <Input name="family" defaultValue={v("family", question?.family)} />
        </FormField>
        {select("domain", "Domain", question?.domain ?? "identity-governance", AZ104.domains.map((d) => [d.key, DOMAIN_SHORT_NAMES[d.key]]))}
        {select("category", "Miss category", question?.category ?? MISS_CATEGORIES[0]!.key, MISS_CATEGORIES.map((c) => [c.key, `${c.label} (${DOMAIN_SHORT_NAMES[c.domain]})`]))}
        {select("tier", "Tier", question?.tier ?? "core", [["core", "Core workflow"], ["edge", "Edge case"]])}
        {select("status", "Status", question?.status ?? "draft", QUESTION_STATUSES.map((s) => [s, s === "draft" ? "Draft (hidden from learners)" : QUESTION_STATUS_LABELS[s]]))}
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
                  <Input id={`opt_${key}_text`} name={`opt_${key}_text`} placeholder={`Option ${key}`} defaultValue={v(`opt_${key}_text`, opt?.text)} aria-invalid={Boolean(optionErr(i, "text"))} aria-describedby={`opt_${key}-error`} />
                </div>
                <div>
                  <label htmlFor={`opt_${key}_whyWrong`} className="sr-only">
                    Why option {key} is wrong
                  </label>
                  <Input id={`opt_${key}_whyWrong`} name={`opt_${key}_whyWrong`} placeholder="Why it is wrong (wrong options only)" defaultValue={v(`opt_${key}_whyWrong`, opt?.whyWrong)} aria-invalid={Boolean(optionErr(i, "whyWrong"))} aria-describedby={`opt_${key}-error`} />
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
