import type { Db } from "../../db/client";
import { executeCalendarBatch, MAX_PARTS_PER_BATCH } from "../../google/batch/calendar-batch";
import type { BatchRequestPart } from "../../google/batch/batch-format";
import { credentialsUnderSetup, loadCompanyGoogleSetup, type CompanyGoogleSetup } from "../../google/company-credentials";
import { googleEndpoints } from "../../google/endpoints";
import { logger } from "../../observability/logger";
import { planBookingPush, type BookingPushPlan } from "../core/plan-booking-push";
import {
  accountsOfFieldworkers,
  expireAccessTokens,
  loadAccountPushTargets,
  loadAssignments,
  loadBookingCopies,
  loadBookingsForEvents,
  loadCompanies,
  saveWrittenCopies,
  supersedeDeletionConflicts,
  writeSyncLogs,
  type AccountRow,
  type CalendarRow,
  type CompanyForPush,
} from "../io/booking-push-set-queries";
import { openGoogleSessionFor, type GoogleSession } from "../io/google-session";
import { backOffForQuota } from "../io/quota-backoff";
import { admitCalls, MAX_INLINE_QUOTA_ROUNDS, MAX_INLINE_QUOTA_WAIT_MS } from "../io/quota-gate";
import { writtenCopyValues } from "../io/save-copy";
import type { SyncLogEntry } from "../sync-log";
import { outbox, type ClaimedJob } from "../outbox";
import { afterAccountsSuccess } from "./complete-set";
import type { JobSettlement } from "./run-jobs";

/*
 * The bulk push: a claimed set of push_booking jobs handled together. One statement each loads the companies,
 * accounts with their calendars, bookings, assignments and stored copies of the whole set; a pure planner
 * decides each job; the Calendar calls of the set travel in shared HTTP batch requests, each batch's calls
 * reserved at once on every account's and project's quota budget (one statement); one transaction writes back
 * every copy, resolves conflicts, logs and completes the jobs. The rare cases (deletions, cancellations,
 * legacy copies, any Google answer but success) go to the one-job path unchanged.
 */

export interface PushSetContext {
  /** The one-job path (run-jobs.ts's logged runClaimedJob). */
  runSingle: (job: ClaimedJob) => Promise<JobSettlement>;
  clock: () => Date;
}

type PushBookingClaim = Extract<ClaimedJob, { kind: "push_booking" }>;

export const isSetPushable = (job: ClaimedJob): job is PushBookingClaim => job.kind === "push_booking";
/** Pushes taken together at most: one full HTTP batch (bigger sets measured slower against the emulator). */
export const PUSH_SET_SIZE = MAX_PARTS_PER_BATCH;

interface PlannedWrite {
  job: PushBookingClaim;
  plan: Extract<BookingPushPlan, { kind: "write" }>;
  account: AccountRow;
  calendar: CalendarRow;
  company: CompanyForPush;
  holderIds: string[];
  times: { startsAt: Date; endsAt: Date };
}

const unique = <T>(values: (T | null | undefined)[]) => [...new Set(values.filter((v): v is T => v !== null && v !== undefined))];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runPushBookingSet(db: Db, jobs: PushBookingClaim[], ctx: PushSetContext): Promise<JobSettlement[]> {
  if (jobs.length === 0) return [];
  const settled = new Map<string, JobSettlement>();
  const singles: PushBookingClaim[] = [];
  // Two claimed jobs with one key (a lapsed lease and its newer job) would write one event twice: one waits.
  const seenKeys = new Set<string>();
  const setJobs = jobs.filter((job) => {
    if (seenKeys.has(job.dedupeKey)) {
      singles.push(job);
      return false;
    }
    seenKeys.add(job.dedupeKey);
    return true;
  });
  try {
    await pushSet(db, setJobs, ctx, settled, singles);
  } catch (error) {
    logger().warn({ err: error, jobs: setJobs.length }, "bulk push failed; running its jobs one at a time");
    for (const job of setJobs) if (!settled.has(job.id) && !singles.includes(job)) singles.push(job);
  }
  const singleResults = await Promise.all(singles.map(async (job) => [job.id, await ctx.runSingle(job)] as const));
  for (const [id, result] of singleResults) settled.set(id, result);
  return jobs.map((job) => settled.get(job.id) ?? "retried");
}

async function pushSet(db: Db, jobs: PushBookingClaim[], ctx: PushSetContext, settled: Map<string, JobSettlement>, singles: PushBookingClaim[]): Promise<void> {
  const started = ctx.clock();
  const startedAt = performance.now();
  const bookingIds = unique(jobs.map((j) => j.bookingId));
  // Independent reads go out together (each on its own pooled connection).
  const [companies, viaFieldworker, bookingsById, assignments] = await Promise.all([
    loadCompanies(db, unique(jobs.map((j) => j.companyId))),
    accountsOfFieldworkers(db, unique(jobs.filter((j) => !j.googleAccountId).map((j) => j.fieldworkerId))),
    loadBookingsForEvents(db, bookingIds),
    loadAssignments(db, bookingIds),
  ]);
  const accountOf = (job: PushBookingClaim): string | undefined => {
    if (job.googleAccountId) return job.googleAccountId;
    const connection = job.fieldworkerId ? viaFieldworker.get(job.fieldworkerId) : undefined;
    return connection?.companyId === job.companyId ? connection.accountId : undefined;
  };
  const targets = await loadAccountPushTargets(db, unique(jobs.map(accountOf)));
  const copies = await loadBookingCopies(db, [...targets.values()].map((t) => t.calendar.id), bookingIds);

  const skipped: PushBookingClaim[] = [];
  const writes: PlannedWrite[] = [];
  for (const job of jobs) {
    const accountId = accountOf(job);
    const target = accountId ? targets.get(accountId) : undefined;
    const ownTarget = target && target.account.companyId === job.companyId ? target : undefined;
    const found = job.bookingId ? bookingsById.get(job.bookingId) : undefined;
    const assigned = job.bookingId ? (assignments.get(job.bookingId) ?? []) : [];
    const booking = found && found.companyId === job.companyId ? { ...found, fieldworkerNames: assigned.map((a) => a.name) } : undefined;
    const holders = assigned.filter((a) => a.accountId === accountId).map((a) => ({ id: a.fieldworkerId, active: a.active }));
    const company = companies.get(job.companyId);
    const plan = planBookingPush({
      bookingId: job.bookingId,
      company,
      accountResolved: accountId !== undefined,
      calendar: ownTarget ? { rowId: ownTarget.calendar.id, googleCalendarId: ownTarget.calendar.googleCalendarId } : undefined,
      booking,
      holders,
      copies: ownTarget && job.bookingId ? (copies.get(`${ownTarget.calendar.id}:${job.bookingId}`) ?? []) : [],
    });
    if (plan.kind === "skip") skipped.push(job);
    else if (plan.kind === "single") singles.push(job);
    else writes.push({ job, plan, account: ownTarget!.account, calendar: ownTarget!.calendar, company: company!, holderIds: holders.map((h) => h.id), times: booking! });
  }

  const loadedAt = performance.now();
  const sessions = await openSessions(db, writes);
  const sendable = writes.filter((w) => {
    if (sessions.has(w.account.id)) return true;
    singles.push(w.job);
    return false;
  });
  const written: { write: PlannedWrite; event: Parameters<typeof writtenCopyValues>[1] }[] = [];
  const refusedAccounts = new Set<string>();
  const chunks: PlannedWrite[][] = [];
  for (let i = 0; i < sendable.length; i += MAX_PARTS_PER_BATCH) chunks.push(sendable.slice(i, i + MAX_PARTS_PER_BATCH));
  for (const outcome of await Promise.all(chunks.map((chunk) => sendWithinQuota(db, chunk, sessions, ctx)))) {
    written.push(...outcome.written);
    // A refused access token: the one-job path, seeing it expired, refreshes it before trying again.
    await expireAccessTokens(db, [...outcome.unauthorized]);
    singles.push(...outcome.failed.map((w) => w.job));
    for (const [accountId, group] of outcome.postponed) {
      refusedAccounts.add(accountId);
      const postponed = new Set(await postponeForQuota(db, accountId, group.writes, group.retryAt, ctx.clock()));
      for (const w of group.writes) settled.set(w.job.id, postponed.has(w.job.id) ? "postponed" : "lost");
    }
  }

  const sentAt = performance.now();
  const now = ctx.clock();
  const answered = [...skipped, ...written.map((w) => w.write.job)];
  const completed = await db.transaction(async (tx) => {
    await saveWrittenCopies(
      tx,
      written.map(({ write, event }) =>
        writtenCopyValues({ calendarRowId: write.calendar.id, kind: "booking", bookingId: write.job.bookingId, fieldworkerId: null }, event, write.plan.hash, write.times, write.company.timeZone, {
          cancelledInApp: false,
        }),
      ),
    );
    await supersedeDeletionConflicts(
      tx,
      written.flatMap(({ write }) => write.holderIds.map((fieldworkerId) => ({ bookingId: write.job.bookingId, fieldworkerId }))),
      now,
    );
    await writeSyncLogs(
      tx,
      written.flatMap(({ write }) =>
        write.plan.activeHolderIds.map(
          (fieldworkerId): SyncLogEntry => ({
            companyId: write.job.companyId,
            fieldworkerId,
            bookingId: write.job.bookingId,
            googleEventId: write.plan.eventId,
            direction: "push",
            outcome: "ok",
            action: write.plan.existing ? "booking_updated" : "booking_created",
            message: write.plan.event.summary ?? "",
          }),
        ),
      ),
    );
    // Fenced: a job another worker took over meanwhile (this claim's lease ran out) is theirs to settle.
    return new Set(await outbox.complete(tx, answered, now));
  });
  for (const job of skipped) settled.set(job.id, completed.has(job.id) ? "skipped" : "lost");
  for (const { write } of written) settled.set(write.job.id, completed.has(write.job.id) ? "done" : "lost");
  const answeredAccounts = unique(answered.map(accountOf)).filter((id) => !refusedAccounts.has(id));
  await afterAccountsSuccess(db, answeredAccounts, ctx.clock());
  const durationMs = ctx.clock().getTime() - started.getTime();
  const phasesMs = { load: Math.round(loadedAt - startedAt), send: Math.round(sentAt - loadedAt), writeBack: Math.round(performance.now() - sentAt) };
  logger().info({ jobs: jobs.length, written: written.length, skipped: skipped.length, singles: singles.length, durationMs, phasesMs }, "bulk push");
  for (const job of [...skipped, ...written.map((w) => w.write.job)]) {
    logger().info({ jobId: job.id, companyId: job.companyId, googleAccountId: job.googleAccountId ?? undefined, kind: job.kind, attempt: job.attempts, result: settled.get(job.id), setSize: jobs.length, durationMs }, "sync job");
  }
}

/** One Google session per account that has calls to make; the company's Google setup read once per company. */
async function openSessions(db: Db, writes: PlannedWrite[]): Promise<Map<string, GoogleSession>> {
  const setups = new Map<string, CompanyGoogleSetup>();
  for (const companyId of unique(writes.map((w) => w.account.companyId))) setups.set(companyId, await loadCompanyGoogleSetup(db, companyId));
  const sessions = new Map<string, GoogleSession>();
  for (const account of new Map(writes.map((w) => [w.account.id, w.account])).values()) {
    const credentials = credentialsUnderSetup(setups.get(account.companyId)!, account);
    // Without credentials, scopes or a refresh token the one-job path marks the account and settles its jobs.
    if (!credentials) continue;
    try {
      sessions.set(account.id, await openGoogleSessionFor(db, account, credentials));
    } catch {
      continue;
    }
  }
  return sessions;
}

type SendOutcome = {
  written: { write: PlannedWrite; event: Parameters<typeof writtenCopyValues>[1] }[];
  failed: PlannedWrite[];
  /** Accounts whose access token Google refused (401). */
  unauthorized: Set<string>;
  postponed: Map<string, { writes: PlannedWrite[]; retryAt: Date }>;
};

/**
 * Reserves the chunk's calls (one statement for every account and project in it), sends what was admitted
 * as one HTTP batch, and for accounts whose budget is spent waits when the wait is short or hands their
 * writes back to be postponed.
 */
async function sendWithinQuota(db: Db, chunk: PlannedWrite[], sessions: Map<string, GoogleSession>, ctx: PushSetContext): Promise<SendOutcome> {
  const outcome: SendOutcome = { written: [], failed: [], unauthorized: new Set(), postponed: new Map() };
  let waiting = chunk;
  for (let round = 1; waiting.length > 0; round++) {
    const costs = new Map<string, { owner: AccountRow; cost: number }>();
    for (const w of waiting) costs.set(w.account.id, { owner: w.account, cost: (costs.get(w.account.id)?.cost ?? sessions.get(w.account.id)!.refreshCost()) + 1 });
    const refused = await admitCalls(db, [...costs.values()]);
    const admitted = waiting.filter((w) => !refused.has(w.account.id));
    await sendBatch(admitted, sessions, outcome);
    waiting = waiting.filter((w) => refused.has(w.account.id));
    if (waiting.length === 0) break;
    const retryAt = new Date(Math.max(...[...refused.values()].map((d) => d.getTime())));
    const waitMs = retryAt.getTime() - ctx.clock().getTime();
    // Others keep filling the window: after a few short waits, the jobs wait in the queue instead.
    if (waitMs > MAX_INLINE_QUOTA_WAIT_MS || round >= MAX_INLINE_QUOTA_ROUNDS) {
      for (const [accountId, at] of refused) outcome.postponed.set(accountId, { writes: waiting.filter((w) => w.account.id === accountId), retryAt: at });
      break;
    }
    await sleep(Math.max(waitMs, 20));
  }
  return outcome;
}

async function sendBatch(writes: PlannedWrite[], sessions: Map<string, GoogleSession>, outcome: SendOutcome): Promise<void> {
  if (writes.length === 0) return;
  const authorizations = new Map<string, string>();
  const ready: PlannedWrite[] = [];
  for (const w of writes) {
    if (!authorizations.has(w.account.id)) {
      try {
        authorizations.set(w.account.id, await sessions.get(w.account.id)!.authorization());
      } catch {
        authorizations.set(w.account.id, "");
      }
    }
    if (authorizations.get(w.account.id)) ready.push(w);
    else outcome.failed.push(w);
  }
  const parts = ready.map((w): BatchRequestPart => {
    const events = `${new URL(`calendar/v3/calendars/${encodeURIComponent(w.calendar.googleCalendarId)}/events`, googleEndpoints().apiRoot).pathname}`;
    const authorization = authorizations.get(w.account.id)!;
    return w.plan.method === "insert"
      ? { method: "POST", path: events, headers: { authorization }, body: w.plan.event }
      : { method: "PUT", path: `${events}/${encodeURIComponent(w.plan.eventId)}`, headers: { authorization, ...(w.plan.etag ? { "If-Match": w.plan.etag } : {}) }, body: w.plan.event };
  });
  if (parts.length === 0) return;
  let results: Awaited<ReturnType<typeof executeCalendarBatch>>;
  try {
    results = await executeCalendarBatch(parts);
  } catch {
    outcome.failed.push(...ready);
    return;
  }
  ready.forEach((w, i) => {
    const result = results[i];
    if (result && result.status >= 200 && result.status < 300 && result.body && typeof result.body === "object") outcome.written.push({ write: w, event: result.body });
    else {
      // 409, 412, 401, quota, 5xx, unanswered: the one-job path knows what each means.
      if (result?.status === 401) outcome.unauthorized.add(w.account.id);
      outcome.failed.push(w);
    }
  });
}

/**
 * The account's budget is spent until `retryAt`: its jobs wait until then, without spending an attempt.
 * Returns the ids settled (fenced by the leases).
 */
async function postponeForQuota(db: Db, accountId: string, writes: PlannedWrite[], retryAt: Date, now: Date): Promise<string[]> {
  const message = `Holding back to stay under Google's per-user quota until ${retryAt.toISOString()}`;
  await backOffForQuota(db, accountId, "account", retryAt, message);
  return outbox.postpone(
    db,
    writes.map((w) => w.job),
    retryAt,
    message,
    now,
  );
}
