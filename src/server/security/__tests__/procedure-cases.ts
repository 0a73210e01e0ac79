import type { TenantIds } from "./tenant-fixture";

/**
 * One entry per tRPC procedure: who may call it and valid inputs built from a company's ids. The tenant
 * walker passes another company's ids (must be refused), the malformed-input suite breaks these inputs
 * field by field, the secrets suite calls every query. A procedure missing here fails all three.
 */
export interface ProcedureCase {
  access: "admin" | "fieldworker" | "signed-in";
  /** A valid input naming the rows of `t`; absent when the procedure takes no input. */
  input?: (t: TenantIds) => unknown;
  /**
   * "refused": the input names rows, so another company's ids must be refused.
   * "scoped": nothing to name (lists, creates, own settings): the answer must come from the caller's company only.
   */
  foreign: "refused" | "scoped";
  /** Inputs mixing the caller's own ids with one of the other company's: refused like `foreign` (or scoped). */
  mixed?: (foreign: TenantIds, own: TenantIds) => unknown[];
  /** For procedures a fieldworker may call with ids: an input naming a colleague's rows, which they must be refused. */
  peer?: (t: TenantIds) => unknown;
}

const DAY_MS = 86_400_000;
const start = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + 10 * DAY_MS + 9 * 3_600_000);
const end = new Date(start.getTime() + 2 * 3_600_000);
const rangeEnd = new Date(start.getTime() + 7 * DAY_MS);

const bookingInput = (t: TenantIds) => ({
  customerId: t.customerId,
  statusId: t.statusId,
  serviceName: "Security walker job",
  serviceDescription: "",
  amount: "120.00",
  suburb: "Newtown",
  addresses: ["1 Test St"],
  startsAt: start,
  endsAt: end,
  fieldworkerIds: [t.fieldworkerId],
});

/** Replaces the booking's references one at a time with the other company's. */
const mixedBookingRefs = (f: TenantIds, o: TenantIds, id?: string) =>
  [
    { ...bookingInput(o), customerId: f.customerId },
    { ...bookingInput(o), statusId: f.statusId },
    { ...bookingInput(o), fieldworkerIds: [o.fieldworkerId, f.fieldworkerId] },
  ].map((input) => (id ? { ...input, id } : input));

export const PROCEDURE_CASES: Record<string, ProcedureCase> = {
  "company.get": { access: "signed-in", foreign: "scoped" },
  "company.update": {
    access: "admin",
    foreign: "scoped",
    input: () => ({ name: "Acme Plumbing", timeZone: "Australia/Sydney", currencyCode: "AUD", currencySymbol: "$" }),
  },

  "fieldworkers.list": { access: "signed-in", foreign: "scoped" },
  "fieldworkers.get": { access: "signed-in", foreign: "refused", input: (t) => ({ id: t.fieldworkerId }), peer: (t) => ({ id: t.peerFieldworkerId }) },
  "fieldworkers.create": {
    access: "admin",
    foreign: "scoped",
    input: () => ({ displayName: "Security Walker", email: "walker@example.com", phone: "+61 400 000 000", active: true }),
  },
  "fieldworkers.update": { access: "admin", foreign: "refused", input: (t) => ({ id: t.fieldworkerId, displayName: "Renamed", phone: "+61 400 000 001" }) },
  "fieldworkers.setActive": { access: "admin", foreign: "refused", input: (t) => ({ id: t.fieldworkerId, active: false }) },
  "fieldworkerAccess.give": { access: "admin", foreign: "refused", input: (t) => ({ fieldworkerId: t.fieldworkerId }) },
  "fieldworkerAccess.revoke": { access: "admin", foreign: "refused", input: (t) => ({ fieldworkerId: t.fieldworkerId }) },

  "customers.list": { access: "admin", foreign: "scoped", input: () => ({ search: "a" }) },
  "customers.get": { access: "admin", foreign: "refused", input: (t) => ({ id: t.customerId }) },
  "customers.create": {
    access: "admin",
    foreign: "scoped",
    input: () => ({
      name: "Walker Customer",
      businessName: "Walker Pty Ltd",
      email: "customer@example.com",
      phone: "0400 000 000",
      timeZone: "Australia/Sydney",
      properties: [{ key: "Gate code", value: "1234" }],
    }),
  },
  "customers.update": {
    access: "admin",
    foreign: "refused",
    input: (t) => ({ id: t.customerId, name: "Renamed", timeZone: "Australia/Sydney", properties: [{ key: "Dog", value: "Rex" }] }),
  },
  "customers.delete": { access: "admin", foreign: "refused", input: (t) => ({ id: t.customerId }) },

  "bookingStatuses.list": { access: "signed-in", foreign: "scoped" },
  "bookingStatuses.create": {
    access: "admin",
    foreign: "scoped",
    input: () => ({ name: "Walker status", color: "#123456", description: "Made by the security suite", pushToGoogle: true, deleteFromGoogle: false }),
  },
  "bookingStatuses.update": { access: "admin", foreign: "refused", input: (t) => ({ id: t.statusId, name: "Renamed", color: "#654321", pushToGoogle: false }) },
  "bookingStatuses.delete": { access: "admin", foreign: "refused", input: (t) => ({ id: t.statusId }) },
  "bookingStatuses.reorder": {
    access: "admin",
    foreign: "refused",
    input: (t) => ({ ids: [...t.statusIds].reverse() }),
    mixed: (f, o) => [{ ids: [...o.statusIds.slice(1), f.statusId] }, { ids: [...o.statusIds, f.statusId] }],
  },

  "bookings.get": { access: "signed-in", foreign: "refused", input: (t) => ({ id: t.bookingId }), peer: (t) => ({ id: t.peerBookingId }) },
  "bookings.create": { access: "admin", foreign: "refused", input: bookingInput, mixed: (f, o) => mixedBookingRefs(f, o) },
  "bookings.update": {
    access: "admin",
    foreign: "refused",
    input: (t) => ({ ...bookingInput(t), id: t.bookingId }),
    mixed: (f, o) => [...mixedBookingRefs(f, o, o.bookingId), { ...bookingInput(o), id: f.bookingId }],
  },
  "bookings.reschedule": { access: "admin", foreign: "refused", input: (t) => ({ id: t.bookingId, startsAt: start, endsAt: end }) },
  "bookings.delete": { access: "admin", foreign: "refused", input: (t) => ({ id: t.bookingId }) },

  "unavailable.get": { access: "signed-in", foreign: "refused", input: (t) => ({ id: t.blockId }), peer: (t) => ({ id: t.peerBlockId }) },
  "unavailable.create": {
    access: "signed-in",
    foreign: "refused",
    input: (t) => ({ startsAt: start, endsAt: end, note: "Dentist", fieldworkerId: t.fieldworkerId }),
    peer: (t) => ({ startsAt: start, endsAt: end, note: "Dentist", fieldworkerId: t.peerFieldworkerId }),
  },
  "unavailable.update": {
    access: "signed-in",
    foreign: "refused",
    input: (t) => ({ id: t.blockId, startsAt: start, endsAt: end, note: "Moved" }),
    mixed: (f, o) => [{ id: o.blockId, startsAt: start, endsAt: end, note: "Moved", fieldworkerId: f.fieldworkerId }],
    peer: (t) => ({ id: t.peerBlockId, startsAt: start, endsAt: end, note: "Moved" }),
  },
  "unavailable.delete": { access: "signed-in", foreign: "refused", input: (t) => ({ id: t.blockId }), peer: (t) => ({ id: t.peerBlockId }) },

  "calendar.range": {
    access: "signed-in",
    // An admin's filter naming another company's fieldworker matches nothing of theirs: an empty answer, not an error.
    foreign: "scoped",
    input: (t) => ({ start, end: rangeEnd, fieldworkerIds: [t.fieldworkerId] }),
    mixed: (f, o) => [{ start, end: rangeEnd, fieldworkerIds: [o.fieldworkerId, f.fieldworkerId] }],
    peer: (t) => ({ start, end: rangeEnd, fieldworkerIds: [t.peerFieldworkerId] }),
  },
  "calendar.busyOverlaps": {
    access: "admin",
    foreign: "refused",
    input: (t) => ({ fieldworkerIds: [t.fieldworkerId], startsAt: start, endsAt: end }),
    mixed: (f, o) => [{ fieldworkerIds: [o.fieldworkerId, f.fieldworkerId], startsAt: start, endsAt: end }],
  },
  "calendar.options": { access: "signed-in", foreign: "scoped" },
  // The caller's own company's version stream: there is nothing to name.
  "calendar.changes": { access: "signed-in", foreign: "scoped", input: () => ({ lastEventId: "1" }) },

  "integrations.get": { access: "admin", foreign: "scoped" },
  "integrations.save": { access: "admin", foreign: "scoped", input: () => ({ mode: "shared", syncDirection: "two_way", sendInvitations: false }) },
  "integrations.rollout": { access: "admin", foreign: "scoped" },
  "integrations.inviteAllNotConnected": { access: "admin", foreign: "scoped" },

  "googleSync.status": {
    access: "signed-in",
    foreign: "refused",
    input: (t) => ({ fieldworkerId: t.fieldworkerId }),
    peer: (t) => ({ fieldworkerId: t.peerFieldworkerId }),
  },
  "googleSync.invitationPreview": { access: "admin", foreign: "refused", input: (t) => ({ fieldworkerId: t.fieldworkerId, message: "Please connect." }) },
  "googleSync.sendInvitation": { access: "admin", foreign: "refused", input: (t) => ({ fieldworkerId: t.fieldworkerId, message: "Please connect." }) },
  "googleSync.retrySync": { access: "admin", foreign: "refused", input: (t) => ({ fieldworkerId: t.fieldworkerId }) },
  "googleSync.disconnect": {
    access: "signed-in",
    foreign: "refused",
    input: (t) => ({ fieldworkerId: t.fieldworkerId }),
    peer: (t) => ({ fieldworkerId: t.peerFieldworkerId }),
  },
  "googleSync.myCalendars": { access: "fieldworker", foreign: "scoped" },
  "googleSync.refreshCalendarList": { access: "signed-in", foreign: "scoped" },
  "googleSync.updateCalendars": {
    access: "fieldworker",
    foreign: "refused",
    input: (t) => ({ calendars: [{ id: t.calendarRowId, selected: true, privacy: "busy" }] }),
    mixed: (f, o) => [
      {
        calendars: [
          { id: o.calendarRowId, selected: true, privacy: "details" },
          { id: f.calendarRowId, selected: false, privacy: "busy" },
        ],
      },
    ],
  },
  "googleSync.companyCalendars": { access: "admin", foreign: "scoped" },
  "googleSync.setCalendarDisplay": { access: "admin", foreign: "refused", input: (t) => ({ id: t.calendarRowId, display: false }) },
  "googleSync.syncLog": {
    access: "signed-in",
    foreign: "refused",
    input: (t) => ({ fieldworkerId: t.fieldworkerId }),
    peer: (t) => ({ fieldworkerId: t.peerFieldworkerId }),
  },
  "googleSync.conflicts": {
    access: "signed-in",
    foreign: "refused",
    input: (t) => ({ fieldworkerId: t.fieldworkerId }),
    peer: (t) => ({ fieldworkerId: t.peerFieldworkerId }),
  },
  "googleSync.bookingConflicts": {
    access: "signed-in",
    foreign: "refused",
    input: (t) => ({ bookingId: t.bookingId }),
    peer: (t) => ({ bookingId: t.peerBookingId }),
  },
  "googleSync.companyConflicts": { access: "admin", foreign: "scoped" },
  "googleSync.openConflictCount": { access: "admin", foreign: "scoped" },
  "googleSync.resolveConflict": {
    access: "signed-in",
    foreign: "refused",
    input: (t) => ({ conflictId: t.conflictId, resolution: "accept" }),
    peer: (t) => ({ conflictId: t.peerConflictId, resolution: "recreate" }),
  },
};

/** The refusals that count: the caller learns nothing about the other company's rows, and nothing changes. */
export const REFUSAL_CODES = ["NOT_FOUND", "FORBIDDEN", "BAD_REQUEST"];
