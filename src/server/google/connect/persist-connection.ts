import { randomUUID } from "node:crypto";
import { and, eq, isNull, ne } from "drizzle-orm";
import type { Db } from "../../db/client";
import { countConnectionsOfAccount } from "../../db/queries/google";
import { fieldworkerGoogleConnections, googleAccounts, googleCalendars, googleInvitations } from "../../db/schema";
import { initialSyncJob } from "../../sync/enqueue";
import { removeCalendars, upsertCalendarList } from "../../sync/io/company-calendar";
import { retireAccount } from "../../sync/io/retire-account";
import { outbox } from "../../sync/outbox";
import { writeSyncLog } from "../../sync/sync-log";
import { encryptAccountToken } from "../account-tokens";
import { sendAccountChangeNotice } from "./account-change-notice";
import type { ConnectionOutcome } from "./connection-outcome";
import type { Grant } from "./exchange-grant";
import { cleanUpSupersededAccount } from "./superseded-account";
import type { VerifiedCallback } from "./verify-callback";

/**
 * Step 3 of `/getAuthKey`: store the connection in one transaction — account and tokens (encrypted), the link,
 * the calendar list, the first sync in the outbox, the invitation spent and every other link revoked. Then the
 * account this one replaces goes once nobody uses it, and a change of Google address is announced.
 */
export async function persistConnection(db: Db, callback: VerifiedCallback, grant: Grant, now: Date): Promise<ConnectionOutcome> {
  const { companyId, fieldworker, inviteNonce } = callback;
  const { tokens, existing } = grant;
  const accountId = existing?.id ?? randomUUID();
  await db.transaction(async (tx) => {
    const tokenColumns = {
      accessTokenEnc: tokens.access_token ? encryptAccountToken(accountId, "access", tokens.access_token) : null,
      accessTokenExpiresAt: tokens.expiry_date ? new Date(tokens.expiry_date) : null,
      ...(tokens.refresh_token ? { refreshTokenEnc: encryptAccountToken(accountId, "refresh", tokens.refresh_token) } : {}),
      grantedScopes: tokens.scope ?? "",
      status: "active" as const,
      statusReason: null,
      companyCalendarId: grant.companyCalendarId,
      // The calendar list was just read: the daily refresh can wait a day.
      calendarListRefreshedAt: now,
      googleSubject: grant.sub,
      email: grant.email,
    };
    if (existing) await tx.update(googleAccounts).set(tokenColumns).where(eq(googleAccounts.id, accountId));
    else await tx.insert(googleAccounts).values({ id: accountId, companyId, oauthClientId: callback.credentials.clientId, ...tokenColumns });

    await tx
      .insert(fieldworkerGoogleConnections)
      .values({ fieldworkerId: fieldworker.id, companyId, googleAccountId: accountId, connectedAt: now })
      .onConflictDoUpdate({
        target: fieldworkerGoogleConnections.fieldworkerId,
        set: { googleAccountId: accountId, connectedAt: now, lastError: null, lastErrorAt: null },
      });

    const { removed } = await upsertCalendarList(tx, {
      googleAccountId: accountId,
      companyCalendarId: grant.companyCalendarId,
      list: grant.calendarList,
      notImported: grant.otherClientsCalendars,
    });
    await removeCalendars(tx, removed);
    // The sync engine's first run: watch channels, pull, then push this fieldworker's future work. An account
    // coming back from "needs reconnection" resumes for every fieldworker it serves, not just the one who
    // clicked: their jobs failed or were never queued while it was revoked.
    const resumed =
      existing && existing.status !== "active"
        ? (await tx.select({ id: fieldworkerGoogleConnections.fieldworkerId }).from(fieldworkerGoogleConnections).where(eq(fieldworkerGoogleConnections.googleAccountId, accountId))).map((c) => c.id)
        : [];
    const fieldworkerIds = [...new Set([fieldworker.id, ...resumed])];
    await outbox.enqueue(tx, fieldworkerIds.map((id) => initialSyncJob(companyId, id, accountId)));
    if (inviteNonce) {
      await tx
        .update(googleInvitations)
        .set({ usedAt: now })
        .where(and(eq(googleInvitations.nonce, inviteNonce), isNull(googleInvitations.usedAt)));
    }
    // Connected: every other link of this fieldworker dies, so no old email can reconnect them elsewhere.
    await tx
      .update(googleInvitations)
      .set({ revokedAt: now })
      .where(
        and(
          eq(googleInvitations.fieldworkerId, fieldworker.id),
          isNull(googleInvitations.usedAt),
          isNull(googleInvitations.revokedAt),
          inviteNonce ? ne(googleInvitations.nonce, inviteNonce) : undefined,
        ),
      );
  });

  await retireReplacedAccount(db, callback, grant, accountId);
  if (grant.changesAccount && grant.replaced) {
    await sendAccountChangeNotice(db, {
      companyId,
      fieldworkerId: fieldworker.id,
      previousEmail: grant.replaced.account.email,
      newEmail: grant.email,
      actor: callback.actor,
      now,
    });
  }
  return { kind: "connected", fieldworkerId: fieldworker.id, companyId, googleAccountId: accountId, email: grant.email, calendarCreated: grant.calendarCreated };
}

/**
 * Reconnecting with a different Google account (or the same one through another OAuth client, after the company
 * switched credentials) replaces the old link; that account goes when nobody uses it.
 */
async function retireReplacedAccount(db: Db, callback: VerifiedCallback, grant: Grant, accountId: string): Promise<void> {
  const replaced = grant.replaced?.account;
  if (!replaced || replaced.id === accountId || (await countConnectionsOfAccount(db, replaced.id)) > 0) return;
  if (!grant.changesAccount && replaced.oauthClientId !== callback.credentials.clientId) {
    const cleanup = await cleanUpSupersededAccount(db, replaced);
    if (cleanup.calendarRemoved && replaced.companyCalendarId) {
      await db.delete(googleCalendars).where(and(eq(googleCalendars.googleAccountId, accountId), eq(googleCalendars.googleCalendarId, replaced.companyCalendarId)));
    }
    await writeSyncLog(db, {
      companyId: callback.companyId,
      fieldworkerId: callback.fieldworker.id,
      direction: "system",
      action: "company_calendar_moved",
      outcome: "ok",
      message: cleanup.calendarRemoved
        ? "The company's Google app changed: jobs now go to a new company calendar, and the previous app's calendar was removed."
        : `The company's Google app changed: jobs now go to a new company calendar. The previous app's calendar was left in Google (${cleanup.reason ?? "it could not be removed"}).`,
    });
  }
  await retireAccount(db, replaced.id);
}
