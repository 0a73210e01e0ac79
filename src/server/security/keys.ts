import { hkdfSync } from "node:crypto";
import { env } from "~/env";
import { parseKeyring, type Keyring } from "./encryption";

let keyring: Keyring | undefined;

/**
 * The AES-256-GCM keys for secrets at rest: ENCRYPTION_KEY encrypts, it and the former keys in
 * ENCRYPTION_KEYS decrypt. Throws a clear error when a key is missing or malformed.
 */
export function getEncryptionKey(): Keyring {
  keyring ??= parseKeyring(env.ENCRYPTION_KEY, env.ENCRYPTION_KEYS);
  return keyring;
}

/** HMAC key for OAuth states and invitation links, derived from AUTH_SECRET so there is one secret less to manage. */
export function getTokenSigningSecret(): string {
  if (!env.AUTH_SECRET) throw new Error("AUTH_SECRET is not set.");
  return Buffer.from(hkdfSync("sha256", env.AUTH_SECRET, "", "fieldsync signed tokens v1", 32)).toString("base64url");
}
