import { describe, expect, it } from "vitest";
import { unavailableEventId } from "../event-ids";
import { formatUnavailableEvent } from "../format-unavailable-event";
import { PRIVATE_KEYS } from "../types";
import { BLOCK_ID, COMPANY_ID, FIELDWORKER_ID, buildBlock, buildCompany } from "./factories";

describe("unavailable event", () => {
  it.each([
    { name: "without a note", note: "", summary: "Unavailable" },
    { name: "with a note", note: "Doctor's appointment", summary: "Unavailable — Doctor's appointment" },
    { name: "with a multi-line note", note: "School pickup\nthen home", summary: "Unavailable — School pickup then home" },
  ])("is titled $summary $name", ({ note, summary }) => {
    expect(formatUnavailableEvent(buildBlock({ note }), buildCompany(), "Sam Fieldworker").summary).toBe(summary);
  });

  it("is opaque busy time with our ids, in the company's time zone", () => {
    const event = formatUnavailableEvent(buildBlock({ note: "Dentist" }), buildCompany(), "Sam Fieldworker");
    expect(event).toMatchObject({
      id: unavailableEventId(BLOCK_ID),
      transparency: "opaque",
      status: "confirmed",
      start: { dateTime: "2026-03-03T13:00:00+11:00", timeZone: "Australia/Sydney" },
      end: { dateTime: "2026-03-03T15:00:00+11:00", timeZone: "Australia/Sydney" },
      extendedProperties: {
        private: {
          [PRIVATE_KEYS.kind]: "unavailable",
          [PRIVATE_KEYS.companyId]: COMPANY_ID,
          [PRIVATE_KEYS.unavailableBlockId]: BLOCK_ID,
          [PRIVATE_KEYS.fieldworkerId]: FIELDWORKER_ID,
        },
      },
    });
    expect(event.description).toBe("Sam Fieldworker is unavailable (Acme Plumbing).\nNote: Dentist\n\nManaged by FieldSync — changes made here may be overwritten.");
  });

  it("follows the company's zone across a DST change (Melbourne, clocks forward 4 Oct 2026)", () => {
    const block = buildBlock({ startsAt: new Date("2026-10-03T14:00:00Z"), endsAt: new Date("2026-10-04T13:00:00Z") });
    const event = formatUnavailableEvent(block, buildCompany({ timeZone: "Australia/Melbourne" }), "Sam");
    expect(event.start).toEqual({ dateTime: "2026-10-04T00:00:00+10:00", timeZone: "Australia/Melbourne" });
    expect(event.end).toEqual({ dateTime: "2026-10-05T00:00:00+11:00", timeZone: "Australia/Melbourne" });
  });

  it("truncates a long note in the title", () => {
    const summary = formatUnavailableEvent(buildBlock({ note: "x".repeat(500) }), buildCompany(), "Sam").summary ?? "";
    expect(summary.length).toBe(120);
  });
});
