import type { calendar_v3 } from "@googleapis/calendar";
import type { DbOrTx } from "../../db/client";
import { googleEvents } from "../../db/schema";
import { eventContentHash } from "../core/content-hash";
import { parseGoogleEvent } from "../core/parse-google-event";

export interface CopyIdentity {
  calendarRowId: string;
  kind: "booking" | "unavailable";
  bookingId?: string;
  unavailableBlockId?: string;
  /** A booking's event is shared by the fieldworkers of its account: null, except on a legacy per-fieldworker copy. */
  fieldworkerId: string | null;
}

/** Records what Google now holds for one of our copies, right after a successful write. */
export async function saveWrittenCopy(
  db: DbOrTx,
  identity: CopyIdentity,
  written: calendar_v3.Schema$Event,
  desiredHash: string,
  pushed: { startsAt: Date; endsAt: Date },
  calendarTimeZone: string,
  flags: { cancelledInApp: boolean },
): Promise<void> {
  const values = writtenCopyValues(identity, written, desiredHash, pushed, calendarTimeZone, flags);
  await db
    .insert(googleEvents)
    .values(values)
    .onConflictDoUpdate({ target: [googleEvents.calendarRowId, googleEvents.googleEventId], set: { ...values, updatedAt: new Date() } });
}

/** The stored row for one of our copies as Google now holds it (saveWrittenCopy, or many at once in a set). */
export function writtenCopyValues(
  identity: CopyIdentity,
  written: calendar_v3.Schema$Event,
  desiredHash: string,
  pushed: { startsAt: Date; endsAt: Date },
  calendarTimeZone: string,
  flags: { cancelledInApp: boolean },
) {
  const parsed = parseGoogleEvent(written, calendarTimeZone);
  return {
    calendarRowId: identity.calendarRowId,
    googleEventId: parsed.googleEventId,
    kind: identity.kind,
    bookingId: identity.bookingId ?? null,
    unavailableBlockId: identity.unavailableBlockId ?? null,
    fieldworkerId: identity.fieldworkerId,
    etag: parsed.etag,
    summary: parsed.summary,
    description: parsed.description,
    location: parsed.location,
    htmlLink: parsed.htmlLink,
    startsAt: parsed.startsAt ?? pushed.startsAt,
    endsAt: parsed.endsAt ?? pushed.endsAt,
    allDay: parsed.allDay,
    busy: parsed.busy,
    isPrivate: parsed.isPrivate,
    contentHash: desiredHash,
    googleContentHash: eventContentHash(written),
    pushedStartsAt: pushed.startsAt,
    pushedEndsAt: pushed.endsAt,
    deletedInGoogle: false,
    cancelledInApp: flags.cancelledInApp,
    googleUpdatedAt: parsed.updatedAt,
  } satisfies typeof googleEvents.$inferInsert;
}
