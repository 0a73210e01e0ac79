/** Text helpers shared by the event formatters. */

/** Google accepts far longer titles, but calendar views cut them short; details belong in the description. */
export const MAX_SUMMARY_LENGTH = 120;

export const MANAGED_BY_FIELDSYNC_NOTICE = "Managed by FieldSync — changes made here may be overwritten.";

/** Cuts at a code point boundary (never half an emoji) and marks the cut with an ellipsis. */
export function truncateText(text: string, maxLength: number): string {
  const codePoints = Array.from(text);
  if (codePoints.length <= maxLength) return text;
  return `${codePoints.slice(0, maxLength - 1).join("").trimEnd()}…`;
}

/** Collapses line breaks and runs of spaces, so a value always fits its one description line. */
export function singleLine(value: string | null | undefined): string {
  return (value ?? "").replace(/\s+/g, " ").trim();
}
