import { retireAccount } from "../io/retire-account";
import { writeSyncLog } from "../sync-log";
import type { JobHandler } from "./job-result";

/** A fieldworker disconnected and was the account's last: its channels stop, its grant goes back, its rows go. */
export const runRetireAccountJob: JobHandler<"retire_account"> = async (db, job) => {
  const result = await retireAccount(db, job.googleAccountId);
  if (!result.retired) return { kind: "skipped", reason: "already gone, or a fieldworker uses this Google account again" };
  if (job.fieldworkerId) {
    await writeSyncLog(db, {
      companyId: job.companyId,
      fieldworkerId: job.fieldworkerId,
      direction: "system",
      action: "disconnected",
      outcome: result.revoked ? "ok" : "skipped",
      message: result.revoked
        ? `Disconnected ${result.email}: Google access given back, watch channels stopped.`
        : `Disconnected ${result.email}; Google access could not be given back (${result.error ?? "unknown reason"}). It can be removed at myaccount.google.com › Security.`,
    });
  }
  return { kind: "done", logged: true };
};
