import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { googleAccounts, googleCalendars, googleChannels, googleEvents } from "../../db/schema";
import { runCronSweep } from "../triggers/cron-sweep";
import { createSyncHarness, type SyncHarness } from "./sync-harness";

/**
 * Calendars created in Google after connecting are offered in "Customize display calendar" as soon as it
 * opens (at most one Google read a minute per account), and by the hourly sweep; a calendar deleted in Google
 * disappears with its imported events and its watch channel.
 */
const GOOGLE_EMAIL = "maria.lists@gmail.com";
const DAY_MS = 86_400_000;
let h: SyncHarness;
let accountId: string;

const inTwoDays = (hour: number) => {
  const d = new Date(Date.now() + 2 * DAY_MS);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};
const maria = () => h.app.callerAs("maria@acme.test");
async function offered() {
  const mine = await (await maria()).googleSync.myCalendars();
  return mine.connected ? mine.calendars.map((c) => c.summary).sort() : [];
}
async function importedTitles() {
  const range = { start: new Date(Date.now() - DAY_MS), end: new Date(Date.now() + 7 * DAY_MS) };
  return (await (await maria()).calendar.range(range)).google.map((e) => e.title).sort();
}
/** As if the last read of the list was this long ago. */
async function listReadAgo(ms: number) {
  await h.app.handle.db.update(googleAccounts).set({ calendarListRefreshedAt: new Date(Date.now() - ms) }).where(eq(googleAccounts.id, accountId));
}

beforeAll(async () => {
  h = await createSyncHarness({ bookingCount: 0 });
  accountId = (await h.connect("acme", "Maria", GOOGLE_EMAIL)).accountId;
  await h.settle();
}, 60_000);
afterAll(() => h?.close());

describe("the Google calendar list", () => {
  it("offers a calendar created in Google as soon as the dialog asks, and imports its events", async () => {
    expect(await offered()).toEqual([GOOGLE_EMAIL]);
    const created = await h.control.createCalendar(GOOGLE_EMAIL, { summary: "Side jobs" });
    await h.control.createEvent(GOOGLE_EMAIL, created.id, { summary: "Quote visit", start: { dateTime: inTwoDays(1) }, end: { dateTime: inTwoDays(2) } });
    await listReadAgo(2 * 60_000);

    expect(await (await maria()).googleSync.refreshCalendarList()).toEqual({ queued: 1 });
    await h.settle();
    expect(await offered()).toEqual([GOOGLE_EMAIL, "Side jobs"].sort());
    expect(await importedTitles()).toContain("Quote visit");
    const [row] = await h.app.handle.db.select().from(googleCalendars).where(eq(googleCalendars.googleCalendarId, created.id));
    expect((await h.control.channels()).items.some((c) => c.live && c.calendarId === created.id)).toBe(true);
    expect(row?.selected).toBe(true);
  });

  it("reads Google at most once a minute per account, however often the dialog opens", async () => {
    await h.control.resetCounters();
    expect(await (await maria()).googleSync.refreshCalendarList()).toEqual({ queued: 0 });
    await h.settle();
    expect((await h.control.counters())["calendar.calendarList.list"] ?? 0).toBe(0);
    // An admin opening the dialog refreshes every account of the company, under the same limit.
    await listReadAgo(61_000);
    const admin = await h.app.callerAs("admin@acme.test");
    expect(await admin.googleSync.refreshCalendarList()).toEqual({ queued: 1 });
    expect(await admin.googleSync.refreshCalendarList()).toEqual({ queued: 1 });
    await h.settle();
    expect((await h.control.counters())["calendar.calendarList.list"]).toBe(1);
  });

  it("drops a calendar deleted in Google, with its imported events and its channel", async () => {
    const [row] = await h.app.handle.db.select().from(googleCalendars).where(eq(googleCalendars.summary, "Side jobs"));
    await h.control.deleteCalendar(GOOGLE_EMAIL, row!.googleCalendarId);
    await listReadAgo(2 * 60_000);
    await (await maria()).googleSync.refreshCalendarList();
    await h.settle();
    expect(await offered()).toEqual([GOOGLE_EMAIL]);
    expect(await importedTitles()).not.toContain("Quote visit");
    expect(await h.app.handle.db.select().from(googleEvents).where(eq(googleEvents.calendarRowId, row!.id))).toHaveLength(0);
    expect(await h.app.handle.db.select().from(googleChannels).where(eq(googleChannels.calendarRowId, row!.id))).toHaveLength(0);
  });

  it("the sweep re-reads a list older than an hour, so a new calendar arrives without anyone opening the dialog", async () => {
    await h.control.createCalendar(GOOGLE_EMAIL, { summary: "Volunteering" });
    await listReadAgo(61 * 60_000);
    const report = await runCronSweep(h.app.handle.db, { budgetMs: 20_000 });
    expect(report.calendarListsQueued).toBe(1);
    await h.settle();
    expect(await offered()).toContain("Volunteering");
  });
});
