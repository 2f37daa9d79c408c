"use client";

import { useActionState } from "react";
import { FormField, FormMessage, SubmitButton, Textarea } from "@/components/ui";
import { commentVariationAction, copyVariationToBankAction } from "@/app/coach/variation-actions";
import { initialFormState, stringValue } from "@/lib/form-state";

/** The coach's part of a learner's variation: a comment for the learner, and a copy into the bank. */
export function VariationReview({ questionId }: { questionId: string }) {
  const [state, action] = useActionState(commentVariationAction, initialFormState);
  const [copyState, copy] = useActionState(copyVariationToBankAction, initialFormState);
  const p = `comment-${questionId}`;
  return (
    <div className="mt-3 grid gap-4 md:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
      <form action={action} noValidate className="space-y-2" key={state.status === "success" ? `ok-${state.message}` : JSON.stringify(state.values ?? {})} aria-label="Comment on this variation">
        <input type="hidden" name="questionId" value={questionId} />
        <FormField id={`${p}-body`} label="Comment for the learner" hint="Does the change really move the answer? Is the reason right?" errors={state.errors?.body}>
          <Textarea name="body" rows={2} maxLength={2000} defaultValue={state.status === "success" ? "" : (stringValue(state, "body") ?? "")} />
        </FormField>
        <SubmitButton variant="secondary" pendingText="Saving…">
          Add comment
        </SubmitButton>
        <FormMessage status={state.status} message={state.errors?.body ? undefined : state.message} />
      </form>
      <form action={copy} className="space-y-2">
        <input type="hidden" name="questionId" value={questionId} />
        <p className="text-xs text-slate-600">A good variation can serve everyone: the copy is a draft in the bank, checked and published like any other question. The learner&apos;s own stays private.</p>
        <SubmitButton variant="secondary" pendingText="Copying…">
          Copy into the bank as a draft
        </SubmitButton>
        <FormMessage status={copyState.status} message={copyState.message} />
      </form>
    </div>
  );
}
