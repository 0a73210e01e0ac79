/**
 * Property: whatever happens in FieldSync, in Google and on the wire — in any order, under faults — once the
 * faults stop and the cron has swept, Google and FieldSync agree (DESIGN §2). fast-check generates a
 * direction and a list of operations; each run executes them against the real tRPC procedures, the
 * emulator's control API (acting as Google users) and the real job runner, then quiesces and checks the
 * invariants in convergence-model.ts.
 *
 * Runs share one database and one emulator (a fresh app per run would cost seconds each), so a run starts
 * from whatever the previous runs left — which is itself a test: every run's invariants cover the whole
 * company, not just what that run touched. Reproduce a failure with the printed seed:
 * `CONVERGENCE_SEED=<seed> SOAK_RUNS=<runs> npx vitest run src/server/sync/__tests__/convergence.int.test.ts`
 * (shrinking is off: with shared state a shrunk case would not replay the same history).
 *
 * How the harder faults are simulated:
 * - "worker dies after the Google call, before its commit": claim one due job, run it for real, then put
 *   its google_events rows back as they were before and hand the job back as `running` with an expired
 *   lease — exactly what the database holds when the process died before committing.
 * - "two workers racing": two `runDueJobs` at once on the same database.
 * - token revocation: the emulator revokes the grant and the stored access token is aged, so the next call
 *   refreshes → invalid_grant; at quiesce the fieldworker reconnects through the real OAuth flow (only
 *   the first fieldworker of a shared account does, as a person would).
 * - long outages and quota storms (issues #12, #15): a fault that lasts minutes (503s, or 401s that a token
 *   refresh does not cure) or hours (403 quotaExceeded for the shared app's whole project, or
 *   userRateLimitExceeded for one account) while workers keep running on a simulated clock that moves with
 *   the emulator's; transient errors must never end a job, so after quiescing no job is failed.
 * Quiescing: faults cleared, notifications delivered, every calendar's `last_pulled_at` aged past the
 * 6-hour overdue mark (the cron's safety net for dropped notifications), then `runCronSweep` rounds with
 * pending jobs' `run_after` reset to now, so backoff delays don't make the test wait.
 */
import { TRPCError } from "@trpc/server";
import fc from "fast-check";
import { and, count, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookingAssignments, bookingStatuses, bookings, googleAccounts, googleCalendars, googleEvents, googleProjectBackoffs, googleQuotaWindows, syncJobs, syncLog } from "../../db/schema";
import { PRIVATE_KEYS, type SyncDirection } from "../core/types";
import { outbox } from "../outbox";
import { runClaimedJob, runDueJobs, type RunReport } from "../jobs/run-jobs";
import { runCronSweep } from "../triggers/cron-sweep";
import { seriesInstances } from "../../../../emulator/series-instances";
import { checkInvariants, ConvergenceModel, type InvariantCounts } from "./convergence-model";
import { createSyncHarness, type SyncHarness } from "./sync-harness";

const RUNS = Number(process.env.SOAK_RUNS ?? 12);
const SEED = Number(process.env.CONVERGENCE_SEED ?? 20_260_611);
const SHARED_EMAIL = "crew.shared@gmail.com";
const AISHA_EMAIL = "aisha.k@gmail.com";
const EMAILS = [SHARED_EMAIL, AISHA_EMAIL] as const;

type FaultKind = "403" | "429" | "500" | "latency" | "drop";
type Op =
  | { k: "createBooking"; day: number; slot: number; status: number; fws: number[] }
  | { k: "editBooking"; i: number; status: number; fws: number[]; text: number }
  | { k: "reschedule"; i: number; byMinutes: number }
  | { k: "setStatus"; i: number; status: number }
  | { k: "deleteBooking"; i: number }
  | { k: "addBlock"; fw: number; day: number; slot: number }
  | { k: "removeBlock"; i: number }
  | { k: "googleCreate"; account: number; day: number; slot: number }
  | { k: "googleMove"; i: number; byMinutes: number }
  | { k: "googleDelete"; i: number }
  | { k: "googleMoveOwn"; i: number; byMinutes: number }
  | { k: "googleDeleteOwn"; i: number }
  | { k: "googleMoveOwnOut"; i: number }
  | { k: "googleSeriesCreate"; account: number; day: number; slot: number; count: number }
  | { k: "googleInstanceMove"; i: number; which: number; byMinutes: number }
  | { k: "googleInstanceCancel"; i: number; which: number }
  | { k: "googleSeriesSplit"; i: number; which: number }
  | { k: "fault"; fault: FaultKind; count: number }
  | { k: "invalidateSyncTokens"; account: number }
  | { k: "revoke"; account: number }
  | { k: "outage"; status: 503 | 401; minutes: number }
  | { k: "quotaStorm"; scope: "project" | "account"; account: number; minutes: number }
  | { k: "runJobs" }
  | { k: "race" }
  | { k: "die" }
  | { k: "deliver" }
  | GoogleTypeOp;

const fws = fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 2 });
const day = fc.integer({ min: 1, max: 14 });
const slot = fc.integer({ min: 0, max: 8 });
const index = fc.nat(50);
const minutes = fc.constantFrom(-90, -30, 30, 60, 120);
// --- Event types and invitations (issue #15): Google-side events whose availability follows Google's rules. ---
type StatusEventType = "outOfOffice" | "focusTime" | "workingLocation" | "allDay";
type Answer = "accepted" | "declined" | "tentative" | "needsAction";
type GoogleTypeOp =
  | { k: "googleTyped"; account: number; day: number; slot: number; type: StatusEventType }
  | { k: "googleInvite"; account: number; day: number; slot: number; answer: Answer }
  | { k: "googleAnswer"; i: number; answer: Answer };
const answer = fc.constantFrom<Answer>("accepted", "declined", "tentative", "needsAction");
const googleTypeOps: fc.WeightedArbitrary<Op>[] = [
  {
    arbitrary: fc.record({
      k: fc.constant("googleTyped" as const),
      account: fc.nat(1),
      day,
      slot,
      type: fc.constantFrom<StatusEventType>("outOfOffice", "focusTime", "workingLocation", "allDay"),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ k: fc.constant("googleInvite" as const), account: fc.nat(1), day, slot, answer }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant("googleAnswer" as const), i: index, answer }), weight: 1 },
];

/** A status event or an all-day event in the account's primary calendar; timed ones join the movable foreign events. */
function typedEvent(op: Extract<GoogleTypeOp, { k: "googleTyped" }>, startsAt: Date): Parameters<SyncHarness["control"]["createEvent"]>[2] {
  const timed = { start: { dateTime: startsAt.toISOString() }, end: { dateTime: new Date(startsAt.getTime() + 3_600_000).toISOString() } };
  const summary = `Typed ${op.type} ${model.foreignEvents.length}`;
  if (op.type === "allDay") return { summary, start: { date: startsAt.toISOString().slice(0, 10) }, end: { date: new Date(startsAt.getTime() + 86_400_000).toISOString().slice(0, 10) } };
  if (op.type === "workingLocation") {
    return { summary, ...timed, eventType: op.type, visibility: "public", transparency: "transparent", workingLocationProperties: { type: "homeOffice", homeOffice: {} } };
  }
  return { summary, ...timed, eventType: op.type };
}

const invitees = (email: string, status: Answer) => [
  { email: "dispatch@partner.example", responseStatus: "accepted" },
  { email, responseStatus: status },
];

async function executeGoogleTypeOp(op: GoogleTypeOp): Promise<void> {
  switch (op.k) {
    case "googleTyped": {
      const email = EMAILS[op.account]!;
      const event = await h.control.createEvent(email, email, typedEvent(op, at(op.day, op.slot)));
      if (op.type !== "allDay") model.foreignEvents.push({ email, id: event.id! });
      return;
    }
    case "googleInvite": {
      const email = EMAILS[op.account]!;
      const startsAt = at(op.day, op.slot);
      const event = await h.control.createEvent(email, email, {
        summary: `Invitation ${model.invitations.length}`,
        organizer: { email: "dispatch@partner.example" },
        attendees: invitees(email, op.answer),
        start: { dateTime: startsAt.toISOString() },
        end: { dateTime: new Date(startsAt.getTime() + 3_600_000).toISOString() },
      });
      model.invitations.push({ email, id: event.id! });
      return;
    }
    case "googleAnswer": {
      const target = pick(model.invitations, op.i);
      if (target) await h.control.patchEvent(target.email, target.email, target.id, { attendees: invitees(target.email, op.answer) });
      return;
    }
  }
}
// --- end of event types and invitations ---

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ k: fc.constant("createBooking" as const), day, slot, status: fc.nat(4), fws }), weight: 4 },
  { arbitrary: fc.record({ k: fc.constant("editBooking" as const), i: index, status: fc.nat(4), fws, text: fc.nat(99) }), weight: 3 },
  { arbitrary: fc.record({ k: fc.constant("reschedule" as const), i: index, byMinutes: minutes }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant("setStatus" as const), i: index, status: fc.nat(4) }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant("deleteBooking" as const), i: index }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant("addBlock" as const), fw: fc.nat(3), day, slot }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant("removeBlock" as const), i: index }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant("googleCreate" as const), account: fc.nat(1), day, slot }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant("googleMove" as const), i: index, byMinutes: minutes }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant("googleDelete" as const), i: index }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant("googleMoveOwn" as const), i: index, byMinutes: minutes }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant("googleDeleteOwn" as const), i: index }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant("googleMoveOwnOut" as const), i: index }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant("googleSeriesCreate" as const), account: fc.nat(1), day, slot, count: fc.integer({ min: 2, max: 5 }) }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant("googleInstanceMove" as const), i: index, which: index, byMinutes: minutes }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant("googleInstanceCancel" as const), i: index, which: index }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant("googleSeriesSplit" as const), i: index, which: index }), weight: 1 },
  {
    arbitrary: fc.record({ k: fc.constant("fault" as const), fault: fc.constantFrom<FaultKind>("403", "429", "500", "latency", "drop"), count: fc.integer({ min: 1, max: 3 }) }),
    weight: 3,
  },
  { arbitrary: fc.record({ k: fc.constant("invalidateSyncTokens" as const), account: fc.nat(1) }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant("revoke" as const), account: fc.nat(1) }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant("outage" as const), status: fc.constantFrom<503 | 401>(503, 401), minutes: fc.integer({ min: 2, max: 8 }) }), weight: 2 },
  {
    arbitrary: fc.record({ k: fc.constant("quotaStorm" as const), scope: fc.constantFrom<"project" | "account">("project", "account"), account: fc.nat(1), minutes: fc.constantFrom(30, 90, 180) }),
    weight: 2,
  },
  { arbitrary: fc.constant({ k: "runJobs" as const }), weight: 3 },
  { arbitrary: fc.constant({ k: "race" as const }), weight: 2 },
  { arbitrary: fc.constant({ k: "die" as const }), weight: 2 },
  { arbitrary: fc.constant({ k: "deliver" as const }), weight: 2 },
  ...googleTypeOps,
);

const directionArb = fc.constantFrom<SyncDirection>("two_way", "app_to_google", "google_to_app");

let h: SyncHarness;
const model = new ConvergenceModel();
const SHARED_PROJECT = "FieldSync shared app";
/** Simulated time: workers and the cron read this clock, which moves together with the emulator's. */
let offsetMs = 0;
const clock = () => new Date(Date.now() + offsetMs);
async function passTime(ms: number) {
  offsetMs += ms;
  await h.control.advanceClock(ms);
}
/** Maria and Tom share one Google account; Aisha has her own; Ben is never connected. */
let pool: string[] = [];
const totals: InvariantCounts & { runs: number; ops: number; jobFailuresLogged: number; outageMinutes: number; quotaStormMinutes: number; parked: number; postponedForQuotaOrGrant: number; seriesCreated: number; occurrencesMoved: number; occurrencesCancelled: number; splits: number; movedOut: number } = {
  runs: 0,
  ops: 0,
  jobFailuresLogged: 0,
  outageMinutes: 0,
  seriesCreated: 0,
  occurrencesMoved: 0,
  occurrencesCancelled: 0,
  splits: 0,
  movedOut: 0,
  quotaStormMinutes: 0,
  parked: 0,
  postponedForQuotaOrGrant: 0,
  wantedCopies: 0,
  keptCancelled: 0,
  blocks: 0,
  foreignImported: 0,
  foreignFree: 0,
  openConflicts: 0,
  calendars: 0,
};

const db = () => h.app.handle.db;
const admin = () => h.app.callerAs("admin@acme.test");
const companyId = () => h.app.acme.company.id;
const statusAt = (i: number) => h.app.acme.statuses[i % h.app.acme.statuses.length]!;
const at = (daysAhead: number, slotIndex: number) => {
  const d = new Date(Date.now() + daysAhead * 86_400_000);
  d.setUTCHours(slotIndex * 2, 0, 0, 0);
  return d;
};
const pick = <T>(items: readonly T[], i: number): T | undefined => (items.length === 0 ? undefined : items[i % items.length]);

/** A booking or block that vanished meanwhile (deleted by another op, or in Google) is not an error. */
async function tolerateGone(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") return;
    throw error;
  }
}

async function noteBooking(bookingId: string) {
  const [row] = await db()
    .select({ pushes: bookingStatuses.pushToGoogle, deletes: bookingStatuses.deleteFromGoogle })
    .from(bookings)
    .innerJoin(bookingStatuses, eq(bookingStatuses.id, bookings.statusId))
    .where(eq(bookings.id, bookingId));
  if (!row) return;
  const assigned = (await db().select({ id: bookingAssignments.fieldworkerId }).from(bookingAssignments).where(eq(bookingAssignments.bookingId, bookingId))).map((a) => a.id);
  model.noteBookingState(bookingId, pool, { assigned, ...row });
}

async function updateBooking(bookingId: string, patch: { statusId?: string; fieldworkerIds?: string[]; serviceName?: string }) {
  const caller = await admin();
  const base = await caller.bookings.get({ id: bookingId });
  await caller.bookings.update({
    id: bookingId,
    customerId: base.customerId,
    statusId: patch.statusId ?? base.statusId,
    serviceName: patch.serviceName ?? base.serviceName,
    serviceDescription: base.serviceDescription,
    amount: `${Math.floor(base.amountCents / 100)}.${String(base.amountCents % 100).padStart(2, "0")}`,
    suburb: base.suburb,
    addresses: base.addresses,
    startsAt: base.startsAt,
    endsAt: base.endsAt,
    fieldworkerIds: patch.fieldworkerIds ?? base.fieldworkers.map((f) => f.id),
  });
}

async function companyCalendars(): Promise<{ email: string; calendarId: string }[]> {
  const rows = await db().select({ email: googleAccounts.email, calendarId: googleAccounts.companyCalendarId }).from(googleAccounts).where(isNotNull(googleAccounts.companyCalendarId));
  return rows.map((r) => ({ email: r.email, calendarId: r.calendarId! }));
}

/** The `which`-th live instance of the `i`-th live foreign series (exceptions in place of their instances). */
function liveInstance(i: number, which: number) {
  const live = model.foreignSeries.filter((s) => h.emulator.store.eventsOf(s.email).get(s.id)?.event.status === "confirmed");
  const series = pick(live, i);
  if (!series) return undefined;
  const calendar = h.emulator.store.calendars.get(series.email)!;
  const master = h.emulator.store.eventsOf(series.email).get(series.id)!.event;
  const instances = seriesInstances(h.emulator.store, calendar, master, new URLSearchParams());
  const instance = pick(instances, which);
  return instance?.id ? { email: series.email, seriesId: series.id, instance, index: instances.indexOf(instance) } : undefined;
}

/** FieldSync's own live events in Google, as the Google user sees them. */
async function ownEventsInGoogle(): Promise<{ email: string; calendarId: string; eventId: string; kind: string }[]> {
  const found: { email: string; calendarId: string; eventId: string; kind: string }[] = [];
  for (const { email, calendarId } of await companyCalendars()) {
    for (const { event } of h.emulator.store.eventsOf(calendarId).values()) {
      const kind = event.extendedProperties?.private?.[PRIVATE_KEYS.kind];
      if (event.status !== "cancelled" && kind && event.id) found.push({ email, calendarId, eventId: event.id, kind });
    }
  }
  return found.sort((a, b) => (a.eventId < b.eventId ? -1 : 1));
}

/** Every settlement but done/skipped writes exactly one retry/failed line to the sync log. */
function addReport(sum: { failures: number }, report: RunReport) {
  sum.failures += report.retried + report.parked + report.postponed + report.failed;
  totals.parked += report.parked;
  totals.postponedForQuotaOrGrant += report.postponed;
}

/** Workers keep running through a fault window on the simulated clock. */
async function workThrough(sum: { failures: number }, durationMs: number, stepMs: number) {
  for (let elapsed = 0; elapsed < durationMs; elapsed += stepMs) {
    addReport(sum, await runDueJobs(db(), { budgetMs: 10_000, random: () => 0.5, clock }));
    await h.emulator.drainNotifications();
    await passTime(stepMs);
  }
}

/** A worker that calls Google and dies before its transaction commits (see the file comment). */
async function runAndLoseCommit(sum: { failures: number }) {
  const [job] = await outbox.claim(db(), { limit: 1, now: clock() });
  if (!job) return;
  const copyFilter =
    job.kind === "push_booking" && job.bookingId && job.googleAccountId
      ? and(
          eq(googleEvents.bookingId, job.bookingId),
          inArray(googleEvents.calendarRowId, db().select({ id: googleCalendars.id }).from(googleCalendars).where(eq(googleCalendars.googleAccountId, job.googleAccountId))),
        )
      : job.kind === "push_unavailable" && job.unavailableBlockId
        ? eq(googleEvents.unavailableBlockId, job.unavailableBlockId)
        : undefined;
  const before = copyFilter ? await db().select().from(googleEvents).where(copyFilter) : [];
  const outcome = await runClaimedJob(db(), job, () => 0, clock);
  if (outcome !== "done" && outcome !== "skipped") sum.failures += 1;
  if (!copyFilter || outcome !== "done") return;
  await db().transaction(async (tx) => {
    await tx.delete(googleEvents).where(copyFilter);
    if (before.length > 0) await tx.insert(googleEvents).values(before);
    await tx.update(syncJobs).set({ status: "running", leaseUntil: new Date(Date.now() - 1_000) }).where(eq(syncJobs.id, job.id));
  });
}

async function execute(op: Op, sum: { failures: number }): Promise<void> {
  const caller = await admin();
  switch (op.k) {
    case "googleTyped":
    case "googleInvite":
    case "googleAnswer":
      return executeGoogleTypeOp(op);
    case "createBooking": {
      const status = statusAt(op.status);
      const startsAt = at(op.day, op.slot);
      const booking = await caller.bookings.create({
        customerId: pick(h.app.acme.customers, op.day)!.id,
        statusId: status.id,
        serviceName: `Job ${model.bookingIds.length}`,
        serviceDescription: "Generated by the convergence property",
        amount: `${100 + op.slot}.50`,
        suburb: "Newtown",
        addresses: [`${op.day} King St, Newtown NSW 2042`],
        startsAt,
        endsAt: new Date(startsAt.getTime() + 90 * 60_000),
        fieldworkerIds: op.fws.map((i) => pool[i]!),
      });
      model.bookingIds.push(booking.id);
      await noteBooking(booking.id);
      return;
    }
    case "editBooking": {
      const id = pick(model.bookingIds, op.i);
      if (!id) return;
      await tolerateGone(() => updateBooking(id, { statusId: statusAt(op.status).id, fieldworkerIds: op.fws.map((i) => pool[i]!), serviceName: `Job edited ${op.text}` }));
      await noteBooking(id);
      return;
    }
    case "reschedule": {
      const id = pick(model.bookingIds, op.i);
      if (!id) return;
      await tolerateGone(async () => {
        const base = await caller.bookings.get({ id });
        const shift = op.byMinutes * 60_000;
        await caller.bookings.reschedule({ id, startsAt: new Date(base.startsAt.getTime() + shift), endsAt: new Date(base.endsAt.getTime() + shift) });
      });
      return;
    }
    case "setStatus": {
      const id = pick(model.bookingIds, op.i);
      if (!id) return;
      await tolerateGone(() => updateBooking(id, { statusId: statusAt(op.status).id }));
      await noteBooking(id);
      return;
    }
    case "deleteBooking": {
      const id = pick(model.bookingIds, op.i);
      if (!id) return;
      const [row] = await db()
        .select({ deletes: bookingStatuses.deleteFromGoogle })
        .from(bookings)
        .innerJoin(bookingStatuses, eq(bookingStatuses.id, bookings.statusId))
        .where(eq(bookings.id, id));
      await tolerateGone(() => caller.bookings.delete({ id }));
      if (row) model.noteBookingState(id, pool, row.deletes ? "deleted-deleting" : "deleted-keeping");
      model.bookingIds.splice(model.bookingIds.indexOf(id), 1);
      return;
    }
    case "addBlock": {
      const startsAt = at(op.day, op.slot);
      const block = await caller.unavailable.create({ fieldworkerId: pool[op.fw]!, startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), note: `Away ${op.day}` });
      model.blockIds.push(block.id);
      return;
    }
    case "removeBlock": {
      const id = pick(model.blockIds, op.i);
      if (!id) return;
      await tolerateGone(() => caller.unavailable.delete({ id }));
      model.blockIds.splice(model.blockIds.indexOf(id), 1);
      return;
    }
    case "googleCreate": {
      const email = EMAILS[op.account]!;
      const startsAt = at(op.day, op.slot);
      const event = await h.control.createEvent(email, email, {
        summary: `Personal ${model.foreignEvents.length}`,
        start: { dateTime: new Date(startsAt.getTime() + 30 * 60_000).toISOString() },
        end: { dateTime: new Date(startsAt.getTime() + 90 * 60_000).toISOString() },
      });
      model.foreignEvents.push({ email, id: event.id! });
      return;
    }
    case "googleMove": {
      const target = pick(model.foreignEvents, op.i);
      if (target) await h.control.moveEvent(target.email, target.email, target.id, { byMinutes: op.byMinutes });
      return;
    }
    case "googleDelete": {
      const target = pick(model.foreignEvents, op.i);
      if (!target) return;
      await h.control.deleteEvent(target.email, target.email, target.id);
      model.foreignEvents.splice(model.foreignEvents.indexOf(target), 1);
      return;
    }
    case "googleMoveOwn": {
      const target = pick(await ownEventsInGoogle(), op.i);
      if (target) await h.control.moveEvent(target.email, target.calendarId, target.eventId, { byMinutes: op.byMinutes });
      return;
    }
    case "googleDeleteOwn": {
      const target = pick(await ownEventsInGoogle(), op.i);
      if (!target) return;
      await h.control.deleteEvent(target.email, target.calendarId, target.eventId);
      if (target.kind === "booking") model.deletedInGoogle.add(target.eventId);
      return;
    }
    case "googleMoveOwnOut": {
      // The user picks another calendar for our event in Google Calendar (events.move): a deletion for FieldSync.
      const target = pick(await ownEventsInGoogle(), op.i);
      // An earlier move left a copy with this id there: Google would refuse (409), so would the user.
      if (!target || h.emulator.store.eventsOf(target.email).get(target.eventId)?.event.status === "confirmed") return;
      await h.control.transferEvent(target.email, target.calendarId, target.eventId, target.email);
      if (target.kind === "booking") model.deletedInGoogle.add(target.eventId);
      totals.movedOut += 1;
      return;
    }
    case "googleSeriesCreate": {
      const email = EMAILS[op.account]!;
      const startsAt = at(op.day, op.slot);
      const series = await h.control.createEvent(email, email, {
        summary: `Weekly ${model.foreignSeries.length}`,
        start: { dateTime: new Date(startsAt.getTime() + 15 * 60_000).toISOString(), timeZone: "UTC" },
        end: { dateTime: new Date(startsAt.getTime() + 75 * 60_000).toISOString(), timeZone: "UTC" },
        recurrence: [`RRULE:FREQ=WEEKLY;COUNT=${op.count}`],
      });
      model.foreignSeries.push({ email, id: series.id! });
      totals.seriesCreated += 1;
      return;
    }
    case "googleInstanceMove": {
      const target = liveInstance(op.i, op.which);
      if (!target?.instance.start?.dateTime || !target.instance.end?.dateTime) return;
      const shift = op.byMinutes * 60_000;
      await h.control.patchEvent(target.email, target.email, target.instance.id!, {
        summary: `${target.instance.summary ?? ""} (moved)`,
        start: { dateTime: new Date(Date.parse(target.instance.start.dateTime) + shift).toISOString(), timeZone: "UTC" },
        end: { dateTime: new Date(Date.parse(target.instance.end.dateTime) + shift).toISOString(), timeZone: "UTC" },
      });
      totals.occurrencesMoved += 1;
      return;
    }
    case "googleInstanceCancel": {
      const target = liveInstance(op.i, op.which);
      if (!target) return;
      await h.control.deleteEvent(target.email, target.email, target.instance.id!);
      totals.occurrencesCancelled += 1;
      return;
    }
    case "googleSeriesSplit": {
      const target = liveInstance(op.i, op.which);
      if (!target || target.index === 0) return;
      const { created } = await h.control.splitSeries(target.email, target.email, target.seriesId, target.instance.id!, { summary: `Weekly split ${model.foreignSeries.length}` });
      model.foreignSeries.push({ email: target.email, id: created.id! });
      totals.splits += 1;
      return;
    }
    case "fault": {
      const match = { surface: "calendar" as const };
      if (op.fault === "403") await h.control.addFault({ kind: "error", status: 403, reason: "rateLimitExceeded", match, count: op.count });
      if (op.fault === "429") await h.control.addFault({ kind: "error", status: 429, reason: "rateLimitExceeded", match, count: op.count });
      if (op.fault === "500") await h.control.addFault({ kind: "error", status: 500, reason: "backendError", match, count: op.count });
      if (op.fault === "latency") await h.control.addFault({ kind: "latency", latencyMs: 150, match, count: op.count });
      if (op.fault === "drop") await h.control.addFault({ kind: "dropNotifications", match: { surface: "push" }, count: op.count });
      return;
    }
    case "invalidateSyncTokens":
      await h.control.invalidateSyncTokens({ email: EMAILS[op.account]! });
      return;
    case "revoke": {
      const email = EMAILS[op.account]!;
      await h.control.revokeTokens({ email });
      await h.control.expireAccessTokens({ email });
      // Our stored access token looks expired too, so the next call refreshes and meets invalid_grant.
      await db().update(googleAccounts).set({ accessTokenExpiresAt: new Date(0) }).where(eq(googleAccounts.email, email));
      return;
    }
    case "outage": {
      // Minutes of 503s, or of 401s that a refreshed token does not cure either.
      const reason = op.status === 401 ? "authError" : "backendError";
      await h.control.addFault({ kind: "error", status: op.status, reason, match: { surface: "calendar" }, durationMs: op.minutes * 60_000 });
      await workThrough(sum, op.minutes * 60_000, 30_000);
      totals.outageMinutes += op.minutes;
      return;
    }
    case "quotaStorm": {
      const minutes = op.minutes * 60_000;
      if (op.scope === "project") {
        await h.control.addFault({ kind: "error", status: 403, reason: "quotaExceeded", match: { surface: "calendar", project: SHARED_PROJECT }, durationMs: minutes });
      } else {
        await h.control.addFault({ kind: "error", status: 403, reason: "userRateLimitExceeded", match: { surface: "calendar", account: EMAILS[op.account]! }, durationMs: minutes });
      }
      await workThrough(sum, minutes, 5 * 60_000);
      totals.quotaStormMinutes += op.minutes;
      return;
    }
    case "runJobs":
      addReport(sum, await runDueJobs(db(), { budgetMs: 10_000, random: () => 0, clock }));
      return;
    case "race": {
      const reports = await Promise.all([runDueJobs(db(), { budgetMs: 10_000, random: () => 0, clock }), runDueJobs(db(), { budgetMs: 10_000, random: () => 0, clock })]);
      for (const report of reports) addReport(sum, report);
      return;
    }
    case "die":
      await runAndLoseCommit(sum);
      return;
    case "deliver":
      await h.emulator.drainNotifications();
      return;
  }
}

/** Jobs still to run (due or backing off) plus calendars still dirty. */
const unfinishedWork = async () => {
  const [dirty] = await db().select({ n: count() }).from(googleCalendars).where(eq(googleCalendars.dirty, true));
  const [open] = await db().select({ n: count() }).from(syncJobs).where(inArray(syncJobs.status, ["pending", "running"]));
  return (open?.n ?? 0) + (dirty?.n ?? 0);
};

async function cronRound(sum: { failures: number }) {
  await h.emulator.drainNotifications();
  // Time passes between cron runs: backoff delays and the per-account quota window (both tested elsewhere)
  // would otherwise only make the test wait.
  await db().update(syncJobs).set({ runAfter: new Date(0) }).where(eq(syncJobs.status, "pending"));
  await db().update(googleAccounts).set({ backoffUntil: null });
  await db().delete(googleProjectBackoffs);
  await db().delete(googleQuotaWindows);
  const report = await runCronSweep(db(), { budgetMs: 20_000, clock });
  addReport(sum, report.jobs);
  await h.emulator.drainNotifications();
}

/** Faults stop, the 6-hourly safety pull comes due, people reconnect, and the cron runs until nothing is due. */
async function quiesce(sum: { failures: number }) {
  await h.control.clearFaults();
  await h.emulator.drainNotifications();
  await db().update(googleCalendars).set({ lastPulledAt: new Date(Date.now() - 7 * 3_600_000) });
  await cronRound(sum);
  const broken = await db().select().from(googleAccounts).where(eq(googleAccounts.status, "needs_reconnection"));
  for (const account of broken) {
    const name = account.email === SHARED_EMAIL ? "Maria" : "Aisha";
    await h.connect("acme", name, account.email);
  }
  for (let round = 0; round < 15; round++) {
    await cronRound(sum);
    if ((await unfinishedWork()) === 0) return;
  }
  throw new Error("Sync did not quiesce within 15 cron rounds");
}

async function setDirection(direction: SyncDirection) {
  await (await admin()).integrations.save({ mode: "shared", syncDirection: direction, sendInvitations: false });
  await h.settle();
}

async function failureLogCount(): Promise<number> {
  // Job settlements only: the one reconnect notice per incident is not a job's failure.
  const [row] = await db()
    .select({ n: count() })
    .from(syncLog)
    .where(and(inArray(syncLog.outcome, ["retry", "failed"]), sql`${syncLog.action} <> 'reconnect_needed'`));
  return row?.n ?? 0;
}

beforeAll(async () => {
  h = await createSyncHarness({ bookingCount: 8 });
  for (const email of EMAILS) {
    // Aisha's Google calendar is not in the company's zone: all-day events must land in hers.
    await h.control.addUser(email, email.split("@")[0], email === AISHA_EMAIL ? "Australia/Perth" : "Australia/Sydney");
    await h.control.createEvent(email, email, { summary: `Gym (${email})`, start: { dateTime: at(2, 3).toISOString() }, end: { dateTime: at(2, 4).toISOString() } });
    const dayOff = at(3, 0).toISOString().slice(0, 10);
    await h.control.createEvent(email, email, { summary: `Day off (${email})`, start: { date: dayOff }, end: { date: at(4, 0).toISOString().slice(0, 10) } });
  }
  await h.connect("acme", "Maria", SHARED_EMAIL);
  await h.connect("acme", "Tom", SHARED_EMAIL);
  await h.connect("acme", "Aisha", AISHA_EMAIL);
  pool = ["Maria", "Tom", "Aisha", "Ben"].map((name) => h.fieldworker("acme", name).id);
  await h.settle();
}, 120_000);

afterAll(async () => {
  console.log(`[convergence] ${JSON.stringify(totals)}`);
  await h?.close();
});

describe("convergence under faults", () => {
  it(
    "after any interleaving of app edits, Google edits and faults, quiescing leaves Google and FieldSync in agreement",
    async () => {
      await fc.assert(
        fc.asyncProperty(directionArb, fc.array(opArb, { minLength: 8, maxLength: 20 }), async (direction, ops) => {
          await setDirection(direction);
          await h.control.resetCounters();
          const sum = { failures: 0 };
          const logsBefore = await failureLogCount();
          for (const op of ops) await execute(op, sum);
          await quiesce(sum);

          const { violations, counts } = await checkInvariants(db(), h.emulator, model, companyId(), new Date());
          if (direction === "google_to_app") {
            const counters = await h.control.counters();
            for (const write of ["insert", "update", "patch", "delete"]) {
              const n = counters[`calendar.events.${write}`] ?? 0;
              if (n > 0) violations.push(`google_to_app wrote to Google: ${n} events.${write}`);
            }
          }
          const logged = (await failureLogCount()) - logsBefore;
          if (logged !== sum.failures) violations.push(`${sum.failures} job failures but ${logged} failure lines in the sync log`);
          const stuck = await db()
            .select({ kind: syncJobs.kind, status: syncJobs.status })
            .from(syncJobs)
            .where(sql`${syncJobs.status} in ('pending', 'running')`);
          if (stuck.length > 0) violations.push(`jobs left unfinished: ${JSON.stringify(stuck)}`);
          // Every injected fault is transient (or a revoked grant that is reconnected): no push may be lost.
          const failed = await db().select({ kind: syncJobs.kind, lastError: syncJobs.lastError }).from(syncJobs).where(eq(syncJobs.status, "failed"));
          if (failed.length > 0) violations.push(`jobs failed for good after transient faults: ${JSON.stringify(failed)}`);
          if (violations.length > 0) throw new Error(`${direction}: ${violations.length} violations\n  ${violations.join("\n  ")}`);

          totals.runs += 1;
          totals.ops += ops.length;
          totals.jobFailuresLogged += logged;
          for (const key of Object.keys(counts) as (keyof InvariantCounts)[]) totals[key] += counts[key];
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
      expect(totals.runs).toBe(RUNS);
    },
    60_000 + RUNS * 60_000,
  );
});
