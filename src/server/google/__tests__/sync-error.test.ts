import { describe, expect, it } from "vitest";
import { classifyGoogleError, quotaScope, SyncError } from "../sync-error";

const apiError = (status: number, reason?: string) => ({
  message: `HTTP ${status}`,
  response: { status, data: { error: { code: status, message: `message ${reason ?? status}`, errors: reason ? [{ reason, domain: "global" }] : [] } } },
});
const oauthError = (status: number, error: string) => ({ message: error, response: { status, data: { error, error_description: `${error} described` } } });

describe("classifyGoogleError", () => {
  it.each([
    ["a revoked refresh token", oauthError(400, "invalid_grant"), "AUTH_REVOKED"],
    // Issue #12: a 401 on a call means "refresh and retry", never "revoked" on its own.
    ["an expired access token", apiError(401, "authError"), "AUTH_EXPIRED"],
    ["410 fullSyncRequired", apiError(410, "fullSyncRequired"), "SYNC_TOKEN_EXPIRED"],
    ["410 on an event already deleted", apiError(410, "deleted"), "NOT_FOUND"],
    ["404", apiError(404, "notFound"), "NOT_FOUND"],
    ["409 duplicate id", apiError(409, "duplicate"), "CONFLICT"],
    ["412 stale etag", apiError(412, "conditionNotMet"), "CONFLICT"],
    ["403 userRateLimitExceeded", apiError(403, "userRateLimitExceeded"), "TEMPORARY"],
    ["403 rateLimitExceeded", apiError(403, "rateLimitExceeded"), "TEMPORARY"],
    ["403 quotaExceeded", apiError(403, "quotaExceeded"), "TEMPORARY"],
    ["403 insufficientPermissions", apiError(403, "insufficientPermissions"), "FORBIDDEN"],
    ["429", apiError(429, "rateLimitExceeded"), "TEMPORARY"],
    ["500 backendError", apiError(500, "backendError"), "TEMPORARY"],
    ["503", apiError(503), "TEMPORARY"],
    ["400 invalid parameter", apiError(400, "invalid"), "BAD_REQUEST"],
    ["a refused connection", Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }), "TEMPORARY"],
    ["anything else", new Error("boom"), "UNKNOWN"],
  ])("classifies %s", (_name, error, code) => {
    const classified = classifyGoogleError(error);
    expect(classified).toBeInstanceOf(SyncError);
    expect(classified.code).toBe(code);
  });

  it("keeps Google's message, status and reason", () => {
    const classified = classifyGoogleError(apiError(412, "conditionNotMet"));
    expect(classified).toMatchObject({ status: 412, reason: "conditionNotMet", message: "message conditionNotMet" });
    expect(classifyGoogleError(oauthError(400, "invalid_grant")).message).toBe("invalid_grant described");
  });

  it.each([
    ["403 userRateLimitExceeded", apiError(403, "userRateLimitExceeded"), "account"],
    ["403 rateLimitExceeded", apiError(403, "rateLimitExceeded"), "project"],
    ["403 quotaExceeded (daily)", apiError(403, "quotaExceeded"), "project"],
    ["429 without a reason", apiError(429), "account"],
    ["429 rateLimitExceeded", apiError(429, "rateLimitExceeded"), "project"],
    ["our own per-account limiter", new SyncError("TEMPORARY", "hold", 429, "localRateLimit"), "account"],
    ["503", apiError(503), undefined],
    ["403 insufficientPermissions", apiError(403, "insufficientPermissions"), undefined],
  ])("tells who backs off for %s", (_name, error, scope) => {
    expect(quotaScope(classifyGoogleError(error))).toBe(scope);
  });

  it("passes a SyncError through unchanged", () => {
    const original = new SyncError("CONFLICT", "x");
    expect(classifyGoogleError(original)).toBe(original);
  });
});
