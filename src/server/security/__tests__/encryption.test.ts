import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, EncryptionKeyError, parseEncryptionKey } from "../encryption";

const key = randomBytes(32);

describe("encryptSecret / decryptSecret", () => {
  it("round-trips and never stores the plaintext", () => {
    const stored = encryptSecret("1//refresh-token-value", key, "ctx");
    expect(stored).not.toContain("refresh-token-value");
    expect(stored.startsWith("v1.")).toBe(true);
    expect(decryptSecret(stored, key, "ctx")).toBe("1//refresh-token-value");
  });

  it("uses a fresh IV each time", () => {
    expect(encryptSecret("same", key)).not.toBe(encryptSecret("same", key));
  });

  it("rejects a value moved to another context, a tampered value and a wrong key", () => {
    const stored = encryptSecret("secret", key, "row-1");
    expect(() => decryptSecret(stored, key, "row-2")).toThrow();
    const parts = stored.split(".");
    const tampered = [parts[0], parts[1], parts[2], Buffer.from("other").toString("base64url")].join(".");
    expect(() => decryptSecret(tampered, key, "row-1")).toThrow();
    expect(() => decryptSecret(stored, randomBytes(32), "row-1")).toThrow();
    expect(() => decryptSecret("plain text", key)).toThrow("Not an encrypted secret");
  });
});

describe("parseEncryptionKey", () => {
  it("accepts 32 base64 bytes and explains anything else", () => {
    expect(parseEncryptionKey(key.toString("base64"))).toEqual(key);
    expect(() => parseEncryptionKey(undefined)).toThrow(EncryptionKeyError);
    expect(() => parseEncryptionKey(randomBytes(16).toString("base64"))).toThrow("must be 32 bytes");
  });
});
