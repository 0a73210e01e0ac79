import { describe, expect, it } from "vitest";
import { eventContentHash } from "../content-hash";
import { planPage, type PageContext, type PulledEvent } from "../plan-page";
import type { ParsedGoogleEvent } from "../types";
import { buildGoogleEvent, buildParsedEvent } from "./factories";

const COMPANY = "11111111-1111-4111-8111-111111111111";
const OTHER_COMPANY = "99999999-9999-4999-8999-999999999999";
const window = { start: new Date("2026-02-01T00:00:00Z"), end: new Date("2027-02-01T00:00:00Z") };

function pulled(overrides: Partial<ParsedGoogleEvent>): PulledEvent {
  const parsed = buildParsedEvent({ companyId: COMPANY, ...overrides });
  return { item: buildGoogleEvent({ id: parsed.googleEventId, etag: parsed.etag ?? undefined }), parsed };
}
const foreign = (overrides: Partial<ParsedGoogleEvent> = {}) =>
  pulled({ googleEventId: "foreign1", kind: "foreign", companyId: null, bookingId: null, fieldworkerId: null, ...overrides });
const own = (overrides: Partial<ParsedGoogleEvent> = {}) => pulled({ googleEventId: "fsbown1", kind: "booking", etag: '"2"', ...overrides });

const imported: PageContext = { isCompanyCalendar: false, companyId: COMPANY, window, storedEtags: new Map() };
const companyCalendar = (stored: [string, string | null][] = []): PageContext => ({ isCompanyCalendar: true, companyId: COMPANY, window, storedEtags: new Map(stored) });

describe("planPage on an imported calendar", () => {
  it.each<[string, PulledEvent, "live" | "gone" | "ignored"]>([
    ["a foreign event in the window is live", foreign(), "live"],
    ["a cancelled foreign event is gone", foreign({ cancelled: true, startsAt: null, endsAt: null }), "gone"],
    ["a foreign event after the window is gone", foreign({ startsAt: new Date("2027-03-01T00:00:00Z"), endsAt: new Date("2027-03-01T01:00:00Z") }), "gone"],
    ["a foreign event without times is gone", foreign({ startsAt: null }), "gone"],
    ["an event that copied our properties but names no company is foreign", foreign({ kind: "booking" }), "live"],
    ["one of our copies (another calendar's, shared in) is not imported", own(), "ignored"],
  ])("%s", (_label, event, expected) => {
    const plan = planPage([event], imported);
    const actual = plan.live.length ? "live" : plan.gone.length ? "gone" : "ignored";
    expect(actual).toBe(expected);
    expect(plan.own).toEqual([]);
  });
});

describe("planPage on the company calendar", () => {
  it.each<[string, PulledEvent, PageContext, string | null]>([
    ["our write coming back (same etag) is an echo", own(), companyCalendar([["fsbown1", '"2"']]), "echo"],
    ["a copy changed in Google (new etag) is reviewed", own(), companyCalendar([["fsbown1", '"1"']]), "changed"],
    ["a copy we hold without an etag is reviewed", own(), companyCalendar([["fsbown1", null]]), "changed"],
    ["a copy deleted in Google is reviewed", own({ cancelled: true, startsAt: null, endsAt: null }), companyCalendar([["fsbown1", '"1"']]), "changed"],
    ["a copy with no row here is an orphan to adopt", own(), companyCalendar(), "orphan"],
    ["a cancelled copy with no row here is forgotten", own({ cancelled: true }), companyCalendar(), null],
    ["an unavailable block's copy counts like a booking's", own({ kind: "unavailable", googleEventId: "fsuown1" }), companyCalendar([["fsuown1", '"1"']]), "changed"],
    ["a copy naming no company is ours", own({ companyId: null }), companyCalendar(), "orphan"],
    ["another company's copy is not ours", own({ companyId: OTHER_COMPANY }), companyCalendar(), null],
    ["a foreign event in the company calendar is ignored", foreign(), companyCalendar(), null],
  ])("%s", (_label, event, ctx, expected) => {
    const plan = planPage([event], ctx);
    expect(plan.live).toEqual([]);
    expect(plan.gone).toEqual([]);
    expect(plan.own.map((o) => o.fate)).toEqual(expected ? [expected] : []);
  });

  it("hands the ownership rules Google's content hash of each changed copy", () => {
    const event = own();
    const [fate] = planPage([event], companyCalendar([["fsbown1", '"1"']])).own;
    expect(fate).toMatchObject({ fate: "changed", googleContentHash: eventContentHash(event.item) });
  });

  it("skips events without an id", () => {
    expect(planPage([own({ googleEventId: "" })], companyCalendar())).toEqual({ live: [], gone: [], own: [] });
  });
});
