import { FieldError } from "@/components/ui/field";
import { inputClass } from "@/components/ui/styles";
import { timeZoneLabel } from "@/lib/time-zones";

/** A labelled IANA time-zone picker with its hint and error region (registration, account page). */
export function TimeZoneSelect({
  id,
  zones,
  value,
  onChange,
  defaultValue,
  label = "Your time zone",
  hint = "Dates and countdowns are shown in this zone.",
  emptyLabel = "Choose a time zone",
  errors,
}: {
  id: string;
  zones: readonly string[];
  value?: string;
  onChange?: (zone: string) => void;
  defaultValue?: string;
  label?: string;
  hint?: string;
  /** The text of the "" option, when `zones` contains one. */
  emptyLabel?: string;
  errors?: string[];
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <p id={`${id}-hint`} className="text-xs text-slate-500">
        {hint}
      </p>
      <select
        id={id}
        name="timeZone"
        value={value}
        defaultValue={value === undefined ? defaultValue : undefined}
        onChange={onChange ? (e) => onChange(e.target.value) : undefined}
        aria-describedby={`${id}-hint ${id}-error`}
        aria-invalid={Boolean(errors?.length)}
        className={`mt-1 ${inputClass}`}
      >
        {zones.map((z) => (
          <option key={z} value={z}>
            {z ? timeZoneLabel(z) : emptyLabel}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-error`} errors={errors} />
    </div>
  );
}
