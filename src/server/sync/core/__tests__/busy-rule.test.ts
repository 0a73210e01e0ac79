import { describe, expect, it } from "vitest";
import { busyFactsOf, busyLabel, busyReason, isBusy, type BusyFacts, type BusyReason } from "../busy-rule";
import { buildGoogleEvent } from "./factories";

const facts = (over: Partial<BusyFacts> = {}): BusyFacts => ({ eventType: "default", transparency: "opaque", selfResponseStatus: null, ...over });

describe("Google's availability rule", () => {
  it.each<[string, Partial<BusyFacts>, BusyReason, boolean]>([
    ["an ordinary event (Show me as: Busy)", {}, "opaque", true],
    ["an event shown as Available", { transparency: "transparent" }, "transparent", false],
    ["an invitation accepted", { selfResponseStatus: "accepted" }, "opaque", true],
    ["an invitation not answered yet", { selfResponseStatus: "needsAction" }, "opaque", true],
    ["an invitation answered maybe", { selfResponseStatus: "tentative" }, "opaque", true],
    ["an invitation declined", { selfResponseStatus: "declined" }, "declined", false],
    ["an opaque invitation declined", { selfResponseStatus: "declined", transparency: "opaque" }, "declined", false],
    ["an accepted invitation shown as Available", { selfResponseStatus: "accepted", transparency: "transparent" }, "transparent", false],
    ["a working location", { eventType: "workingLocation", transparency: "transparent" }, "workingLocation", false],
    ["a working location even if opaque", { eventType: "workingLocation" }, "workingLocation", false],
    ["out of office", { eventType: "outOfOffice" }, "outOfOffice", true],
    ["focus time", { eventType: "focusTime" }, "focusTime", true],
    ["focus time even if marked transparent", { eventType: "focusTime", transparency: "transparent" }, "focusTime", true],
    ["a birthday shown as Available", { eventType: "birthday", transparency: "transparent" }, "transparent", false],
    ["an event from Gmail", { eventType: "fromGmail" }, "opaque", true],
  ])("%s", (_name, over, reason, busy) => {
    expect(busyReason(facts(over))).toBe(reason);
    expect(isBusy(facts(over))).toBe(busy);
    expect(busyLabel(facts(over)).startsWith(busy ? "Busy" : "Free")).toBe(true);
  });

  it("reads the facts from a Google event: type, transparency and the self attendee's answer", () => {
    expect(busyFactsOf(buildGoogleEvent())).toEqual(facts());
    const invitation = buildGoogleEvent({
      transparency: "transparent",
      eventType: "default",
      attendees: [
        { email: "boss@example.com", organizer: true, responseStatus: "accepted" },
        { email: "tom@example.com", self: true, responseStatus: "declined" },
      ],
    });
    expect(busyFactsOf(invitation)).toEqual(facts({ transparency: "transparent", selfResponseStatus: "declined" }));
    expect(busyFactsOf(buildGoogleEvent({ attendees: [{ email: "boss@example.com", responseStatus: "declined" }] })).selfResponseStatus).toBeNull();
  });
});
