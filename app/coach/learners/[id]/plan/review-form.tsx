"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/ui/field";
import { buttonClass } from "@/components/ui/styles";
import { reviewTaskAction } from "@/app/coach/plan-actions";
import { PlanTextArea } from "@/app/plans/plan-fields";
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
      <PlanTextArea
        idPrefix={p}
        name="comment"
        label="Comment for the learner"
        hint="Optional when you accept; required when you send the evidence back."
        rows={2}
        maxLength={2000}
        defaultValue={stringValue(state, "comment") ?? ""}
        errors={state.errors?.comment}
      />
      {state.errors?.decision && (
        <p role="alert" className="text-sm text-red-700">
          {state.errors.decision.join(" ")}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <button type="submit" name="decision" value="accept" disabled={pending} className={buttonClass.primary}>
          Accept<span className="sr-only"> the evidence for {taskTitle}</span>
        </button>
        <button type="submit" name="decision" value="return" disabled={pending} className={buttonClass.secondary}>
          Send back<span className="sr-only"> the evidence for {taskTitle}</span>
        </button>
      </div>
      <FormMessage status={state.status} message={state.message} />
    </form>
  );
}
