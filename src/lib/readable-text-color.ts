/*
 * Text on a colour an admin picks (a booking status): WCAG 2.x relative luminance and contrast ratio
 * (https://www.w3.org/TR/WCAG22/#dfn-relative-luminance, #dfn-contrast-ratio). Between black and white text, the
 * better of the two always reaches at least 4.58:1 — above AA's 4.5:1 for small text — whatever the background.
 */

const HEX_COLOR = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i;

export const LIGHT_TEXT = "#ffffff";
export const DARK_TEXT = "#000000";

/** [r, g, b] in 0–255 from "#rgb" or "#rrggbb"; null for anything else. */
export function parseHexColor(color: string): [number, number, number] | null {
  const match = HEX_COLOR.exec(color.trim());
  if (!match) return null;
  const hex = match[1]!.length === 3 ? [...match[1]!].map((c) => c + c).join("") : match[1]!;
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

export function relativeLuminance([r, g, b]: [number, number, number]): number {
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrastRatio(a: [number, number, number], b: [number, number, number]): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * White or black text, whichever contrasts more with `background`. An unreadable colour value gets white text,
 * matching the dark default a browser draws for an invalid background.
 */
export function readableTextColor(background: string): typeof LIGHT_TEXT | typeof DARK_TEXT {
  const rgb = parseHexColor(background);
  if (!rgb) return LIGHT_TEXT;
  return contrastRatio(rgb, [255, 255, 255]) >= contrastRatio(rgb, [0, 0, 0]) ? LIGHT_TEXT : DARK_TEXT;
}
