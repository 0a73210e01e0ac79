import type { SyncErrorCode } from "../../google/sync-error";
import { MAX_SYNC_ATTEMPTS, retryDelayMs } from "./backoff";

/** A parked job (fast retries spent on a transient error) is tried again at least this often. */
export const PARKED_RETRY_MS = 15 * 60_000;
/** Quota waits do not spend attempts for this long; after that a storm counts like any transient error. */
export const QUOTA_HORIZON_MS = 24 * 3_600_000;
export const QUOTA_BACKOFF_MIN_MS = 60_000;
export const QUOTA_BACKOFF_MAX_MS = 30 * 60_000;

export interface FailureInput {
  code: SyncErrorCode;
  /** Set when the error was Google's (or our limiter's) "over quota", with who must back off. */
  quota?: "account" | "project";
  /** 1-based: the attempt that just failed. */
  attempts: number;
  /** Start of the current streak of transient errors, if one is running. */
  delayedSince: Date | null;
  now: Date;
  /** In [0, 1): jitter, passed in to keep this pure. */
  random: number;
}

export type FailureDecision =
  /** Over quota: wait without spending the attempt; the account (or project) waits as one until `until`. */
  | { kind: "postpone_for_quota"; runAfter: Date; scope: "account" | "project"; until: Date; delayedSince: Date }
  /** A fast retry with exponential backoff and full jitter. */
  | { kind: "retry"; runAfter: Date; delayedSince: Date | null }
  /** Transient, fast retries spent: stays pending, re-driven by the cron and the account's next success. */
  | { kind: "park"; runAfter: Date; delayedSince: Date }
  /** The grant is gone: the job waits (attempt not spent) until the account is reconnected. */
  | { kind: "await_reconnection"; runAfter: Date }
  /** Permanent: nothing will change by retrying. */
  | { kind: "fail" };

const TRANSIENT: ReadonlySet<SyncErrorCode> = new Set(["TEMPORARY", "AUTH_EXPIRED"]);
/** Retried a few times (a re-read usually settles them), then failed visibly like before. */
const RETRY_THEN_FAIL: ReadonlySet<SyncErrorCode> = new Set(["CONFLICT", "SYNC_TOKEN_EXPIRED", "UNKNOWN"]);

/**
 * The longer a quota storm lasts, the longer the account waits between probes: as long as the storm has
 * lasted so far, between one minute and half an hour, plus up to a quarter of jitter.
 */
export function quotaBackoffMs(stormMs: number, random: number): number {
  const base = Math.min(QUOTA_BACKOFF_MAX_MS, Math.max(QUOTA_BACKOFF_MIN_MS, stormMs));
  return Math.floor(base * (1 + Math.min(Math.max(random, 0), 1) / 4));
}

/**
 * What to do with a job whose run failed. Transient errors (5xx, 429, 403 rate/quota, network, a 401
 * that survived a token refresh) never end a job: after the fast retries it is parked. Pure.
 */
export function decideJobFailure(input: FailureInput): FailureDecision {
  const { now } = input;
  const at = (ms: number) => new Date(now.getTime() + ms);
  const streakStart = input.delayedSince ?? now;
  // Due at once, but the claim holds jobs of an account that is not active: they run the moment it is reconnected.
  if (input.code === "AUTH_REVOKED") return { kind: "await_reconnection", runAfter: now };
  if (input.quota && now.getTime() - streakStart.getTime() < QUOTA_HORIZON_MS) {
    const until = at(quotaBackoffMs(now.getTime() - streakStart.getTime(), input.random));
    return { kind: "postpone_for_quota", runAfter: until, scope: input.quota, until, delayedSince: streakStart };
  }
  if (TRANSIENT.has(input.code)) {
    if (input.attempts < MAX_SYNC_ATTEMPTS) return { kind: "retry", runAfter: at(retryDelayMs(input.attempts, input.random)), delayedSince: streakStart };
    return { kind: "park", runAfter: at(PARKED_RETRY_MS), delayedSince: streakStart };
  }
  if (RETRY_THEN_FAIL.has(input.code) && input.attempts < MAX_SYNC_ATTEMPTS) {
    return { kind: "retry", runAfter: at(retryDelayMs(input.attempts, input.random)), delayedSince: input.delayedSince };
  }
  return { kind: "fail" };
}

/** A sentence for the sync log when a job fails for good: what happened and what a person can do. */
export function permanentFailureText(code: SyncErrorCode, detail: string): string {
  switch (code) {
    case "BAD_REQUEST":
      return `Google refused the request as invalid, so retrying cannot help: ${detail}. Fix the booking or time block and save it again.`;
    case "NOT_FOUND":
      return `Google no longer has the calendar FieldSync writes to: ${detail}. Reconnect the account to create it again.`;
    case "FORBIDDEN":
      return `Google does not let FieldSync write there (missing permission): ${detail}. Reconnect the account and allow every permission.`;
    default:
      return `Sync failed after ${MAX_SYNC_ATTEMPTS} attempts: ${detail}`;
  }
}
