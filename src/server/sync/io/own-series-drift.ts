import { and, eq, inArray, ne } from "drizzle-orm";
import type { Db } from "../../db/client";
import { googleCalendars, googleEvents } from "../../db/schema";
import type { SyncDirection } from "../core/types";
import { applyOwnEventAction } from "./apply-own-event-change";

type CalendarRow = typeof googleCalendars.$inferSelect;

/**
 * FieldSync owns its events: a repeat rule added in Google is an edit to a field other than the time, and is
 * overwritten like any other (DESIGN §2) — the next push writes the single event back, which ends the series.
 */
export async function revertOwnEventsMadeRecurring(db: Db, calendar: CalendarRow, seriesIds: string[], ctx: { companyId: string; direction: SyncDirection }): Promise<number> {
  if (seriesIds.length === 0 || ctx.direction === "google_to_app") return 0;
  const rows = await db
    .select()
    .from(googleEvents)
    .where(and(eq(googleEvents.calendarRowId, calendar.id), inArray(googleEvents.googleEventId, seriesIds), ne(googleEvents.kind, "foreign"), eq(googleEvents.deletedInGoogle, false)));
  for (const row of rows) await applyOwnEventAction(db, ctx.companyId, row, { action: "repush" }, null);
  return rows.length;
}
