"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { trpcErrorMessage } from "~/lib/trpc-error-message";
import { useTRPC } from "~/trpc/react";
import { SyncDelayNotice } from "~/components/google/sync-delay-notice";
import { formatDateTime, statusText, type ConnectionStatusView, type RolloutRow } from "./format";
import { InvitationReportPanel, type InvitationReport } from "./invitation-report";

export interface RolloutTableProps {
  rows: RolloutRow[];
  timeZone: string;
  /** False until the company has working Google credentials: invitations would have nothing to connect to. */
  googleReady: boolean;
}

const STATUS_TONE: Record<ConnectionStatusView["kind"], string> = {
  not_invited: "text-slate-600",
  invited: "text-slate-800",
  invite_failed: "text-red-700",
  connected: "text-green-700",
  needs_reconnection: "text-amber-700",
};

/** Every fieldworker's Google connection, to follow the roll-out and nudge whoever hasn't connected. */
export function RolloutTable({ rows, timeZone, googleReady }: RolloutTableProps) {
  const trpc = useTRPC();
  const router = useRouter();
  const [sendingTo, setSendingTo] = useState<string | null>(null);
  const [bulkReport, setBulkReport] = useState<InvitationReport | null>(null);

  const sendOne = useMutation(trpc.googleSync.sendInvitation.mutationOptions());
  const inviteAll = useMutation(
    trpc.integrations.inviteAllNotConnected.mutationOptions({
      onSuccess: (report) => {
        setBulkReport(report);
        toast.success(`Emailing ${report.queued.length} · ${report.skipped.length} skipped`);
        router.refresh();
      },
      onError: (error) => toast.error(trpcErrorMessage(error)),
    }),
  );

  const send = (row: RolloutRow) => {
    setSendingTo(row.fieldworkerId);
    sendOne.mutate(
      { fieldworkerId: row.fieldworkerId },
      {
        onSuccess: () => toast.success(`Invitation sent to ${row.name} (${row.email})`),
        onError: (error) => toast.error(`${row.name}: ${trpcErrorMessage(error)}`),
        // A failed send is recorded too, so the table changes either way.
        onSettled: () => {
          setSendingTo(null);
          router.refresh();
        },
      },
    );
  };

  return (
    <section aria-labelledby="rollout-heading" className="card space-y-3">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="rollout-heading" className="text-lg font-semibold">
            Roll-out
          </h2>
          <p className="text-sm text-slate-600">
            Who has connected Google Calendar. Send a reminder to anyone who hasn&apos;t.
          </p>
        </div>
        <button
          type="button"
          className="btn"
          onClick={() => inviteAll.mutate()}
          disabled={!googleReady || inviteAll.isPending}
          aria-describedby={googleReady ? undefined : "rollout-not-ready"}
        >
          {inviteAll.isPending ? "Inviting…" : "Invite all not connected"}
        </button>
      </div>
      {!googleReady && (
        <p id="rollout-not-ready" className="text-sm text-amber-800">
          Save the Google Workspace settings above before inviting fieldworkers.
        </p>
      )}
      {bulkReport && <InvitationReportPanel heading="Invitations sent." report={bulkReport} />}

      {/* relative: the sr-only header text is absolutely positioned and would otherwise widen the page. */}
      <div className="relative -mx-4 overflow-x-auto px-4">
        <table className="w-full min-w-[48rem] text-left text-sm" aria-labelledby="rollout-heading">
          <thead className="border-b border-slate-200 text-xs tracking-wide text-slate-500 uppercase">
            <tr>
              <th scope="col" className="py-2 pr-3 font-medium">
                Fieldworker
              </th>
              <th scope="col" className="py-2 pr-3 font-medium">
                Email
              </th>
              <th scope="col" className="py-2 pr-3 font-medium">
                Status
              </th>
              <th scope="col" className="py-2 pr-3 font-medium">
                Last successful sync
              </th>
              <th scope="col" className="py-2 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => {
              const connected = row.status.kind === "connected";
              const disabledReason = !row.active ? "Inactive" : connected ? "Already connected" : null;
              return (
                <tr key={row.fieldworkerId} data-testid={`rollout-row-${row.fieldworkerId}`} className="align-top">
                  <th scope="row" className="py-2.5 pr-3 font-medium">
                    <span>{row.name}</span>
                    <span className="mt-1 flex flex-wrap gap-1">
                      {row.isGeneral && (
                        <span className="rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700">Business calendar</span>
                      )}
                      {!row.active && (
                        <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">Inactive</span>
                      )}
                    </span>
                  </th>
                  <td className="py-2.5 pr-3 break-all">{row.email}</td>
                  <td className="py-2.5 pr-3">
                    <span className={`font-medium ${STATUS_TONE[row.status.kind]}`}>{statusText(row.status, timeZone)}</span>
                    {row.status.kind === "needs_reconnection" && (
                      <span className="block text-xs text-slate-600">
                        {row.status.email}
                        {row.status.reason ? ` · ${row.status.reason}` : ""}
                      </span>
                    )}
                    {row.status.kind === "connected" && row.status.lastError && (
                      <span className="block text-xs text-red-700">Last error: {row.status.lastError}</span>
                    )}
                    <SyncDelayNotice
                      delay={row.syncDelay}
                      fieldworkerId={row.fieldworkerId}
                      fieldworkerName={row.name}
                      canRetry
                      formatWhen={(date) => formatDateTime(date, timeZone)}
                    />
                    {row.outsideWorkspace && !connected && (
                      <span className="block text-xs text-amber-800">
                        Outside your Workspace — invite individually or use FieldSync&apos;s Google API
                      </span>
                    )}
                  </td>
                  <td className="py-2.5 pr-3 whitespace-nowrap">
                    {row.lastSuccessfulSyncAt ? formatDateTime(row.lastSuccessfulSyncAt, timeZone) : "—"}
                  </td>
                  <td className="py-2.5 text-right">
                    <button
                      type="button"
                      className="btn whitespace-nowrap"
                      onClick={() => send(row)}
                      disabled={disabledReason !== null || !googleReady || sendingTo !== null}
                      aria-label={`Send invitation to ${row.name}`}
                      title={disabledReason ?? undefined}
                    >
                      {sendingTo === row.fieldworkerId ? "Sending…" : "Send invitation"}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
