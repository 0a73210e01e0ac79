import { calendar, type calendar_v3 } from "@googleapis/calendar";
import { OAuth2Client } from "google-auth-library";
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

export function calendarApi(auth: OAuth2Client): calendar_v3.Calendar {
  return calendar({ version: "v3", auth, rootUrl: googleEndpoints().apiRoot });
}
