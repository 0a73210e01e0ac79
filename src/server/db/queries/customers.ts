import { and, asc, count, eq, ilike, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { bookings, customers } from "../schema";

export const customerColumns = {
  id: customers.id,
  name: customers.name,
  businessName: customers.businessName,
  email: customers.email,
  phone: customers.phone,
  timeZone: customers.timeZone,
  addresses: customers.addresses,
  properties: customers.properties,
  createdAt: customers.createdAt,
  updatedAt: customers.updatedAt,
};

export interface CustomerInput {
  name: string;
  businessName: string | null;
  email: string | null;
  phone: string | null;
  timeZone: string;
  addresses: string[];
  properties: Record<string, string>;
}

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function listCustomers(db: DbOrTx, companyId: string, options: { search?: string; limit?: number } = {}) {
  const search = options.search?.trim();
  const where = search
    ? and(
        eq(customers.companyId, companyId),
        or(
          ilike(customers.name, likePattern(search)),
          ilike(customers.businessName, likePattern(search)),
          ilike(customers.email, likePattern(search)),
        ),
      )
    : eq(customers.companyId, companyId);
  return db
    .select(customerColumns)
    .from(customers)
    .where(where)
    .orderBy(asc(sql`lower(${customers.name})`), asc(customers.id))
    .limit(options.limit ?? 500);
}

export async function getCustomer(db: DbOrTx, companyId: string, id: string) {
  const [row] = await db
    .select(customerColumns)
    .from(customers)
    .where(and(eq(customers.companyId, companyId), eq(customers.id, id)))
    .limit(1);
  return row;
}

export async function createCustomer(db: DbOrTx, companyId: string, input: CustomerInput) {
  const [row] = await db
    .insert(customers)
    .values({ ...input, companyId })
    .returning(customerColumns);
  if (!row) throw new Error("customer insert returned nothing");
  return row;
}

export async function updateCustomer(db: DbOrTx, companyId: string, id: string, input: CustomerInput) {
  const [row] = await db
    .update(customers)
    .set(input)
    .where(and(eq(customers.companyId, companyId), eq(customers.id, id)))
    .returning(customerColumns);
  return row;
}

export async function countCustomerBookings(db: DbOrTx, companyId: string, customerId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(bookings)
    .where(and(eq(bookings.companyId, companyId), eq(bookings.customerId, customerId)));
  return row?.n ?? 0;
}

export async function deleteCustomer(db: DbOrTx, companyId: string, id: string) {
  const rows = await db
    .delete(customers)
    .where(and(eq(customers.companyId, companyId), eq(customers.id, id)))
    .returning({ id: customers.id });
  return rows.length > 0;
}
