import { randomBytes } from "node:crypto";
import { openDb, type DbHandle } from "./client";

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or — when DATABASE_URL is set —
 * a throw-away database on that Postgres server, dropped on close.
 */
export async function createTestDb(options: { onQuery?: (sql: string) => void } = {}): Promise<DbHandle> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return openDb({ onQuery: options.onQuery });

  const { default: postgres } = await import("postgres");
  const name = `fieldsync_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDb({ url: url.toString(), onQuery: options.onQuery });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
