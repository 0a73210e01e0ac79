"use client";

import type { RouterOutputs } from "~/trpc/react";

type Status = RouterOutputs["googleSync"]["status"];

/** While changes wait in the outbox (a first sync, a big push), the status is re-read this often. */
const SYNCING_REFETCH_MS = 3_000;

/** For `refetchInterval`: poll only while something is waiting. */
export function syncStatusRefetchInterval(query: { state: { data: Status | undefined } }): number | false {
  return (query.state.data?.progress.pendingJobs ?? 0) > 0 ? SYNCING_REFETCH_MS : false;
}

/** "Syncing… N changes waiting" while the outbox holds work for this fieldworker; nothing once it is empty. */
export function SyncProgress({ pendingJobs }: { pendingJobs: number }) {
  return (
    <span role="status" className="text-slate-600" data-testid="sync-progress">
      {pendingJobs > 0 ? (
        <>
          <span aria-hidden className="mr-1.5 inline-block h-2 w-2 animate-pulse rounded-full bg-brand-600" />
          Syncing… {pendingJobs} {pendingJobs === 1 ? "change" : "changes"} waiting
        </>
      ) : null}
    </span>
  );
}
