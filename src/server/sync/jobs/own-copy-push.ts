import type { Db, DbOrTx } from "../../db/client";
import { loadCompany, type Company } from "../../db/queries/company";
import { googleEvents, type googleAccounts, type googleCalendars } from "../../db/schema";
import { eq } from "drizzle-orm";
import { openGoogleSession, type GoogleSession } from "../io/google-session";
import { saveWrittenCopy, type CopyIdentity } from "../io/save-copy";
import { deleteEventCopy } from "../io/write-event-copy";
import { writeOwnCopy, type DesiredCopy, type OwnCopyWrite } from "../io/write-own-copy";

type CopyRow = typeof googleEvents.$inferSelect;

/**
 * The shell both pushes of our own copies (bookings, unavailable blocks) run in: the company, read once and only
 * when FieldSync writes to Google; the account's company calendar; one Google session, opened on first use.
 */
export interface OwnCopyPush {
  company: Company;
  calendar: typeof googleCalendars.$inferSelect;
  session(): Promise<GoogleSession>;
  /** Writes the copy (etag loop and ownership rules included) and, when Google took it, records it with `andThen` in one transaction. */
  write(input: {
    eventId: string;
    identity: CopyIdentity;
    row: CopyRow | undefined;
    desired: DesiredCopy | null;
    rebuild: () => Promise<DesiredCopy | null>;
    reloadRow: () => Promise<CopyRow | undefined>;
    andThen: (tx: DbOrTx, written: Extract<OwnCopyWrite, { kind: "written" }>) => Promise<void>;
  }): Promise<OwnCopyWrite>;
  /** Deletes copies from Google (already gone counts as deleted) and forgets them. */
  remove(rows: CopyRow[]): Promise<number>;
}

/** The company when FieldSync writes to Google; undefined under Google → FieldSync only. */
export async function companyPushingToGoogle(db: Db, companyId: string): Promise<Company | undefined> {
  const company = await loadCompany(db, companyId);
  return company && company.syncDirection !== "google_to_app" ? company : undefined;
}

export const NOT_PUSHING = { kind: "skipped", reason: "FieldSync does not write to Google in this direction" } as const;

export function ownCopyPush(
  db: Db,
  company: Company,
  target: { account: typeof googleAccounts.$inferSelect; calendar: typeof googleCalendars.$inferSelect },
): OwnCopyPush {
  let opened: Promise<GoogleSession> | undefined;
  const session = () => (opened ??= openGoogleSession(db, target.account.id));
  const calendarId = target.calendar.googleCalendarId;
  return {
    company,
    calendar: target.calendar,
    session,
    async write(input) {
      const result = await writeOwnCopy(db, {
        session: await session(),
        companyId: company.id,
        calendarId,
        eventId: input.eventId,
        timeZone: company.timeZone,
        direction: company.syncDirection,
        row: input.row,
        desired: input.desired,
        rebuild: input.rebuild,
        reloadRow: input.reloadRow,
      });
      if (result.kind === "written") {
        await db.transaction(async (tx) => {
          await saveWrittenCopy(tx, input.identity, result.event, result.hash, result.desired.times, company.timeZone, { cancelledInApp: false });
          await input.andThen(tx, result);
        });
      }
      return result;
    },
    async remove(rows) {
      if (rows.length === 0) return 0;
      const google = await session();
      for (const row of rows) {
        await deleteEventCopy(google, calendarId, row.googleEventId);
        await db.delete(googleEvents).where(eq(googleEvents.id, row.id));
      }
      return rows.length;
    },
  };
}
