/** What `/getAuthKey` shows for a callback: every path through verify → exchange → persist ends in one of these. */
export type ConnectionOutcome =
  | { kind: "connected"; fieldworkerId: string; companyId: string; googleAccountId: string; email: string; calendarCreated: boolean }
  | { kind: "denied"; fieldworkerId: string }
  | { kind: "retry_consent"; url: string; browserBinding: string; reason: "missing_refresh_token" }
  | { kind: "partial_grant"; retryUrl: string; browserBinding: string; missing: string[] }
  | { kind: "invalid_state"; reason: string }
  /** The Google account is not one this connection may use (outside the Workspace, or a takeover attempt). */
  | { kind: "wrong_account"; title: string; message: string }
  /** `message` is shown on a public page: never an internal error's text (that goes to the server log). */
  | { kind: "failed"; message: string };

export interface CallbackParams {
  state?: string;
  code?: string;
  error?: string;
  /** The PKCE verifier from the browser's cookie (browser-binding.ts); absent in another browser. */
  browserBinding?: string;
}

/** The one sentence a public page shows when something went wrong on the way: the detail is logged, not shown. */
export const CONNECTION_FAILED_MESSAGE = "Google could not complete the connection.";
