import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { fieldworkers, users } from "../schema";
import type { Role } from "~/lib/roles";

export interface SessionIdentity {
  id: string;
  email: string;
  name: string;
  role: Role;
  companyId: string;
  fieldworkerId: string | null;
}

export async function findUserByEmail(db: DbOrTx, email: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`)
    .limit(1);
  return row;
}

/** What the session carries: identity, role, company and (for fieldworkers) their profile id. */
export async function loadSessionIdentity(db: DbOrTx, userId: string): Promise<SessionIdentity | undefined> {
  return (await loadSessionCheck(db, userId))?.identity;
}

/** The identity plus what decides whether a session may still be used: its version and the profile's active flag. */
export interface SessionCheck {
  identity: SessionIdentity;
  sessionVersion: number;
  /** null for users without a fieldworker profile (admins). */
  fieldworkerActive: boolean | null;
}

/** One query per request: the session callback needs the identity anyway, the version check rides along. */
export async function loadSessionCheck(db: DbOrTx, userId: string): Promise<SessionCheck | undefined> {
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      companyId: users.companyId,
      fieldworkerId: fieldworkers.id,
      sessionVersion: users.sessionVersion,
      fieldworkerActive: fieldworkers.active,
    })
    .from(users)
    .leftJoin(fieldworkers, eq(fieldworkers.userId, users.id))
    .where(eq(users.id, userId))
    .limit(1);
  if (!row) return undefined;
  const { sessionVersion, fieldworkerActive, ...identity } = row;
  return { identity, sessionVersion, fieldworkerActive };
}

/** A user as sign-in sees them: password hash and whether their fieldworker profile (if any) is active. */
export async function findSignInUser(db: DbOrTx, email: string) {
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      passwordHash: users.passwordHash,
      fieldworkerActive: fieldworkers.active,
    })
    .from(users)
    .leftJoin(fieldworkers, eq(fieldworkers.userId, users.id))
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`)
    .limit(1);
  return row;
}

/** Ends every session the user has (they carry the old version). */
export async function bumpSessionVersion(db: DbOrTx, userId: string): Promise<void> {
  await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId));
}

/** A new password ends every existing session in the same statement. */
export async function updatePasswordHash(db: DbOrTx, userId: string, passwordHash: string): Promise<boolean> {
  const updated = await db
    .update(users)
    .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId))
    .returning({ id: users.id });
  return updated.length > 0;
}
