"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { trpcErrorMessage } from "~/lib/trpc-error-message";
import { useTRPC } from "~/trpc/react";
import { formatDateTime } from "./connection-status-text";

/**
 * Bookings deleted in Google (two-way sync never deletes a customer job from a click in Google): each waits
 * for "Re-create in Google" or "Accept deletion" (the booking stays in FieldSync either way).
 */
export function SyncConflicts({ fieldworkerId, timeZone }: { fieldworkerId: string; timeZone: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const conflicts = useQuery(trpc.googleSync.conflicts.queryOptions({ fieldworkerId }));
  const resolve = useMutation(
    trpc.googleSync.resolveConflict.mutationOptions({
      onSuccess: async (_data, input) => {
        toast.success(input.resolution === "recreate" ? "The event will be re-created in Google Calendar" : "Deletion accepted; the booking stays in FieldSync");
        await queryClient.invalidateQueries(trpc.googleSync.pathFilter());
      },
      onError: (error) => toast.error(trpcErrorMessage(error)),
    }),
  );

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
      <ul className="mt-2 space-y-2">
        {conflicts.data.map((conflict) => {
          const label = conflict.serviceName
            ? `${conflict.serviceName}${conflict.customerName ? ` — ${conflict.customerName}` : ""}${conflict.startsAt ? `, ${formatDateTime(conflict.startsAt, timeZone)}` : ""}`
            : "A booking that no longer exists";
          const pending = resolve.isPending && resolve.variables?.conflictId === conflict.id;
          return (
            <li key={conflict.id} className="flex flex-wrap items-center gap-2" aria-label={label}>
              <span className="mr-auto">
                {label}
                <span className="block text-xs text-slate-500">Deleted in Google, noticed {formatDateTime(conflict.detectedAt, timeZone)}</span>
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
    </section>
  );
}
