import type { calendar_v3 } from "@googleapis/calendar";

/** Everything the emulator keeps. All records are plain JSON so the store can snapshot them to a file. */

export interface GoogleUser {
  email: string;
  /** Google's stable numeric account id (`sub` in id tokens and userinfo). */
  sub: string;
  name: string;
}

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** Quotas are counted per Google Cloud project; clients of the same project share them. */
  projectName: string;
}

/** An authorization request waiting on the consent screen. */
export interface PendingAuthorization {
  id: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state?: string;
  accessType: "online" | "offline";
  prompt: string[];
  loginHint?: string;
  includeGrantedScopes: boolean;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: "plain" | "S256";
  createdAt: number;
}

export interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  userEmail: string;
  scopes: string[];
  issueRefreshToken: boolean;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: "plain" | "S256";
  createdAt: number;
  used: boolean;
}

/** What a user granted to one OAuth client. Revoking any token of the grant deletes the grant. */
export interface Grant {
  clientId: string;
  userEmail: string;
  scopes: string[];
  refreshTokenIssued: boolean;
}

export interface AccessToken {
  token: string;
  clientId: string;
  userEmail: string;
  scopes: string[];
  expiresAt: number;
}

export interface RefreshToken {
  token: string;
  clientId: string;
  userEmail: string;
  scopes: string[];
  createdAt: number;
}

export type AccessRole = "owner" | "writer" | "reader" | "freeBusyReader";

export interface CalendarRecord {
  id: string;
  summary: string;
  description?: string;
  location?: string;
  timeZone: string;
  ownerEmail: string;
  /** Set when an OAuth client created the calendar; `calendar.app.created` grants access only to these. */
  createdByClientId?: string;
  etagSeq: number;
  /** Bumped to invalidate every sync token issued for this calendar (410 fullSyncRequired). */
  syncEpoch: number;
}

export interface CalendarListRecord {
  userEmail: string;
  calendarId: string;
  accessRole: AccessRole;
  primary: boolean;
  selected: boolean;
  hidden: boolean;
  colorId: string;
  backgroundColor: string;
  foregroundColor: string;
  /** Change sequence of the entry's last change (calendarList sync tokens compare against it). */
  seq?: number;
}

/** An entry gone from a user's calendar list, reported as `deleted: true` to a calendarList sync token. */
export interface CalendarListRemoval {
  userEmail: string;
  calendarId: string;
  seq: number;
}

export interface EventRecord {
  calendarId: string;
  /** Change sequence of the last modification; sync tokens compare against it. */
  seq: number;
  /** Creation order, the default listing order. */
  createdSeq: number;
  event: calendar_v3.Schema$Event;
  /**
   * A cancelled instance left behind when its series changed under it (a "this and following" split trimmed
   * it, or the series moved): singleEvents=true incremental syncs report it, nothing else lists it.
   */
  trimmed?: boolean;
}

export interface ChannelRecord {
  id: string;
  resourceId: string;
  resourceUri: string;
  calendarId: string;
  address: string;
  token?: string;
  /** Epoch milliseconds. */
  expiration: number;
  userEmail: string;
  clientId: string;
  messageNumber: number;
  stopped: boolean;
}

export interface SyncTokenRecord {
  token: string;
  calendarId: string;
  seq: number;
  epoch: number;
  singleEvents: boolean;
  createdAt: number;
}

export interface SentEmail {
  id: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
  subject: string;
  html?: string;
  text?: string;
  tags: { name: string; value: string }[];
  headers: Record<string, string>;
  createdAt: number;
}

export type FaultKind = "error" | "latency" | "dropNotifications";

export interface FaultMatch {
  /** "calendar" (Calendar API and batch parts), "oauth", "resend" or "push" (notification delivery). */
  surface?: "calendar" | "oauth" | "resend" | "push";
  method?: string;
  /** Substring of the request path, or a regular expression written as "/.../". */
  path?: string;
  /** Google account the access token (or the watched calendar, for push) belongs to. */
  account?: string;
  /** Google Cloud project of the OAuth client that issued the access token (its client id when unnamed). */
  project?: string;
  calendarId?: string;
}

export interface FaultRule {
  id: string;
  kind: FaultKind;
  status?: number;
  reason?: string;
  latencyMs?: number;
  match: FaultMatch;
  /** 0..1, default 1. Draws come from the emulator's seeded generator, so runs are repeatable. */
  probability?: number;
  /** Remaining activations; absent = unlimited. */
  count?: number;
  /** Emulator-clock time (ms) after which the rule is gone: an outage or a quota storm that lasts a set time. */
  activeUntil?: number;
}

export interface QuotaSettings {
  enabled: boolean;
  perUserPerMinute: number;
  perProjectPerMinute: number;
  /** Google answers rate limits with 403 (classic) or 429. */
  status: 403 | 429;
}

export interface DeliveryLogEntry {
  channelId: string;
  messageNumber: number;
  state: "sync" | "exists";
  attempt: number;
  outcome: "delivered" | "failed" | "retrying" | "dropped" | "silenced";
  status?: number;
  at: number;
}
