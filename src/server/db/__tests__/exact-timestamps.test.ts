import { describe, expect, it } from "vitest";
import { parsePgTimestamp } from "../exact-timestamps";

describe("parsePgTimestamp reads Postgres timestamps exactly", () => {
  it.each([
    ["0050-12-04 10:00:00+00", "0050-12-04T10:00:00.000Z"],
    ["0026-12-04 10:00:00+00", "0026-12-04T10:00:00.000Z"],
    ["0001-01-01 00:00:00+00", "0001-01-01T00:00:00.000Z"],
    ["2026-12-04 10:00:00.123456+05:30", "2026-12-04T04:30:00.123Z"],
    ["2026-12-04 10:00:00-03", "2026-12-04T13:00:00.000Z"],
    ["2026-12-04T10:00:00+00:00", "2026-12-04T10:00:00.000Z"],
    ["0050-12-04T10:00:00.5+00:00", "0050-12-04T10:00:00.500Z"],
    ["1890-06-01 12:00:00+00:53:28", "1890-06-01T11:06:32.000Z"],
    ["2026-12-04 10:00:00", "2026-12-04T10:00:00.000Z"],
    ["10000-01-01 00:00:00+00", "+010000-01-01T00:00:00.000Z"],
  ])("%s → %s", (text, iso) => {
    expect(parsePgTimestamp(text).toISOString()).toBe(iso);
  });

  it("reads 1 BC as astronomical year 0, and infinity as an invalid date like before", () => {
    expect(parsePgTimestamp("0001-06-01 00:00:00+00 BC").getUTCFullYear()).toBe(0);
    expect(Number.isNaN(parsePgTimestamp("infinity").getTime())).toBe(true);
  });
});
