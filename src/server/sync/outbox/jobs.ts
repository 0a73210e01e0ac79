import { z } from "zod";
import type { syncJobs } from "../../db/schema";

/**
 * The outbox's jobs: one typed payload per `sync_jobs.kind`. The table stays one row shape (ids in columns, the
 * rest in `payload`); `toJobRow` and `parseJobRow` are the only places that know how a job maps onto it.
 */
const id = z.string().min(1);

export const syncJobSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("push_booking"),
    companyId: id,
    bookingId: id,
    /** The account whose company calendar holds the event. Null only on rows queued before events were shared. */
    googleAccountId: id.nullable(),
    /** Who asked first; the job works out everyone concerned when it runs. */
    fieldworkerId: id.nullable(),
    /** Travels with the job when the booking is gone, because its status can't be read any more. */
    deleteFromGoogle: z.boolean().optional(),
  }),
  z.object({ kind: z.literal("push_unavailable"), companyId: id, unavailableBlockId: id, fieldworkerId: id }),
  z.object({ kind: z.literal("pull_calendar"), companyId: id, calendarRowId: id, googleAccountId: id }),
  z.object({ kind: z.literal("initial_sync"), companyId: id, fieldworkerId: id, googleAccountId: id }),
  z.object({
    kind: z.literal("stop_sync"),
    companyId: id,
    googleAccountId: id,
    /** With a calendar: that calendar was unticked. Without: the fieldworker was deactivated. */
    calendarRowId: id.nullable(),
    fieldworkerId: id.nullable(),
  }),
  z.object({ kind: z.literal("refresh_calendar_list"), companyId: id, googleAccountId: id }),
  z.object({ kind: z.literal("send_invitation"), companyId: id, fieldworkerId: id, invitationId: id }),
  /** A fieldworker disconnected: once nobody uses the account, stop its channels, revoke its grant, delete it. */
  z.object({ kind: z.literal("retire_account"), companyId: id, googleAccountId: id, fieldworkerId: id.nullable() }),
]);

export type SyncJob = z.infer<typeof syncJobSchema>;
export type SyncJobKind = SyncJob["kind"];
export type SyncJobOf<K extends SyncJobKind> = Extract<SyncJob, { kind: K }>;

/**
 * Pending jobs with the same key coalesce into one: each job reads the current state when it runs, so one
 * pending job covers every change made before it starts.
 */
export function dedupeKey(job: SyncJob): string {
  switch (job.kind) {
    case "push_booking":
      // Keyed on the account: fieldworkers sharing an account share one event, so their changes coalesce.
      return `push_booking:${job.bookingId}:${job.googleAccountId ?? job.fieldworkerId}`;
    case "push_unavailable":
      return `push_unavailable:${job.unavailableBlockId}:${job.fieldworkerId}`;
    case "pull_calendar":
      return `pull_calendar:${job.calendarRowId}`;
    case "initial_sync":
      return `initial_sync:${job.fieldworkerId}`;
    case "stop_sync":
      return job.calendarRowId ? `stop_calendar:${job.calendarRowId}` : `stop_sync:${job.fieldworkerId ?? job.googleAccountId}`;
    case "refresh_calendar_list":
      return `refresh_calendar_list:${job.googleAccountId}`;
    case "send_invitation":
      return `send_invitation:${job.invitationId}`;
    case "retire_account":
      return `retire_account:${job.googleAccountId}`;
  }
}

/** Who a job concerns, whatever its kind: the sync log, the runner's account lookups and log lines use these. */
export interface JobSubject {
  companyId: string;
  fieldworkerId: string | null;
  bookingId: string | null;
  googleAccountId: string | null;
}

export function subjectOf(job: SyncJob | MalformedJob): JobSubject {
  return {
    companyId: job.companyId,
    fieldworkerId: "fieldworkerId" in job ? job.fieldworkerId : null,
    bookingId: "bookingId" in job ? job.bookingId : null,
    googleAccountId: "googleAccountId" in job ? job.googleAccountId : null,
  };
}

/** A stored row that is none of the jobs above (written by hand, or by an older version): it fails, visibly. */
export interface MalformedJob {
  kind: "malformed";
  storedKind: string;
  problem: string;
  companyId: string;
  fieldworkerId: string | null;
  googleAccountId: string | null;
}

type JobRow = typeof syncJobs.$inferSelect;
/** A job's columns in `sync_jobs` (the rest is the outbox's bookkeeping). */
export type NewJobRow = Pick<JobRow, "companyId" | "kind" | "fieldworkerId" | "bookingId" | "unavailableBlockId" | "calendarRowId" | "googleAccountId" | "dedupeKey" | "payload">;

/** The row a job is stored as. */
export function toJobRow(job: SyncJob): NewJobRow {
  const subject = subjectOf(job);
  const row: NewJobRow = {
    companyId: job.companyId,
    kind: job.kind,
    fieldworkerId: subject.fieldworkerId,
    bookingId: subject.bookingId,
    googleAccountId: subject.googleAccountId,
    unavailableBlockId: job.kind === "push_unavailable" ? job.unavailableBlockId : null,
    calendarRowId: job.kind === "pull_calendar" || job.kind === "stop_sync" ? job.calendarRowId : null,
    dedupeKey: dedupeKey(job),
    payload: {},
  };
  if (job.kind === "push_booking" && job.deleteFromGoogle !== undefined) row.payload = { deleteFromGoogle: job.deleteFromGoogle };
  if (job.kind === "send_invitation") row.payload = { invitationId: job.invitationId };
  return row;
}

/** The job a stored row holds, or why it holds none. */
export function parseJobRow(row: NewJobRow): SyncJob | MalformedJob {
  const parsed = syncJobSchema.safeParse({
    ...row.payload,
    kind: row.kind,
    companyId: row.companyId,
    fieldworkerId: row.fieldworkerId,
    bookingId: row.bookingId ?? undefined,
    unavailableBlockId: row.unavailableBlockId ?? undefined,
    calendarRowId: row.calendarRowId,
    googleAccountId: row.googleAccountId,
  });
  if (parsed.success) return parsed.data;
  return {
    kind: "malformed",
    storedKind: row.kind,
    problem: parsed.error.issues.map((issue) => `${issue.path.join(".") || "job"}: ${issue.message}`).join("; "),
    companyId: row.companyId,
    fieldworkerId: row.fieldworkerId,
    googleAccountId: row.googleAccountId,
  };
}
