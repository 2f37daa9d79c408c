import { FormField, Select } from "@/components/ui/form-field";
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
    <FormField id={id} label={label} hint={hint} errors={errors}>
      <Select
        name="timeZone"
        value={value}
        defaultValue={value === undefined ? defaultValue : undefined}
        onChange={onChange ? (e) => onChange(e.target.value) : undefined}
        options={zones.map((z) => ({ value: z, label: z ? timeZoneLabel(z) : emptyLabel }))}
      />
    </FormField>
  );
}
