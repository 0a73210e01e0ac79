import { describe, expect, it } from "vitest";
import { formatZonedDateTime, formatZonedRange, zoneAbbreviation } from "../zoned-format";

describe("company-zone times are labelled with their zone", () => {
  it.each([
    ["summer in Sydney", "2026-12-01T22:30:00Z", "Australia/Sydney", "2 Dec 2026, 9:30 am AEDT"],
    ["winter in Sydney", "2026-06-01T23:30:00Z", "Australia/Sydney", "2 Jun 2026, 9:30 am AEST"],
    ["Perth", "2026-12-01T22:30:00Z", "Australia/Perth", "2 Dec 2026, 6:30 am AWST"],
  ])("%s", (_name, iso, zone, expected) => {
    expect(formatZonedDateTime(new Date(iso), zone)).toBe(expected);
  });

  it("gives a range on one day once, and both dates across midnight", () => {
    expect(formatZonedRange(new Date("2026-12-01T22:00:00Z"), new Date("2026-12-01T23:00:00Z"), "Australia/Sydney")).toBe(
      "Wed 2 Dec, 9:00 am – 10:00 am AEDT",
    );
    expect(formatZonedRange(new Date("2026-12-02T12:00:00Z"), new Date("2026-12-02T14:00:00Z"), "Australia/Sydney")).toBe(
      "Wed 2 Dec, 11:00 pm – Thu 3 Dec, 1:00 am AEDT",
    );
  });

  it("falls back to an offset where the zone has no short name", () => {
    expect(zoneAbbreviation(new Date("2026-12-01T00:00:00Z"), "Asia/Kolkata")).toMatch(/GMT\+5:30|IST/);
  });
});
