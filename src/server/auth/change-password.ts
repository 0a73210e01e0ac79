import type { DbOrTx } from "../db/client";
import { updatePasswordHash } from "../db/queries/users";
import { hashPassword } from "./password";

/**
 * Sets a user's password and ends every session they have (a stolen session must not outlive the password
 * change). Callers that keep the user signed in on this device sign them in again afterwards.
 */
export async function changePassword(db: DbOrTx, userId: string, plain: string): Promise<void> {
  const changed = await updatePasswordHash(db, userId, await hashPassword(plain));
  if (!changed) throw new Error("No such user");
}
