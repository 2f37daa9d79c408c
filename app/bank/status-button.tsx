"use client";

import { useActionState } from "react";
import { initialFormState } from "@/lib/form-state";
import { setQuestionStatusAction } from "./actions";

export function StatusButton({ id, status, label }: { id: string; status: "draft" | "published" | "retired"; label: string }) {
  const [state, action, pending] = useActionState(setQuestionStatusAction, initialFormState);
  return (
    <form action={action} className="inline">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="status" value={status} />
      <button type="submit" disabled={pending} className="text-sm font-semibold text-brand-700 hover:underline disabled:opacity-50">
        {label}
        <span className="sr-only"> question {id}</span>
      </button>
      {state.status === "error" && <span role="alert" className="ml-2 text-xs text-red-700">{state.message}</span>}
    </form>
  );
}
