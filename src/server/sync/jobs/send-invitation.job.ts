import { deliverQueuedInvitation } from "../../google/invitations/invitations";
import { writeSyncLog } from "../sync-log";
import type { JobHandler } from "./job-result";

/**
 * Emails one invitation recorded by a bulk send (Settings › Save, roll-out "email all"). A Resend outage
 * throws a TEMPORARY SyncError, which the runner retries with backoff; the link itself was minted with the row.
 */
export const runSendInvitationJob: JobHandler<"send_invitation"> = async (db, job, now) => {
  const result = await deliverQueuedInvitation(db, { companyId: job.companyId, invitationId: job.invitationId, now });
  await writeSyncLog(db, {
    companyId: job.companyId,
    fieldworkerId: job.fieldworkerId,
    direction: "system",
    action: "send_invitation",
    outcome: result.sent ? "ok" : "skipped",
    message: result.sent ? "Google Calendar authorization email sent." : `Invitation not sent: ${result.reason ?? ""}`,
  });
  return result.sent ? { kind: "done", logged: true } : { kind: "skipped", reason: result.reason ?? "not needed any more" };
};
