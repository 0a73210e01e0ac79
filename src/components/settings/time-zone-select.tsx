export interface TimeZoneSelectProps {
  id: string;
  name?: string;
  value: string;
  onChange: (timeZone: string) => void;
  /** From the server (Intl.supportedValuesOf), so server and browser render the same list. */
  timeZones: readonly string[];
  invalid?: boolean;
  describedBy?: string;
}

/** A native select: searchable by typing, and the phone's own picker on small screens. */
export function TimeZoneSelect({ id, name, value, onChange, timeZones, invalid, describedBy }: TimeZoneSelectProps) {
  const options = timeZones.includes(value) ? timeZones : [value, ...timeZones];
  return (
    <select
      id={id}
      name={name}
      className="input"
      value={value}
      onChange={(event) => onChange(event.target.value)}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
    >
      {options.map((zone) => (
        <option key={zone} value={zone}>
          {zone.replaceAll("_", " ")}
        </option>
      ))}
    </select>
  );
}
