import type { calendar_v3 } from "@googleapis/calendar";
import type { Db } from "../../db/client";
import type { googleEvents } from "../../db/schema";
import { eventContentHash } from "../core/content-hash";
import { decideOwnEventChange } from "../core/own-event-change";
import { parseGoogleEvent } from "../core/parse-google-event";
import type { SyncDirection } from "../core/types";
import { applyOwnEventAction, storedOwnCopy } from "./apply-own-event-change";
import type { GoogleSession } from "./google-session";
import { writeEventCopy } from "./write-event-copy";

type CopyRow = typeof googleEvents.$inferSelect;

/** A stale etag can meet a newer Google edit only so many times in a row before the job retries later. */
const MAX_STALE_ROUNDS = 3;

export interface DesiredCopy {
  event: calendar_v3.Schema$Event;
  times: { startsAt: Date; endsAt: Date };
}

export type OwnCopyWrite = { kind: "unchanged" } | { kind: "gone" } | { kind: "written"; event: calendar_v3.Schema$Event; desired: DesiredCopy; hash: string };

/**
 * Writes one of our copies, honouring a Google-side change that happened since our last write: on a stale
 * etag the ownership rules run first (a time moved in Google, two-way, becomes the item's time), then the
 * desired content is rebuilt from the item and written again.
 */
export async function writeOwnCopy(
  db: Db,
  input: {
    session: GoogleSession;
    companyId: string;
    calendarId: string;
    eventId: string;
    timeZone: string;
    direction: SyncDirection;
    /** The item as it is now, formatted; null when it disappeared meanwhile. */
    build: () => Promise<DesiredCopy | null>;
    /** Re-reads our stored copy (it changes when a Google time is accepted). */
    reloadRow: () => Promise<CopyRow | undefined>;
    row: CopyRow | undefined;
  },
): Promise<OwnCopyWrite> {
  let row = input.row;
  let etag = row?.etag ?? null;
  for (let round = 0; round < MAX_STALE_ROUNDS; round++) {
    const desired = await input.build();
    if (!desired) return { kind: "gone" };
    const hash = eventContentHash(desired.event);
    if (round === 0 && row?.etag && row.contentHash === hash && !row.cancelledInApp) return { kind: "unchanged" };
    const result = await writeEventCopy(input.session, input.calendarId, { ...desired.event, id: input.eventId }, etag);
    if (result.kind === "written") return { kind: "written", event: result.event, desired, hash };
    const current = parseGoogleEvent(result.current, input.timeZone);
    if (row && input.direction === "two_way") {
      const decision = decideOwnEventChange({
        stored: storedOwnCopy(row),
        google: current,
        googleContentHash: eventContentHash(result.current),
        current: desired.times,
        direction: input.direction,
      });
      if (decision.action === "accept_google_time") {
        await applyOwnEventAction(db, input.companyId, row, decision, current.etag);
        row = await input.reloadRow();
      }
    }
    etag = current.etag;
  }
  throw new Error("The event kept changing in Google while FieldSync wrote it; will retry");
}
