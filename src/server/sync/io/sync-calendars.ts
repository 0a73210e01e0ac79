import { and, eq, or } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { fieldworkerGoogleConnections, fieldworkers, googleCalendars } from "../../db/schema";
import type { SyncDirection } from "../core/types";

type CalendarRow = typeof googleCalendars.$inferSelect;

/**
 * The calendars FieldSync reads for an account: the selected ones (imported, unless FieldSync only
 * writes), and the company calendar (our copies, unless FieldSync only reads).
 */
export function shouldPull(calendar: Pick<CalendarRow, "selected" | "isCompanyCalendar">, direction: SyncDirection): boolean {
  if (calendar.isCompanyCalendar) return direction !== "google_to_app";
  return calendar.selected && direction !== "app_to_google";
}

export async function calendarsOfAccount(db: DbOrTx, googleAccountId: string): Promise<CalendarRow[]> {
  return db
    .select()
    .from(googleCalendars)
    .where(and(eq(googleCalendars.googleAccountId, googleAccountId), or(eq(googleCalendars.selected, true), eq(googleCalendars.isCompanyCalendar, true))));
}

/** Whether any active fieldworker still syncs through this account (deactivation stops sync, deleting nothing). */
export async function accountHasActiveFieldworker(db: DbOrTx, googleAccountId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: fieldworkers.id })
    .from(fieldworkerGoogleConnections)
    .innerJoin(fieldworkers, eq(fieldworkers.id, fieldworkerGoogleConnections.fieldworkerId))
    .where(and(eq(fieldworkerGoogleConnections.googleAccountId, googleAccountId), eq(fieldworkers.active, true)))
    .limit(1);
  return Boolean(row);
}
