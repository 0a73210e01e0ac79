import { describe, expect, it } from "vitest";
import type { Emulator } from "../index";
import { calendar } from "@googleapis/calendar";
import { apiError, connect, type Connected, consent, control, emulatorPerFile, FIELDSYNC_SCOPES, oauthClient, REDIRECT_URI } from "./helpers";

let emu: Emulator;
let c: Connected;
const email = "ann@example.com";
emulatorPerFile(
  (started) => (emu = started),
  async () => {
    c = await connect(emu, email);
  },
);

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

  // Google answers an exhausted quota with 403 quotaExceeded / rateLimitExceeded for as long as the quota is
  // gone (per project: every user of the app; per user: one account), then calls succeed again:
  // https://developers.google.com/workspace/calendar/api/guides/errors#403_usage_limits_exceeded
  it("keeps a quota storm going for a set time on the emulator's clock, for every user of one project", async () => {
    const other = await connect(emu, "bob@example.com");
    const secondProject = await connectThroughAnotherProject(emu, "cat@example.com");
    await control(emu).addFault({ kind: "error", status: 403, reason: "quotaExceeded", match: { surface: "calendar", project: "FieldSync Test" }, durationMs: 20 * 60_000 });
    for (const user of [c, other]) expect(await apiError(user.cal.calendarList.list({}, { retry: false }))).toMatchObject({ status: 403, reason: "quotaExceeded" });
    expect((await secondProject.calendarList.list()).status).toBe(200);
    await control(emu).advanceClock(19 * 60_000);
    expect(await apiError(c.cal.events.list({ calendarId: "primary" }, { retry: false }))).toMatchObject({ status: 403, reason: "quotaExceeded" });
    await control(emu).advanceClock(2 * 60_000);
    // Access tokens live an hour: 21 minutes later they still work, and the storm is over.
    expect((await c.cal.calendarList.list()).status).toBe(200);
    expect((await other.cal.calendarList.list()).status).toBe(200);
  });

  it("keeps a per-user outage going for a set time and spares the other users", async () => {
    const other = await connect(emu, "bob@example.com");
    await control(emu).addFault({ kind: "error", status: 503, match: { account: email }, durationMs: 7 * 60_000 });
    expect(await apiError(c.cal.calendarList.list({}, { retry: false }))).toMatchObject({ status: 503 });
    expect((await other.cal.calendarList.list()).status).toBe(200);
    await control(emu).advanceClock(7 * 60_000 + 1);
    expect((await c.cal.calendarList.list()).status).toBe(200);
    expect((await control(emu).state()).faults).toEqual([]);
  });
});

async function connectThroughAnotherProject(emulator: Emulator, userEmail: string) {
  const clientId = "other-project.apps.googleusercontent.com";
  await control(emulator).registerClient({ clientId, clientSecret: "other-secret", redirectUris: [REDIRECT_URI], projectName: "Another company" });
  const oauth = oauthClient(emulator.url, clientId, "other-secret");
  const redirect = await consent(oauth.generateAuthUrl({ access_type: "offline", scope: FIELDSYNC_SCOPES, state: "s2" }), "allow", userEmail);
  const { tokens } = await oauth.getToken(redirect.searchParams.get("code") ?? "");
  oauth.setCredentials(tokens);
  return calendar({ version: "v3", auth: oauth, rootUrl: `${emulator.url}/` });
}
