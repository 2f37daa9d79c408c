import { Children, cloneElement, isValidElement, useId } from "react";
import { cn } from "./cn";
import { inputClass } from "./styles";

/** What FormField hands its control: the ids that tie label, hint and errors to it. */
export interface ControlProps {
  id: string;
  "aria-describedby": string;
  "aria-invalid": boolean;
  required?: boolean;
  /** Spacing under the label; merge it into the control's own classes. */
  className: string;
}

interface FormFieldProps {
  /** The visible label (a node, so it may hold an abbreviation or a hidden suffix). */
  label: React.ReactNode;
  hint?: React.ReactNode;
  errors?: readonly string[];
  /** Shows a required marker after the label and sets `required` on the control. */
  required?: boolean;
  /** A fixed id for the control; otherwise one from `useId` (unique even with many forms on a page). */
  id?: string;
  /** A filter bar's field: a small grey label with the control right under it. */
  compact?: boolean;
  className?: string;
  labelClassName?: string;
  hintClassName?: string;
  /**
   * The one control: an element (FormField adds id, aria-describedby, aria-invalid and required
   * to it) or a function that receives those props and draws the control itself.
   */
  children: React.ReactElement | ((control: ControlProps) => React.ReactNode);
}

/** The errors of one field, in a region the control points at with aria-describedby. */
export function FieldError({ id, errors }: { id: string; errors?: readonly string[] }) {
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

/** A label, an optional hint, one control and its errors, wired together for screen readers. */
export function FormField({ label, hint, errors, required, id: fixedId, compact, className, labelClassName, hintClassName, children }: FormFieldProps) {
  const generated = useId();
  const id = fixedId ?? generated;
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ");
  const invalid = Boolean(errors?.length);
  const gap = compact ? "" : "mt-1";
  const control: ControlProps = { id, "aria-describedby": describedBy, "aria-invalid": invalid, className: gap };
  if (required) control.required = true;

  let rendered: React.ReactNode;
  if (typeof children === "function") {
    rendered = children(control);
  } else {
    const child = Children.only(children);
    if (!isValidElement<Record<string, unknown>>(child)) throw new Error("FormField takes one control element");
    const own = child.props;
    rendered = cloneElement(child, {
      ...control,
      "aria-describedby": [describedBy, own["aria-describedby"]].filter(Boolean).join(" "),
      "aria-invalid": (own["aria-invalid"] as boolean | undefined) ?? invalid,
      required: Boolean(required || own.required) || undefined,
      className: cn(gap, own.className as string | undefined),
    });
  }

  return (
    <div className={className}>
      <label htmlFor={id} className={cn("block text-sm font-medium text-slate-800", compact && "text-xs text-slate-600", labelClassName)}>
        {label}
        {required && (
          <span className="text-red-700" aria-hidden>
            {" "}
            *
          </span>
        )}
      </label>
      {hint && (
        <p id={hintId} className={cn("text-xs text-slate-500", hintClassName)}>
          {hint}
        </p>
      )}
      {rendered}
      <FieldError id={errorId} errors={errors} />
    </div>
  );
}

interface FieldSetProps extends Omit<React.FieldsetHTMLAttributes<HTMLFieldSetElement>, "id"> {
  legend: React.ReactNode;
  hint?: React.ReactNode;
  errors?: readonly string[];
  /** Base of the hint and error ids (`<id>-hint`, `<id>-error`); otherwise one from `useId`. */
  id?: string;
  legendClassName?: string;
  hintClassName?: string;
}

/** A group of radios or checkboxes: legend, hint, the options, and the group's errors. */
export function FieldSet({ legend, hint, errors, id: fixedId, className, legendClassName, hintClassName, children, ...rest }: FieldSetProps) {
  const generated = useId();
  const id = fixedId ?? generated;
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <fieldset aria-describedby={[hintId, `${id}-error`].filter(Boolean).join(" ")} className={className} {...rest}>
      <legend className={cn("text-sm font-medium text-slate-800", legendClassName)}>{legend}</legend>
      {hint && (
        <p id={hintId} className={cn("text-xs text-slate-500", hintClassName)}>
          {hint}
        </p>
      )}
      {children}
      <FieldError id={`${id}-error`} errors={errors} />
    </fieldset>
  );
}

export function Input({ className, ...rest }: React.ComponentProps<"input">) {
  return <input className={cn(inputClass, className)} {...rest} />;
}

export function Textarea({ className, ...rest }: React.ComponentProps<"textarea">) {
  return <textarea className={cn(inputClass, className)} {...rest} />;
}

export interface SelectOption {
  value: string;
  label: React.ReactNode;
  disabled?: boolean;
}

/** A select in the house style; give `options` or `<option>` children. */
export function Select({ className, options, children, ...rest }: React.ComponentProps<"select"> & { options?: readonly SelectOption[] }) {
  return (
    <select className={cn(inputClass, className)} {...rest}>
      {options?.map((o) => (
        <option key={o.value} value={o.value} disabled={o.disabled}>
          {o.label}
        </option>
      ))}
      {children}
    </select>
  );
}
