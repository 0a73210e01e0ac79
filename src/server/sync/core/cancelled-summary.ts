import { CANCELLED_SUMMARY_PREFIX } from "./format-booking-event";

/**
 * The title of a copy kept in Google after its booking is gone: the status bracket, if any, gives way to
 * "[Cancelled]". Idempotent, so a retried job never stacks prefixes.
 */
export function cancelledSummary(summary: string): string {
  const withoutBracket = summary.replace(/^\[[^\]]*\]\s*/, "");
  return `${CANCELLED_SUMMARY_PREFIX} ${withoutBracket}`.trim();
}
