"use client";

import { useActionState } from "react";
import { Field, FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { initialFormState, stringValue } from "@/lib/form-state";
import { deleteAccountAction } from "./actions";

/** Typed confirmation (the account's email) and the current password; nothing happens on a slip. */
export function DeleteAccountForm({ email }: { email: string }) {
  const [state, action] = useActionState(deleteAccountAction, initialFormState);
  return (
    <form action={action} noValidate className="space-y-4" aria-label="Delete my account" key={JSON.stringify(state.values ?? {})}>
      <FormMessage status={state.status} message={state.message} />
      <Field
        idPrefix="delete"
        name="confirmEmail"
        label={`Type your email address (${email}) to confirm`}
        type="email"
        autoComplete="off"
        spellCheck={false}
        required
        defaultValue={stringValue(state, "confirmEmail")}
        errors={state.errors?.confirmEmail}
      />
      <Field
        idPrefix="delete"
        name="currentPassword"
        label="Your password"
        type="password"
        autoComplete="current-password"
        required
        errors={state.errors?.currentPassword}
      />
      <SubmitButton variant="danger" pendingText="Deleting your account…">
        Delete my account and data
      </SubmitButton>
    </form>
  );
}
