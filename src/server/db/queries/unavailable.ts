import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { fieldworkers, unavailableBlocks } from "../schema";

export async function findUnavailableBlock(db: DbOrTx, companyId: string, blockId: string) {
  const [row] = await db
    .select({
      id: unavailableBlocks.id,
      fieldworkerId: unavailableBlocks.fieldworkerId,
      fieldworkerName: fieldworkers.displayName,
      startsAt: unavailableBlocks.startsAt,
      endsAt: unavailableBlocks.endsAt,
      note: unavailableBlocks.note,
    })
    .from(unavailableBlocks)
    .innerJoin(fieldworkers, eq(fieldworkers.id, unavailableBlocks.fieldworkerId))
    .where(and(eq(unavailableBlocks.companyId, companyId), eq(unavailableBlocks.id, blockId)))
    .limit(1);
  return row;
}

/** A fieldworker of the company (active or not: blocks of someone on leave may still be tidied up). */
export async function findCompanyFieldworker(db: DbOrTx, companyId: string, fieldworkerId: string) {
  const [row] = await db
    .select({ id: fieldworkers.id, active: fieldworkers.active })
    .from(fieldworkers)
    .where(and(eq(fieldworkers.companyId, companyId), eq(fieldworkers.id, fieldworkerId)))
    .limit(1);
  return row;
}

export interface UnavailableValues {
  fieldworkerId: string;
  startsAt: Date;
  endsAt: Date;
  note: string;
}

export async function insertUnavailableBlock(tx: DbOrTx, companyId: string, values: UnavailableValues) {
  const [row] = await tx
    .insert(unavailableBlocks)
    .values({ companyId, ...values })
    .returning({ id: unavailableBlocks.id });
  if (!row) throw new Error("unavailable block insert returned nothing");
  return row;
}

export async function updateUnavailableBlock(tx: DbOrTx, companyId: string, blockId: string, values: UnavailableValues) {
  const [row] = await tx
    .update(unavailableBlocks)
    .set(values)
    .where(and(eq(unavailableBlocks.companyId, companyId), eq(unavailableBlocks.id, blockId)))
    .returning({ id: unavailableBlocks.id });
  return row;
}

export async function deleteUnavailableBlock(tx: DbOrTx, companyId: string, blockId: string) {
  const [row] = await tx
    .delete(unavailableBlocks)
    .where(and(eq(unavailableBlocks.companyId, companyId), eq(unavailableBlocks.id, blockId)))
    .returning({ id: unavailableBlocks.id, fieldworkerId: unavailableBlocks.fieldworkerId });
  return row;
}
