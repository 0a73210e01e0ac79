"use client";

/** Day and week, several fieldworkers: everyone's events together, or one lane per fieldworker. */
export function LaneToggle({ on, onChange }: { on: boolean; onChange: (on: boolean) => void }) {
  const option = (value: boolean, label: string) => (
    <button
      type="button"
      aria-pressed={on === value}
      onClick={() => onChange(value)}
      className={`px-3 py-1 text-sm font-medium ${on === value ? "bg-brand-600 text-white" : "bg-white text-slate-700 hover:bg-slate-100"}`}
    >
      {label}
    </button>
  );
  return (
    <div role="group" aria-label="Layout" className="inline-flex overflow-hidden rounded-md border border-slate-300 shadow-sm">
      {option(false, "Together")}
      {option(true, "By fieldworker")}
    </div>
  );
}
