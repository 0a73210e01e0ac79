/**
 * The outbox's public face: the typed jobs, and `outbox`, the queue sync logic talks to. Modules outside
 * `outbox/` import from here, never from the implementation files beside it.
 */
import { claimDueJobs, failAbandonedJobs } from "./claim";
import { enqueueJobs } from "./enqueue";
import type { Outbox } from "./outbox";
import { completeJobs, failJobs, postponeJobs, retryJob } from "./settle";

export { dedupeKey, subjectOf, type JobSubject, type MalformedJob, type SyncJob, type SyncJobKind, type SyncJobOf } from "./jobs";
export { JOB_LEASE_MS, MAX_LOST_LEASES } from "./lease";
export type { ClaimedJob, ClaimOptions, JobLease, Outbox, RetryOptions, StoredJob } from "./outbox";
/** Poller housekeeping (the cron and test harnesses): a managed queue would do these itself. */
export { countRunnableJobs } from "./claim";
/** For a hot path that writes its change and its job in one statement (the webhook). */
export { enqueueJobsStatement } from "./enqueue";
export { purgeFinishedJobs, redriveAllParkedJobs, redriveParkedJobsOfAccount, redriveParkedJobsOfAccounts } from "./settle";

/** The transactional outbox in Postgres (`sync_jobs`), polled with SKIP LOCKED leases. */
export const outbox: Outbox = {
  enqueue: enqueueJobs,
  claim: claimDueJobs,
  failAbandoned: failAbandonedJobs,
  complete: completeJobs,
  fail: failJobs,
  retry: retryJob,
  postpone: postponeJobs,
};
