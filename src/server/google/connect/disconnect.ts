import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { countConnectionsOfAccount, getConnection } from "../../db/queries/google";
import { fieldworkerGoogleConnections } from "../../db/schema";
import { outbox } from "../../sync/outbox";

export interface DisconnectResult {
  disconnected: boolean;
  /** Whether the grant is given back: false when other fieldworkers still use the Google account, so it stays. */
  revoked: boolean;
}

/**
 * Stops syncing one fieldworker, as a data change: the link goes at once (bookings are untouched), and when no
 * other fieldworker shares the Google account a `retire_account` job stops its channels, revokes the grant and
 * deletes the stored tokens, calendars and imported events right after the response.
 */
export async function disconnectFieldworker(db: Db, companyId: string, fieldworkerId: string): Promise<DisconnectResult> {
  return db.transaction(async (tx) => {
    const current = await getConnection(tx, companyId, fieldworkerId);
    if (!current) return { disconnected: false, revoked: false };
    await tx
      .delete(fieldworkerGoogleConnections)
      .where(and(eq(fieldworkerGoogleConnections.companyId, companyId), eq(fieldworkerGoogleConnections.fieldworkerId, fieldworkerId)));
    if ((await countConnectionsOfAccount(tx, current.account.id)) > 0) return { disconnected: true, revoked: false };
    // The account's last fieldworker left it: the outbox retires it (channels, grant, stored rows).
    await outbox.enqueue(tx, [{ kind: "retire_account", companyId, googleAccountId: current.account.id, fieldworkerId }]);
    return { disconnected: true, revoked: true };
  });
}
