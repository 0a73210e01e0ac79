import { and, eq, inArray, sql } from "drizzle-orm";
import { loginStateOf, type LoginState } from "../../auth/login-state";
import type { DbOrTx } from "../client";
import { fieldworkers, users } from "../schema";

/** The login (user row) linked to each of these fieldworkers of the company, as a LoginState. */
export async function loginStatesOf(db: DbOrTx, companyId: string, fieldworkerIds: string[]): Promise<Map<string, LoginState>> {
  const states = new Map<string, LoginState>(fieldworkerIds.map((id) => [id, "none"]));
  if (fieldworkerIds.length === 0) return states;
  const rows = await db
    .select({ fieldworkerId: fieldworkers.id, passwordHash: users.passwordHash, emailVerified: users.emailVerified })
    .from(fieldworkers)
    .innerJoin(users, and(eq(users.id, fieldworkers.userId), eq(users.companyId, companyId)))
    .where(and(eq(fieldworkers.companyId, companyId), inArray(fieldworkers.id, fieldworkerIds)));
  for (const row of rows) states.set(row.fieldworkerId, loginStateOf(row));
  return states;
}

/** Any user (of any company: emails are unique across FieldSync) signing in with this address. */
export async function findLoginByEmail(db: DbOrTx, email: string) {
  const [row] = await db
    .select({ id: users.id, companyId: users.companyId, role: users.role })
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`)
    .limit(1);
  return row;
}

export async function createFieldworkerLogin(db: DbOrTx, input: { companyId: string; fieldworkerId: string; email: string; name: string }) {
  const [user] = await db
    .insert(users)
    .values({ companyId: input.companyId, email: input.email, name: input.name, role: "fieldworker" })
    .returning({ id: users.id });
  if (!user) throw new Error("user insert returned nothing");
  await db
    .update(fieldworkers)
    .set({ userId: user.id })
    .where(and(eq(fieldworkers.companyId, input.companyId), eq(fieldworkers.id, input.fieldworkerId)));
  return user;
}

export async function getFieldworkerLogin(db: DbOrTx, companyId: string, userId: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.companyId, companyId), eq(users.id, userId)))
    .limit(1);
  return row;
}

/**
 * Deleting the user ends the login: sessions are JWTs whose identity is re-read on every request
 * (auth/config.ts), so a deleted user is signed out at their next request, and set-password links bound
 * to the user id die with it. The fieldworker profile, bookings and history stay (foreign keys set null).
 */
export async function deleteFieldworkerLogin(db: DbOrTx, companyId: string, userId: string) {
  const rows = await db
    .delete(users)
    .where(and(eq(users.companyId, companyId), eq(users.id, userId), eq(users.role, "fieldworker")))
    .returning({ id: users.id });
  return rows.length > 0;
}
