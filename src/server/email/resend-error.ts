/** The error half of a Resend SDK answer (the SDK returns errors instead of throwing them). */
export interface ResendErrorShape {
  name: string;
  message: string;
  statusCode?: number | null;
}

const TEMPORARY_NAMES = new Set(["rate_limit_exceeded", "application_error", "internal_server_error", "concurrent_idempotent_requests"]);

/**
 * Worth sending again later: Resend down (5xx), rate-limited (429), or unreachable (no status). A refused
 * address or a bad API key stays refused, so retrying it would only repeat the error.
 */
export function isTemporaryResendError(error: ResendErrorShape): boolean {
  const status = error.statusCode ?? null;
  if (status === null) return TEMPORARY_NAMES.has(error.name) || error.name === "";
  return status >= 500 || status === 429;
}
