"use client";

import { useActionState, useState } from "react";
import { FormMessage } from "@/components/ui/field";
import { inputClass } from "@/components/ui/styles";
import { SubmitButton } from "@/components/ui/submit-button";
import { initialFormState, stringValue } from "@/lib/form-state";
import { importQuestionsAction } from "../actions";

export function ImportForm() {
  const [state, action] = useActionState(importQuestionsAction, initialFormState);
  const [text, setText] = useState<string | null>(null);
  const value = text ?? stringValue(state, "json") ?? "";
  const problems = state.errors?.json ?? [];
  return (
    <form action={action} className="space-y-4">
      <FormMessage status={state.status} message={state.message} />
      <div>
        <label htmlFor="file" className="block text-sm font-medium text-slate-800">
          Choose a JSON file
        </label>
        <input
          id="file"
          type="file"
          accept="application/json,.json"
          className="mt-1 block text-sm"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            if (f) setText(await f.text());
          }}
        />
      </div>
      <div>
        <label htmlFor="json" className="block text-sm font-medium text-slate-800">
          …or paste the JSON array
        </label>
        <textarea
          id="json"
          name="json"
          rows={14}
          value={value}
          onChange={(e) => setText(e.target.value)}
          aria-describedby="json-problems"
          aria-invalid={problems.length > 0}
          className={`mt-1 font-mono text-xs ${inputClass}`}
        />
      </div>
      {problems.length > 0 && (
        <div id="json-problems" className="rounded-md border border-red-200 bg-red-50 p-3">
          <p className="text-sm font-semibold text-red-800">Fix these and import again (nothing was written):</p>
          <ul className="mt-2 max-h-80 list-disc space-y-1 overflow-auto pl-5 text-sm text-red-800">
            {problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <SubmitButton pendingText="Checking and importing…">Import</SubmitButton>
    </form>
  );
}
