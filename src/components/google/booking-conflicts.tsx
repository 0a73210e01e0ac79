"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react";
import { ConflictList } from "./conflict-list";

/** In the booking dialog: the booking's Google event was deleted in Google, and what to do about it. */
export function BookingConflicts({ bookingId, timeZone }: { bookingId: string; timeZone: string }) {
  const trpc = useTRPC();
  const conflicts = useQuery(trpc.googleSync.bookingConflicts.queryOptions({ bookingId }));
  if (!conflicts.data || conflicts.data.length === 0) return null;
  return (
    <section aria-labelledby="booking-conflicts-heading" className="mb-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
      <h3 id="booking-conflicts-heading" className="font-medium">
        Not in Google Calendar
      </h3>
      <p className="text-slate-700">This booking&apos;s event was deleted in Google Calendar, or moved out of the company calendar. The booking is kept here: re-create the event, or accept the deletion.</p>
      <ConflictList conflicts={conflicts.data} withBooking={false} timeZone={timeZone} />
    </section>
  );
}
