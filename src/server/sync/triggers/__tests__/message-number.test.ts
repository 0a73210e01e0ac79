import { describe, expect, it } from "vitest";
import { classifyMessageNumber, MESSAGE_NUMBER_MAX_JUMP } from "../message-number";

describe("classifyMessageNumber", () => {
  it.each([
    { last: 0, incoming: 2n, kind: "next" },
    { last: 5, incoming: 9n, kind: "next" },
    { last: 5, incoming: 5n, kind: "duplicate" },
    { last: 5, incoming: 3n, kind: "older" },
    { last: 5, incoming: BigInt(5 + MESSAGE_NUMBER_MAX_JUMP), kind: "next" },
    { last: 5, incoming: BigInt(6 + MESSAGE_NUMBER_MAX_JUMP), kind: "out_of_range" },
    { last: 0, incoming: 999_999_999n, kind: "out_of_range" },
    { last: 0, incoming: 10n ** 30n, kind: "out_of_range" },
  ] as const)("$last then $incoming → $kind", ({ last, incoming, kind }) => {
    expect(classifyMessageNumber(last, incoming)).toBe(kind);
  });
});
