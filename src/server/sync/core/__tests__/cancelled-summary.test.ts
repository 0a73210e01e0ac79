import { describe, expect, it } from "vitest";
import { cancelledSummary } from "../cancelled-summary";

describe("cancelledSummary", () => {
  it.each([
    ["[Confirmed] Boiler service — Smith, Newtown", "[Cancelled] Boiler service — Smith, Newtown"],
    ["[Cancelled] Boiler service — Smith, Newtown", "[Cancelled] Boiler service — Smith, Newtown"],
    ["Boiler service", "[Cancelled] Boiler service"],
    ["", "[Cancelled]"],
  ])("%s → %s", (input, expected) => {
    expect(cancelledSummary(input)).toBe(expected);
  });
});
