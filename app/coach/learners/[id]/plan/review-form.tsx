"use client";

import { useActionState } from "react";
import { Button, FormField, FormMessage, Textarea } from "@/components/ui";
import { reviewTaskAction } from "@/app/coach/plan-actions";
import { initialFormState, stringValue, type FormState } from "@/lib/form-state";

/** Accept the learner's evidence, or send it back with a comment saying what is missing. */
export function ReviewForm({ taskId, taskTitle, onDone }: { taskId: string; taskTitle: string; onDone?: (message: string) => void }) {
  const [state, action, pending] = useActionState(async (prev: FormState, data: FormData) => {
    const result = await reviewTaskAction(prev, data);
    // The form disappears once the task is reviewed: the row announces the outcome instead.
    if (result.status === "success") onDone?.(result.message ?? "Review saved.");
    return result;
  }, initialFormState);
  const p = `review-${taskId}`;
  return (
    <form action={action} noValidate className="space-y-3" key={JSON.stringify(state.values ?? {})} aria-label={`Review the evidence for ${taskTitle}`}>
      <input type="hidden" name="taskId" value={taskId} />
      <FormField id={`${p}-comment`} label="Comment for the learner" hint="Optional when you accept; required when you send the evidence back." errors={state.errors?.comment}>
        <Textarea name="comment" rows={2} maxLength={2000} defaultValue={stringValue(state, "comment") ?? ""} />
      </FormField>
      {state.errors?.decision && (
        <p role="alert" className="text-sm text-red-700">
          {state.errors.decision.join(" ")}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" name="decision" value="accept" disabled={pending}>
          Accept<span className="sr-only"> the evidence for {taskTitle}</span>
        </Button>
        <Button type="submit" name="decision" value="return" disabled={pending} variant="secondary">
          Send back<span className="sr-only"> the evidence for {taskTitle}</span>
        </Button>
      </div>
      <FormMessage status={state.status} message={state.message} />
    </form>
  );
}
