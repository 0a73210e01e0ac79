import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import journal from "../../../../drizzle/meta/_journal.json";
import { openDb, type DbHandle } from "../client";
import { schemaStatus, SchemaOutdatedError } from "../migrations";
import { createTestDb } from "../testing";

/** Runs `check` inside a transaction that is rolled back, so the database is left as it was. */
async function withinRollback(handle: DbHandle, change: ReturnType<typeof sql>, check: (tx: Parameters<Parameters<DbHandle["db"]["transaction"]>[0]>[0]) => Promise<void>) {
  const rolledBack = new Error("rollback");
  await handle.db
    .transaction(async (tx) => {
      await tx.execute(change);
      await check(tx);
      throw rolledBack;
    })
    .catch((error: unknown) => {
      if (error !== rolledBack) throw error;
    });
}

describe("a server checks the schema instead of migrating", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDb();
  });
  afterAll(() => handle.close());

  it("reports a migrated database as current", async () => {
    expect(await schemaStatus(handle.db)).toEqual({ current: true, expected: journal.entries.length, applied: journal.entries.length });
  });

  it("reports a database missing the newest migration, and opening it without migrate fails with a clear error", async () => {
    const newest = journal.entries.at(-1)!.when;
    await handle.db.execute(sql`update drizzle.__drizzle_migrations set created_at = created_at - 1 where created_at = ${newest}`);
    try {
      expect(await schemaStatus(handle.db)).toEqual({ current: false, expected: journal.entries.length, applied: journal.entries.length - 1 });
      if (handle.kind === "postgres") {
        const opening = openDb({ url: handle.url });
        await expect(opening).rejects.toBeInstanceOf(SchemaOutdatedError);
        await expect(opening).rejects.toThrow(/not current \(\d+ of \d+ migrations applied\).*npm run db:migrate/);
      }
    } finally {
      await handle.db.execute(sql`update drizzle.__drizzle_migrations set created_at = ${newest} where created_at = ${newest - 1}`);
    }
    expect((await schemaStatus(handle.db)).current).toBe(true);
  });

  it("reports a database nobody migrated (no migrations table) as 0 applied", async () => {
    await withinRollback(handle, sql`alter table drizzle.__drizzle_migrations rename to migrations_elsewhere`, async (tx) => {
      expect(await schemaStatus(tx)).toEqual({ current: false, expected: journal.entries.length, applied: 0 });
    });
    expect((await schemaStatus(handle.db)).current).toBe(true);
  });
});
