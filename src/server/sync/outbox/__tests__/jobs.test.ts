import { describe, expect, it } from "vitest";
import { dedupeKey, parseJobRow, toJobRow, type SyncJob } from "../jobs";

const ids = { company: "c1", booking: "b1", account: "a1", fieldworker: "f1", block: "u1", calendar: "k1", invitation: "i1" };

describe("dedupeKey", () => {
  it.each<[string, SyncJob, string]>([
    ["a booking push, per account", { kind: "push_booking", companyId: ids.company, bookingId: ids.booking, googleAccountId: ids.account, fieldworkerId: ids.fieldworker }, "push_booking:b1:a1"],
    ["a booking push of an old row (fieldworker only)", { kind: "push_booking", companyId: ids.company, bookingId: ids.booking, googleAccountId: null, fieldworkerId: ids.fieldworker }, "push_booking:b1:f1"],
    ["an unavailable push, per fieldworker", { kind: "push_unavailable", companyId: ids.company, unavailableBlockId: ids.block, fieldworkerId: ids.fieldworker }, "push_unavailable:u1:f1"],
    ["a pull, per calendar", { kind: "pull_calendar", companyId: ids.company, calendarRowId: ids.calendar, googleAccountId: ids.account }, "pull_calendar:k1"],
    ["a first sync, per fieldworker", { kind: "initial_sync", companyId: ids.company, fieldworkerId: ids.fieldworker, googleAccountId: ids.account }, "initial_sync:f1"],
    ["a calendar unticked", { kind: "stop_sync", companyId: ids.company, googleAccountId: ids.account, calendarRowId: ids.calendar, fieldworkerId: null }, "stop_calendar:k1"],
    ["a fieldworker deactivated", { kind: "stop_sync", companyId: ids.company, googleAccountId: ids.account, calendarRowId: null, fieldworkerId: ids.fieldworker }, "stop_sync:f1"],
    ["a calendar-list refresh, per account", { kind: "refresh_calendar_list", companyId: ids.company, googleAccountId: ids.account }, "refresh_calendar_list:a1"],
    ["an invitation, per invitation", { kind: "send_invitation", companyId: ids.company, fieldworkerId: ids.fieldworker, invitationId: ids.invitation }, "send_invitation:i1"],
    ["an account retirement, per account", { kind: "retire_account", companyId: ids.company, googleAccountId: ids.account, fieldworkerId: ids.fieldworker }, "retire_account:a1"],
  ])("keys %s", (_label, job, key) => {
    expect(dedupeKey(job)).toBe(key);
  });
});

describe("the stored row", () => {
  it.each<SyncJob>([
    { kind: "push_booking", companyId: ids.company, bookingId: ids.booking, googleAccountId: ids.account, fieldworkerId: null, deleteFromGoogle: false },
    { kind: "push_unavailable", companyId: ids.company, unavailableBlockId: ids.block, fieldworkerId: ids.fieldworker },
    { kind: "stop_sync", companyId: ids.company, googleAccountId: ids.account, calendarRowId: ids.calendar, fieldworkerId: null },
    { kind: "send_invitation", companyId: ids.company, fieldworkerId: ids.fieldworker, invitationId: ids.invitation },
  ])("gives back the job it stores ($kind)", (job) => {
    expect(parseJobRow(toJobRow(job))).toEqual(job);
  });

  it("names what is missing from a row that holds no job", () => {
    const row = { ...toJobRow({ kind: "pull_calendar", companyId: ids.company, calendarRowId: ids.calendar, googleAccountId: ids.account }), calendarRowId: null };
    expect(parseJobRow(row)).toMatchObject({ kind: "malformed", storedKind: "pull_calendar", problem: expect.stringContaining("calendarRowId") });
  });
});
