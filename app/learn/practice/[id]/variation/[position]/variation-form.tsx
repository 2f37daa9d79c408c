"use client";

import { useActionState } from "react";
import { FieldError, FormField, FormMessage, Input, Textarea } from "@/components/ui";
import { SubmitButton } from "@/components/ui/submit-button";
import { writeVariationAction } from "@/app/learn/variations/actions";
import { initialFormState, listValue, stringValue } from "@/lib/form-state";
import { VARIATION_LIMITS } from "@/lib/validation/variation";

const KEYS = ["A", "B", "C", "D", "E", "F"] as const;

/**
 * The learner's variation, starting from the original question: change one constraint in the
 * scenario (and the options or the answer it moves), then say what changed and why the answer
 * changes. A refused form keeps everything typed.
 */
export function VariationForm({
  sessionId,
  position,
  original,
}: {
  sessionId: string;
  position: number;
  original: { stem: string; options: { key: string; text: string }[]; answer: string[] };
}) {
  const [state, action] = useActionState(writeVariationAction, initialFormState);
  const submitted = state.values !== undefined;
  const v = (k: string, fallback = "") => (submitted ? (stringValue(state, k) ?? "") : fallback);
  const answers = submitted ? (listValue(state, "answer") ?? []) : original.answer;
  const err = (k: string) => state.errors?.[k];
  const hidden = (k: string) => err(k)?.length && (
    <p role="alert" className="text-sm text-red-700">
      {err(k)!.join(" ")}
    </p>
  );
  const area = (name: string, label: string, fallback: string, rows: number, hint: string, max: number) => (
    <FormField id={`variation-${name}`} label={label} hint={hint} errors={err(name)}>
      <Textarea name={name} rows={rows} maxLength={max} defaultValue={v(name, fallback)} />
    </FormField>
  );

  return (
    <form action={action} noValidate className="space-y-5" key={JSON.stringify(state.values ?? {})} aria-label="Write a variation">
      <FormMessage status={state.status} message={state.message} />
      <input type="hidden" name="sessionId" value={sessionId} />
      <input type="hidden" name="position" value={position} />
      {hidden("sessionId")}
      {hidden("position")}
      {area(
        "stem",
        "Your question",
        original.stem,
        6,
        `Starts as the original. Change one constraint of the scenario (${VARIATION_LIMITS.stem.min}–${VARIATION_LIMITS.stem.max} characters).`,
        VARIATION_LIMITS.stem.max,
      )}
      <fieldset aria-describedby="variation-answer-error">
        <legend className="text-sm font-medium text-slate-800">Options, and the correct answer of your variation</legend>
        <p className="text-xs text-slate-500">Leave the last options empty to use fewer. Tick every correct option (two or more make it a &ldquo;choose all that apply&rdquo; item).</p>
        <ul className="mt-2 space-y-2">
          {KEYS.map((key, i) => (
            <li key={key} className="flex items-start gap-3">
              <input
                type="checkbox"
                id={`variation-answer-${key}`}
                name="answer"
                value={key}
                defaultChecked={answers.includes(key)}
                className="mt-2.5 h-4 w-4"
                aria-label={`Option ${key} is correct`}
              />
              <div className="min-w-0 flex-1">
                <FormField id={`variation-opt-${key}`} label={`Option ${key} text`} labelClassName="sr-only" errors={err(`opt_${key}_text`)}>
                  {(control) => (
                    <div className="flex items-center gap-2">
                      <span aria-hidden className="font-mono font-semibold text-slate-500">
                        {key}
                      </span>
                      <Input
                        {...control}
                        className={undefined}
                        name={`opt_${key}_text`}
                        maxLength={VARIATION_LIMITS.option.max}
                        defaultValue={v(`opt_${key}_text`, original.options[i]?.text ?? "")}
                      />
                    </div>
                  )}
                </FormField>
              </div>
            </li>
          ))}
        </ul>
        <FieldError id="variation-answer-error" errors={err("answer")} />
      </fieldset>
      {area(
        "whatChanged",
        "What you changed",
        "",
        2,
        "The one constraint, in a sentence: e.g. the storage account now allows selected networks only.",
        VARIATION_LIMITS.whatChanged.max,
      )}
      {area(
        "whyAnswerChanges",
        "Why the answer changes",
        "",
        4,
        "In your own words: what the changed constraint does, and why that makes a different option right (or keeps the same one).",
        VARIATION_LIMITS.whyAnswerChanges.max,
      )}
      <SubmitButton pendingText="Saving…">Save my variation</SubmitButton>
    </form>
  );
}
