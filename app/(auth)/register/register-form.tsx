"use client";

import { useActionState, useState, useSyncExternalStore } from "react";
import { TimeZoneSelect } from "@/components/time-zone-select";
import { Field, FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { initialFormState, stringValue } from "@/lib/form-state";
import { registerAction } from "../actions";

function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
}
const noSubscription = () => () => {};

/**
 * `zones` comes from the server, so the server's and the browser's lists (different ICU versions)
 * cannot make hydration fail. The server cannot know the browser's zone: it renders no choice,
 * and the browser picks its own zone as soon as the page is live. A form sent before that (no
 * JavaScript yet) gets "Choose a time zone" back instead of silently storing UTC.
 */
export function RegisterForm({ zones }: { zones: string[] }) {
  const [state, action] = useActionState(registerAction, initialFormState);
  const detected = useSyncExternalStore(noSubscription, browserZone, () => "");
  const [chosen, setChosen] = useState<string | null>(null);
  // A form sent before the page was live comes back with no zone: the browser's own is offered then.
  const zone = chosen ?? (stringValue(state, "timeZone") || detected);
  const options = zone && !zones.includes(zone) ? [zone, ...zones] : zone ? zones : ["", ...zones];
  const v = (k: string) => stringValue(state, k);
  return (
    <form action={action} noValidate className="mt-6 space-y-4" key={JSON.stringify(state.values ?? {})}>
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
      <TimeZoneSelect
        id="field-timeZone"
        zones={options}
        value={zone}
        onChange={setChosen}
        emptyLabel="Choose your time zone"
        errors={state.errors?.timeZone}
      />
      <SubmitButton pendingText="Creating your account…" className="w-full">
        Create account
      </SubmitButton>
    </form>
  );
}
