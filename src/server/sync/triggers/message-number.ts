/**
 * X-Goog-Message-Number: Google says the numbers of a channel increase but are not sequential and
 * documents no maximum. So a number only tells a retry of the latest message apart from a new one; it
 * never decides whether a change is looked at.
 */

/** A jump bigger than this from the last number seen is not believed: it is logged and not stored. */
export const MESSAGE_NUMBER_MAX_JUMP = 1_000_000;

export type MessageNumberKind =
  /** The latest number again: Google retrying a delivery we already took. */
  | "duplicate"
  /** A plausible next number: it becomes the channel's latest. */
  | "next"
  /** Lower than the latest: a late retry or an out-of-order delivery. Pulled, not stored. */
  | "older"
  /** Far above the latest (or beyond what we store): pulled, logged, not stored. */
  | "out_of_range";

/** Pure: how a notification's number relates to the channel's latest. */
export function classifyMessageNumber(last: number, incoming: bigint): MessageNumberKind {
  const latest = BigInt(last);
  if (incoming === latest) return "duplicate";
  if (incoming < latest) return "older";
  if (incoming - latest > BigInt(MESSAGE_NUMBER_MAX_JUMP) || incoming > BigInt(Number.MAX_SAFE_INTEGER)) return "out_of_range";
  return "next";
}
