import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../index";
import { apiError, connect, control, startEmulator, type Connected } from "./helpers";

let emu: Emulator;
let c: Connected;
const email = "ann@example.com";
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => emu.close());
beforeEach(async () => {
  emu.reset();
  c = await connect(emu, email);
});

describe("fault injection", () => {
  it.each([
    [403, "rateLimitExceeded"],
    [403, "userRateLimitExceeded"],
    [429, "rateLimitExceeded"],
    [500, "backendError"],
    [503, "backendError"],
  ])("surfaces an injected %i %s as a GaxiosError", async (status, reason) => {
    await control(emu).addFault({ kind: "error", status, reason, match: { surface: "calendar", path: "/events" } });
    const err = await apiError(c.cal.events.list({ calendarId: "primary" }, { retry: false }));
    expect(err).toMatchObject({ gaxios: true, status, reason });
    // Other paths are untouched.
    expect((await c.cal.calendarList.list()).status).toBe(200);
  });

  it("counts down: a single 503 is absorbed by the client's own retry", async () => {
    await control(emu).addFault({ kind: "error", status: 503, count: 1, match: { path: "/events" } });
    const res = await c.cal.events.list({ calendarId: "primary" });
    expect(res.status).toBe(200);
    expect((await control(emu).counters())["calendar.events.list"]).toBe(2);
  });

  it("targets one account only", async () => {
    const other = await connect(emu, "bob@example.com");
    await control(emu).addFault({ kind: "error", status: 403, reason: "userRateLimitExceeded", match: { account: "bob@example.com" } });
    expect((await c.cal.calendarList.list()).status).toBe(200);
    expect((await apiError(other.cal.calendarList.list({}, { retry: false }))).reason).toBe("userRateLimitExceeded");
  });

  it("fires with a probability, repeatably from the seeded generator", async () => {
    await control(emu).addFault({ kind: "error", status: 500, probability: 0.5, match: { path: "calendarList" } });
    const outcomes: number[] = [];
    for (let i = 0; i < 20; i++) {
      outcomes.push(
        await c.cal.calendarList.list({}, { retry: false }).then(
          (r) => r.status,
          (e: { status: number }) => e.status,
        ),
      );
    }
    const failures = outcomes.filter((s) => s === 500).length;
    expect(failures).toBeGreaterThan(3);
    expect(failures).toBeLessThan(17);
  });

  it("adds latency", async () => {
    await control(emu).addFault({ kind: "latency", latencyMs: 150, count: 1, match: { path: "calendarList" } });
    const started = Date.now();
    await c.cal.calendarList.list();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("revokes refresh tokens: the next refresh is invalid_grant", async () => {
    await control(emu).revokeTokens({ email });
    const err = await apiError(c.oauth.refreshAccessToken());
    expect(err).toMatchObject({ gaxios: true, status: 400, message: "invalid_grant" });
  });
});
