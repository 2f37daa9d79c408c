"use client";

import { useActionState } from "react";
import { Field, FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { initialFormState } from "@/lib/form-state";
import { changePasswordAction } from "./actions";

/**
 * Current password, new password twice. Passwords are never sent back to the page, so after an
 * error the person types them again; every field's error is shown at once beside it.
 */
export function PasswordForm({ next, forced = false }: { next?: string; forced?: boolean }) {
  const [state, action] = useActionState(changePasswordAction, initialFormState);
  const errors = state.errors ?? {};
  return (
    <form action={action} noValidate className="space-y-4" aria-label="Change password">
      {next && <input type="hidden" name="next" value={next} />}
      <FormMessage status={state.status} message={state.message} />
      <Field
        idPrefix="password"
        name="currentPassword"
        label={forced ? "One-time password" : "Current password"}
        hint={forced ? "The password you were given to sign in with." : undefined}
        type="password"
        autoComplete="current-password"
        required
        errors={errors.currentPassword}
      />
      <Field
        idPrefix="password"
        name="newPassword"
        label="New password"
        hint="8 to 128 characters. A long passphrase is best."
        type="password"
        autoComplete="new-password"
        required
        errors={errors.newPassword}
      />
      <Field
        idPrefix="password"
        name="confirmPassword"
        label="Repeat the new password"
        type="password"
        autoComplete="new-password"
        required
        errors={errors.confirmPassword}
      />
      {errors.next && <p className="text-sm text-red-700">{errors.next.join(" ")}</p>}
      <SubmitButton pendingText="Changing your password…">{forced ? "Set my password and continue" : "Change password"}</SubmitButton>
    </form>
  );
}
