"use client";

import { useActionState } from "react";
import { initialFormState, listValue, type FormState } from "@/lib/form-state";
import { FormMessage } from "./ui/field";
import { buttonClasses, type ButtonVariant } from "./ui/button";

/**
 * A small form bound to one server action: hidden fields, optional inputs as children, a
 * button, an optional confirmation, and the action's message (and per-line results) below.
 */
export function ActionForm({
  action,
  hidden = {},
  label,
  pendingLabel,
  confirm,
  variant = "secondary",
  className = "",
  children,
}: {
  action: (s: FormState, d: FormData) => Promise<FormState>;
  hidden?: Record<string, string>;
  label: string;
  pendingLabel?: string;
  confirm?: string;
  variant?: ButtonVariant;
  className?: string;
  children?: React.ReactNode;
}) {
  const [state, formAction, pending] = useActionState(action, initialFormState);
  const results = listValue(state, "results");
  const errors = Object.entries(state.errors ?? {}).flatMap(([, msgs]) => msgs);
  return (
    <form
      action={formAction}
      className={className}
      onSubmit={(e) => {
        if (confirm && !window.confirm(confirm)) e.preventDefault();
      }}
    >
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {children}
      <button type="submit" disabled={pending} className={buttonClasses({ variant })}>
        {pending ? (pendingLabel ?? "Working…") : label}
      </button>
      {(state.message || errors.length > 0) && (
        <div className="mt-2 space-y-1">
          <FormMessage status={state.status} message={state.message} />
          {errors.length > 0 && (
            <ul role="alert" className="list-disc pl-5 text-sm text-red-700">
              {errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {results && (
        <ul aria-label="Result per line" className="mt-2 max-h-60 overflow-auto rounded border border-slate-200 bg-slate-50 p-2 text-xs">
          {results.map((r, i) => (
            <li key={i} className={r.endsWith(": added") ? "text-emerald-800" : "text-amber-900"}>
              {r}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
