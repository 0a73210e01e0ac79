import { and, asc, desc, eq, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { fieldworkers } from "../schema";

export const fieldworkerColumns = {
  id: fieldworkers.id,
  displayName: fieldworkers.displayName,
  email: fieldworkers.email,
  phone: fieldworkers.phone,
  active: fieldworkers.active,
  isGeneral: fieldworkers.isGeneral,
  userId: fieldworkers.userId,
  createdAt: fieldworkers.createdAt,
  updatedAt: fieldworkers.updatedAt,
};

export interface FieldworkerInput {
  displayName: string;
  email: string;
  phone: string | null;
  active: boolean;
}

/** The general fieldworker (business calendar) first, then active people, then by name. */
export function listFieldworkers(db: DbOrTx, companyId: string, options: { onlyId?: string } = {}) {
  const where = options.onlyId
    ? and(eq(fieldworkers.companyId, companyId), eq(fieldworkers.id, options.onlyId))
    : eq(fieldworkers.companyId, companyId);
  return db
    .select(fieldworkerColumns)
    .from(fieldworkers)
    .where(where)
    .orderBy(desc(fieldworkers.isGeneral), desc(fieldworkers.active), asc(sql`lower(${fieldworkers.displayName})`));
}

export async function getFieldworker(db: DbOrTx, companyId: string, id: string) {
  const [row] = await db
    .select(fieldworkerColumns)
    .from(fieldworkers)
    .where(and(eq(fieldworkers.companyId, companyId), eq(fieldworkers.id, id)))
    .limit(1);
  return row;
}

/** Another profile of the same company with this email (case-insensitive), ignoring `exceptId`. */
export async function findFieldworkerByEmail(db: DbOrTx, companyId: string, email: string, exceptId?: string) {
  const conditions = [eq(fieldworkers.companyId, companyId), sql`lower(${fieldworkers.email}) = ${email.toLowerCase()}`];
  if (exceptId) conditions.push(ne(fieldworkers.id, exceptId));
  const [row] = await db
    .select({ id: fieldworkers.id })
    .from(fieldworkers)
    .where(and(...conditions))
    .limit(1);
  return row;
}

/** New profiles are never general: each company has exactly one business calendar, made by the seed. */
export async function createFieldworker(db: DbOrTx, companyId: string, input: FieldworkerInput) {
  const [row] = await db
    .insert(fieldworkers)
    .values({ ...input, companyId, isGeneral: false })
    .returning(fieldworkerColumns);
  if (!row) throw new Error("fieldworker insert returned nothing");
  return row;
}

export async function updateFieldworker(db: DbOrTx, companyId: string, id: string, patch: Partial<FieldworkerInput>) {
  const [row] = await db
    .update(fieldworkers)
    .set(patch)
    .where(and(eq(fieldworkers.companyId, companyId), eq(fieldworkers.id, id)))
    .returning(fieldworkerColumns);
  return row;
}
