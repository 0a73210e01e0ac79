import { env } from "~/env";
import { openDb, type Db, type DbHandle, type DbTarget } from "./client";

const globalForDb = globalThis as unknown as { fieldsyncDb?: Promise<DbHandle> };

/** This deployment's database from the environment: Postgres when DATABASE_URL is set, else embedded PGlite. */
export function configuredDbTarget(): DbTarget {
  if (!env.DATABASE_URL && env.NODE_ENV === "production" && !env.FIELDSYNC_LOCAL_PRODUCTION) {
    throw new Error("DATABASE_URL is not set: a production server never falls back to embedded PGlite (set FIELDSYNC_LOCAL_PRODUCTION=1 for a local run).");
  }
  return { url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, pooler: env.DATABASE_POOLER, poolMax: env.DATABASE_POOL_MAX, listenUrl: env.DATABASE_LISTEN_URL };
}

/**
 * The process-wide database. The server never migrates: it checks once that the schema is current
 * (a clear error otherwise). Cached on globalThis so dev hot reloads reuse it; a failed open is not cached.
 */
export function getDbHandle(): Promise<DbHandle> {
  globalForDb.fieldsyncDb ??= Promise.resolve()
    .then(() => openDb(configuredDbTarget()))
    .catch((error: unknown) => {
      globalForDb.fieldsyncDb = undefined;
      throw error;
    });
  return globalForDb.fieldsyncDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

/** For scripts (migrate, seed, dev): the configured database with every pending migration applied. */
export function openMigratedDb(): Promise<DbHandle> {
  return openDb({ ...configuredDbTarget(), migrate: true });
}

export type { Db, DbOrTx, Tx } from "./client";
