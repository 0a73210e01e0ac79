import { TZDate } from "@date-fns/tz";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { googleCalendars, googleEvents } from "../../db/schema";
import { createSyncHarness, type SyncHarness } from "./sync-harness";

/**
 * Imported events through the emulator, by Google's rules: all-day dates in the calendar's own zone (events.list
 * `timeZone`), and availability as Google decides it (`core/busy-rule.ts`): a declined invitation and a working
 * location are free, out of office and focus time busy. The company (Acme) is in Australia/Sydney; Aisha's Google
 * calendar is in America/Los_Angeles.
 */
const GOOGLE_EMAIL = "aisha.field@gmail.com";
const LA = "America/Los_Angeles";
let h: SyncHarness;
let aishaId: string;
let calendarRowId: string;

const day = (daysAhead: number) => new Date(Date.now() + daysAhead * 86_400_000).toISOString().slice(0, 10);
const at = (daysAhead: number, hour: number) => `${day(daysAhead)}T${String(hour).padStart(2, "0")}:00:00Z`;
const windowStart = new Date(`${day(3)}T00:00:00Z`);
const windowEnd = new Date(`${day(5)}T00:00:00Z`);

const imported = () => h.app.handle.db.select().from(googleEvents).where(and(eq(googleEvents.calendarRowId, calendarRowId), eq(googleEvents.kind, "foreign")));
const bySummary = async (summary: string) => (await imported()).find((e) => e.summary === summary);

beforeAll(async () => {
  h = await createSyncHarness();
  await h.control.addUser(GOOGLE_EMAIL, "Aisha", LA);
  const create = (event: Parameters<SyncHarness["control"]["createEvent"]>[2]) => h.control.createEvent(GOOGLE_EMAIL, GOOGLE_EMAIL, event);
  await create({ summary: "Conference", start: { date: day(4) }, end: { date: day(5) } });
  await create({ summary: "Client call", start: { dateTime: at(4, 1) }, end: { dateTime: at(4, 2) } });
  // An invitation from someone else that Aisha declined: it stays in her calendar, opaque, with her answer.
  await create({
    summary: "Vendor pitch",
    organizer: { email: "vendor@example.com" },
    attendees: [{ email: "vendor@example.com", responseStatus: "accepted" }, { email: GOOGLE_EMAIL, responseStatus: "declined" }],
    start: { dateTime: at(4, 2) },
    end: { dateTime: at(4, 3) },
  });
  await create({
    summary: "Working from home",
    eventType: "workingLocation",
    visibility: "public",
    transparency: "transparent",
    workingLocationProperties: { type: "homeOffice", homeOffice: {} },
    start: { dateTime: at(4, 0) },
    end: { dateTime: at(4, 8) },
  });
  await create({ summary: "Away", eventType: "outOfOffice", start: { dateTime: at(4, 3) }, end: { dateTime: at(4, 4) } });
  await create({ summary: "Deep work", eventType: "focusTime", start: { dateTime: at(4, 4) }, end: { dateTime: at(4, 5) } });
  aishaId = (await h.connect("acme", "Aisha", GOOGLE_EMAIL)).fieldworkerId;
  await h.settle();
  const [primary] = await h.app.handle.db.select().from(googleCalendars).where(eq(googleCalendars.googleCalendarId, GOOGLE_EMAIL));
  calendarRowId = primary!.id;
});
afterAll(() => h?.close());

describe("all-day events", () => {
  it("start and end at midnight in the Google calendar's own zone, not the company's", async () => {
    const conference = await bySummary("Conference");
    const [y, m, d] = day(4).split("-").map(Number) as [number, number, number];
    expect(conference).toMatchObject({ allDay: true });
    expect(conference?.startsAt.toISOString()).toBe(new Date(new TZDate(y, m - 1, d, LA).getTime()).toISOString());
    expect(conference?.endsAt.toISOString()).toBe(new Date(new TZDate(y, m - 1, d + 1, LA).getTime()).toISOString());
  });
});

describe("availability by Google's rules", () => {
  it("stores each event's type, transparency and Aisha's own answer, and whether that makes her busy", async () => {
    expect(await bySummary("Client call")).toMatchObject({ busy: true, eventType: "default", transparency: "opaque", selfResponseStatus: null });
    expect(await bySummary("Vendor pitch")).toMatchObject({ busy: false, eventType: "default", transparency: "opaque", selfResponseStatus: "declined" });
    expect(await bySummary("Working from home")).toMatchObject({ busy: false, eventType: "workingLocation", transparency: "transparent" });
    expect(await bySummary("Away")).toMatchObject({ busy: true, eventType: "outOfOffice" });
    expect(await bySummary("Deep work")).toMatchObject({ busy: true, eventType: "focusTime" });
  });

  it("warns of double booking only for busy time: out of office and focus time, not declined or working location", async () => {
    const admin = await h.app.callerAs("admin@acme.test");
    const overlaps = await admin.calendar.busyOverlaps({ fieldworkerIds: [aishaId], startsAt: new Date(at(4, 0)), endsAt: new Date(at(4, 8)) });
    expect(overlaps.map((o) => o.title).sort()).toEqual(["Away", "Client call", "Deep work"]);
  });

  it("shows admins every event with why it is free or busy, and a busy-only view only the busy time", async () => {
    const admin = await h.app.callerAs("admin@acme.test");
    const range = { start: windowStart, end: windowEnd, fieldworkerIds: [aishaId] };
    const details = (await admin.calendar.range(range)).google;
    expect(Object.fromEntries(details.filter((e) => !e.allDay).map((e) => [e.title, e.availability]))).toEqual({
      "Client call": "Busy",
      "Vendor pitch": "Free (invitation declined)",
      "Working from home": "Free (working location)",
      Away: "Busy (out of office)",
      "Deep work": "Busy (focus time)",
    });

    await h.app.handle.db.update(googleCalendars).set({ privacy: "busy" }).where(eq(googleCalendars.id, calendarRowId));
    const busyOnly = (await admin.calendar.range(range)).google;
    expect(busyOnly.map((e) => [e.title, e.availability, e.startsAt.toISOString()]).sort()).toEqual(
      [
        ["Busy", "Busy", new Date(at(4, 1)).toISOString()],
        ["Busy", "Busy", new Date(at(4, 3)).toISOString()],
        ["Busy", "Busy", new Date(at(4, 4)).toISOString()],
        ["Busy", "Busy", busyOnly.find((e) => e.allDay)?.startsAt.toISOString()],
      ].sort(),
    );
    // The fieldworker still sees all of her own events.
    const own = await h.app.callerAs("aisha@acme.test");
    expect((await own.calendar.range(range)).google).toHaveLength(6);
    await h.app.handle.db.update(googleCalendars).set({ privacy: "details" }).where(eq(googleCalendars.id, calendarRowId));
  });

  it("follows a later answer: declining an accepted invitation frees the time", async () => {
    const invite = await h.control.createEvent(GOOGLE_EMAIL, GOOGLE_EMAIL, {
      summary: "Team sync",
      organizer: { email: "boss@example.com" },
      attendees: [{ email: "boss@example.com", responseStatus: "accepted" }, { email: GOOGLE_EMAIL, responseStatus: "accepted" }],
      start: { dateTime: at(4, 6) },
      end: { dateTime: at(4, 7) },
    });
    await h.settle();
    expect(await bySummary("Team sync")).toMatchObject({ busy: true, selfResponseStatus: "accepted" });
    await h.control.patchEvent(GOOGLE_EMAIL, GOOGLE_EMAIL, invite.id ?? "", {
      attendees: [{ email: "boss@example.com", responseStatus: "accepted" }, { email: GOOGLE_EMAIL, responseStatus: "declined" }],
    });
    await h.settle();
    expect(await bySummary("Team sync")).toMatchObject({ busy: false, selfResponseStatus: "declined" });
  });
});
