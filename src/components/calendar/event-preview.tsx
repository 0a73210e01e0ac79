"use client";

import * as Popover from "@radix-ui/react-popover";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useFocusReturn } from "~/components/ui/focus-return";
import { formatZonedRange } from "~/lib/zoned-format";
import { useTRPC } from "~/trpc/react";
import type { CalendarEvent } from "./types";

/** A booking or unavailable block the user clicked, and where its chip is on screen. */
export interface PreviewTarget {
  event: Extract<CalendarEvent, { kind: "booking" | "unavailable" }>;
  rect: DOMRect;
}

export interface EventPreviewProps {
  target: PreviewTarget | null;
  timeZone: string;
  /** Admins edit bookings; a fieldworker reads them ("Details"). Unavailable time is editable when `event.editable`. */
  canEdit: boolean;
  onClose: () => void;
  onOpen: (event: PreviewTarget["event"]) => void;
}

function BookingAddress({ id }: { id: string }) {
  const trpc = useTRPC();
  // The range query carries no addresses (it stays small); the dialog needs this read anyway, so Edit opens warm.
  const detail = useQuery(trpc.bookings.get.queryOptions({ id }));
  if (detail.isPending) return <span className="text-slate-600">Loading…</span>;
  if (detail.isError) return <span>—</span>;
  return <>{detail.data.addresses.length > 0 ? detail.data.addresses.join(" · ") : "—"}</>;
}

/**
 * The quick look on click: time (labelled with the company zone), customer, address, status and fieldworkers,
 * with "Edit" (or "Details") opening the full dialog. Anchored to the clicked chip.
 */
export function EventPreview({ target, timeZone, canEdit, onClose, onOpen }: EventPreviewProps) {
  const anchor = useMemo(() => ({ current: { getBoundingClientRect: () => target?.rect ?? new DOMRect() } }), [target]);
  const focusReturn = useFocusReturn();
  if (!target) return null;
  const { event } = target;
  const rows: [string, React.ReactNode][] =
    event.kind === "booking"
      ? [
          ["When", formatZonedRange(event.booking.startsAt, event.booking.endsAt, timeZone)],
          ["Customer", event.booking.customer.name],
          ["Address", <BookingAddress key="address" id={event.booking.id} />],
          [
            "Status",
            <span key="status" className="inline-flex items-center gap-1.5">
              <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-full" style={{ backgroundColor: event.booking.status.color }} />
              {event.booking.status.name}
            </span>,
          ],
          ["Fieldworkers", event.booking.fieldworkers.map((f) => f.name).join(", ") || "—"],
        ]
      : [
          ["When", formatZonedRange(event.block.startsAt, event.block.endsAt, timeZone)],
          ["Fieldworker", event.block.fieldworkerName],
          ["Note", event.block.note || "—"],
        ];
  const title = event.kind === "booking" ? event.booking.serviceName : "Unavailable";
  const editable = event.kind === "booking" ? true : event.editable;

  return (
    <Popover.Root open onOpenChange={(open) => !open && onClose()}>
      <Popover.Anchor virtualRef={anchor} />
      <Popover.Portal>
        <Popover.Content
          side="right"
          align="start"
          sideOffset={6}
          collisionPadding={12}
          className="z-40 w-80 max-w-[calc(100vw-24px)] rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-xl"
          aria-label={`${title} preview`}
          {...focusReturn}
        >
          <div className="mb-2 flex items-start justify-between gap-2">
            <h2 className="font-semibold">{title}</h2>
            <Popover.Close className="-mt-1 -mr-1 inline-flex h-7 w-7 shrink-0 items-center justify-center rounded text-slate-600 hover:bg-slate-100" aria-label="Close preview">
              ✕
            </Popover.Close>
          </div>
          <dl className="grid grid-cols-[6.5rem_1fr] gap-x-3 gap-y-1.5" data-testid="event-preview">
            {rows.map(([term, value]) => (
              <div key={term} className="contents">
                <dt className="text-slate-600">{term}</dt>
                <dd className="[overflow-wrap:anywhere]">{value}</dd>
              </div>
            ))}
          </dl>
          {editable ? (
            <div className="mt-3 flex justify-end">
              <button type="button" className="btn btn-primary" onClick={() => onOpen(event)}>
                {event.kind === "booking" && !canEdit ? "Details" : "Edit"}
              </button>
            </div>
          ) : null}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
