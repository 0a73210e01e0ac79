"use client";

import { Dialog } from "~/components/ui/dialog";
import { formatZonedRange } from "~/lib/zoned-format";
import { DEFAULT_GOOGLE_COLOR } from "./imported-event-style";
import type { RangeGoogleEvent } from "./types";

const DAY_MS = 86_400_000;

function whenText(event: RangeGoogleEvent, timeZone: string): string {
  if (event.allDay) {
    const day = new Intl.DateTimeFormat("en-AU", { dateStyle: "medium", timeZone });
    // Google's all-day end is exclusive: a one-day event ends at the next midnight.
    const lastDay = new Date(Math.max(event.startsAt.getTime(), event.endsAt.getTime() - DAY_MS));
    const first = day.format(event.startsAt);
    const last = day.format(lastDay);
    return first === last ? `${first}, all day` : `${first} – ${last}, all day`;
  }
  return formatZonedRange(event.startsAt, event.endsAt, timeZone);
}

/** A Google event on the FieldSync calendar: read-only here (FieldSync never writes to the fieldworker's own calendars). */
export function ImportedEventDialog({
  event,
  timeZone,
  showFieldworker,
  onClose,
}: {
  event: RangeGoogleEvent;
  timeZone: string;
  showFieldworker: boolean;
  onClose: () => void;
}) {
  const rows: [string, React.ReactNode][] = [
    ["When", whenText(event, timeZone)],
    [
      "Calendar",
      <span key="calendar" className="inline-flex items-center gap-1.5">
        <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-sm" style={{ backgroundColor: event.calendar.color ?? DEFAULT_GOOGLE_COLOR }} />
        {event.calendar.name}
      </span>,
    ],
  ];
  if (showFieldworker) rows.push(["Fieldworker", event.fieldworkerName]);
  if (event.location) rows.push(["Location", event.location]);
  rows.push(["Shows as", event.availability]);

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={event.title} description="From Google Calendar. Change it in Google; FieldSync shows it read-only.">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
        {rows.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="font-medium text-slate-600">{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {event.detailsHidden ? (
        <p className="mt-3 text-sm text-slate-600">The fieldworker shares only busy time for this event.</p>
      ) : null}
      <div className="mt-4 flex flex-wrap items-center justify-end gap-2">
        {event.htmlLink ? (
          <a className="btn" href={event.htmlLink} target="_blank" rel="noopener noreferrer">
            Open in Google Calendar
            <span className="sr-only"> (opens in a new tab)</span>
          </a>
        ) : null}
        <button type="button" className="btn btn-primary" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
