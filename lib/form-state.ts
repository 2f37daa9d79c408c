/** What every form action returns to `useActionState` (shared by server actions and client forms). */
export interface FormState {
  status: "idle" | "error" | "success";
  message?: string;
  /** Every field's errors at once; "_form" for errors about the whole form. */
  errors?: Record<string, string[]>;
  /** The submitted values (never passwords), so a rejected form keeps what was typed. */
  values?: Record<string, string | string[]>;
}

export const initialFormState: FormState = { status: "idle" };

export function stringValue(state: FormState, key: string): string | undefined {
  const v = state.values?.[key];
  return typeof v === "string" ? v : undefined;
}

export function listValue(state: FormState, key: string): string[] | undefined {
  const v = state.values?.[key];
  return Array.isArray(v) ? v : typeof v === "string" ? [v] : undefined;
}
