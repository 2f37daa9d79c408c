// The original field helpers, now built on FormField / Input / Alert (components/ui/form-field.tsx).
import { Alert } from "./alert";
import { FormField, Input } from "./form-field";

export { FieldError } from "./form-field";

interface FieldProps extends Omit<React.InputHTMLAttributes<HTMLInputElement>, "name" | "id"> {
  name: string;
  label: React.ReactNode;
  hint?: React.ReactNode;
  errors?: string[];
  /** For pages with two forms that share a field name: ids become `<idPrefix>-<name>`. */
  idPrefix?: string;
}

/** A labelled text input; its id is `field-<name>` (or `<idPrefix>-<name>`). */
export function Field({ name, label, hint, errors, idPrefix, className, ...input }: FieldProps) {
  return (
    <FormField id={idPrefix ? `${idPrefix}-${name}` : `field-${name}`} label={label} hint={hint} errors={errors} className={className}>
      <Input name={name} {...input} />
    </FormField>
  );
}

/** The message an action returned: an alert when it failed, a status otherwise. */
export function FormMessage({ status, message }: { status: string; message?: string }) {
  if (!message) return null;
  return (
    <Alert tone={status === "error" ? "danger" : "success"} role={status === "error" ? "alert" : "status"}>
      {message}
    </Alert>
  );
}
