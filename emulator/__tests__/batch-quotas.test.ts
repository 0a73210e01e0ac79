import { describe, expect, it } from "vitest";
import type { Emulator } from "../index";
import { apiError, connect, type Connected, control, emulatorPerFile } from "./helpers";

let emu: Emulator;
let c: Connected;
let calendarId: string;
emulatorPerFile(
  (started) => (emu = started),
  async () => {
    c = await connect(emu, "ann@example.com");
    calendarId = (await c.cal.calendars.insert({ requestBody: { summary: "FieldSync" } })).data.id ?? "";
  },
);

const BOUNDARY = "batch_fieldsync";

function part(id: number, method: string, path: string, body?: unknown): string {
  const json = body === undefined ? "" : JSON.stringify(body);
  return [
    `--${BOUNDARY}`,
    "Content-Type: application/http",
    `Content-ID: <item${id}>`,
    "",
    `${method} ${path} HTTP/1.1`,
    ...(body === undefined ? [] : ["Content-Type: application/json", `Content-Length: ${Buffer.byteLength(json)}`]),
    "",
    json,
  ].join("\r\n");
}

/** Splits a multipart/mixed batch response into [status, json body] per part. */
function parseResponse(contentType: string, text: string): { contentId: string; status: number; body: unknown }[] {
  const boundary = /boundary=([^;]+)/.exec(contentType)?.[1] ?? "";
  return text
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((chunk) => {
      const contentId = /Content-ID: (.+)/.exec(chunk)?.[1]?.trim() ?? "";
      const status = Number(/HTTP\/1\.1 (\d{3})/.exec(chunk)?.[1]);
      const bodyText = chunk.slice(chunk.lastIndexOf("\r\n\r\n") + 4).trim();
      return { contentId, status, body: bodyText ? (JSON.parse(bodyText) as unknown) : undefined };
    });
}

describe("HTTP batch endpoint", () => {
  it("runs each part as its own request with its own response, through the client's authorized transport", async () => {
    const path = `/calendar/v3/calendars/${encodeURIComponent(calendarId)}/events`;
    const ev = (n: number) => ({ id: `batchevent${n}`, summary: `B${n}`, start: { date: "2030-01-01" }, end: { date: "2030-01-02" } });
    const body = [part(1, "POST", path, ev(1)), part(2, "POST", path, ev(2)), part(3, "POST", path, ev(1)), part(4, "GET", `${path}/nosuchevent`)].join("\r\n") + `\r\n--${BOUNDARY}--`;
    const res = await c.oauth.request<string>({
      url: `${emu.url}/batch/calendar/v3`,
      method: "POST",
      headers: { "Content-Type": `multipart/mixed; boundary=${BOUNDARY}` },
      data: body,
      responseType: "text",
    });
    const parts = parseResponse(String(res.headers.get("content-type")), res.data);
    expect(parts.map((p) => p.status)).toEqual([200, 200, 409, 404]);
    expect(parts[0]?.contentId).toBe("<response-item1>");
    expect(parts[0]?.body).toMatchObject({ id: "batchevent1", summary: "B1" });
    expect(parts[2]?.body).toMatchObject({ error: { code: 409, errors: [{ reason: "duplicate" }] } });
    const counters = await control(emu).counters();
    expect(counters["calendar.events.insert"]).toBe(3);
    expect(counters["calendar.events.get"]).toBe(1);
  });
});

describe("quotas", () => {
  it("answers 403 userRateLimitExceeded past the per-user limit", async () => {
    await control(emu).setQuotas({ enabled: true, perUserPerMinute: 3, perProjectPerMinute: 100 });
    for (let i = 0; i < 3; i++) await c.cal.calendarList.list();
    const err = await apiError(c.cal.calendarList.list({}, { retry: false }));
    expect(err).toMatchObject({ status: 403, reason: "userRateLimitExceeded" });
    await control(emu).advanceClock(61_000);
    expect((await c.cal.calendarList.list()).status).toBe(200);
  });

  it("answers rateLimitExceeded past the per-project limit, shared by all users", async () => {
    const other = await connect(emu, "bob@example.com");
    await control(emu).setQuotas({ enabled: true, perUserPerMinute: 100, perProjectPerMinute: 2, status: 429 });
    await c.cal.calendarList.list();
    await other.cal.calendarList.list();
    const err = await apiError(c.cal.calendarList.list({}, { retry: false }));
    expect(err).toMatchObject({ status: 429, reason: "rateLimitExceeded" });
  });

  it("is off by default", async () => {
    for (let i = 0; i < 20; i++) await c.cal.calendarList.list();
  });
});
