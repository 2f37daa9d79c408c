import { inputClass } from "./styles";

/** The errors of one field, in a region the input points at with aria-describedby. */
export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  return (
    <div id={id} aria-live="polite" className="min-h-0">
      {errors?.map((e) => (
        <p key={e} className="mt-1 text-sm text-red-700">
          {e}
        </p>
      ))}
    </div>
  );
}

interface FieldProps extends Omit<React.InputHTMLAttributes<HTMLInputElement>, "name" | "id"> {
  name: string;
  label: string;
  hint?: string;
  errors?: string[];
  /** For pages with two forms that share a field name: ids become `<idPrefix>-<name>`. */
  idPrefix?: string;
}

export function Field({ name, label, hint, errors, idPrefix, className = "", ...input }: FieldProps) {
  const id = idPrefix ? `${idPrefix}-${name}` : `field-${name}`;
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : undefined;
  const invalid = Boolean(errors?.length);
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {hint && (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      <input
        id={id}
        name={name}
        aria-invalid={invalid}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ")}
        className={`mt-1 ${inputClass}`}
        {...input}
      />
      <FieldError id={errorId} errors={errors} />
    </div>
  );
}

export function FormMessage({ status, message }: { status: string; message?: string }) {
  if (!message) return null;
  const tone =
    status === "error" ? "border-red-200 bg-red-50 text-red-800" : "border-emerald-200 bg-emerald-50 text-emerald-800";
  return (
    <div role={status === "error" ? "alert" : "status"} className={`rounded-md border px-3 py-2 text-sm ${tone}`}>
      {message}
    </div>
  );
}
