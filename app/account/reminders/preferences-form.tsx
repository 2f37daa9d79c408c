"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { initialFormState } from "@/lib/form-state";
import { saveReminderPreferencesAction } from "./actions";

export interface KindChoice {
  kind: string;
  label: string;
  description: string;
  email: boolean;
  inApp: boolean;
}

/** One fieldset per reminder kind, with a checkbox per channel; the legend names the kind for screen readers. */
export function ReminderPreferencesForm({ choices }: { choices: KindChoice[] }) {
  const [state, action] = useActionState(saveReminderPreferencesAction, initialFormState);
  const checked = (field: string, saved: boolean) => {
    if (state.status !== "error" || !state.values) return saved;
    return state.values[field] === "on";
  };
  return (
    <form action={action} className="space-y-4">
      <FormMessage status={state.status} message={state.message} />
      {choices.map((c) => (
        <fieldset key={c.kind} className="rounded-md border border-slate-200 p-3">
          <legend className="px-1 text-sm font-semibold text-slate-900">{c.label}</legend>
          <p id={`reminder-${c.kind}-desc`} className="text-xs text-slate-600">
            {c.description}
          </p>
          <div className="mt-2 flex flex-wrap gap-x-6 gap-y-2 text-sm">
            <label className="flex items-center gap-2">
              <input type="checkbox" name={`email_${c.kind}`} defaultChecked={checked(`email_${c.kind}`, c.email)} aria-describedby={`reminder-${c.kind}-desc`} className="h-4 w-4" />
              By email
            </label>
            <label className="flex items-center gap-2">
              <input type="checkbox" name={`inApp_${c.kind}`} defaultChecked={checked(`inApp_${c.kind}`, c.inApp)} aria-describedby={`reminder-${c.kind}-desc`} className="h-4 w-4" />
              In the app (the bell)
            </label>
          </div>
        </fieldset>
      ))}
      <SubmitButton pendingText="Saving…">Save reminder choices</SubmitButton>
    </form>
  );
}
