"use client";

import { useActionState } from "react";
import { TimeZoneSelect } from "@/components/time-zone-select";
import { Field, FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { initialFormState, stringValue } from "@/lib/form-state";
import { updateProfileAction } from "./actions";

/** Display name and time zone; a refused form keeps what was typed. */
export function ProfileForm({ name, timeZone, zones }: { name: string; timeZone: string; zones: string[] }) {
  const [state, action] = useActionState(updateProfileAction, initialFormState);
  const shownName = stringValue(state, "name") ?? name;
  const shownZone = stringValue(state, "timeZone") ?? timeZone;
  const options = zones.includes(shownZone) ? zones : [shownZone, ...zones];
  return (
    // Remounted with the values the server sent back, so the fields show what was saved or typed.
    <form action={action} noValidate className="space-y-4" aria-label="Name and time zone" key={JSON.stringify(state.values ?? {})}>
      <FormMessage status={state.status} message={state.message} />
      <Field idPrefix="profile" name="name" label="Name" autoComplete="name" required maxLength={100} defaultValue={shownName} errors={state.errors?.name} />
      <TimeZoneSelect
        id="profile-timeZone"
        zones={options}
        defaultValue={shownZone}
        hint="Dates, deadlines and countdowns are shown in this zone; retake waits are exact hours in any zone."
        errors={state.errors?.timeZone}
      />
      <SubmitButton pendingText="Saving…">Save</SubmitButton>
    </form>
  );
}
