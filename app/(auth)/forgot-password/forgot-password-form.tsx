"use client";

import { useActionState } from "react";
import { Field, FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { initialFormState, stringValue } from "@/lib/form-state";
import { requestPasswordResetAction } from "./actions";

export function ForgotPasswordForm() {
  const [state, action] = useActionState(requestPasswordResetAction, initialFormState);
  return (
    <form action={action} noValidate className="mt-6 space-y-4">
      <FormMessage status={state.status} message={state.message} />
      <Field
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        defaultValue={stringValue(state, "email")}
        key={`email-${stringValue(state, "email") ?? ""}`}
        errors={state.errors?.email}
      />
      <SubmitButton pendingText="Sending…" className="w-full">
        Send me a reset link
      </SubmitButton>
    </form>
  );
}
