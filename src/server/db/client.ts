import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { readTimestampsExactly } from "./exact-timestamps";
import { planPostgresConnection, type PoolerMode } from "./pooler";
import * as schema from "./schema";

// Years 1–99 read back as written, on both drivers (see exact-timestamps.ts).
readTimestampsExactly(schema);

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Either the database or an open transaction: shared queries accept both. */
export type DbOrTx = Db | Tx;

/**
 * LISTEN on a channel: `onNotify` gets each payload; `onListening` runs once listening starts and again after
 * every reconnect (notifications sent while disconnected are lost, so the caller re-reads then). Resolves to
 * the unlisten function.
 */
export type ListenFn = (channel: string, onNotify: (payload: string) => void, onListening: () => void) => Promise<() => Promise<void>>;

export interface DbHandle {
  db: Db;
  kind: "pglite" | "postgres";
  /**
   * Absent behind a transaction pooler: LISTEN needs a session of its own, which PgBouncer in transaction mode
   * cannot give (a notification would go to whichever client holds that server connection next).
   */
  listen?: ListenFn;
  /** The server URL when kind is postgres. */
  url?: string;
  close: () => Promise<void>;
}

export interface DbTarget {
  /** postgres:// URL of a real server; absent means embedded PGlite. */
  url?: string;
  /** PGlite data directory; absent means in-memory. */
  pgliteDir?: string;
  /** Called for every SQL statement Drizzle sends (benchmarks count them). */
  onQuery?: (sql: string) => void;
  /** Overrides detecting a transaction pooler from the URL (`?pgbouncer=true`, port 6543). */
  pooler?: PoolerMode;
  /** Behind a transaction pooler: a direct URL of the same database to LISTEN on (see DbHandle.listen). */
  listenUrl?: string;
  /** Connections in this process's pool. */
  poolMax?: number;
  /**
   * Apply pending migrations (dev, tests, scripts, the deploy's build step). Otherwise — a running
   * server — only check that the schema is current and fail with a clear error if not.
   */
  migrate?: boolean;
}

// Any constant works; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK_ID = 7_420_190;

// On globalThis, like the cached handle (./index.ts): a dev reload re-evaluates this module, the handle stays.
const globalForListeners = globalThis as unknown as { fieldsyncListeners?: WeakMap<Db, ListenFn> };
const listeners = (globalForListeners.fieldsyncListeners ??= new WeakMap<Db, ListenFn>());

/** How to LISTEN on this database, when it can (see DbHandle.listen). */
export function listenerOf(db: Db): ListenFn | undefined {
  return listeners.get(db);
}

const queryLogger = (target: DbTarget) => (target.onQuery ? { logQuery: (sql: string) => target.onQuery?.(sql) } : false);

/** Opens a database; migrates it when asked, otherwise checks that its schema is current. */
export async function openDb(target: DbTarget): Promise<DbHandle> {
  const handle = target.url ? await openPostgres(target.url, target) : await openPglite(target);
  try {
    const { assertSchemaCurrent } = await import("./migrations");
    if (target.migrate) await migrateHandle(handle, target);
    else await assertSchemaCurrent(handle.db);
  } catch (error) {
    await handle.close();
    throw error;
  }
  if (handle.listen) listeners.set(handle.db, handle.listen);
  return handle;
}

async function openPostgres(url: string, target: DbTarget): Promise<DbHandle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const plan = planPostgresConnection(url, { pooler: target.pooler, max: target.poolMax });
  const client = postgres(plan.url, { max: plan.max, prepare: plan.prepare, idle_timeout: plan.idleTimeout || undefined, onnotice: () => undefined });
  const db = drizzle(client, { schema, logger: queryLogger(target) });
  // postgres.js listens on one dedicated connection of its own (outside the pool) and re-listens after a
  // reconnect. Behind a transaction pooler that connection must go straight to the server (`listenUrl`).
  let listenClient: ReturnType<typeof postgres> | null = null;
  const directListenUrl = plan.transactionPooler ? target.listenUrl : undefined;
  const listenSource = !plan.transactionPooler
    ? () => client
    : directListenUrl
      ? () => (listenClient ??= postgres(planPostgresConnection(directListenUrl, { pooler: "none" }).url, { max: 1, onnotice: () => undefined }))
      : undefined;
  const listen: ListenFn | undefined = listenSource
    ? async (channel, onNotify, onListening) => {
        const request = await listenSource().listen(channel, onNotify, onListening);
        return () => request.unlisten();
      }
    : undefined;
  return {
    db,
    kind: "postgres",
    url,
    listen,
    close: async () => {
      await listenClient?.end({ timeout: 5 });
      await client.end({ timeout: 5 });
    },
  };
}

async function openPglite(target: DbTarget): Promise<DbHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  if (target.pgliteDir) mkdirSync(path.dirname(path.resolve(target.pgliteDir)), { recursive: true });
  const client = target.pgliteDir ? new PGlite(target.pgliteDir) : new PGlite();
  const db = drizzle(client, { schema, logger: queryLogger(target) });
  // One embedded instance, one session: it hears the NOTIFYs of its own transactions.
  const listen: ListenFn = async (channel, onNotify, onListening) => {
    const unlisten = await client.listen(channel, onNotify);
    onListening();
    return () => unlisten();
  };
  return { db, kind: "pglite", listen, close: () => client.close() };
}

async function migrateHandle(handle: DbHandle, target: DbTarget): Promise<void> {
  const { MIGRATIONS_FOLDER } = await import("./migrations");
  if (handle.kind === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(handle.db as Parameters<typeof migrate>[0], { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  // Two processes migrating together (dev server + seed, parallel CI jobs) must not both migrate. The lock is
  // transaction-scoped and held on its own connection while the migrator runs on the other, so it also works
  // through a transaction pooler, where a session-level lock would stay behind on some server connection.
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const plan = planPostgresConnection(handle.url!, { pooler: target.pooler });
  const client = postgres(plan.url, { max: 2, prepare: plan.prepare, onnotice: () => undefined });
  try {
    await client.begin(async (lock) => {
      await lock`select pg_advisory_xact_lock(${MIGRATION_LOCK_ID})`;
      await migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    });
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** Rows of a raw `db.execute()`: postgres.js returns an array, PGlite an object with `rows`. */
export function resultRows<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  if (result && typeof result === "object" && "rows" in result && Array.isArray(result.rows)) return result.rows as T[];
  throw new Error("Unexpected query result shape");
}
