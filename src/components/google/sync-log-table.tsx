"use client";

import { useQuery } from "@tanstack/react-query";
import { trpcErrorMessage } from "~/lib/trpc-error-message";
import { useIsPhone } from "~/lib/use-media-query";
import { useTRPC, type RouterOutputs } from "~/trpc/react";
import { formatDateTime } from "./connection-status-text";
import { describeSyncLogEntry, type SyncLogText } from "./sync-log-text";

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
  // A phone gets a stacked list: four columns at 390 px squeezed "What happened" to a syllable per line.
  const isPhone = useIsPhone();
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
        isPhone ? (
          <SyncLogList entries={log.data} timeZone={timeZone} />
        ) : (
          <SyncLogGrid entries={log.data} timeZone={timeZone} />
        )
      ) : null}
    </section>
  );
}

function OutcomeBadge({ outcome }: { outcome: Entry["outcome"] }) {
  return <span className={`rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ${OUTCOME[outcome].className}`}>{OUTCOME[outcome].label}</span>;
}

function WhatHappened({ entry, text }: { entry: Entry; text: SyncLogText }) {
  return (
    <>
      <span className="block">{text.what}</span>
      {text.detail ? <span className="block text-xs text-slate-600">{text.detail}</span> : null}
      {text.todo ? <span className="block text-xs font-medium text-amber-800">{text.todo}</span> : null}
      {entry.outcome === "retry" || entry.outcome === "failed" ? (
        <details className="text-xs text-slate-600">
          <summary className="cursor-pointer py-1">Technical details</summary>
          {entry.message}
        </details>
      ) : null}
    </>
  );
}

function SyncLogGrid({ entries, timeZone }: { entries: Entry[]; timeZone: string }) {
  return (
    <div className="mt-1 overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-xs text-slate-600">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">Time</th>
            <th scope="col" className="py-1 pr-3 font-medium">Direction</th>
            <th scope="col" className="py-1 pr-3 font-medium">Outcome</th>
            <th scope="col" className="py-1 font-medium">What happened</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {entries.map((entry) => (
            <tr key={entry.id} className="align-top" data-testid="sync-log-entry">
              <td className="py-1 pr-3 whitespace-nowrap">{formatDateTime(entry.at, timeZone)}</td>
              <td className="py-1 pr-3 whitespace-nowrap">{DIRECTION[entry.direction]}</td>
              <td className="py-1 pr-3">
                <OutcomeBadge outcome={entry.outcome} />
              </td>
              <td className="py-1 text-slate-800 [overflow-wrap:anywhere]">
                <WhatHappened entry={entry} text={describeSyncLogEntry(entry)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SyncLogList({ entries, timeZone }: { entries: Entry[]; timeZone: string }) {
  return (
    <ol className="mt-1 divide-y divide-slate-100 text-sm" aria-label="Sync log entries">
      {entries.map((entry) => (
        <li key={entry.id} className="py-2" data-testid="sync-log-entry">
          <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-600">
            <OutcomeBadge outcome={entry.outcome} />
            <span>{formatDateTime(entry.at, timeZone)}</span>
            <span>{DIRECTION[entry.direction]}</span>
          </p>
          <div className="mt-1 text-slate-800 [overflow-wrap:anywhere]">
            <WhatHappened entry={entry} text={describeSyncLogEntry(entry)} />
          </div>
        </li>
      ))}
    </ol>
  );
}
