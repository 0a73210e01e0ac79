import { and, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { googleAccounts, googleProjectBackoffs } from "../../db/schema";
import { redriveParkedJobsOfAccounts } from "../outbox";

/*
 * What run-jobs.ts does after one job's success, for a set of accounts: each step one statement for all of them.
 */

/**
 * Google answered for these accounts: their quota waits are over and their parked jobs (and those of their
 * fieldworkers) are due now — clearQuotaBackoff and redriveParkedJobsOfAccount for many accounts.
 */
export async function afterAccountsSuccess(db: Db, accountIds: string[], now: Date): Promise<void> {
  if (accountIds.length === 0) return;
  // Independent writes: sent together.
  await Promise.all([clearBackoffs(db, accountIds), redriveParkedJobsOfAccounts(db, accountIds, now)]);
}

async function clearBackoffs(db: Db, accountIds: string[]): Promise<void> {
  await db.update(googleAccounts).set({ backoffUntil: null }).where(and(inArray(googleAccounts.id, accountIds), isNotNull(googleAccounts.backoffUntil)));
  await db
    .delete(googleProjectBackoffs)
    .where(sql`${googleProjectBackoffs.oauthClientId} in (select ${googleAccounts.oauthClientId} from ${googleAccounts} where ${inArray(googleAccounts.id, accountIds)})`);
}
