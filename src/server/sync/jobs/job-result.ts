/** What a job handler reports; the runner turns it into done / retry / failed and a sync-log line. */
export type JobOutcome =
  | { kind: "done"; logged?: boolean }
  | { kind: "skipped"; reason: string };
