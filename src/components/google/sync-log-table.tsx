"use client";

import { useQuery } from "@tanstack/react-query";
import { trpcErrorMessage } from "~/lib/trpc-error-message";
import { useTRPC, type RouterOutputs } from "~/trpc/react";
import { formatDateTime } from "./connection-status-text";
import { describeSyncLogEntry } from "./sync-log-text";

type Entry = RouterOutputs["googleSync"]["syncLog"][number];

const DIRECTION: Record<Entry["direction"], string> = { push: "FieldSync → Google", pull: "Google → FieldSync", system: "Sync" };
const OUTCOME: Record<Entry["outcome"], { label: string; className: string }> = {
  ok: { label: "OK", className: "bg-green-100 text-green-800" },
  retry: { label: "Will retry", className: "bg-amber-100 text-amber-800" },
  failed: { label: "Failed", className: "bg-red-100 text-red-800" },
  conflict: { label: "Conflict", className: "bg-amber-100 text-amber-800" },
  skipped: { label: "Skipped", className: "bg-slate-100 text-slate-700" },
};

/** The newest sync log entries of one fieldworker (DESIGN §2 Failures: every outcome lands here). */
export function SyncLogTable({ fieldworkerId, timeZone }: { fieldworkerId: string; timeZone: string }) {
  const trpc = useTRPC();
  const log = useQuery(trpc.googleSync.syncLog.queryOptions({ fieldworkerId }));
  return (
    <section aria-labelledby="google-sync-log-heading">
      <h3 id="google-sync-log-heading" className="font-medium">
        Sync log
      </h3>
      {log.isPending ? <p className="text-slate-600">Loading…</p> : null}
      {log.isError ? (
        <p role="alert" className="field-error">
          {trpcErrorMessage(log.error)}
        </p>
      ) : null}
      {log.data && log.data.length === 0 ? <p className="text-slate-600">Nothing synced yet.</p> : null}
      {log.data && log.data.length > 0 ? (
        <div className="mt-1 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs text-slate-500">
              <tr>
                <th scope="col" className="py-1 pr-3 font-medium">Time</th>
                <th scope="col" className="py-1 pr-3 font-medium">Direction</th>
                <th scope="col" className="py-1 pr-3 font-medium">Outcome</th>
                <th scope="col" className="py-1 font-medium">What happened</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {log.data.map((entry) => {
                const text = describeSyncLogEntry(entry);
                return (
                  <tr key={entry.id} className="align-top" data-testid="sync-log-entry">
                    <td className="py-1 pr-3 whitespace-nowrap">{formatDateTime(entry.at, timeZone)}</td>
                    <td className="py-1 pr-3 whitespace-nowrap">{DIRECTION[entry.direction]}</td>
                    <td className="py-1 pr-3">
                      <span className={`rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ${OUTCOME[entry.outcome].className}`}>
                        {OUTCOME[entry.outcome].label}
                      </span>
                    </td>
                    <td className="py-1 text-slate-800 [overflow-wrap:anywhere]">
                      <span className="block">{text.what}</span>
                      {text.detail ? <span className="block text-xs text-slate-600">{text.detail}</span> : null}
                      {text.todo ? <span className="block text-xs font-medium text-amber-800">{text.todo}</span> : null}
                      {entry.outcome === "retry" || entry.outcome === "failed" ? (
                        <details className="text-xs text-slate-500">
                          <summary className="cursor-pointer">Technical details</summary>
                          {entry.message}
                        </details>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
