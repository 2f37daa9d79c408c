"use client";

import { useActionState } from "react";
import { initialFormState } from "@/lib/form-state";
import { deleteAttemptAction } from "./actions";

export function DeleteAttemptButton({ id, label }: { id: string; label: string }) {
  const [state, action, pending] = useActionState(deleteAttemptAction, initialFormState);
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!window.confirm(`Delete the attempt of ${label}? This cannot be undone.`)) e.preventDefault();
      }}
      className="inline"
    >
      <input type="hidden" name="id" value={id} />
      <button type="submit" disabled={pending} className="text-sm font-semibold text-red-700 hover:underline disabled:opacity-50">
        {pending ? "Deleting…" : "Delete"}
        <span className="sr-only"> attempt of {label}</span>
      </button>
      {state.status === "error" && (
        <p role="alert" className="mt-1 max-w-xs text-xs text-red-700">
          {state.message}
        </p>
      )}
    </form>
  );
}
