import { json, type EmuResponse } from "./http";

/**
 * One error type for the Calendar API surface, rendered by one function into Google's envelope:
 * `{ error: { code, message, errors: [{ domain, reason, message, location?, locationType? }], status } }`.
 * gaxios builds `GaxiosError.message` from `errors[].message` and keeps the body in `response.data`.
 */
export class GoogleApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly options: { domain?: string; location?: string; locationType?: string; topMessage?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
  }
}

const CANONICAL_STATUS: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "ALREADY_EXISTS",
  410: "FAILED_PRECONDITION",
  412: "FAILED_PRECONDITION",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
};

export function renderGoogleError(err: GoogleApiError): EmuResponse {
  const item: Record<string, string> = {
    domain: err.options.domain ?? "global",
    reason: err.reason,
    message: err.message,
  };
  if (err.options.locationType) item.locationType = err.options.locationType;
  if (err.options.location) item.location = err.options.location;
  const body = {
    error: {
      code: err.code,
      message: err.options.topMessage ?? err.message,
      errors: [item],
      status: CANONICAL_STATUS[err.code] ?? "UNKNOWN",
    },
  };
  return json(err.code, body, err.options.headers);
}

export const googleErrors = {
  badRequest: (reason: string, message: string, location?: string) =>
    new GoogleApiError(400, reason, message, location ? { location, locationType: "parameter" } : {}),
  required: (message: string, location?: string) =>
    new GoogleApiError(400, "required", message, location ? { location, locationType: "parameter" } : {}),
  invalid: (message = "Invalid Value", location?: string) =>
    new GoogleApiError(400, "invalid", message, location ? { location, locationType: "parameter" } : {}),
  timeRangeEmpty: (location?: string) =>
    new GoogleApiError(400, "timeRangeEmpty", "The specified time range is empty.", {
      domain: "calendar",
      ...(location ? { location, locationType: "parameter" } : {}),
    }),
  parseError: () => new GoogleApiError(400, "parseError", "Parse Error"),
  loginRequired: () =>
    new GoogleApiError(401, "required", "Login Required.", {
      location: "Authorization",
      locationType: "header",
      topMessage:
        "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
      headers: { "www-authenticate": 'Bearer realm="https://accounts.google.com/"' },
    }),
  invalidCredentials: () =>
    new GoogleApiError(401, "authError", "Invalid Credentials", {
      location: "Authorization",
      locationType: "header",
      topMessage:
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
      headers: { "www-authenticate": 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
    }),
  insufficientScopes: () =>
    new GoogleApiError(403, "insufficientPermissions", "Insufficient Permission", {
      topMessage: "Request had insufficient authentication scopes.",
      headers: { "www-authenticate": 'Bearer realm="https://accounts.google.com/", error="insufficient_scope"' },
    }),
  forbidden: (message = "Forbidden") => new GoogleApiError(403, "forbidden", message),
  requiredAccessLevel: (level: string) =>
    new GoogleApiError(403, "requiredAccessLevel", `You need to have ${level} access to this calendar.`),
  notFound: (message = "Not Found") => new GoogleApiError(404, "notFound", message),
  duplicate: () => new GoogleApiError(409, "duplicate", "The requested identifier already exists."),
  deleted: () => new GoogleApiError(410, "deleted", "Resource has been deleted"),
  /** The body Google's errors guide documents for an unusable sync token (https://developers.google.com/workspace/calendar/api/guides/errors#410_gone). */
  fullSyncRequired: () =>
    new GoogleApiError(410, "fullSyncRequired", "Sync token is no longer valid, a full sync is required.", {
      domain: "calendar",
      location: "syncToken",
      locationType: "parameter",
    }),
  conditionNotMet: () =>
    new GoogleApiError(412, "conditionNotMet", "Precondition Failed", { location: "If-Match", locationType: "header" }),
  rateLimit: (status: number, reason: string) => {
    const messages: Record<string, string> = {
      rateLimitExceeded: "Rate Limit Exceeded",
      userRateLimitExceeded: "User Rate Limit Exceeded",
      quotaExceeded: "Calendar usage limits exceeded.",
    };
    return new GoogleApiError(status, reason, messages[reason] ?? "Rate Limit Exceeded", { domain: "usageLimits" });
  },
  backendError: (status = 500) => new GoogleApiError(status, "backendError", status === 503 ? "Service Unavailable" : "Backend Error"),
  methodNotAllowed: () => new GoogleApiError(405, "httpMethodNotAllowed", "HTTP method not allowed"),
};

/** OAuth endpoints answer `{ error, error_description }` (RFC 6749), not the API envelope. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

export function renderOAuthError(err: OAuthError): EmuResponse {
  return json(err.status, { error: err.error, error_description: err.description });
}

/** Resend's error body: `{ statusCode, name, message }`. */
export class ResendError extends Error {
  constructor(
    readonly statusCode: number,
    readonly errorName: string,
    message: string,
  ) {
    super(message);
  }
}

export function renderResendError(err: ResendError): EmuResponse {
  return json(err.statusCode, { statusCode: err.statusCode, name: err.errorName, message: err.message });
}
