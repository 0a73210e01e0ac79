import type { Db } from "../../db/client";
import { deliverQueuedInvitation } from "../../google/connect/invitations";
import { writeSyncLog } from "../sync-log";
import type { SyncJob } from "./claim";
import type { JobOutcome } from "./job-result";

/**
 * Emails one invitation recorded by a bulk send (Settings › Save, roll-out "email all"). A Resend outage
 * throws a TEMPORARY SyncError, which the runner retries with backoff; the link itself was minted with the row.
 */
export async function runSendInvitationJob(db: Db, job: SyncJob, now: Date): Promise<JobOutcome> {
  const invitationId = job.payload.invitationId;
  if (typeof invitationId !== "string") return { kind: "skipped", reason: "malformed job" };
  const result = await deliverQueuedInvitation(db, { companyId: job.companyId, invitationId, now });
  await writeSyncLog(db, {
    companyId: job.companyId,
    fieldworkerId: job.fieldworkerId,
    direction: "system",
    action: "send_invitation",
    outcome: result.sent ? "ok" : "skipped",
    message: result.sent ? "Google Calendar authorization email sent." : `Invitation not sent: ${result.reason ?? ""}`,
  });
  return result.sent ? { kind: "done", logged: true } : { kind: "skipped", reason: result.reason ?? "not needed any more" };
}
