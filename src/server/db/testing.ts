import { randomBytes } from "node:crypto";
import { env } from "~/env";
import { openDb, type DbHandle } from "./client";
import { planPostgresConnection } from "./pooler";

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or — when DATABASE_URL is set —
 * a throw-away database on that Postgres server, dropped on close. Behind PgBouncer (`?pgbouncer=true`)
 * the database is created and dropped through it too: its `*` entry forwards any database name.
 */
export async function createTestDb(options: { onQuery?: (sql: string) => void; serverUrl?: string | null } = {}): Promise<DbHandle> {
  // `serverUrl`: a Postgres server other than DATABASE_URL's, or null for PGlite (benchmarks compare them).
  const serverUrl = options.serverUrl === undefined ? env.DATABASE_URL : options.serverUrl;
  if (!serverUrl) return openDb({ onQuery: options.onQuery, migrate: true });

  const { default: postgres } = await import("postgres");
  const name = `fieldsync_test_${randomBytes(6).toString("hex")}`;
  const plan = planPostgresConnection(serverUrl);
  const admin = postgres(plan.url, { max: 1, prepare: plan.prepare, onnotice: () => undefined });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDb({ url: url.toString(), onQuery: options.onQuery, migrate: true });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
