import { randomBytes, randomUUID } from "node:crypto";

const BASE32HEX = "0123456789abcdefghijklmnopqrstuv";

/** Google event ids are base32hex (0-9, a-v), 5 to 1024 characters. */
export const EVENT_ID_PATTERN = /^[0-9a-v]{5,1024}$/;

export function base32hexId(length = 26): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const byte of bytes) out += BASE32HEX[byte % 32];
  return out;
}

export function urlSafeToken(bytes = 24): string {
  return randomBytes(bytes).toString("base64url");
}

export function uuid(): string {
  return randomUUID();
}

/** A 21-digit numeric string, the shape of Google account ids. */
export function numericId(): string {
  let out = "1";
  const bytes = randomBytes(20);
  for (const byte of bytes) out += String(byte % 10);
  return out;
}

/** Small deterministic generator (mulberry32) so probabilistic faults repeat run to run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Opaque, stable per input: Google gives every watch on the same resource the same resourceId. */
export function stableOpaqueId(input: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 16777619) >>> 0;
    h2 = Math.imul(h2 ^ c, 2246822519) >>> 0;
  }
  return Buffer.from(`${h1.toString(16)}${h2.toString(16)}`).toString("base64url").slice(0, 27);
}
