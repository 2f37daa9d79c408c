"use client";

import { useActionState, useSyncExternalStore } from "react";
import { Field, FieldError, FormMessage } from "@/components/ui/field";
import { inputClass } from "@/components/ui/styles";
import { SubmitButton } from "@/components/ui/submit-button";
import { initialFormState, stringValue } from "@/lib/form-state";
import { registerAction } from "../actions";

const ZONES: string[] = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : ["UTC"];

function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

export function RegisterForm() {
  const [state, action] = useActionState(registerAction, initialFormState);
  // The server renders UTC; the browser then preselects its own zone.
  const detected = useSyncExternalStore(
    () => () => {},
    browserZone,
    () => "UTC",
  );
  const zone = stringValue(state, "timeZone") ?? detected;
  const v = (k: string) => stringValue(state, k);
  const formKey = JSON.stringify(state.values ?? {}) + zone;
  return (
    <form action={action} noValidate className="mt-6 space-y-4" key={formKey}>
      <FormMessage status={state.status} message={state.message} />
      <Field name="name" label="Name" autoComplete="name" required maxLength={100} defaultValue={v("name")} errors={state.errors?.name} />
      <Field name="email" label="Email" type="email" autoComplete="email" required defaultValue={v("email")} errors={state.errors?.email} />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        hint="8 to 128 characters. A long passphrase is best."
        required
        errors={state.errors?.password}
      />
      <Field
        name="confirmPassword"
        label="Repeat the password"
        type="password"
        autoComplete="new-password"
        required
        errors={state.errors?.confirmPassword}
      />
      <div>
        <label htmlFor="field-timeZone" className="block text-sm font-medium text-slate-800">
          Your time zone
        </label>
        <p id="field-timeZone-hint" className="text-xs text-slate-500">
          Dates and countdowns are shown in this zone.
        </p>
        <select
          id="field-timeZone"
          name="timeZone"
          defaultValue={zone}
          aria-describedby="field-timeZone-hint field-timeZone-error"
          aria-invalid={Boolean(state.errors?.timeZone)}
          className={`mt-1 ${inputClass}`}
        >
          {(ZONES.includes(zone) ? ZONES : [zone, ...ZONES]).map((z) => (
            <option key={z} value={z}>
              {z.replaceAll("_", " ")}
            </option>
          ))}
        </select>
        <FieldError id="field-timeZone-error" errors={state.errors?.timeZone} />
      </div>
      <SubmitButton pendingText="Creating your account…" className="w-full">
        Create account
      </SubmitButton>
    </form>
  );
}
