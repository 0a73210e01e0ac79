import { describe, expect, it } from "vitest";
import { MAX_SYNC_ATTEMPTS } from "../backoff";
import { decideJobFailure, PARKED_RETRY_MS, QUOTA_BACKOFF_MAX_MS, QUOTA_BACKOFF_MIN_MS, QUOTA_HORIZON_MS, quotaBackoffMs, type FailureInput } from "../job-failure";

const NOW = new Date("2026-12-01T10:00:00Z");
const build = (overrides: Partial<FailureInput> = {}): FailureInput => ({ code: "TEMPORARY", attempts: 1, delayedSince: null, now: NOW, random: 0.5, ...overrides });
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

describe("decideJobFailure", () => {
  it.each([
    ["a first 503", build(), "retry"],
    ["a 503 on the last fast attempt", build({ attempts: MAX_SYNC_ATTEMPTS - 1 }), "retry"],
    ["a 503 once the fast retries are spent", build({ attempts: MAX_SYNC_ATTEMPTS }), "park"],
    ["a 503 long after parking", build({ attempts: 40, delayedSince: minutesAgo(600) }), "park"],
    ["a 401 that survived a token refresh, retries spent", build({ code: "AUTH_EXPIRED", attempts: MAX_SYNC_ATTEMPTS }), "park"],
    ["a revoked grant", build({ code: "AUTH_REVOKED", attempts: 3 }), "await_reconnection"],
    ["an account quota answer", build({ quota: "account", attempts: MAX_SYNC_ATTEMPTS + 5 }), "postpone_for_quota"],
    ["a project quota answer", build({ quota: "project" }), "postpone_for_quota"],
    ["quota past the horizon, retries left", build({ quota: "project", delayedSince: new Date(NOW.getTime() - QUOTA_HORIZON_MS), attempts: 2 }), "retry"],
    ["quota past the horizon, retries spent", build({ quota: "project", delayedSince: new Date(NOW.getTime() - QUOTA_HORIZON_MS), attempts: MAX_SYNC_ATTEMPTS }), "park"],
    ["a 409/412 conflict, retries left", build({ code: "CONFLICT" }), "retry"],
    ["a conflict, retries spent", build({ code: "CONFLICT", attempts: MAX_SYNC_ATTEMPTS }), "fail"],
    ["a 400", build({ code: "BAD_REQUEST" }), "fail"],
    ["a 404 on our calendar", build({ code: "NOT_FOUND" }), "fail"],
    ["a 403 insufficientPermissions", build({ code: "FORBIDDEN" }), "fail"],
  ] as const)("%s → %s", (_name, input, kind) => {
    expect(decideJobFailure(input).kind).toBe(kind);
  });

  it("keeps the start of the streak, parks for the sweep interval, and never ends a transient streak", () => {
    const since = minutesAgo(7);
    expect(decideJobFailure(build({ attempts: MAX_SYNC_ATTEMPTS, delayedSince: since }))).toEqual({
      kind: "park",
      runAfter: new Date(NOW.getTime() + PARKED_RETRY_MS),
      delayedSince: since,
    });
    expect(decideJobFailure(build())).toMatchObject({ kind: "retry", delayedSince: NOW });
  });

  it("waits for quota as one unit, longer as the storm lasts", () => {
    const decision = decideJobFailure(build({ quota: "project", delayedSince: minutesAgo(10), random: 0 }));
    expect(decision).toEqual({ kind: "postpone_for_quota", scope: "project", runAfter: new Date(NOW.getTime() + 10 * 60_000), until: new Date(NOW.getTime() + 10 * 60_000), delayedSince: minutesAgo(10) });
  });
});

describe("quotaBackoffMs", () => {
  it.each([
    { stormMs: 0, random: 0, expected: QUOTA_BACKOFF_MIN_MS },
    { stormMs: 5 * 60_000, random: 0, expected: 5 * 60_000 },
    { stormMs: 5 * 3_600_000, random: 0, expected: QUOTA_BACKOFF_MAX_MS },
    { stormMs: 0, random: 0.999_999, expected: Math.floor(QUOTA_BACKOFF_MIN_MS * 1.249_999_75) },
  ])("a storm of $stormMs ms waits $expected ms (random $random)", ({ stormMs, random, expected }) => {
    expect(quotaBackoffMs(stormMs, random)).toBe(expected);
  });
});
