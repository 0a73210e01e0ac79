import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * AES-256-GCM for secrets at rest (OAuth tokens, private client secrets).
 * Stored form: "v2.<key id>.<iv>.<tag>.<ciphertext>", each part base64url. The key id is a fingerprint of
 * the key that encrypted the value (not the key), so after a rotation the old key is found among
 * ENCRYPTION_KEYS and `npm run secrets:rotate` knows which values still need re-encrypting.
 * Values from before key ids ("v1.<iv>.<tag>.<ciphertext>") are still read: every known key is tried.
 */
const VERSION = "v2";
const LEGACY_VERSION = "v1";
const IV_BYTES = 12;
const KEY_BYTES = 32;

export class EncryptionKeyError extends Error {}

/** The key that encrypts, and every key that may decrypt (the current one first). */
export interface Keyring {
  current: Buffer;
  all: Buffer[];
}

export function parseEncryptionKey(base64Key: string | undefined, name = "ENCRYPTION_KEY"): Buffer {
  if (!base64Key) throw new EncryptionKeyError(`${name} is not set: generate one with \`openssl rand -base64 32\`.`);
  const key = Buffer.from(base64Key, "base64");
  if (key.length !== KEY_BYTES) {
    throw new EncryptionKeyError(`${name} must be ${KEY_BYTES} bytes, base64-encoded (got ${key.length} bytes).`);
  }
  return key;
}

/** ENCRYPTION_KEY encrypts; it and the comma-separated former keys in ENCRYPTION_KEYS decrypt. */
export function parseKeyring(currentKey: string | undefined, formerKeys: string | undefined): Keyring {
  const current = parseEncryptionKey(currentKey);
  const former = (formerKeys ?? "")
    .split(",")
    .map((key) => key.trim())
    .filter(Boolean)
    .map((key) => parseEncryptionKey(key, "ENCRYPTION_KEYS"));
  const all = [current, ...former.filter((key) => !key.equals(current))];
  return { current, all };
}

/** A short public fingerprint of a key: names it in stored values without revealing anything about it. */
export function keyId(key: Buffer): string {
  return createHash("sha256").update("fieldsync encryption key id").update(key).digest("base64url").slice(0, 8);
}

const asKeyring = (keys: Buffer | Keyring): Keyring => (Buffer.isBuffer(keys) ? { current: keys, all: [keys] } : keys);

/** `context` (e.g. "google_accounts.refresh_token:<id>") is bound as associated data, so a value can't be moved to another row. */
export function encryptSecret(plaintext: string, keys: Buffer | Keyring, context = ""): string {
  const key = asKeyring(keys).current;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, keyId(key), iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

function decryptWith(key: Buffer, iv: string, tag: string, ciphertext: string, context: string): string {
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}

export function decryptSecret(stored: string, keys: Buffer | Keyring, context = ""): string {
  const keyring = asKeyring(keys);
  const parts = stored.split(".");
  if (parts[0] === VERSION && parts.length === 5) {
    const [, id, iv, tag, ciphertext] = parts as [string, string, string, string, string];
    const key = keyring.all.find((candidate) => keyId(candidate) === id);
    if (!key) throw new EncryptionKeyError(`This secret was encrypted with key ${id}, which is neither ENCRYPTION_KEY nor in ENCRYPTION_KEYS.`);
    return decryptWith(key, iv, tag, ciphertext, context);
  }
  if (parts[0] === LEGACY_VERSION && parts.length === 4) {
    const [, iv, tag, ciphertext] = parts as [string, string, string, string];
    let lastError: unknown;
    for (const key of keyring.all) {
      try {
        return decryptWith(key, iv, tag, ciphertext, context);
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError instanceof Error ? lastError : new Error("Could not decrypt the secret");
  }
  throw new Error("Not an encrypted secret");
}

/** Whether a stored value should be re-encrypted with the current key (older format, or an older key). */
export function needsReencryption(stored: string, keys: Buffer | Keyring): boolean {
  const parts = stored.split(".");
  return !(parts[0] === VERSION && parts[1] === keyId(asKeyring(keys).current));
}
