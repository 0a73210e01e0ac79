"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { trpcErrorMessage } from "~/lib/trpc-error-message";
import { useTRPC } from "~/trpc/react";

export interface SyncDelayView {
  delayedSince: Date | null;
  parkedJobs: number;
  failedJobs: number;
  waitingForQuotaUntil: Date | null;
}

export function hasSyncDelay(delay: SyncDelayView): boolean {
  return delay.delayedSince !== null || delay.parkedJobs > 0 || delay.failedJobs > 0 || delay.waitingForQuotaUntil !== null;
}

/**
 * "Sync delayed: Google unavailable since …", "Waiting for Google quota", failed jobs, and — for an admin —
 * **Retry now**, which re-drives the fieldworker's waiting and failed jobs at once. Nothing when all is well.
 */
export function SyncDelayNotice({
  delay,
  fieldworkerId,
  fieldworkerName,
  canRetry,
  formatWhen,
}: {
  delay: SyncDelayView;
  fieldworkerId: string;
  fieldworkerName: string;
  canRetry: boolean;
  formatWhen: (date: Date) => string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const retry = useMutation(
    trpc.googleSync.retrySync.mutationOptions({
      onSuccess: async ({ requeued }) => {
        toast.success(`${fieldworkerName}: ${requeued} waiting ${requeued === 1 ? "change" : "changes"} sent to Google again`);
        await queryClient.invalidateQueries(trpc.googleSync.pathFilter());
        router.refresh();
      },
      onError: (error) => toast.error(`${fieldworkerName}: ${trpcErrorMessage(error)}`),
    }),
  );
  if (!hasSyncDelay(delay)) return null;
  return (
    <div className="space-y-1 text-sm" data-testid={`sync-delay-${fieldworkerId}`}>
      {delay.waitingForQuotaUntil && (
        <p className="text-amber-800">Waiting for Google quota (next try {formatWhen(delay.waitingForQuotaUntil)}): changes go out by themselves.</p>
      )}
      {delay.delayedSince && delay.parkedJobs > 0 && (
        <p className="text-amber-800">
          Sync delayed: Google unavailable since {formatWhen(delay.delayedSince)} ({delay.parkedJobs} {delay.parkedJobs === 1 ? "change" : "changes"} waiting,
          retried automatically).
        </p>
      )}
      {delay.failedJobs > 0 && (
        <p className="text-red-700">
          {delay.failedJobs} {delay.failedJobs === 1 ? "change" : "changes"} could not be synced: see the sync log for the reason.
        </p>
      )}
      {canRetry && (delay.parkedJobs > 0 || delay.failedJobs > 0 || delay.waitingForQuotaUntil) && (
        <button
          type="button"
          className="btn"
          onClick={() => retry.mutate({ fieldworkerId })}
          disabled={retry.isPending}
          aria-label={`Retry ${fieldworkerName}'s sync now`}
        >
          {retry.isPending ? "Retrying…" : "Retry now"}
        </button>
      )}
    </div>
  );
}
