import { and, count, desc, eq, inArray, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import {
  fieldworkerGoogleConnections,
  fieldworkers,
  googleAccounts,
  googleCalendars,
  googleIntegrations,
  googleInvitations,
} from "../schema";

export async function getGoogleIntegration(db: DbOrTx, companyId: string) {
  const [row] = await db.select().from(googleIntegrations).where(eq(googleIntegrations.companyId, companyId)).limit(1);
  return row;
}

/** A fieldworker's connection with its Google account, or undefined when not connected. */
export async function getConnection(db: DbOrTx, companyId: string, fieldworkerId: string) {
  const [row] = await db
    .select({ connection: fieldworkerGoogleConnections, account: googleAccounts })
    .from(fieldworkerGoogleConnections)
    .innerJoin(googleAccounts, eq(googleAccounts.id, fieldworkerGoogleConnections.googleAccountId))
    .where(and(eq(fieldworkerGoogleConnections.companyId, companyId), eq(fieldworkerGoogleConnections.fieldworkerId, fieldworkerId)))
    .limit(1);
  return row;
}

/** Every connection of a company with its account, by fieldworker: one query for roll-out views. */
export async function connectionsOfCompany(db: DbOrTx, companyId: string) {
  const rows = await db
    .select({ connection: fieldworkerGoogleConnections, account: googleAccounts })
    .from(fieldworkerGoogleConnections)
    .innerJoin(googleAccounts, eq(googleAccounts.id, fieldworkerGoogleConnections.googleAccountId))
    .where(eq(fieldworkerGoogleConnections.companyId, companyId));
  return new Map(rows.map((row) => [row.connection.fieldworkerId, row]));
}

export async function countConnectionsOfAccount(db: DbOrTx, googleAccountId: string, exceptFieldworkerId?: string) {
  const [row] = await db
    .select({ n: count() })
    .from(fieldworkerGoogleConnections)
    .where(
      and(
        eq(fieldworkerGoogleConnections.googleAccountId, googleAccountId),
        exceptFieldworkerId ? ne(fieldworkerGoogleConnections.fieldworkerId, exceptFieldworkerId) : undefined,
      ),
    );
  return row?.n ?? 0;
}

export async function findAccountByEmail(db: DbOrTx, companyId: string, oauthClientId: string, email: string) {
  const [row] = await db
    .select()
    .from(googleAccounts)
    .where(
      and(
        eq(googleAccounts.companyId, companyId),
        eq(googleAccounts.oauthClientId, oauthClientId),
        sql`lower(${googleAccounts.email}) = ${email.toLowerCase()}`,
      ),
    )
    .limit(1);
  return row;
}

export async function listCalendarsOfAccount(db: DbOrTx, googleAccountId: string) {
  return db
    .select()
    .from(googleCalendars)
    .where(eq(googleCalendars.googleAccountId, googleAccountId))
    .orderBy(desc(googleCalendars.isPrimary), googleCalendars.summary);
}

/** The newest invitation per fieldworker of a company (for the roll-out table and the 24 h rule). */
export async function latestInvitations(db: DbOrTx, companyId: string, fieldworkerIds?: string[]) {
  const rows = await db
    .selectDistinctOn([googleInvitations.fieldworkerId])
    .from(googleInvitations)
    .where(
      and(
        eq(googleInvitations.companyId, companyId),
        fieldworkerIds ? inArray(googleInvitations.fieldworkerId, fieldworkerIds) : undefined,
      ),
    )
    .orderBy(googleInvitations.fieldworkerId, desc(googleInvitations.sentAt));
  return new Map(rows.map((row) => [row.fieldworkerId, row]));
}

export async function getFieldworkerOfCompany(db: DbOrTx, companyId: string, fieldworkerId: string) {
  const [row] = await db
    .select()
    .from(fieldworkers)
    .where(and(eq(fieldworkers.companyId, companyId), eq(fieldworkers.id, fieldworkerId)))
    .limit(1);
  return row;
}
