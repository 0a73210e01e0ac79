import type { calendar_v3 } from "@googleapis/calendar";
import { unavailableEventId } from "./event-ids";
import { MANAGED_BY_FIELDSYNC_NOTICE, MAX_SUMMARY_LENGTH, singleLine, truncateText } from "./event-text";
import { toGoogleDateTime } from "./google-event-time";
import { PRIVATE_KEYS, type CompanyForEvent, type UnavailableForEvent } from "./types";

/** The opaque "Unavailable" event for a fieldworker's unavailable block, in the company's time zone. */
export function formatUnavailableEvent(
  block: UnavailableForEvent,
  company: CompanyForEvent,
  fieldworkerName: string,
): calendar_v3.Schema$Event {
  const note = singleLine(block.note);
  const name = singleLine(fieldworkerName);
  const description = [
    name ? `${name} is unavailable (${company.name}).` : `Unavailable (${company.name}).`,
    ...(block.note.trim() ? [`Note: ${block.note.replace(/\r\n?/g, "\n").trim()}`] : []),
    "",
    MANAGED_BY_FIELDSYNC_NOTICE,
  ].join("\n");
  return {
    id: unavailableEventId(block.id),
    summary: truncateText(note ? `Unavailable — ${note}` : "Unavailable", MAX_SUMMARY_LENGTH),
    description,
    start: toGoogleDateTime(block.startsAt, company.timeZone),
    end: toGoogleDateTime(block.endsAt, company.timeZone),
    transparency: "opaque",
    status: "confirmed",
    extendedProperties: {
      private: {
        [PRIVATE_KEYS.kind]: "unavailable",
        [PRIVATE_KEYS.companyId]: block.companyId,
        [PRIVATE_KEYS.unavailableBlockId]: block.id,
        [PRIVATE_KEYS.fieldworkerId]: block.fieldworkerId,
      },
    },
  };
}
