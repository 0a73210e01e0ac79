import { hkdfSync } from "node:crypto";
import { env } from "~/env";
import { parseEncryptionKey } from "./encryption";

let encryptionKey: Buffer | undefined;

/** The AES-256-GCM key for secrets at rest; throws a clear error when ENCRYPTION_KEY is missing or malformed. */
export function getEncryptionKey(): Buffer {
  encryptionKey ??= parseEncryptionKey(env.ENCRYPTION_KEY);
  return encryptionKey;
}

/** HMAC key for OAuth states and invitation links, derived from AUTH_SECRET so there is one secret less to manage. */
export function getTokenSigningSecret(): string {
  if (!env.AUTH_SECRET) throw new Error("AUTH_SECRET is not set.");
  return Buffer.from(hkdfSync("sha256", env.AUTH_SECRET, "", "fieldsync signed tokens v1", 32)).toString("base64url");
}
