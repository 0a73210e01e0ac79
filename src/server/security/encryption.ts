import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * AES-256-GCM for secrets at rest (OAuth tokens, private client secrets).
 * Stored form: "v1.<iv>.<tag>.<ciphertext>", each part base64url. The version prefix lets us rotate
 * the format or key later without guessing what a stored value is.
 */
const VERSION = "v1";
const IV_BYTES = 12;
const KEY_BYTES = 32;

export class EncryptionKeyError extends Error {}

export function parseEncryptionKey(base64Key: string | undefined): Buffer {
  if (!base64Key) throw new EncryptionKeyError("ENCRYPTION_KEY is not set: generate one with `openssl rand -base64 32`.");
  const key = Buffer.from(base64Key, "base64");
  if (key.length !== KEY_BYTES) {
    throw new EncryptionKeyError(`ENCRYPTION_KEY must be ${KEY_BYTES} bytes, base64-encoded (got ${key.length} bytes).`);
  }
  return key;
}

/** `context` (e.g. "google_accounts.refresh_token:<id>") is bound as associated data, so a value can't be moved to another row. */
export function encryptSecret(plaintext: string, key: Buffer, context = ""): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

export function decryptSecret(stored: string, key: Buffer, context = ""): string {
  const [version, iv, tag, ciphertext] = stored.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error("Not an encrypted secret");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}
