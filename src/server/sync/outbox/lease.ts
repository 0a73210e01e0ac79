/**
 * How long a claimed job is its worker's alone. It must outlast the longest a function may run (every route that
 * runs jobs declares `maxDuration = 60`; `__tests__/lease.test.ts` checks them), or a live worker's job would be
 * claimed a second time.
 */
export const JOB_LEASE_MS = 2 * 60 * 1000;

/**
 * A worker killed mid-job (a function timeout, a crash) never settles it; the next claim after the lease runs out
 * takes it over. After this many such claims in a row the job fails instead: it would be killed forever.
 */
export const MAX_LOST_LEASES = 8;
