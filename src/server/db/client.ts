import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { readTimestampsExactly } from "./exact-timestamps";
import * as schema from "./schema";

// Years 1–99 read back as written, on both drivers (see exact-timestamps.ts).
readTimestampsExactly(schema);

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Either the database or an open transaction: shared queries accept both. */
export type DbOrTx = Db | Tx;

export interface DbHandle {
  db: Db;
  kind: "pglite" | "postgres";
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
}

const MIGRATIONS_FOLDER = path.join(process.cwd(), "drizzle");
// Any constant works; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK_ID = 7_420_190;

const queryLogger = (target: DbTarget) => (target.onQuery ? { logQuery: (sql: string) => target.onQuery?.(sql) } : false);

/** Opens a database and applies every pending migration before returning it. */
export async function openDb(target: DbTarget): Promise<DbHandle> {
  if (target.url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    const client = postgres(target.url, { max: 10, onnotice: () => undefined });
    const db = drizzle(client, { schema, logger: queryLogger(target) });
    // Two processes starting together (dev server + seed, parallel CI jobs) must not migrate twice.
    const lockConnection = await client.reserve();
    try {
      await lockConnection`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
      await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await lockConnection`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
      lockConnection.release();
    }
    return { db, kind: "postgres", url: target.url, close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  if (target.pgliteDir) mkdirSync(path.dirname(path.resolve(target.pgliteDir)), { recursive: true });
  const client = target.pgliteDir ? new PGlite(target.pgliteDir) : new PGlite();
  const db = drizzle(client, { schema, logger: queryLogger(target) });
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return { db, kind: "pglite", close: () => client.close() };
}

/** Rows of a raw `db.execute()`: postgres.js returns an array, PGlite an object with `rows`. */
export function resultRows<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  if (result && typeof result === "object" && "rows" in result && Array.isArray(result.rows)) return result.rows as T[];
  throw new Error("Unexpected query result shape");
}
