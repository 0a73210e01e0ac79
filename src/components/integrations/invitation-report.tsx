import type { RouterOutputs } from "~/trpc/react";
import { plural } from "./format";

export type InvitationReport = NonNullable<RouterOutputs["integrations"]["save"]["invitations"]>;

export interface InvitationReportPanelProps {
  /** Absent when the admin saved without emailing anyone. */
  report: InvitationReport | null;
  /** Connections the save marked as needing re-authorization (new OAuth client). */
  needsReauthorization?: number;
  heading: string;
}

/**
 * What a Save or a bulk invite did: who is being emailed (the emails go out in the background; a failure shows
 * in the roll-out table) and who was skipped and why.
 */
export function InvitationReportPanel({ report, needsReauthorization = 0, heading }: InvitationReportPanelProps) {
  const skipped = report?.skipped ?? [];
  const tone = "border-green-300 bg-green-50";
  return (
    <div role="status" className={`rounded-lg border p-3 text-sm ${tone}`}>
      <p className="font-medium">{heading}</p>
      {report ? (
        <p>
          Emailing {plural(report.queued.length, "fieldworker", "fieldworkers")}. The roll-out table shows each invitation as
          sent, or failed with the reason.
        </p>
      ) : (
        <p>No authorization emails were sent: invite fieldworkers individually from the roll-out table.</p>
      )}
      {needsReauthorization > 0 && (
        <p className="mt-1 font-medium text-amber-800">
          {plural(needsReauthorization, "connection needs", "connections need")} re-authorization: those fieldworkers must
          connect again.
        </p>
      )}
      {skipped.length > 0 && (
        <div className="mt-2">
          <p className="font-medium">Skipped</p>
          <ul className="list-disc pl-5" aria-label="Skipped fieldworkers">
            {skipped.map((skip) => (
              <li key={skip.fieldworkerId}>
                <span className="font-medium">{skip.name}</span>: {skip.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
