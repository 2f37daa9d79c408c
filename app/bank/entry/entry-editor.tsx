"use client";

import { useActionState } from "react";
import { FormField, FormMessage, SubmitButton, Textarea } from "@/components/ui";
import { initialFormState, stringValue } from "@/lib/form-state";
import { saveEntryAction } from "../actions";
import { ProblemList } from "../problem-list";

/** One entry of the bank's JSON format, of any kind; every problem is listed by path, nothing typed is lost. */
export function EntryEditor({ mode, initial, submitLabel }: { mode: "create" | "update"; initial: string; submitLabel: string }) {
  const [state, action] = useActionState(saveEntryAction, initialFormState);
  const problems = state.errors?.json ?? [];
  return (
    <form action={action} className="space-y-4">
      <FormMessage status={state.status} message={state.message} />
      <input type="hidden" name="mode" value={mode} />
      <FormField
        id="json"
        label="The entry, in the bank's JSON format"
        hint={`The README's "The bank's JSON format" shows every kind with an example. A yes/no series or a case study is saved with all its questions.`}
      >
        <Textarea
          name="json"
          rows={28}
          defaultValue={stringValue(state, "json") ?? initial}
          aria-describedby={problems.length ? "json-problems" : undefined}
          aria-invalid={problems.length > 0}
          spellCheck={false}
          className="font-mono text-xs"
        />
      </FormField>
      <ProblemList problems={problems} again="save" announce />
      <SubmitButton pendingText="Checking and saving…">{submitLabel}</SubmitButton>
    </form>
  );
}
