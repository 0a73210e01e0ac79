import { createCipheriv, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, EncryptionKeyError, keyId, needsReencryption, parseEncryptionKey, parseKeyring } from "../encryption";

const key = randomBytes(32);

describe("encryptSecret / decryptSecret", () => {
  it("round-trips, names the key by its fingerprint and never stores the plaintext", () => {
    const stored = encryptSecret("1//refresh-token-value", key, "ctx");
    expect(stored).not.toContain("refresh-token-value");
    expect(stored.startsWith(`v2.${keyId(key)}.`)).toBe(true);
    expect(stored).not.toContain(key.toString("base64url").slice(0, 8));
    expect(decryptSecret(stored, key, "ctx")).toBe("1//refresh-token-value");
  });

  it("uses a fresh IV each time", () => {
    expect(encryptSecret("same", key)).not.toBe(encryptSecret("same", key));
  });

  it("rejects a value moved to another context, a tampered value and a wrong key", () => {
    const stored = encryptSecret("secret", key, "row-1");
    expect(() => decryptSecret(stored, key, "row-2")).toThrow();
    const parts = stored.split(".");
    const tampered = [...parts.slice(0, 4), Buffer.from("other").toString("base64url")].join(".");
    expect(() => decryptSecret(tampered, key, "row-1")).toThrow();
    expect(() => decryptSecret(stored, randomBytes(32), "row-1")).toThrow("neither ENCRYPTION_KEY nor in ENCRYPTION_KEYS");
    expect(() => decryptSecret("plain text", key)).toThrow("Not an encrypted secret");
  });
});

describe("key rotation", () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  const keyring = parseKeyring(newKey.toString("base64"), ` ${oldKey.toString("base64")} ,`);

  it("encrypts with the new key and reads values of the old one, by key id", () => {
    const old = encryptSecret("token", oldKey, "ctx");
    expect(decryptSecret(old, keyring, "ctx")).toBe("token");
    expect(needsReencryption(old, keyring)).toBe(true);
    const fresh = encryptSecret("token", keyring, "ctx");
    expect(fresh.split(".")[1]).toBe(keyId(newKey));
    expect(needsReencryption(fresh, keyring)).toBe(false);
    expect(() => decryptSecret(old, newKey, "ctx")).toThrow(EncryptionKeyError);
  });

  it("reads values stored before key ids (v1) with whichever key wrote them", () => {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", oldKey, iv);
    cipher.setAAD(Buffer.from("ctx"));
    const body = Buffer.concat([cipher.update("legacy", "utf8"), cipher.final()]);
    const v1 = ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
    expect(decryptSecret(v1, keyring, "ctx")).toBe("legacy");
    expect(needsReencryption(v1, keyring)).toBe(true);
    expect(() => decryptSecret(v1, newKey, "ctx")).toThrow();
  });

  it("refuses a malformed former key by name", () => {
    expect(() => parseKeyring(newKey.toString("base64"), "c2hvcnQ=")).toThrow("ENCRYPTION_KEYS must be 32 bytes");
  });
});

describe("parseEncryptionKey", () => {
  it("accepts 32 base64 bytes and explains anything else", () => {
    expect(parseEncryptionKey(key.toString("base64"))).toEqual(key);
    expect(() => parseEncryptionKey(undefined)).toThrow(EncryptionKeyError);
    expect(() => parseEncryptionKey(randomBytes(16).toString("base64"))).toThrow("must be 32 bytes");
  });
});
