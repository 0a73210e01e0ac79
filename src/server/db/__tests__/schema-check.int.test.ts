import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import journal from "../../../../drizzle/meta/_journal.json";
import { openDb, type DbHandle } from "../client";
import { schemaStatus, SchemaOutdatedError } from "../migrations";
import { createTestDb } from "../testing";

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
  });

  it("an empty database is not current and a server refuses it", async () => {
    const empty = openDb({});
    await expect(empty).rejects.toThrow(`0 of ${journal.entries.length} migrations applied`);
  });
});
