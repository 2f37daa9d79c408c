"use client";

import { useActionState } from "react";
import { Field, FieldError, FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { initialFormState } from "@/lib/form-state";
import { resetPasswordAction } from "./actions";

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, action] = useActionState(resetPasswordAction, initialFormState);
  return (
    <form action={action} noValidate className="mt-6 space-y-4">
      <input type="hidden" name="token" value={token} />
      <FormMessage status={state.status} message={state.message} />
      <FieldError id="field-token-error" errors={state.errors?.token?.filter((e) => e !== state.message)} />
      <Field
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="8 to 128 characters. A few unrelated words make a strong one."
        required
        errors={state.errors?.password}
      />
      <Field name="confirmPassword" label="Repeat the new password" type="password" autoComplete="new-password" required errors={state.errors?.confirmPassword} />
      <SubmitButton pendingText="Saving…" className="w-full">
        Set the new password
      </SubmitButton>
    </form>
  );
}
