import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contrastRatio, DARK_TEXT, LIGHT_TEXT, parseHexColor, readableTextColor } from "../readable-text-color";

const WHITE: [number, number, number] = [255, 255, 255];
const BLACK: [number, number, number] = [0, 0, 0];

describe("readableTextColor", () => {
  it("matches WCAG's published ratios at the extremes", () => {
    expect(contrastRatio(WHITE, BLACK)).toBeCloseTo(21, 5);
    expect(contrastRatio(WHITE, WHITE)).toBe(1);
  });

  it.each([
    ["#d97706", DARK_TEXT, "the seeded amber 'In progress' (white on it is only 3.18:1)"],
    ["#2563eb", LIGHT_TEXT, "the seeded blue 'Confirmed'"],
    ["#64748b", LIGHT_TEXT, "the seeded slate 'Quote'"],
    ["#16a34a", DARK_TEXT, "the seeded green 'Completed' (white on it is 3.3:1)"],
    ["#dc2626", LIGHT_TEXT, "the seeded red 'Cancelled'"],
    ["#ffff00", DARK_TEXT, "yellow"],
    ["#000", LIGHT_TEXT, "three-digit black"],
  ])("picks %s → %s (%s)", (background, expected) => {
    expect(readableTextColor(background)).toBe(expected);
  });

  it("reaches 4.5:1 against any colour an admin can pick", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffff }), (value) => {
        const background = `#${value.toString(16).padStart(6, "0")}`;
        const text = parseHexColor(readableTextColor(background))!;
        expect(contrastRatio(parseHexColor(background)!, text)).toBeGreaterThanOrEqual(4.5);
      }),
      { numRuns: 2000 },
    );
  });

  it("reads #rgb and #rrggbb, and nothing else", () => {
    expect(parseHexColor("#abc")).toEqual([0xaa, 0xbb, 0xcc]);
    expect(parseHexColor(" #A1B2C3 ")).toEqual([0xa1, 0xb2, 0xc3]);
    expect(parseHexColor("red")).toBeNull();
    expect(readableTextColor("not a colour")).toBe(LIGHT_TEXT);
  });
});
