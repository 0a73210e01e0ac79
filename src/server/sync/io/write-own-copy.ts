import type { calendar_v3 } from "@googleapis/calendar";
import type { Db } from "../../db/client";
import type { googleEvents } from "../../db/schema";
import { eventContentHash } from "../core/content-hash";
import { decideOwnEventChange } from "../core/own-event-change";
import { parseGoogleEvent } from "../core/parse-google-event";
import type { SyncDirection } from "../core/types";
import { applyOwnEventAction, storedOwnCopy } from "./apply-own-event-change";
import type { GoogleSession } from "./google-session";
import { writeEventCopy, type WriteResult } from "./write-event-copy";

type CopyRow = typeof googleEvents.$inferSelect;

/** A stale etag can meet a newer Google edit only so many times in a row before the job retries later. */
const MAX_STALE_ROUNDS = 3;

/**
 * The one stale-etag loop of every write to our copies: write with the etag we know; on a 412, `onStale` looks
 * at Google's current version (and may stop), then the write goes again with that version's etag.
 */
export async function writeUntilCurrent(
  etag: string | null,
  write: (etag: string | null) => Promise<WriteResult>,
  onStale: (current: calendar_v3.Schema$Event) => Promise<"again" | "stop"> = async () => "again",
): Promise<{ kind: "written"; event: calendar_v3.Schema$Event } | { kind: "stopped" }> {
  let known = etag;
  for (let round = 0; round < MAX_STALE_ROUNDS; round++) {
    const result = await write(known);
    if (result.kind === "written") return result;
    if ((await onStale(result.current)) === "stop") return { kind: "stopped" };
    known = result.current.etag ?? null;
  }
  throw new Error("The event kept changing in Google while FieldSync wrote it; will retry");
}

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
    /** The item as the job loaded it, formatted; null when it is gone. */
    desired: DesiredCopy | null;
    /** The item as it is now, formatted (after a Google time was accepted); null when it disappeared meanwhile. */
    rebuild: () => Promise<DesiredCopy | null>;
    /** Re-reads our stored copy (it changes when a Google time is accepted). */
    reloadRow: () => Promise<CopyRow | undefined>;
    row: CopyRow | undefined;
  },
): Promise<OwnCopyWrite> {
  let row = input.row;
  let desired = input.desired;
  if (!desired) return { kind: "gone" };
  if (row?.etag && row.contentHash === eventContentHash(desired.event) && !row.cancelledInApp) return { kind: "unchanged" };
  const written = await writeUntilCurrent(
    row?.etag ?? null,
    (etag) => writeEventCopy(input.session, input.calendarId, { ...desired!.event, id: input.eventId }, etag),
    async (latest) => {
      const current = parseGoogleEvent(latest, input.timeZone);
      if (row && input.direction === "two_way") {
        const decision = decideOwnEventChange({
          stored: storedOwnCopy(row),
          google: current,
          googleContentHash: eventContentHash(latest),
          current: desired!.times,
          direction: input.direction,
        });
        if (decision.action === "accept_google_time") {
          await applyOwnEventAction(db, input.companyId, row, decision, current.etag);
          row = await input.reloadRow();
        }
      }
      desired = await input.rebuild();
      return desired ? "again" : "stop";
    },
  );
  if (written.kind === "stopped" || !desired) return { kind: "gone" };
  return { kind: "written", event: written.event, desired, hash: eventContentHash(desired.event) };
}
