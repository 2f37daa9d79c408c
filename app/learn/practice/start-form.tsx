"use client";

import { useActionState, useState } from "react";
import { FieldSet, FormMessage } from "@/components/ui";
import { SubmitButton } from "@/components/ui/submit-button";
import { PRACTICE_MODES, PRACTICE_MODE_LABELS, type PracticeMode } from "@/lib/enums";
import { AZ104, DOMAIN_SHORT_NAMES } from "@/lib/exam/az104";
import { initialFormState, listValue, stringValue, type FormState } from "@/lib/form-state";

type Action = (state: FormState, data: FormData) => Promise<FormState>;

const MODE_HINTS: Record<PracticeMode, string> = {
  "timed-mixed": "Questions from every domain, in the exam's proportions.",
  "domain-focus": "Only the domains you choose, spread evenly.",
  retest: "Weighted toward your weak domains (score report and recent misses), preferring unseen variants of questions you missed.",
};
const MODES = PRACTICE_MODES.map((value) => ({ value, label: PRACTICE_MODE_LABELS[value], hint: MODE_HINTS[value] }));

export function StartPracticeForm({
  action,
  presets,
}: {
  action: Action;
  presets: { value: string; label: string }[];
}) {
  const [state, formAction] = useActionState(action, initialFormState);
  const submitted = state.values !== undefined;
  const [mode, setMode] = useState<string>(stringValue(state, "mode") ?? "timed-mixed");
  const preset = (submitted ? stringValue(state, "preset") : undefined) ?? presets[0]?.value;
  const focus = (submitted ? listValue(state, "focusDomains") : undefined) ?? [];
  const err = (k: string) => state.errors?.[k];

  return (
    <form action={formAction} noValidate className="space-y-6" key={JSON.stringify(state.values ?? {})}>
      <FormMessage status={state.status} message={state.message} />

      <FieldSet id="mode" legend="Kind of set" errors={err("mode")}>
        <div className="mt-2 grid gap-3 sm:grid-cols-3">
          {MODES.map((m) => (
            <label
              key={m.value}
              className="flex cursor-pointer gap-3 rounded-md border border-slate-200 p-3 text-sm has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50/50"
            >
              <input
                type="radio"
                name="mode"
                value={m.value}
                defaultChecked={mode === m.value}
                onChange={() => setMode(m.value)}
                aria-describedby={`mode-${m.value}-hint`}
                className="mt-0.5 h-4 w-4 shrink-0"
              />
              <span>
                <span className="block font-semibold text-slate-900">{m.label}</span>
                <span id={`mode-${m.value}-hint`} className="block text-xs text-slate-600">
                  {m.hint}
                </span>
              </span>
            </label>
          ))}
        </div>
      </FieldSet>

      <FieldSet
        id="preset"
        legend="Length"
        hint="The real exam gives about two minutes per question; every length keeps that pace."
        errors={err("preset")}
      >
        <div className="mt-2 space-y-2">
          {presets.map((p) => (
            <label key={p.value} className="flex items-center gap-2 text-sm text-slate-700">
              <input type="radio" name="preset" value={p.value} defaultChecked={preset === p.value} className="h-4 w-4" />
              {p.label}
            </label>
          ))}
        </div>
      </FieldSet>

      {mode === "domain-focus" && (
        <FieldSet id="focusDomains" legend="Domains to focus on" hint="Choose one or more." errors={err("focusDomains")}>
          <div className="mt-2 grid gap-2 sm:grid-cols-2">
            {AZ104.domains.map((d) => (
              <label key={d.key} className="flex items-center gap-2 text-sm text-slate-700">
                <input
                  type="checkbox"
                  name="focusDomains[]"
                  value={d.key}
                  defaultChecked={focus.includes(d.key)}
                  className="h-4 w-4"
                />
                {DOMAIN_SHORT_NAMES[d.key]}
                <span className="text-xs text-slate-500">({d.weightMin}–{d.weightMax} % of the exam)</span>
              </label>
            ))}
          </div>
        </FieldSet>
      )}

      <SubmitButton pendingText="Drawing your questions…">Start the set</SubmitButton>
    </form>
  );
}
