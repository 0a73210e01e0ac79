import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { fieldworkers, users } from "../schema";

export interface SessionIdentity {
  id: string;
  email: string;
  name: string;
  role: "admin" | "fieldworker";
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
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      companyId: users.companyId,
      fieldworkerId: fieldworkers.id,
    })
    .from(users)
    .leftJoin(fieldworkers, eq(fieldworkers.userId, users.id))
    .where(eq(users.id, userId))
    .limit(1);
  return row;
}
