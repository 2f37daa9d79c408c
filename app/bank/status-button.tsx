"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui";
import type { QuestionStatus } from "@/lib/enums";
import { initialFormState } from "@/lib/form-state";
import { setQuestionStatusAction } from "./actions";

export function StatusButton({ id, status, label }: { id: string; status: QuestionStatus; label: string }) {
  const [state, action, pending] = useActionState(setQuestionStatusAction, initialFormState);
  return (
    <form action={action} className="inline">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="status" value={status} />
      <Button type="submit" variant="link" disabled={pending} className="text-sm disabled:opacity-50">
        {label}
        <span className="sr-only"> question {id}</span>
      </Button>
      {state.status === "error" && <span role="alert" className="ml-2 text-xs text-red-700">{state.message}</span>}
    </form>
  );
}
