"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/ui/field";
import { inputClass } from "@/components/ui/styles";
import { SubmitButton } from "@/components/ui/submit-button";
import { initialFormState, stringValue } from "@/lib/form-state";
import { saveEntryAction } from "../actions";

/** One entry of the bank's JSON format, of any kind; every problem is listed by path, nothing typed is lost. */
export function EntryEditor({ mode, initial, submitLabel }: { mode: "create" | "update"; initial: string; submitLabel: string }) {
  const [state, action] = useActionState(saveEntryAction, initialFormState);
  const problems = state.errors?.json ?? [];
  return (
    <form action={action} className="space-y-4">
      <FormMessage status={state.status} message={state.message} />
      <input type="hidden" name="mode" value={mode} />
      <div>
        <label htmlFor="json" className="block text-sm font-medium text-slate-800">
          The entry, in the bank&apos;s JSON format
        </label>
        <p id="json-hint" className="text-xs text-slate-500">
          The README&apos;s &quot;The bank&apos;s JSON format&quot; shows every kind with an example. A yes/no series or a case study is saved
          with all its questions.
        </p>
        <textarea
          id="json"
          name="json"
          rows={28}
          defaultValue={stringValue(state, "json") ?? initial}
          aria-describedby={`json-hint${problems.length ? " json-problems" : ""}`}
          aria-invalid={problems.length > 0}
          spellCheck={false}
          className={`mt-1 font-mono text-xs ${inputClass}`}
        />
      </div>
      {problems.length > 0 && (
        <div id="json-problems" role="alert" className="rounded-md border border-red-200 bg-red-50 p-3">
          <p className="text-sm font-semibold text-red-800">Fix these and save again (nothing was written):</p>
          <ul className="mt-2 max-h-80 list-disc space-y-1 overflow-auto pl-5 text-sm text-red-800">
            {problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <SubmitButton pendingText="Checking and saving…">{submitLabel}</SubmitButton>
    </form>
  );
}
