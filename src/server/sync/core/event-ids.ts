/**
 * Deterministic Google event ids for the events FieldSync writes, so a retried insert hits 409 instead of
 * creating a duplicate. Google accepts ids of 5–1024 characters from the base32hex alphabet (0-9, a-v).
 */

const BASE32HEX_ALPHABET = "0123456789abcdefghijklmnopqrstuv";

/** Prefixes are themselves base32hex, so the whole id stays valid. */
const BOOKING_PREFIX = "fsb";
const UNAVAILABLE_PREFIX = "fsu";

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_BYTES = 16;
/** 16 bytes = 128 bits → 26 base32hex characters (no padding). */
const ENCODED_UUID_LENGTH = 26;

const BOOKING_ID_PATTERN = new RegExp(`^${BOOKING_PREFIX}[0-9a-v]{${ENCODED_UUID_LENGTH}}$`);
const LEGACY_BOOKING_ID_PATTERN = new RegExp(`^${BOOKING_PREFIX}[0-9a-v]{${ENCODED_UUID_LENGTH * 2}}$`);
const UNAVAILABLE_ID_PATTERN = new RegExp(`^${UNAVAILABLE_PREFIX}[0-9a-v]{${ENCODED_UUID_LENGTH}}$`);

export type DecodedFieldSyncEventId =
  /** fieldworkerId: only on a legacy per-fieldworker copy. */
  | { kind: "booking"; bookingId: string; fieldworkerId: string | null }
  | { kind: "unavailable"; unavailableBlockId: string };

/**
 * The Google event id of a booking in a company calendar. Keyed on the booking alone: Google event ids are
 * unique per calendar, so fieldworkers who share one Google account share one event (it lists them all),
 * while each other account's calendar holds its own event under the same id.
 */
export function bookingEventId(bookingId: string): string {
  return BOOKING_PREFIX + encodeBase32Hex(uuidToBytes(bookingId));
}

/**
 * The id earlier versions gave one fieldworker's copy of a booking (booking + fieldworker): fieldworkers sharing
 * an account got one event each. Still recognised, so the next push replaces such copies with the one event.
 */
export function legacyBookingEventId(bookingId: string, fieldworkerId: string): string {
  return BOOKING_PREFIX + encodeBase32Hex(uuidToBytes(bookingId)) + encodeBase32Hex(uuidToBytes(fieldworkerId));
}

/** The Google event id of an unavailable block (a block belongs to exactly one fieldworker). */
export function unavailableEventId(blockId: string): string {
  return UNAVAILABLE_PREFIX + encodeBase32Hex(uuidToBytes(blockId));
}

export function isFieldSyncEventId(id: string): boolean {
  return decodeFieldSyncEventId(id) !== null;
}

/**
 * Recovers our ids from an event id. Useful for deleted events, which Google may return with nothing but
 * their id. Returns null for any id FieldSync did not produce.
 */
export function decodeFieldSyncEventId(id: string): DecodedFieldSyncEventId | null {
  if (BOOKING_ID_PATTERN.test(id)) {
    const bookingId = decodeUuid(id.slice(BOOKING_PREFIX.length));
    return bookingId ? { kind: "booking", bookingId, fieldworkerId: null } : null;
  }
  if (LEGACY_BOOKING_ID_PATTERN.test(id)) {
    const body = id.slice(BOOKING_PREFIX.length);
    const bookingId = decodeUuid(body.slice(0, ENCODED_UUID_LENGTH));
    const fieldworkerId = decodeUuid(body.slice(ENCODED_UUID_LENGTH));
    return bookingId && fieldworkerId ? { kind: "booking", bookingId, fieldworkerId } : null;
  }
  if (UNAVAILABLE_ID_PATTERN.test(id)) {
    const unavailableBlockId = decodeUuid(id.slice(UNAVAILABLE_PREFIX.length));
    return unavailableBlockId ? { kind: "unavailable", unavailableBlockId } : null;
  }
  return null;
}

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

function uuidToBytes(uuid: string): Uint8Array {
  if (!isUuid(uuid)) throw new TypeError(`Expected a UUID for a Google event id, got "${uuid}"`);
  const hex = uuid.replaceAll("-", "").toLowerCase();
  const bytes = new Uint8Array(UUID_BYTES);
  for (let i = 0; i < UUID_BYTES; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function bytesToUuid(bytes: Uint8Array): string {
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** RFC 4648 base32hex, lowercase, without padding. */
function encodeBase32Hex(bytes: Uint8Array): string {
  let output = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      output += BASE32HEX_ALPHABET[(buffer >> bits) & 31];
    }
  }
  if (bits > 0) output += BASE32HEX_ALPHABET[(buffer << (5 - bits)) & 31];
  return output;
}

function decodeUuid(encoded: string): string | null {
  const bytes = new Uint8Array(UUID_BYTES);
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (const char of encoded) {
    buffer = ((buffer << 5) | BASE32HEX_ALPHABET.indexOf(char)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      if (index >= UUID_BYTES) return null;
      bytes[index++] = (buffer >> bits) & 0xff;
    }
  }
  // The 2 leftover bits must be the zero padding our encoder writes, or the id is not one of ours.
  if (index !== UUID_BYTES || (buffer & ((1 << bits) - 1)) !== 0) return null;
  return bytesToUuid(bytes);
}
