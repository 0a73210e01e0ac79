/**
 * The calendar's mark on a booking whose Google event was deleted in Google: the booking stays in FieldSync
 * (a customer job never vanishes by a click in Google) and waits for "Re-create in Google" or "Accept deletion"
 * in its dialog.
 */
export const NOT_IN_GOOGLE_LABEL = "Not in Google Calendar";

/** Outlines the whole booking on the calendar, so the mark shows even where a narrow chip cuts the badge off. */
export const NOT_IN_GOOGLE_EVENT_STYLE = { outline: "2px dashed #d97706", outlineOffset: "-2px" } as const;

export function NotInGoogleMark() {
  return (
    <span
      role="img"
      aria-label={NOT_IN_GOOGLE_LABEL}
      title="Deleted in Google Calendar: open the booking to re-create the event or accept the deletion"
      data-testid="not-in-google"
      className="mr-1 inline-block rounded-sm bg-amber-300 px-1 align-middle text-[10px] font-semibold leading-4 text-amber-950"
    >
      ⚠ Not in Google
    </span>
  );
}
