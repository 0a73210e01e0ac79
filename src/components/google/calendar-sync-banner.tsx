"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react";
import { DisconnectButton } from "./disconnect-button";
import { SyncProgress, syncStatusRefetchInterval } from "./sync-progress";

/** One short row on a phone (small text, tight padding), so the calendar grid starts high on the screen. */
const BANNER =
  "flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md px-2 py-1 text-xs sm:mb-3 sm:px-3 sm:py-2 sm:text-sm [&_.btn]:px-2 [&_.btn]:py-1 [&_.btn]:text-xs sm:[&_.btn]:px-3 sm:[&_.btn]:py-1.5 sm:[&_.btn]:text-sm";

/** The fieldworker's banner on /calendar: not synced → Sync calendar; synced → email + Disconnect; revoked → Reconnect. */
export function CalendarSyncBanner({ fieldworkerId }: { fieldworkerId: string }) {
  const trpc = useTRPC();
  const { data } = useQuery({ ...trpc.googleSync.status.queryOptions({ fieldworkerId }), refetchInterval: syncStatusRefetchInterval });
  if (!data?.googleSetUp) return null;
  const { status } = data;

  if (status.kind === "connected") {
    return (
      <div role="region" aria-label="Google Calendar sync" className={`${BANNER} border border-green-200 bg-green-50`}>
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
      <div role="region" aria-label="Google Calendar sync" className={`${BANNER} border border-red-200 bg-red-50`}>
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
    <div role="region" aria-label="Google Calendar sync" className={`${BANNER} border border-amber-200 bg-amber-50`}>
      <span>Your calendar is not synced with Google Calendar</span>
      <a className="btn btn-primary" href="/connect/google">
        Sync calendar
      </a>
    </div>
  );
}
