import type { Db, DbOrTx } from "../../db/client";
import type { MalformedJob, SyncJob, SyncJobKind } from "./jobs";

/** What the worker holds while it runs a job: only this pair settles it. */
export interface JobLease {
  id: string;
  leaseToken: string;
}

/** A job as stored, with the bookkeeping a worker reads. */
export type StoredJob = (SyncJob | MalformedJob) & {
  id: string;
  /** 1-based: this run's attempt. */
  attempts: number;
  dedupeKey: string;
  /** First transient failure of the current streak. */
  delayedSince: Date | null;
  /** Set once the fast retries are spent (the job waits, re-driven by the cron and the account's next success). */
  parkedAt: Date | null;
};

export type ClaimedJob = StoredJob & JobLease;

export interface ClaimOptions {
  limit: number;
  now: Date;
  leaseMs?: number;
  kinds?: readonly SyncJobKind[];
}

export interface RetryOptions {
  /** Quota waits and waits for reconnection give the claim's attempt back. */
  refundAttempt?: boolean;
  delayedSince?: Date | null;
  /** Keep (or start) the parked state; omitted = not parked. */
  parked?: boolean;
}

/**
 * The queue under every Google write. Sync logic only enqueues jobs and settles the ones it claimed; how jobs
 * are stored, leased and fenced is the implementation's business (today `postgres-outbox.ts`, a transactional
 * outbox polled with SKIP LOCKED; a managed queue could take its place). Settling calls take sets, so a
 * worker can claim many jobs and complete them in one statement.
 */
export interface Outbox {
  /** In the caller's transaction; a pending job with the same `dedupeKey` already covers a new one. */
  enqueue(db: DbOrTx, jobs: SyncJob[]): Promise<void>;
  /** Up to `limit` due jobs (of these `kinds` only, when given), each under a fresh lease (`leaseMs`, outlasting any function's `maxDuration`). */
  claim(db: Db, options: ClaimOptions): Promise<ClaimedJob[]>;
  /** Jobs whose workers lost the lease too many times in a row (killed every time): failed, returned to be logged. */
  failAbandoned(db: Db, now: Date): Promise<StoredJob[]>;
  /** Done. Returns the ids settled: a lease another worker took over since settles nothing. */
  complete(db: DbOrTx, leases: JobLease[], now: Date): Promise<string[]>;
  /** Failed for good with this error. Returns the ids settled, fenced like `complete`. */
  fail(db: DbOrTx, leases: JobLease[], error: string, now: Date): Promise<string[]>;
  /** Back to pending at `runAfter` (or retired when a newer pending job covers it). False when the lease was lost. */
  retry(db: Db, job: ClaimedJob, runAfter: Date, error: string, now: Date, options?: RetryOptions): Promise<boolean>;
  /**
   * Many jobs back to pending at `runAfter` without spending their attempt (our own quota budget is spent),
   * their delay and parked state kept; retired when a pending job covers them. Returns the ids settled, fenced like `complete`.
   */
  postpone(db: DbOrTx, leases: JobLease[], runAfter: Date, error: string, now: Date): Promise<string[]>;
}
