// Labelled form controls for the plan pages. Unlike components/ui/field (ids from the field
// name), these take an id prefix, because one page holds many forms with the same field names
// (one edit form per task). Errors sit in a region the control points at with aria-describedby.

import { FieldError } from "@/components/ui/field";
import { inputClass } from "@/components/ui/styles";

interface Common {
  idPrefix: string;
  name: string;
  label: string;
  hint?: string;
  errors?: string[];
  className?: string;
}

function ids(idPrefix: string, name: string, hint?: string) {
  const id = `${idPrefix}-${name}`;
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : undefined;
  return { id, errorId, hintId, describedBy: [hintId, errorId].filter(Boolean).join(" ") };
}

function Label({ id, label, hint, hintId }: { id: string; label: string; hint?: string; hintId?: string }) {
  return (
    <>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {hint && (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
    </>
  );
}

export function PlanInput({
  idPrefix,
  name,
  label,
  hint,
  errors,
  className = "",
  ...input
}: Common & Omit<React.InputHTMLAttributes<HTMLInputElement>, "name" | "id">) {
  const { id, errorId, hintId, describedBy } = ids(idPrefix, name, hint);
  return (
    <div className={className}>
      <Label id={id} label={label} hint={hint} hintId={hintId} />
      <input id={id} name={name} aria-invalid={Boolean(errors?.length)} aria-describedby={describedBy} className={`mt-1 ${inputClass}`} {...input} />
      <FieldError id={errorId} errors={errors} />
    </div>
  );
}

export function PlanTextArea({
  idPrefix,
  name,
  label,
  hint,
  errors,
  className = "",
  ...area
}: Common & Omit<React.TextareaHTMLAttributes<HTMLTextAreaElement>, "name" | "id">) {
  const { id, errorId, hintId, describedBy } = ids(idPrefix, name, hint);
  return (
    <div className={className}>
      <Label id={id} label={label} hint={hint} hintId={hintId} />
      <textarea id={id} name={name} aria-invalid={Boolean(errors?.length)} aria-describedby={describedBy} className={`mt-1 ${inputClass}`} {...area} />
      <FieldError id={errorId} errors={errors} />
    </div>
  );
}

export function PlanSelect({
  idPrefix,
  name,
  label,
  hint,
  errors,
  className = "",
  options,
  ...select
}: Common & { options: { value: string; label: string }[] } & Omit<React.SelectHTMLAttributes<HTMLSelectElement>, "name" | "id">) {
  const { id, errorId, hintId, describedBy } = ids(idPrefix, name, hint);
  return (
    <div className={className}>
      <Label id={id} label={label} hint={hint} hintId={hintId} />
      <select id={id} name={name} aria-invalid={Boolean(errors?.length)} aria-describedby={describedBy} className={`mt-1 ${inputClass}`} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={errorId} errors={errors} />
    </div>
  );
}
