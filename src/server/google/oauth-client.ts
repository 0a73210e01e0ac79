import { calendar, type calendar_v3 } from "@googleapis/calendar";
import { OAuth2Client } from "google-auth-library";
import { createBatchingFetch, type BatchingFetch } from "./batch/batching-fetch";
import type { QuotaTicket } from "./batch/quota-gate";
import { SyncError } from "./sync-error";
import { googleEndpoints, googleRedirectUri } from "./endpoints";

export interface OAuthCredentials {
  clientId: string;
  clientSecret: string;
}

export function createOAuthClient(credentials: OAuthCredentials): OAuth2Client {
  const endpoints = googleEndpoints();
  return new OAuth2Client({
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    redirectUri: googleRedirectUri(),
    endpoints: {
      oauth2AuthBaseUrl: endpoints.authorize,
      oauth2TokenUrl: endpoints.token,
      oauth2RevokeUrl: endpoints.revoke,
    },
  });
}

let sharedBatchingFetch: BatchingFetch | undefined;
let batchingEnabled = true;

/** Benchmarks compare the per-call path with HTTP batching; everything else leaves batching on. */
export function setCalendarBatching(enabled: boolean): void {
  batchingEnabled = enabled;
}

export function calendarBatchingEnabled(): boolean {
  return batchingEnabled;
}

/**
 * A call the batching fetch held back for quota fails with a SyncError (its job is rescheduled). gaxios
 * would retry it as a request that got no response; it is not one, so the retry stops there.
 */
function stopRetryingHeldBackCalls(error: { cause?: unknown }): void {
  if (error.cause instanceof SyncError) throw error.cause;
}

/**
 * The Calendar v3 client. Its calls go through one process-wide batching fetch when they spend a stored
 * account's quota (`quota`: reserved there, once per HTTP request) or may share HTTP batches with other
 * concurrent calls (`batched`, the sync workers).
 */
export function calendarApi(auth: OAuth2Client, options: { batched?: boolean; quota?: QuotaTicket } = {}): calendar_v3.Calendar {
  const batch = options.batched === true && batchingEnabled;
  const routed = batch || options.quota !== undefined;
  if (routed) sharedBatchingFetch ??= createBatchingFetch();
  return calendar({
    version: "v3",
    auth,
    rootUrl: googleEndpoints().apiRoot,
    ...(routed ? { fetchImplementation: sharedBatchingFetch!.fetchFor(options.quota, { batch }), retryConfig: { onRetryAttempt: stopRetryingHeldBackCalls } } : {}),
  });
}
