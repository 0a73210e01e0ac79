import { describe, expect, it } from "vitest";
import { busiestWindow } from "../call-meter";
import { controlClient } from "../control-client";
import type { Emulator } from "../index";
import { connect, type Connected, emulatorPerFile } from "./helpers";

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

const BOUNDARY = "batch_meter";
const part = (id: number, path: string, body: unknown) =>
  [`--${BOUNDARY}`, "Content-Type: application/http", `Content-ID: <item${id}>`, "", `POST ${path} HTTP/1.1`, "Content-Type: application/json", "", JSON.stringify(body)].join("\r\n");

describe("the call meter", () => {
  it("counts every call inside a batch against its user, as Google's quota does", async () => {
    const meter = controlClient(emu.url);
    await meter.resetCallMeter();
    const path = `/calendar/v3/calendars/${encodeURIComponent(calendarId)}/events`;
    const parts = Array.from({ length: 5 }, (_, i) => part(i, path, { summary: `M${i}`, start: { date: "2030-01-01" }, end: { date: "2030-01-02" } }));
    await c.oauth.request<string>({
      url: `${emu.url}/batch/calendar/v3`,
      method: "POST",
      headers: { "Content-Type": `multipart/mixed; boundary=${BOUNDARY}` },
      data: `${parts.join("\r\n")}\r\n--${BOUNDARY}--`,
      responseType: "text",
    });
    await c.cal.events.list({ calendarId });
    const report = await meter.callMeter();
    expect(report["ann@example.com"]).toMatchObject({ calls: 6, busiestMinute: 6 });
  });

  it("finds the busiest 60-second window, end excluded", () => {
    expect(busiestWindow([0, 10, 59_999, 60_000, 60_001, 130_000], 60_000)).toMatchObject({ calls: 6, busiestMinute: 4, busiestMinuteStartsAt: 10 });
    expect(busiestWindow([0, 60_000, 120_000], 60_000)).toMatchObject({ busiestMinute: 1 });
    expect(busiestWindow([], 60_000)).toMatchObject({ calls: 0, busiestMinute: 0, busiestMinuteStartsAt: null });
  });
});
