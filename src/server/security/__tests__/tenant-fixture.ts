import { TRPCError } from "@trpc/server";
import { and, eq, sql } from "drizzle-orm";
import { appRouter } from "../../api/root";
import { adminProcedure, fieldworkerProcedure, protectedProcedure } from "../../api/trpc";
import type { TestApp } from "../../api/__tests__/test-app";
import { resultRows, type Db } from "../../db/client";
import {
  bookingAssignments,
  bookings,
  fieldworkerGoogleConnections,
  googleCalendars,
  syncConflicts,
  unavailableBlocks,
} from "../../db/schema";

/**
 * Helpers shared by the security suites: the ids of one seeded company that the walkers name, raw dumps of
 * every table (to prove a refused call wrote nothing), and a way to call any procedure by its path.
 */

/** The rows of one company a procedure input can name. The "subject" is Maria, connected to Google. */
export interface TenantIds {
  companyId: string;
  fieldworkerId: string;
  customerId: string;
  statusId: string;
  statusIds: string[];
  bookingId: string;
  blockId: string;
  /** A selectable (non-company) calendar row of the subject's Google account. */
  calendarRowId: string;
  conflictId: string;
  /** Another fieldworker of the same company (Tom) and rows that are his, not the subject's. */
  peerFieldworkerId: string;
  peerBlockId: string;
  peerConflictId: string;
  /** A booking the subject is not assigned to. */
  peerBookingId: string;
}

const HOUR_MS = 3_600_000;

/**
 * Loads (and where the seed has none, inserts) the rows the walkers name. The subject must already be
 * connected to Google so calendar rows exist.
 */
export async function loadTenantIds(app: TestApp, company: "acme" | "beta"): Promise<TenantIds> {
  const db = app.handle.db;
  const seeded = app[company];
  const companyId = seeded.company.id;
  const byName = (name: string) => {
    const found = seeded.crew.find((f) => f.displayName.startsWith(name));
    if (!found) throw new Error(`no fieldworker ${name} in ${company}`);
    return found.id;
  };
  const subject = byName("Maria");
  const peer = byName("Tom");
  const companyBookings = await db.select({ id: bookings.id }).from(bookings).where(eq(bookings.companyId, companyId));
  const assignedToSubject = new Set(
    (await db.select({ bookingId: bookingAssignments.bookingId }).from(bookingAssignments).where(eq(bookingAssignments.fieldworkerId, subject))).map(
      (row) => row.bookingId,
    ),
  );
  const bookingId = companyBookings[0]?.id;
  const peerBookingId = companyBookings.find((b) => !assignedToSubject.has(b.id))?.id;
  if (!bookingId || !peerBookingId) throw new Error(`${company} needs bookings, one of them not assigned to Maria`);

  const start = new Date(Date.now() + 20 * 24 * HOUR_MS);
  const [block, peerBlock] = await db
    .insert(unavailableBlocks)
    .values([
      { companyId, fieldworkerId: subject, startsAt: start, endsAt: new Date(start.getTime() + HOUR_MS), note: "Security walker" },
      { companyId, fieldworkerId: peer, startsAt: start, endsAt: new Date(start.getTime() + HOUR_MS), note: "Security walker" },
    ])
    .returning({ id: unavailableBlocks.id });
  const [conflict, peerConflict] = await db
    .insert(syncConflicts)
    .values([
      { companyId, fieldworkerId: subject, bookingId },
      { companyId, fieldworkerId: peer, bookingId: peerBookingId },
    ])
    .returning({ id: syncConflicts.id });
  const [calendar] = await db
    .select({ id: googleCalendars.id })
    .from(fieldworkerGoogleConnections)
    .innerJoin(googleCalendars, eq(googleCalendars.googleAccountId, fieldworkerGoogleConnections.googleAccountId))
    .where(and(eq(fieldworkerGoogleConnections.fieldworkerId, subject), eq(googleCalendars.isCompanyCalendar, false)))
    .limit(1);
  if (!block || !peerBlock || !conflict || !peerConflict || !calendar) throw new Error(`could not prepare ${company}'s rows (is Maria connected?)`);
  const statusIds = seeded.statuses.map((s) => s.id);
  const customerId = seeded.customers[0]?.id;
  if (!customerId || !statusIds[0]) throw new Error(`${company} has no customers or statuses`);
  return {
    companyId,
    fieldworkerId: subject,
    customerId,
    statusId: statusIds[0],
    statusIds,
    bookingId,
    blockId: block.id,
    calendarRowId: calendar.id,
    conflictId: conflict.id,
    peerFieldworkerId: peer,
    peerBlockId: peerBlock.id,
    peerConflictId: peerConflict.id,
    peerBookingId,
  };
}

/** Every base table of the public schema: new tables are picked up without touching the suites. */
export async function publicTables(db: Db): Promise<string[]> {
  const rows = resultRows<{ name: string }>(
    await db.execute(
      sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
    ),
  );
  return rows.map((row) => row.name);
}

export type TableDump = Record<string, string[]>;

/** Every row of every table as JSON text, sorted per table, in one statement. */
export async function dumpAllTables(db: Db): Promise<TableDump> {
  const tables = await publicTables(db);
  const union = sql.join(
    tables.map((table) => sql`select ${table}::text as tbl, row_to_json(t)::text as row from ${sql.identifier(table)} t`),
    sql` union all `,
  );
  const rows = resultRows<{ tbl: string; row: string }>(await db.execute(union));
  const dump: TableDump = Object.fromEntries(tables.map((table) => [table, [] as string[]]));
  for (const { tbl, row } of rows) dump[tbl]?.push(row);
  for (const table of tables) dump[table]?.sort();
  return dump;
}

export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const dump = await dumpAllTables(db);
  return Object.fromEntries(Object.entries(dump).map(([table, rows]) => [table, rows.length]));
}

/**
 * The ids of every row that belongs to a company: start from the company id and follow references until
 * nothing new turns up (a row belongs to the company when its JSON names one of its ids). Generic, so a new
 * table is covered as soon as its rows reference the company or one of its rows.
 */
export function companyMarkers(dump: TableDump, companyId: string): Set<string> {
  const markers = new Set([companyId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const rows of Object.values(dump)) {
      for (const text of rows) {
        if (![...markers].some((marker) => text.includes(marker))) continue;
        const row = JSON.parse(text) as Record<string, unknown>;
        const id = row.id;
        if (typeof id === "string" && id.length >= 8 && !markers.has(id)) {
          markers.add(id);
          grew = true;
        }
      }
    }
  }
  return markers;
}

/** The rows of a dump that name one of the markers: one company's slice of the database. */
export function sliceOf(dump: TableDump, markers: Set<string>): TableDump {
  return Object.fromEntries(
    Object.entries(dump).map(([table, rows]) => [table, rows.filter((text) => [...markers].some((marker) => text.includes(marker)))]),
  );
}

type Invoke = (input?: unknown) => Promise<unknown>;

/** The caller's function at a dotted procedure path ("bookings.get"). */
export function procedureAt(caller: unknown, path: string): Invoke {
  let node: unknown = caller;
  for (const key of path.split(".")) {
    if (node === null || (typeof node !== "object" && typeof node !== "function")) throw new Error(`No procedure at ${path}`);
    node = (node as Record<string, unknown>)[key];
  }
  if (typeof node !== "function") throw new Error(`No procedure at ${path}`);
  return node as Invoke;
}

export type CallResult = { ok: true; value: unknown } | { ok: false; code: string; message: string };

/** Calls a procedure and reports its outcome; anything thrown that is not a TRPCError is reported as such. */
export async function attempt(caller: unknown, path: string, input: unknown): Promise<CallResult> {
  try {
    return { ok: true, value: await procedureAt(caller, path)(input) };
  } catch (error) {
    if (error instanceof TRPCError) return { ok: false, code: error.code, message: error.message };
    return { ok: false, code: `NOT_A_TRPC_ERROR(${error instanceof Error ? error.constructor.name : typeof error})`, message: String(error) };
  }
}

interface ProcedureDef {
  type: "query" | "mutation" | "subscription";
  inputs: unknown[];
  middlewares: unknown[];
}

/**
 * Every procedure of the app router by dotted path. tRPC v11 types `_def.procedures` as the nested record,
 * but builds it flat ("bookings.get" → procedure), which is what a walker needs.
 */
export function routerProcedures(): Map<string, ProcedureDef> {
  const record = appRouter._def.procedures as unknown as Record<string, { _def: ProcedureDef }>;
  return new Map(Object.entries(record).map(([path, procedure]) => [path, procedure._def]));
}

const lastMiddleware = (procedure: { _def: { middlewares: unknown[] } }) => procedure._def.middlewares.at(-1);
const ADMIN_GUARD = lastMiddleware(adminProcedure as unknown as { _def: { middlewares: unknown[] } });
const FIELDWORKER_GUARD = lastMiddleware(fieldworkerProcedure as unknown as { _def: { middlewares: unknown[] } });
const SIGNED_IN_GUARD = lastMiddleware(protectedProcedure as unknown as { _def: { middlewares: unknown[] } });

/** Who may call a procedure, read from the middlewares it was built with (not from its name). */
export function accessOf(def: ProcedureDef): "admin" | "fieldworker" | "signed-in" | "public" {
  if (def.middlewares.includes(ADMIN_GUARD)) return "admin";
  if (def.middlewares.includes(FIELDWORKER_GUARD)) return "fieldworker";
  return def.middlewares.includes(SIGNED_IN_GUARD) ? "signed-in" : "public";
}
