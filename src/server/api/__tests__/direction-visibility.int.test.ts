import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSyncHarness, type SyncHarness } from "../../sync/__tests__/sync-harness";

/**
 * Switching the company's sync direction takes effect at once on what the calendar shows: "FieldSync → Google
 * only" imports nothing, so imported Google events disappear from the calendar (and from the double-booking
 * warning) the moment it is saved; switching back brings them back, current, through a pull.
 */
const GOOGLE_EMAIL = "aisha.direction@gmail.com";
const DAY_MS = 86_400_000;
let h: SyncHarness;
let aishaId: string;

const inTwoDays = (hour: number) => {
  const d = new Date(Date.now() + 2 * DAY_MS);
  d.setUTCHours(hour, 0, 0, 0);
  return d;
};
const slot = (hour: number) => ({ start: { dateTime: inTwoDays(hour).toISOString() }, end: { dateTime: inTwoDays(hour + 1).toISOString() } });
const range = () => ({ start: new Date(Date.now() - DAY_MS), end: new Date(Date.now() + 7 * DAY_MS) });

async function importedTitles(as: "admin@acme.test" | "aisha@acme.test") {
  const caller = await h.app.callerAs(as);
  return (await caller.calendar.range(range())).google.map((e) => e.title).sort();
}
async function setDirection(direction: "two_way" | "app_to_google") {
  await (await h.app.callerAs("admin@acme.test")).integrations.save({ mode: "shared", syncDirection: direction, sendInvitations: false });
}

beforeAll(async () => {
  h = await createSyncHarness({ bookingCount: 0 });
  aishaId = (await h.connect("acme", "Aisha", GOOGLE_EMAIL)).fieldworkerId;
  await h.settle();
  await h.control.createEvent(GOOGLE_EMAIL, GOOGLE_EMAIL, { summary: "Physio", ...slot(1) });
  await h.settle();
}, 60_000);
afterAll(() => h?.close());

describe("changing the sync direction", () => {
  it("hides imported Google events as soon as FieldSync → Google only is saved, for admins and the fieldworker", async () => {
    expect(await importedTitles("admin@acme.test")).toEqual(["Physio"]);
    await setDirection("app_to_google");
    // No job has run: the change shows at once.
    expect(await importedTitles("admin@acme.test")).toEqual([]);
    expect(await importedTitles("aisha@acme.test")).toEqual([]);
    const admin = await h.app.callerAs("admin@acme.test");
    expect(await admin.calendar.busyOverlaps({ fieldworkerIds: [aishaId], startsAt: inTwoDays(1), endsAt: inTwoDays(2) })).toEqual([]);
  });

  it("switching back brings them back through a sync, with what changed in Google meanwhile", async () => {
    await h.control.createEvent(GOOGLE_EMAIL, GOOGLE_EMAIL, { summary: "School run", ...slot(3) });
    await h.settle();
    expect(await importedTitles("admin@acme.test")).toEqual([]);
    await setDirection("two_way");
    await h.settle();
    expect(await importedTitles("admin@acme.test")).toEqual(["Physio", "School run"]);
    const admin = await h.app.callerAs("admin@acme.test");
    expect((await admin.calendar.busyOverlaps({ fieldworkerIds: [aishaId], startsAt: inTwoDays(1), endsAt: inTwoDays(2) })).map((e) => e.title)).toEqual(["Physio"]);
  });
});
