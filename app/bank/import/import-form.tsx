"use client";

import { useActionState, useState } from "react";
import { FormField, FormMessage, SubmitButton, Textarea } from "@/components/ui";
import { initialFormState, stringValue } from "@/lib/form-state";
import { importQuestionsAction } from "../actions";
import { ProblemList } from "../problem-list";

export function ImportForm() {
  const [state, action] = useActionState(importQuestionsAction, initialFormState);
  const [text, setText] = useState<string | null>(null);
  const value = text ?? stringValue(state, "json") ?? "";
  const problems = state.errors?.json ?? [];
  return (
    <form action={action} className="space-y-4">
      <FormMessage status={state.status} message={state.message} />
      <FormField id="file" label="Choose a JSON file">
        <input
          type="file"
          accept="application/json,.json"
          className="block text-sm"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            if (f) setText(await f.text());
          }}
        />
      </FormField>
      <FormField id="json" label="…or paste the JSON array">
        <Textarea
          name="json"
          rows={14}
          value={value}
          onChange={(e) => setText(e.target.value)}
          aria-describedby="json-problems"
          aria-invalid={problems.length > 0}
          className="font-mono text-xs"
        />
      </FormField>
      <ProblemList problems={problems} again="import" />
      <SubmitButton pendingText="Checking and importing…">Import</SubmitButton>
    </form>
  );
}
