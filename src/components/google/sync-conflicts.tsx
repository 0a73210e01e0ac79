"use client";

import { useQuery } from "@tanstack/react-query";
import { trpcErrorMessage } from "~/lib/trpc-error-message";
import { useTRPC } from "~/trpc/react";
import { ConflictList } from "./conflict-list";

/**
 * Bookings deleted in Google (two-way sync never deletes a customer job from a click in Google): each waits
 * for "Re-create in Google" or "Accept deletion" (the booking stays in FieldSync either way).
 */
export function SyncConflicts({ fieldworkerId, timeZone }: { fieldworkerId: string; timeZone: string }) {
  const trpc = useTRPC();
  const conflicts = useQuery(trpc.googleSync.conflicts.queryOptions({ fieldworkerId }));

  if (conflicts.isError) {
    return (
      <p role="alert" className="field-error">
        {trpcErrorMessage(conflicts.error)}
      </p>
    );
  }
  if (!conflicts.data || conflicts.data.length === 0) return null;
  return (
    <section aria-labelledby="google-conflicts-heading" className="rounded-md border border-amber-300 bg-amber-50 p-3">
      <h3 id="google-conflicts-heading" className="font-medium">
        Deleted in Google Calendar ({conflicts.data.length})
      </h3>
      <p className="text-slate-700">These bookings were deleted from Google Calendar but still exist in FieldSync.</p>
      <ConflictList conflicts={conflicts.data} withBooking timeZone={timeZone} />
    </section>
  );
}
