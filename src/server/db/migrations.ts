import path from "node:path";
import { sql } from "drizzle-orm";
import journal from "../../../drizzle/meta/_journal.json";
import { resultRows, type DbOrTx } from "./client";

/**
 * Migrations run at deploy (`npm run db:migrate`, Vercel's buildCommand) and explicitly in dev, tests and
 * the e2e seed. A running server never migrates: it only compares the newest applied migration with the
 * newest one it was built with (the journal is bundled, so no file of drizzle/ is read at runtime).
 */
export const MIGRATIONS_FOLDER = path.join(process.cwd(), "drizzle");

export interface SchemaStatus {
  current: boolean;
  /** Migrations this build knows. */
  expected: number;
  /** Of those, how many the database has applied. */
  applied: number;
}

const migrationTimes = journal.entries.map((entry) => entry.when);

export class SchemaOutdatedError extends Error {
  constructor(readonly status: SchemaStatus) {
    super(
      `The database schema is not current (${status.applied} of ${status.expected} migrations applied). ` +
        "Run `npm run db:migrate` against this database (Vercel: the buildCommand in vercel.json does it on every deploy).",
    );
    this.name = "SchemaOutdatedError";
  }
}

/** One cheap query: which of this build's migrations the database has recorded. */
export async function schemaStatus(db: DbOrTx): Promise<SchemaStatus> {
  const table = await db.execute(sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`);
  const present = resultRows<{ present: boolean }>(table)[0]?.present === true;
  if (!present) return { current: migrationTimes.length === 0, expected: migrationTimes.length, applied: 0 };
  const latest = await db.execute(sql`select max(created_at)::text as latest from drizzle.__drizzle_migrations`);
  const newest = Number(resultRows<{ latest: string | null }>(latest)[0]?.latest ?? 0);
  const applied = migrationTimes.filter((when) => when <= newest).length;
  return { current: applied === migrationTimes.length, expected: migrationTimes.length, applied };
}

export async function assertSchemaCurrent(db: DbOrTx): Promise<void> {
  const status = await schemaStatus(db);
  if (!status.current) throw new SchemaOutdatedError(status);
}
