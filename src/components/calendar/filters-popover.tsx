"use client";

import * as Popover from "@radix-ui/react-popover";
import { useState } from "react";
import type { CalendarOptions } from "./types";

/** Admin's fieldworker filter: tick fieldworkers, then **Filter** (or **Clear** for everyone). */
export function FiltersPopover({
  fieldworkers,
  selected,
  onApply,
}: {
  fieldworkers: CalendarOptions["fieldworkers"];
  selected: string[];
  onApply: (ids: string[]) => void;
}) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<string[]>(selected);

  const apply = (ids: string[]) => {
    onApply(ids);
    setOpen(false);
  };

  return (
    <Popover.Root
      open={open}
      onOpenChange={(next) => {
        // Each opening starts from what is applied now, not from an abandoned draft.
        if (next) setDraft(selected);
        setOpen(next);
      }}
    >
      <Popover.Trigger className="btn">
        <span aria-hidden>⚲</span> Filters{selected.length ? ` (${selected.length})` : ""}
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="start"
          sideOffset={6}
          className="z-30 w-72 max-w-[92vw] rounded-lg border border-slate-200 bg-white p-4 shadow-lg"
          aria-label="Filter by fieldworker"
        >
          <form
            onSubmit={(event) => {
              event.preventDefault();
              apply(draft);
            }}
          >
            <fieldset>
              <legend className="label">Fieldworkers</legend>
              <ul className="max-h-64 space-y-1 overflow-y-auto">
                {fieldworkers.map((fw) => (
                  <li key={fw.id}>
                    <label className="flex items-center gap-2 rounded px-1 py-1 text-sm hover:bg-slate-50">
                      <input
                        type="checkbox"
                        checked={draft.includes(fw.id)}
                        onChange={(e) => setDraft((d) => (e.target.checked ? [...d, fw.id] : d.filter((id) => id !== fw.id)))}
                      />
                      {fw.name}
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
            <div className="mt-3 flex justify-end gap-2">
              <button type="button" className="btn" onClick={() => apply([])}>
                Clear
              </button>
              <button type="submit" className="btn btn-primary">
                Filter
              </button>
            </div>
          </form>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
