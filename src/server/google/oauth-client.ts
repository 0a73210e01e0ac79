import { calendar, type calendar_v3 } from "@googleapis/calendar";
import { OAuth2Client } from "google-auth-library";
import { createBatchingFetch } from "./batch/batching-fetch";
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

let sharedBatchingFetch: typeof fetch | undefined;
let batchingEnabled = true;

/** Benchmarks compare the per-call path with HTTP batching; everything else leaves batching on. */
export function setCalendarBatching(enabled: boolean): void {
  batchingEnabled = enabled;
}

export function calendarBatchingEnabled(): boolean {
  return batchingEnabled;
}

/**
 * The Calendar v3 client. With `batched`, concurrent calls (from the sync workers) share Google HTTP
 * batch requests through one process-wide batching fetch.
 */
export function calendarApi(auth: OAuth2Client, options: { batched?: boolean } = {}): calendar_v3.Calendar {
  const batched = options.batched === true && batchingEnabled;
  if (batched) sharedBatchingFetch ??= createBatchingFetch();
  return calendar({
    version: "v3",
    auth,
    rootUrl: googleEndpoints().apiRoot,
    ...(batched ? { fetchImplementation: sharedBatchingFetch } : {}),
  });
}
