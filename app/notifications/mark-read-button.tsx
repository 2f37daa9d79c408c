"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { initialFormState } from "@/lib/form-state";
import { markNotificationsReadAction } from "./actions";

export function MarkReadButton({ id, title }: { id: string; title: string }) {
  const [state, action] = useActionState(markNotificationsReadAction, initialFormState);
  return (
    <form action={action}>
      <input type="hidden" name="id" value={id} />
      {state.status === "error" && <FormMessage status="error" message={state.message} />}
      <SubmitButton variant="secondary" size="sm" pendingText="Marking…" className="text-xs">
        <span aria-hidden="true">Mark read</span>
        <span className="sr-only">Mark read: {title}</span>
      </SubmitButton>
    </form>
  );
}

export function MarkAllReadButton() {
  const [state, action] = useActionState(markNotificationsReadAction, initialFormState);
  return (
    <form action={action} className="flex items-center gap-3">
      <input type="hidden" name="id" value="all" />
      <FormMessage status={state.status} message={state.message} />
      <SubmitButton variant="secondary" pendingText="Marking…">
        Mark all read
      </SubmitButton>
    </form>
  );
}
