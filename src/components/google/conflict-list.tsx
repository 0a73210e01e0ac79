"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { trpcErrorMessage } from "~/lib/trpc-error-message";
import { useTRPC } from "~/trpc/react";
import { formatDateTime } from "./connection-status-text";

export interface ConflictItem {
  id: string;
  detectedAt: Date;
  serviceName: string | null;
  customerName: string | null;
  startsAt: Date | null;
  /** Shown where conflicts of several fieldworkers list together (the booking dialog, the conflicts page). */
  fieldworkerName?: string;
}

function describe(conflict: ConflictItem, withBooking: boolean, timeZone: string): string {
  const who = conflict.fieldworkerName ? `${conflict.fieldworkerName}'s Google Calendar` : "Google Calendar";
  if (!withBooking) return `Deleted in ${who}`;
  const booking = conflict.serviceName
    ? `${conflict.serviceName}${conflict.customerName ? ` — ${conflict.customerName}` : ""}${conflict.startsAt ? `, ${formatDateTime(conflict.startsAt, timeZone)}` : ""}`
    : "A booking that no longer exists";
  return `${booking} · deleted in ${who}`;
}

/**
 * Open "deleted in Google" conflicts with their two actions: "Re-create in Google" writes the event again,
 * "Accept deletion" leaves Google as it is. The booking stays in FieldSync either way.
 */
export function ConflictList({ conflicts, withBooking, timeZone }: { conflicts: ConflictItem[]; withBooking: boolean; timeZone: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const resolve = useMutation(
    trpc.googleSync.resolveConflict.mutationOptions({
      onSuccess: async (_data, input) => {
        toast.success(input.resolution === "recreate" ? "The event will be re-created in Google Calendar" : "Deletion accepted; the booking stays in FieldSync");
        await Promise.all([queryClient.invalidateQueries(trpc.googleSync.pathFilter()), queryClient.invalidateQueries(trpc.calendar.range.pathFilter())]);
      },
      onError: (error) => toast.error(trpcErrorMessage(error)),
    }),
  );
  return (
    <ul className="mt-2 space-y-2">
      {conflicts.map((conflict) => {
        const label = describe(conflict, withBooking, timeZone);
        const pending = resolve.isPending && resolve.variables?.conflictId === conflict.id;
        return (
          <li key={conflict.id} className="flex flex-wrap items-center gap-2" aria-label={label}>
            <span className="mr-auto">
              {label}
              <span className="block text-xs text-slate-500">Noticed {formatDateTime(conflict.detectedAt, timeZone)}</span>
            </span>
            <button type="button" className="btn" disabled={pending} onClick={() => resolve.mutate({ conflictId: conflict.id, resolution: "recreate" })}>
              Re-create in Google
            </button>
            <button type="button" className="btn" disabled={pending} onClick={() => resolve.mutate({ conflictId: conflict.id, resolution: "accept" })}>
              Accept deletion
            </button>
          </li>
        );
      })}
    </ul>
  );
}
