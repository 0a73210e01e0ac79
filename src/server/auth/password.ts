import { randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";

const BCRYPT_COST = 10;

export function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, BCRYPT_COST);
}

export function verifyPassword(plain: string, hash: string): Promise<boolean> {
  return bcrypt.compare(plain, hash);
}

// Same cost as real hashes, of a password nobody knows: made once per process.
let dummyHash: Promise<string> | undefined;

/**
 * Compares against the user's hash, or — for an unknown email or a user without a password — against a dummy
 * hash of the same cost, so the answer takes as long either way and timing tells nobody which emails exist.
 */
export async function verifyPasswordInConstantTime(plain: string, hash: string | null | undefined): Promise<boolean> {
  if (hash) return verifyPassword(plain, hash);
  dummyHash ??= hashPassword(randomBytes(32).toString("hex"));
  await verifyPassword(plain, await dummyHash);
  return false;
}
