"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { trpcErrorMessage } from "~/lib/trpc-error-message";
import { useTRPC } from "~/trpc/react";
import { ConnectionStatusBadge, formatDateTime } from "./connection-status-text";
import { DisconnectButton } from "./disconnect-button";
import { InvitationDialog } from "./invitation-dialog";
import { SyncConflicts } from "./sync-conflicts";
import { SyncDelayNotice } from "./sync-delay-notice";
import { SyncLogTable } from "./sync-log-table";
import { SyncProgress, syncStatusRefetchInterval } from "./sync-progress";

/** The profile's "Google Calendar sync" section, for an admin or the fieldworker themself. */
export function GoogleSyncPanel({
  fieldworkerId,
  fieldworkerName,
  viewer,
  timeZone,
}: {
  fieldworkerId: string;
  fieldworkerName: string;
  viewer: "admin" | "self";
  /** The company's zone: every time on the profile is shown (and labelled) in it. */
  timeZone: string;
}) {
  const trpc = useTRPC();
  const status = useQuery({ ...trpc.googleSync.status.queryOptions({ fieldworkerId }), refetchInterval: syncStatusRefetchInterval });
  const hasConnection = status.data?.status.kind === "connected" || status.data?.status.kind === "needs_reconnection";
  const [inviting, setInviting] = useState(false);

  return (
    <section className="card" aria-labelledby="google-heading">
      <h2 id="google-heading" className="font-semibold">
        Google Calendar sync
      </h2>
      {status.isPending && <p className="mt-3 text-sm text-slate-600">Loading…</p>}
      {status.isError && (
        <p role="alert" className="field-error">
          {trpcErrorMessage(status.error)}
        </p>
      )}
      {status.data && (
        <div className="mt-3 space-y-3 text-sm">
          <ConnectionStatusBadge status={status.data.status} />
          {!status.data.googleSetUp && (
            <p className="text-slate-600">
              {viewer === "admin"
                ? "Google sync is not set up yet: choose credentials in Settings › Integrations."
                : "Your company has not set up Google Calendar sync yet."}
            </p>
          )}
          {status.data.status.kind === "connected" && (
            <dl className="grid grid-cols-[minmax(0,7.5rem)_minmax(0,1fr)] gap-x-3 gap-y-1 [overflow-wrap:anywhere] sm:grid-cols-[10rem_1fr]">
              <dt className="text-slate-500">Connected since</dt>
              <dd>{formatDateTime(status.data.status.connectedAt, timeZone)}</dd>
              <dt className="text-slate-500">Last successful sync</dt>
              <dd>{status.data.status.lastSuccessfulSyncAt ? formatDateTime(status.data.status.lastSuccessfulSyncAt, timeZone) : "Not yet"}</dd>
              <dt className="text-slate-500">Last error</dt>
              <dd>{status.data.lastError ?? "None"}</dd>
              <dt className="text-slate-500">Watch channel expires</dt>
              <dd>{status.data.progress.channelExpiresAt ? `${formatDateTime(status.data.progress.channelExpiresAt, timeZone)} (renewed automatically)` : "No active channel"}</dd>
            </dl>
          )}
          {status.data.status.kind === "connected" && <SyncProgress pendingJobs={status.data.progress.pendingJobs} />}
          {status.data.status.kind === "needs_reconnection" && (
            <p className="text-red-700">{status.data.status.reason ?? "Google no longer accepts FieldSync's access."}</p>
          )}
          {status.data.reconnectNoticeAt && (
            <p className="text-slate-600">
              A reconnect email with a fresh link went out on {formatDateTime(status.data.reconnectNoticeAt, timeZone)}; admins were notified. Changes wait and are
              sent once the account is reconnected.
            </p>
          )}
          {hasConnection && (
            <SyncDelayNotice
              delay={status.data.delay}
              fieldworkerId={fieldworkerId}
              fieldworkerName={fieldworkerName}
              canRetry={viewer === "admin"}
              formatWhen={(date) => formatDateTime(date, timeZone)}
            />
          )}
          {status.data.calendars.length > 0 && (
            <div>
              <h3 className="font-medium">Calendars</h3>
              <ul className="mt-1 space-y-1">
                {status.data.calendars.map((calendar) => (
                  <li key={calendar.id} className="flex items-center gap-2">
                    <span className="inline-block h-3 w-3 rounded-sm" style={{ backgroundColor: calendar.backgroundColor ?? "#94a3b8" }} aria-hidden="true" />
                    <span>{calendar.summary}</span>
                    <span className="text-xs text-slate-500">
                      {calendar.isCompanyCalendar ? "company calendar (FieldSync writes here)" : calendar.selected ? "shown in FieldSync" : "not shown"}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {hasConnection && <SyncConflicts fieldworkerId={fieldworkerId} timeZone={timeZone} />}
          {hasConnection && <SyncLogTable fieldworkerId={fieldworkerId} timeZone={timeZone} />}
          <div className="flex flex-wrap gap-2">
            {viewer === "self" && status.data.googleSetUp && status.data.status.kind !== "connected" && (
              <a className="btn btn-primary" href="/connect/google">
                {status.data.status.kind === "needs_reconnection" ? "Reconnect" : "Sync calendar"}
              </a>
            )}
            {viewer === "admin" && status.data.googleSetUp && status.data.status.kind !== "connected" && status.data.fieldworker.active && (
              <button type="button" className="btn" onClick={() => setInviting(true)}>
                {status.data.status.kind === "needs_reconnection" ? "Send reconnect link" : "Send invitation"}
              </button>
            )}
            {(status.data.status.kind === "connected" || status.data.status.kind === "needs_reconnection") && (
              <DisconnectButton fieldworkerId={fieldworkerId} email={status.data.status.email} self={viewer === "self"} />
            )}
          </div>
        </div>
      )}
      {viewer === "admin" && (
        <InvitationDialog
          open={inviting}
          onOpenChange={setInviting}
          fieldworkerId={fieldworkerId}
          fieldworkerName={fieldworkerName}
          title={status.data?.status.kind === "needs_reconnection" ? "Send reconnect link" : undefined}
        />
      )}
    </section>
  );
}
