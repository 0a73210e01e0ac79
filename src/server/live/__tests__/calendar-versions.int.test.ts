import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "../../db/client";
import { readCalendarVersion } from "../../db/queries/calendar-versions";
import { calendarChangeMarks, googleCalendars, syncLog, unavailableBlocks } from "../../db/schema";
import { bookingEventId } from "../../sync/core/event-ids";
import { createSyncHarness, type SyncHarness } from "../../sync/__tests__/sync-harness";
import { createCalendarChangeFeed } from "../calendar-change-feed";

/**
 * Issue #16: every write an open calendar shows moves its company's version, in the same transaction, and
 * nothing else does; the `calendar.changes` subscription delivers the versions (LISTEN on Postgres and PGlite,
 * the shared poll behind a transaction pooler).
 */
const GOOGLE_EMAIL = "tom.live@gmail.com";
const DAY_MS = 86_400_000;
let h: SyncHarness;
let tomId: string;

const db = () => h.app.handle.db;
const acmeId = () => h.app.acme.company.id;
const betaId = () => h.app.beta.company.id;
const admin = () => h.app.callerAs("admin@acme.test");
const version = (companyId = acmeId()) => readCalendarVersion(db(), companyId);
const slot = (dayOffset: number, hour: number) => {
  const startsAt = new Date(Date.now() + dayOffset * DAY_MS);
  startsAt.setUTCHours(hour, 0, 0, 0);
  return { startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000) };
};

async function bookingForTom(hour: number) {
  const booking = await (await admin()).bookings.create({
    customerId: h.app.acme.customers[0]!.id,
    statusId: h.app.acme.statuses.find((s) => s.name === "Confirmed")!.id,
    serviceName: "Live update check",
    amount: "90",
    suburb: "Newtown",
    addresses: [],
    ...slot(3, hour),
    fieldworkerIds: [tomId],
  });
  return booking.id;
}

/** The version before and after `change`, and Beta's (which must not move). */
async function versionsAround(change: () => Promise<unknown>) {
  const before = await version();
  const betaBefore = await version(betaId());
  await change();
  return { before, after: await version(), betaMoved: (await version(betaId())) !== betaBefore };
}

beforeAll(async () => {
  h = await createSyncHarness({ bookingCount: 0 });
  tomId = (await h.connect("acme", "Tom", GOOGLE_EMAIL)).fieldworkerId;
  await h.settle();
}, 60_000);
afterAll(() => h?.close());

describe(`the calendar version on ${process.env.DATABASE_URL ? "Postgres" : "PGlite"}`, () => {
  it("moves when an admin creates, moves or deletes a booking, and only for that company", async () => {
    let bookingId = "";
    const created = await versionsAround(async () => (bookingId = await bookingForTom(1)));
    expect(created.after).toBeGreaterThan(created.before);
    expect(created.betaMoved).toBe(false);
    await h.settle();

    const moved = await versionsAround(async () => (await admin()).bookings.reschedule({ id: bookingId, ...slot(4, 2) }));
    expect(moved.after).toBeGreaterThan(moved.before);
    const deleted = await versionsAround(async () => (await admin()).bookings.delete({ id: bookingId }));
    expect(deleted.after).toBeGreaterThan(deleted.before);
    expect(deleted.betaMoved).toBe(false);
    await h.settle();
  });

  it("moves when a fieldworker adds unavailable time", async () => {
    const tom = await h.app.callerAs("tom@acme.test");
    const { before, after } = await versionsAround(() => tom.unavailable.create({ ...slot(5, 3), note: "Dentist" }));
    expect(after).toBeGreaterThan(before);
    await h.settle();
  });

  it("moves when a push result is recorded (the booking's Google copy)", async () => {
    await bookingForTom(4);
    const { before, after } = await versionsAround(() => h.settle());
    expect(after).toBeGreaterThan(before);
  });

  it("moves when a change made in Google is pulled, and the range read at that version shows it", async () => {
    const { before, after } = await versionsAround(async () => {
      await h.control.createEvent(GOOGLE_EMAIL, GOOGLE_EMAIL, { summary: "Gym (live)", ...googleSlot(6, 5) });
      await h.settle();
    });
    expect(after).toBeGreaterThan(before);
    const range = await (await admin()).calendar.range({ start: new Date(), end: new Date(Date.now() + 14 * DAY_MS) });
    expect(range.version).toBe(after);
    expect(range.google.map((e) => e.title)).toContain("Gym (live)");
  });

  it("moves when a booking deleted in Google becomes a conflict", async () => {
    const bookingId = await bookingForTom(6);
    await h.settle();
    const calendar = await h.companyCalendarOf(tomId);
    const { before, after } = await versionsAround(async () => {
      await h.control.deleteEvent(GOOGLE_EMAIL, calendar.googleCalendarId, bookingEventId(bookingId));
      await h.settle();
    });
    expect(after).toBeGreaterThan(before);
    const range = await (await admin()).calendar.range({ start: new Date(), end: new Date(Date.now() + 14 * DAY_MS) });
    expect(range.bookings.find((b) => b.id === bookingId)?.notInGoogle).toBe(true);
  });

  it("moves when an admin changes the sync direction (which hides or shows imported events), or renames a status", async () => {
    const save = async (syncDirection: "two_way" | "app_to_google") => (await admin()).integrations.save({ mode: "shared", syncDirection, sendInvitations: false });
    const hidden = await versionsAround(() => save("app_to_google"));
    expect(hidden.after).toBeGreaterThan(hidden.before);
    const shown = await versionsAround(() => save("two_way"));
    expect(shown.after).toBeGreaterThan(shown.before);
    await h.settle();
    const status = h.app.acme.statuses.find((s) => s.name === "Confirmed")!;
    const renamed = await versionsAround(async () => (await admin()).bookingStatuses.update({ id: status.id, name: "Confirmed (live)" }));
    expect(renamed.after).toBeGreaterThan(renamed.before);
    expect(renamed.betaMoved).toBe(false);
    await (await admin()).bookingStatuses.update({ id: status.id, name: status.name });
  });

  it("stays put for writes the calendar does not show: a calendar marked dirty, sync log lines, an idle job run", async () => {
    const { before, after } = await versionsAround(async () => {
      await db().update(googleCalendars).set({ dirty: true, syncToken: "unchanged-token-placeholder" }).where(eq(googleCalendars.googleCalendarId, "no-such-calendar"));
      await db().update(googleCalendars).set({ dirty: false }).where(eq(googleCalendars.isCompanyCalendar, true));
      await db().insert(syncLog).values({ companyId: acmeId(), direction: "system", action: "test", outcome: "ok" });
      await h.runJobs();
    });
    expect(after).toBe(before);
  });

  it("moves once for a transaction of many statements and rows, and not at all when it rolls back", async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ companyId: acmeId(), fieldworkerId: tomId, ...slot(20 + i, 1), note: `bulk ${i}` }));
    const once = await versionsAround(() =>
      db().transaction(async (tx) => {
        await tx.insert(unavailableBlocks).values(rows.slice(0, 20));
        await tx.insert(unavailableBlocks).values(rows.slice(20));
        await tx.update(unavailableBlocks).set({ note: "bulk, edited" }).where(eq(unavailableBlocks.fieldworkerId, tomId));
      }),
    );
    expect(once.after).toBe(once.before + 1);

    const rolledBack = await versionsAround(() =>
      db()
        .transaction(async (tx) => {
          await tx.delete(unavailableBlocks).where(eq(unavailableBlocks.fieldworkerId, tomId));
          throw new Error("changed my mind");
        })
        .catch(() => undefined),
    );
    expect(rolledBack.after).toBe(rolledBack.before);
    expect(await db().select({ n: sql<number>`count(*)::int` }).from(calendarChangeMarks)).toEqual([{ n: 0 }]);
  });

  it.runIf(process.env.DATABASE_URL)("counts concurrent writers of one company one each, in commit order", async () => {
    const before = await version();
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        db().transaction(async (tx) => {
          await tx.insert(unavailableBlocks).values({ companyId: acmeId(), fieldworkerId: tomId, ...slot(70 + i, 2), note: `concurrent ${i}` });
          await tx.execute(sql`select pg_sleep(0.02)`);
        }),
      ),
    );
    expect(await version()).toBe(before + 6);
  });
});

describe("the calendar.changes subscription", () => {
  /** A subscription as a browser holds it: `leave()` aborts it, as closing the page does. */
  async function subscribe(lastEventId: string | null) {
    const browser = new AbortController();
    const caller = await h.app.callerAs("admin@acme.test", { signal: browser.signal });
    const stream = (await caller.calendar.changes({ lastEventId }))[Symbol.asyncIterator]();
    return { next: async () => sent(await stream.next()), leave: () => browser.abort() };
  }

  it("sends the current version, then each version another user's edit makes", async () => {
    const stream = await subscribe(null);
    try {
      const first = await stream.next();
      expect(first).toEqual({ id: String(await version()), version: await version() });
      const tom = await h.app.callerAs("tom@acme.test");
      await tom.unavailable.create({ ...slot(9, 4), note: "Live from another user" });
      const second = await stream.next();
      expect(second).toEqual({ id: String(await version()), version: await version() });
      expect(second.version).toBeGreaterThan(first.version);
    } finally {
      stream.leave();
    }
  });

  it("on a reconnect with the current version sends nothing until the next change; with an older one, the current at once", async () => {
    const current = await version();
    const stale = await subscribe(String(current - 1));
    const upToDate = await subscribe(String(current));
    try {
      expect((await stale.next()).version).toBe(current);
      const next = upToDate.next();
      await bookingForTom(7);
      expect((await next).version).toBe(current + 1);
    } finally {
      stale.leave();
      upToDate.leave();
      await h.settle();
    }
  });

  it("is fed by LISTEN where the database allows it (Postgres direct, PGlite), and by the shared poll otherwise", async () => {
    expect(Boolean(h.app.handle.listen)).toBe(!/pgbouncer=true|:6543\//.test(process.env.DATABASE_URL ?? ""));
    for (const options of [{ listen: h.app.handle.listen }, { pollIntervalMs: 50 }]) {
      await expectFeedDelivers(options);
    }
  });

  it.runIf(process.env.DATABASE_URL && !throughPgBouncer)("behind a transaction pooler, LISTENs on DATABASE_LISTEN_URL's direct connection, and has no LISTEN without it", async () => {
    const direct = h.app.handle.url ?? "";
    const pooled = new URL(direct);
    pooled.searchParams.set("pgbouncer", "true");
    const withListenUrl = await openDb({ url: pooled.toString(), listenUrl: direct });
    const without = await openDb({ url: pooled.toString() });
    try {
      expect(without.listen).toBeUndefined();
      expect(withListenUrl.listen).toBeDefined();
      await expectFeedDelivers({ listen: withListenUrl.listen }, withListenUrl.db);
    } finally {
      await withListenUrl.close();
      await without.close();
    }
  });

  /** A feed built with `options` hears the version another user's edit makes (a notification, or the next poll). */
  async function expectFeedDelivers(options: NonNullable<Parameters<typeof createCalendarChangeFeed>[1]>, feedDb = db()) {
    const feed = createCalendarChangeFeed(feedDb, options);
    try {
      expect(feed.mode).toBe(options.listen ? "listen" : "poll");
      const before = await version();
      const heard = new Promise<number>((resolve) => {
        feed.watch(acmeId(), (v) => {
          if (v > before) resolve(v);
        });
      });
      await (await h.app.callerAs("tom@acme.test")).unavailable.create({ ...slot(12, 5), note: `feed ${feed.mode}` });
      expect(await heard).toBe(await version());
    } finally {
      await feed.close();
    }
  }
});

/**
 * What the subscription sent. Through a server-side caller tracked(id, data) arrives as the envelope itself,
 * [id, data, marker], though the caller's types describe it as { id, data } (what a browser receives).
 */
function sent(result: IteratorResult<unknown>) {
  if (result.done) throw new Error("the stream ended");
  const [id, data] = result.value as readonly [string, { version: number }];
  return { id, version: data.version };
}

const throughPgBouncer = /pgbouncer=true|:6543\//.test(process.env.DATABASE_URL ?? "");

function googleSlot(dayOffset: number, hour: number) {
  const { startsAt, endsAt } = slot(dayOffset, hour);
  return { start: { dateTime: startsAt.toISOString() }, end: { dateTime: endsAt.toISOString() } };
}
