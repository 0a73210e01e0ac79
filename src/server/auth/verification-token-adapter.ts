import type { Adapter, AdapterUser } from "@auth/core/adapters";
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { findSignInUser, findUserByEmail } from "../db/queries/users";
import { verificationTokens } from "../db/schema";
import { maySignIn } from "./session-version";

function toAdapterUser(user: { id: string; email: string; name: string; emailVerified: Date | null }): AdapterUser {
  return { id: user.id, email: user.email, name: user.name, emailVerified: user.emailVerified };
}

/**
 * The slice of an Auth.js adapter that magic-link sign-in needs. Sessions are JWTs and users are
 * created by admins, never by Auth.js, so createUser is deliberately absent: a token is stored (and a link sent,
 * see sendVerificationRequest) only for a user who may sign in, although every address gets the same answer.
 */
export function verificationTokenAdapter(getDb: () => Promise<Db>): Adapter {
  return {
    async createVerificationToken(token) {
      const db = await getDb();
      const user = await findSignInUser(db, token.identifier);
      if (user && maySignIn(user)) await db.insert(verificationTokens).values(token);
      return token;
    },
    async useVerificationToken({ identifier, token }) {
      const db = await getDb();
      const [used] = await db
        .delete(verificationTokens)
        .where(and(eq(verificationTokens.identifier, identifier), eq(verificationTokens.token, token)))
        .returning();
      return used ?? null;
    },
    async getUserByEmail(email) {
      const user = await findUserByEmail(await getDb(), email);
      return user ? toAdapterUser(user) : null;
    },
    async getUser(id) {
      const db = await getDb();
      const user = await db.query.users.findFirst({ where: (u, { eq: equals }) => equals(u.id, id) });
      return user ? toAdapterUser(user) : null;
    },
    async updateUser(user) {
      const db = await getDb();
      const { users } = await import("../db/schema");
      const [updated] = await db
        .update(users)
        .set({ emailVerified: user.emailVerified ?? null })
        .where(eq(users.id, user.id))
        .returning();
      if (!updated) throw new Error("User not found");
      return toAdapterUser(updated);
    },
  };
}
