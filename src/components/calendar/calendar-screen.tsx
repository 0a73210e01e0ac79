"use client";

import { addHours, startOfHour } from "date-fns";
import { useCallback, useState, useSyncExternalStore } from "react";
import { CustomizeCalendarsButton } from "~/components/google/customize-calendars-dialog";
import { InviteBar } from "~/components/google/invite-bar";
import { BookingDialog } from "./booking-dialog";
import { CalendarBoard } from "./calendar-board";
import { FiltersPopover } from "./filters-popover";
import { ImportedEventDialog } from "./imported-event-dialog";
import type { CalendarOptions, DialogState, Viewer } from "./types";
import { UnavailableDialog } from "./unavailable-dialog";

const noopSubscribe = () => () => undefined;

export interface CalendarScreenProps {
  options: CalendarOptions;
  viewer: Viewer;
  /** The admin's filter as read from `?fw=` on the server, so a reload keeps it. */
  initialFieldworkerIds: string[];
}

/** The /calendar page body: filter bar, the calendar, and the create / edit dialogs. */
export function CalendarScreen({ options, viewer, initialFieldworkerIds }: CalendarScreenProps) {
  const isAdmin = viewer.role === "admin";
  // The calendar depends on the browser (screen width picks the view, "now" in the company zone), so it
  // renders on the client only; the server sends the frame.
  const isClient = useSyncExternalStore(noopSubscribe, () => true, () => false);
  const [fieldworkerIds, setFieldworkerIds] = useState(initialFieldworkerIds);
  const [dialog, setDialog] = useState<DialogState>({ kind: "none" });
  const close = useCallback(() => setDialog({ kind: "none" }), []);

  const applyFilter = (ids: string[]) => {
    setFieldworkerIds(ids);
    const url = new URL(window.location.href);
    if (ids.length > 0) url.searchParams.set("fw", ids.join(","));
    else url.searchParams.delete("fw");
    window.history.replaceState(null, "", url);
  };

  const names = options.fieldworkers.filter((f) => fieldworkerIds.includes(f.id)).map((f) => f.name);
  const singleFilteredId = fieldworkerIds.length === 1 ? fieldworkerIds[0]! : null;

  const openNew = () => {
    const startsAt = addHours(startOfHour(new Date()), 1);
    setDialog({ kind: "new", startsAt, endsAt: addHours(startsAt, 1), mode: isAdmin ? "booking" : "unavailable" });
  };

  return (
    <div className="space-y-2 sm:space-y-3">
      {/* On a phone the header stays one or two short rows, so the grid starts high on the screen. */}
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="mr-auto text-lg font-semibold sm:mr-2 sm:text-xl">Calendar</h1>
        {isAdmin ? <FiltersPopover fieldworkers={options.fieldworkers} selected={fieldworkerIds} onApply={applyFilter} /> : null}
        {isClient ? <CustomizeCalendarsButton role={viewer.role} fieldworkerId={viewer.fieldworkerId} /> : null}
        <button
          type="button"
          className="btn btn-primary sm:ml-auto"
          onClick={openNew}
          aria-label={isAdmin ? "New booking" : "Add unavailable time"}
        >
          {isAdmin ? (
            "New booking"
          ) : (
            <>
              <span aria-hidden className="sm:hidden">
                + Unavailable
              </span>
              <span aria-hidden className="hidden sm:inline">
                Add unavailable time
              </span>
            </>
          )}
        </button>
      </div>
      <p className={`text-xs text-slate-700 sm:text-sm ${isAdmin ? "" : "sr-only sm:not-sr-only"}`} data-testid="calendar-showing">
        {isAdmin ? (
          <>
            <span className="font-medium">Showing:</span> {names.length > 0 ? names.join(", ") : "All fieldworkers"}
          </>
        ) : (
          "Showing your bookings and unavailable time."
        )}
        <span className="text-slate-600"> · Times in {options.timeZone.replace("_", " ")}</span>
      </p>
      {isAdmin && singleFilteredId ? <InviteBar key={singleFilteredId} fieldworkerId={singleFilteredId} /> : null}
      {isClient ? (
        <CalendarBoard options={options} viewer={viewer} fieldworkerIds={fieldworkerIds} onOpenDialog={setDialog} />
      ) : (
        <div className="card h-[calc(100dvh-12rem)] min-h-[520px] text-sm text-slate-500">Loading calendar…</div>
      )}
      {dialog.kind === "new" && dialog.mode === "booking" ? (
        <BookingDialog
          target={{ kind: "new", startsAt: dialog.startsAt, endsAt: dialog.endsAt, fieldworkerIds: singleFilteredId ? [singleFilteredId] : [] }}
          options={options}
          viewer={viewer}
          onClose={close}
          onSwitchToUnavailable={() => setDialog({ ...dialog, mode: "unavailable" })}
        />
      ) : null}
      {dialog.kind === "new" && dialog.mode === "unavailable" ? (
        <UnavailableDialog
          target={{ kind: "new", startsAt: dialog.startsAt, endsAt: dialog.endsAt, fieldworkerId: isAdmin ? singleFilteredId : viewer.fieldworkerId }}
          options={options}
          viewer={viewer}
          onClose={close}
          onSwitchToBooking={isAdmin ? () => setDialog({ ...dialog, mode: "booking" }) : undefined}
        />
      ) : null}
      {dialog.kind === "booking" ? (
        <BookingDialog target={{ kind: "existing", id: dialog.id }} options={options} viewer={viewer} onClose={close} />
      ) : null}
      {dialog.kind === "unavailable" ? (
        <UnavailableDialog target={{ kind: "existing", block: dialog.block }} options={options} viewer={viewer} onClose={close} />
      ) : null}
      {dialog.kind === "google" ? <ImportedEventDialog event={dialog.event} timeZone={options.timeZone} showFieldworker={isAdmin} onClose={close} /> : null}
    </div>
  );
}
