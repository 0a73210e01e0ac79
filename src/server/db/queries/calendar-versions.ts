import { inArray } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { calendarVersions } from "../schema";

/**
 * The company's calendar version (0 before its first calendar-visible write). Read it before the calendar data:
 * the data then holds every change up to this version (versions grow in commit order, see the migration).
 */
export async function readCalendarVersion(db: DbOrTx, companyId: string): Promise<number> {
  const versions = await readCalendarVersions(db, [companyId]);
  return versions.get(companyId) ?? 0;
}

/** Versions of these companies; a company without a row yet is absent (version 0). */
export async function readCalendarVersions(db: DbOrTx, companyIds: string[]): Promise<Map<string, number>> {
  if (companyIds.length === 0) return new Map();
  const rows = await db
    .select({ companyId: calendarVersions.companyId, version: calendarVersions.version })
    .from(calendarVersions)
    .where(inArray(calendarVersions.companyId, companyIds));
  return new Map(rows.map((row) => [row.companyId, row.version]));
}
