/**
 * How to talk to a Postgres URL. Behind a transaction pooler (PgBouncer in transaction mode, Supabase's
 * Supavisor on port 6543, Neon's `-pooler` host with `?pgbouncer=true`) a server connection changes
 * between transactions, so prepared statements are off and the pool stays small: every serverless
 * instance opens its own. Nothing in FieldSync keeps session state across transactions (the only
 * advisory lock is `pg_advisory_xact_lock`, no temporary tables or session settings). LISTEN, which needs a
 * session, is used only on a direct connection (the live calendar's change feed); behind a transaction pooler
 * that feed polls instead (src/server/live/calendar-change-feed.ts).
 */
export type PoolerMode = "transaction" | "session" | "none";

export interface PostgresConnectionPlan {
  /** The URL to connect with, without our own `pgbouncer` marker (servers reject unknown parameters). */
  url: string;
  transactionPooler: boolean;
  prepare: boolean;
  max: number;
  /** Seconds an idle connection is kept; 0 = for ever. */
  idleTimeout: number;
}

const DEFAULT_MAX = 10;
const DEFAULT_MAX_BEHIND_POOLER = 5;
const SUPAVISOR_TRANSACTION_PORT = "6543";

export function planPostgresConnection(rawUrl: string, options: { pooler?: PoolerMode; max?: number } = {}): PostgresConnectionPlan {
  const url = new URL(rawUrl);
  const marker = url.searchParams.get("pgbouncer");
  url.searchParams.delete("pgbouncer");
  const transactionPooler =
    options.pooler !== undefined ? options.pooler === "transaction" : marker === "true" || url.port === SUPAVISOR_TRANSACTION_PORT;
  return {
    url: url.toString(),
    transactionPooler,
    prepare: !transactionPooler,
    max: options.max ?? (transactionPooler ? DEFAULT_MAX_BEHIND_POOLER : DEFAULT_MAX),
    idleTimeout: transactionPooler ? 20 : 0,
  };
}
