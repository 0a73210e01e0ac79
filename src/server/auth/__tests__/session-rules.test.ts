import { describe, expect, it } from "vitest";
import type { SessionCheck } from "../../db/queries/users";
import { maySignIn, sessionIsCurrent } from "../session-version";
import { clientIp, retryAfterMinutes } from "../sign-in-throttle";

const check = (overrides: Partial<SessionCheck> = {}): SessionCheck => ({
  identity: { id: "u1", email: "a@b.test", name: "A", role: "fieldworker", companyId: "c1", fieldworkerId: "f1" },
  sessionVersion: 2,
  fieldworkerActive: true,
  ...overrides,
});

describe("sessionIsCurrent", () => {
  it.each([
    ["the current version", 2, check(), true],
    ["an older version (signed out, password changed)", 1, check(), false],
    ["a deactivated fieldworker", 2, check({ fieldworkerActive: false }), false],
    ["an admin without a profile", 2, check({ fieldworkerActive: null }), true],
    ["a deleted user", 2, undefined, false],
    ["a token from before versions, user never revoked", undefined, check({ sessionVersion: 0 }), true],
    ["a token from before versions, user revoked since", undefined, check({ sessionVersion: 1 }), false],
    ["a forged non-number version", "2", check(), false],
  ])("%s", (_case, version, state, expected) => {
    expect(sessionIsCurrent(version, state)).toBe(expected);
  });

  it("lets admins and active fieldworkers sign in, not deactivated ones", () => {
    expect([null, true, false].map((fieldworkerActive) => maySignIn({ fieldworkerActive }))).toEqual([true, true, false]);
  });
});

describe("retryAfterMinutes", () => {
  const started = new Date("2026-12-01T10:00:00Z");
  it.each([
    [0, 15],
    [60_000, 14],
    [14 * 60_000 + 1_000, 1],
    [20 * 60_000, 1],
  ])("%i ms into a 15-minute window → %i min", (elapsedMs, minutes) => {
    const now = new Date(started.getTime() + elapsedMs);
    expect(retryAfterMinutes({ attempts: 11, windowStartedAt: started }, 15 * 60_000, now)).toBe(minutes);
  });
});

describe("clientIp", () => {
  it.each([
    [{ "x-forwarded-for": "203.0.113.5, 10.0.0.1" }, "203.0.113.5"],
    [{ "x-forwarded-for": "2001:db8::1" }, "2001:db8::1"],
    [{ "x-real-ip": "198.51.100.2" }, "198.51.100.2"],
    [{ "x-forwarded-for": "not-an-ip" }, null],
    [{}, null],
  ])("%j → %s", (headers, expected) => {
    expect(clientIp(new Headers(headers))).toBe(expected);
  });
});
