import type { CSSProperties } from "react";

/** Google's default calendar colour (Peacock) when a calendar has none. */
export const DEFAULT_GOOGLE_COLOR = "#039be5";

/**
 * Imported Google events look unlike bookings: a pale tint of the calendar's colour with a solid left
 * border in that colour and dark text, so they read as "someone else's calendar" and stay legible.
 */
export function importedEventStyle(color: string | null): CSSProperties {
  const base = color ?? DEFAULT_GOOGLE_COLOR;
  return {
    backgroundColor: `color-mix(in srgb, ${base} 18%, white)`,
    border: `1px solid color-mix(in srgb, ${base} 45%, white)`,
    borderLeft: `4px solid ${base}`,
    color: "#0f172a",
    cursor: "pointer",
    // react-big-calendar wraps a short event's label and title into side-by-side columns; keep them stacked.
    flexFlow: "column nowrap",
    overflow: "hidden",
  };
}
