"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react";
import { DisconnectButton } from "./disconnect-button";
import { SyncProgress, syncStatusRefetchInterval } from "./sync-progress";

/** The fieldworker's banner on /calendar: not synced → Sync calendar; synced → email + Disconnect; revoked → Reconnect. */
export function CalendarSyncBanner({ fieldworkerId }: { fieldworkerId: string }) {
  const trpc = useTRPC();
  const { data } = useQuery({ ...trpc.googleSync.status.queryOptions({ fieldworkerId }), refetchInterval: syncStatusRefetchInterval });
  if (!data?.googleSetUp) return null;
  const { status } = data;

  if (status.kind === "connected") {
    return (
      <div role="region" aria-label="Google Calendar sync" className="mb-3 flex flex-wrap items-center gap-3 rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm">
        <span>
          Synced with <strong>{status.email}</strong>
        </span>
        <SyncProgress pendingJobs={data.progress.pendingJobs} />
        <DisconnectButton fieldworkerId={fieldworkerId} email={status.email} self />
      </div>
    );
  }
  if (status.kind === "needs_reconnection") {
    return (
      <div role="region" aria-label="Google Calendar sync" className="mb-3 flex flex-wrap items-center gap-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm">
        <span>
          Google stopped accepting FieldSync&apos;s access to <strong>{status.email}</strong>, so your calendar is not syncing.
        </span>
        <a className="btn btn-primary" href="/connect/google">
          Reconnect
        </a>
      </div>
    );
  }
  return (
    <div role="region" aria-label="Google Calendar sync" className="mb-3 flex flex-wrap items-center gap-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm">
      <span>Your calendar is not synced with Google Calendar</span>
      <a className="btn btn-primary" href="/connect/google">
        Sync calendar
      </a>
    </div>
  );
}
