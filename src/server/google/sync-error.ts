/**
 * One error type for everything that goes wrong talking to Google, with a code that says what to do:
 * TEMPORARY → retry with backoff, then park and re-drive (never fail for good; quota errors postpone the
 * whole account or project without spending attempts, see `quotaScope`); AUTH_EXPIRED → a 401 on a call:
 * refresh the access token and retry once, then treat as TEMPORARY; AUTH_REVOKED → `invalid_grant` on
 * refresh (or a grant missing a scope): mark the account "needs reconnection";
 * SYNC_TOKEN_EXPIRED → drop the sync token and full-sync; NOT_FOUND → treat as deleted;
 * CONFLICT → re-read and re-apply (409 duplicate id, 412 stale etag); FORBIDDEN → a missing scope or
 * calendar access, no retry; UNKNOWN → log and stop.
 */
export const syncErrorCodes = [
  "TEMPORARY",
  "AUTH_REVOKED",
  "AUTH_EXPIRED",
  "SYNC_TOKEN_EXPIRED",
  "NOT_FOUND",
  "CONFLICT",
  "FORBIDDEN",
  "BAD_REQUEST",
  "UNKNOWN",
] as const;
export type SyncErrorCode = (typeof syncErrorCodes)[number];

export class SyncError extends Error {
  constructor(
    readonly code: SyncErrorCode,
    message: string,
    readonly status?: number,
    readonly reason?: string,
  ) {
    super(message);
    this.name = "SyncError";
  }
}

interface GoogleErrorShape {
  status?: number;
  /** `errors[0].reason` of Google's envelope, or the OAuth `error` string. */
  reason?: string;
  message: string;
  networkCode?: string;
}

const RATE_LIMIT_REASONS = new Set(["rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded", "variableTermLimitExceeded"]);
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EAI_AGAIN", "ENOTFOUND", "EPIPE", "UND_ERR_SOCKET"]);

function readShape(error: unknown): GoogleErrorShape {
  if (typeof error !== "object" || error === null) return { message: String(error) };
  const record = error as {
    message?: unknown;
    code?: unknown;
    status?: unknown;
    response?: { status?: unknown; data?: unknown };
  };
  const status = typeof record.response?.status === "number" ? record.response.status : typeof record.status === "number" ? record.status : undefined;
  const data = record.response?.data as
    | { error?: string | { message?: string; errors?: { reason?: string }[]; status?: string }; error_description?: string }
    | undefined;
  let reason: string | undefined;
  let message = typeof record.message === "string" ? record.message : "Google request failed";
  if (data && typeof data === "object") {
    if (typeof data.error === "string") {
      reason = data.error;
      message = data.error_description ?? data.error;
    } else if (data.error && typeof data.error === "object") {
      reason = data.error.errors?.[0]?.reason ?? data.error.status;
      message = data.error.message ?? message;
    }
  }
  const networkCode = typeof record.code === "string" && NETWORK_CODES.has(record.code) ? record.code : undefined;
  return { status, reason, message, networkCode };
}

/** Maps any error thrown by googleapis / google-auth-library (or fetch) to a SyncError. Pure. */
export function classifyGoogleError(error: unknown): SyncError {
  if (error instanceof SyncError) return error;
  // Our own fetch's verdict (a call held back for quota), as the googleapis client wraps it.
  if (error instanceof Error && error.cause instanceof SyncError) return error.cause;
  const { status, reason, message, networkCode } = readShape(error);
  const make = (code: SyncErrorCode) => new SyncError(code, message, status, reason);
  if (reason === "invalid_grant" || reason === "unauthorized_client") return make("AUTH_REVOKED");
  // A 401 on a call says the access token was not accepted, not that the grant is gone: only the
  // token endpoint's invalid_grant says that.
  if (status === 401) return make("AUTH_EXPIRED");
  if (status === 410) return reason === "fullSyncRequired" || reason === "updatedMinTooLongAgo" ? make("SYNC_TOKEN_EXPIRED") : make("NOT_FOUND");
  if (status === 404) return make("NOT_FOUND");
  if (status === 409 || status === 412) return make("CONFLICT");
  if (status === 429 || (status !== undefined && status >= 500)) return make("TEMPORARY");
  if (status === 403) return reason && RATE_LIMIT_REASONS.has(reason) ? make("TEMPORARY") : make("FORBIDDEN");
  if (status === 400) return make("BAD_REQUEST");
  if (networkCode) return make("TEMPORARY");
  return make("UNKNOWN");
}

/**
 * Whether Google (or our own per-account limiter) said "over quota", and who must back off: the one user
 * (`userRateLimitExceeded`, our limiter) or every account of the OAuth client's project
 * (`rateLimitExceeded`, `quotaExceeded`: project-wide per-minute and daily limits). Pure.
 */
export function quotaScope(error: SyncError): "account" | "project" | undefined {
  const rateLimited = error.status === 429 || (error.status === 403 && error.reason !== undefined && RATE_LIMIT_REASONS.has(error.reason));
  if (!rateLimited) return undefined;
  return error.reason === "rateLimitExceeded" || error.reason === "quotaExceeded" ? "project" : "account";
}
