import type { Db } from "../../db/client";
import type { SyncJobKind, SyncJobOf } from "../outbox";

/** What a job handler reports; the runner turns it into done / retry / failed and a sync-log line. */
export type JobOutcome =
  | { kind: "done"; logged?: boolean }
  | { kind: "skipped"; reason: string };

/** Every handler has this one shape: the typed job, the time it runs at. Errors are thrown (the runner classifies them). */
export type JobHandler<K extends SyncJobKind> = (db: Db, job: SyncJobOf<K>, now: Date) => Promise<JobOutcome>;
