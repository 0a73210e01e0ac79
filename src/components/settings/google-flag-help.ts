/** What the two Google flags do (DESIGN §2), worded for the admin who sets them. */
export const GOOGLE_FLAG_HELP = {
  pushToGoogle: "Bookings with this status appear in the assigned fieldworkers’ Google Calendars.",
  deleteFromGoogle:
    "When such a booking is deleted or a fieldworker is unassigned, its Google event is deleted too; otherwise it stays, marked cancelled.",
} as const;
