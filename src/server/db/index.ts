import { env } from "~/env";
import { openDb, type Db, type DbHandle } from "./client";

const globalForDb = globalThis as unknown as { fieldsyncDb?: Promise<DbHandle> };

/** The process-wide database, migrated once. Cached on globalThis so dev hot reloads reuse it. */
export function getDbHandle(): Promise<DbHandle> {
  globalForDb.fieldsyncDb ??= openDb({ url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR });
  return globalForDb.fieldsyncDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

export type { Db, DbOrTx, Tx } from "./client";
