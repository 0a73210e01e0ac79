import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { googleEvents } from "../../db/schema";
import { eventContentHash } from "../core/content-hash";
import { unavailableEventId } from "../core/event-ids";
import { formatUnavailableEvent } from "../core/format-unavailable-event";
import { decideOwnEventChange } from "../core/own-event-change";
import { parseGoogleEvent } from "../core/parse-google-event";
import { applyOwnEventAction, storedOwnCopy } from "../io/apply-own-event-change";
import { openGoogleSession } from "../io/google-session";
import { saveWrittenCopy } from "../io/save-copy";
import { findCopy, loadCompany, loadPushTarget, loadUnavailableForEvent } from "../io/sync-queries";
import { deleteEventCopy, writeEventCopy } from "../io/write-event-copy";
import { writeSyncLog } from "../sync-log";
import type { SyncJob } from "./claim";
import type { JobOutcome } from "./job-result";

const MAX_STALE_ROUNDS = 3;

/** An unavailable block as an opaque "Unavailable" event in its fieldworker's company calendar (or its removal). */
export async function runPushUnavailableJob(db: Db, job: SyncJob): Promise<JobOutcome> {
  const fieldworkerId = job.fieldworkerId;
  const blockId = job.unavailableBlockId;
  if (!fieldworkerId || !blockId) return { kind: "skipped", reason: "malformed job" };
  const company = await loadCompany(db, job.companyId);
  if (!company || company.syncDirection === "google_to_app") return { kind: "skipped", reason: "FieldSync does not write to Google in this direction" };
  const target = await loadPushTarget(db, job.companyId, fieldworkerId);
  if (!target) return { kind: "skipped", reason: "fieldworker not connected" };

  let block = await loadUnavailableForEvent(db, job.companyId, blockId);
  let row = await findCopy(db, target.calendar.id, { unavailableBlockId: blockId });
  const calendarId = target.calendar.googleCalendarId;
  const eventId = unavailableEventId(blockId);
  const log = { companyId: job.companyId, fieldworkerId, googleEventId: eventId, direction: "push" as const };
  const session = await openGoogleSession(db, target.account.id);

  if (!block || block.fieldworkerId !== fieldworkerId) {
    if (!row) return { kind: "skipped", reason: "nothing in Google to remove" };
    await deleteEventCopy(session, calendarId, row.googleEventId);
    const rowId = row.id;
    await db.transaction(async (tx) => {
      await tx.delete(googleEvents).where(eq(googleEvents.id, rowId));
      await writeSyncLog(tx, { ...log, action: "unavailable_removed", outcome: "ok", message: "Deleted from Google Calendar" });
    });
    return { kind: "done", logged: true };
  }

  let etag = row?.etag ?? null;
  for (let round = 0; round < MAX_STALE_ROUNDS; round++) {
    const desired = formatUnavailableEvent(block, company, block.fieldworkerName);
    const hash = eventContentHash(desired);
    if (round === 0 && row?.etag && row.contentHash === hash) return { kind: "skipped", reason: "unchanged" };
    const result = await writeEventCopy(session, calendarId, { ...desired, id: eventId }, etag);
    if (result.kind === "written") {
      const written = block;
      await db.transaction(async (tx) => {
        await saveWrittenCopy(tx, { calendarRowId: target.calendar.id, kind: "unavailable", unavailableBlockId: blockId, fieldworkerId }, result.event, hash, written, company.timeZone, {
          cancelledInApp: false,
        });
        await writeSyncLog(tx, { ...log, action: row ? "unavailable_updated" : "unavailable_created", outcome: "ok", message: desired.summary ?? "Unavailable" });
      });
      return { kind: "done", logged: true };
    }
    const current = parseGoogleEvent(result.current, company.timeZone);
    if (row && company.syncDirection === "two_way") {
      const decision = decideOwnEventChange({
        stored: storedOwnCopy(row),
        google: current,
        googleContentHash: eventContentHash(result.current),
        current: { startsAt: block.startsAt, endsAt: block.endsAt },
        direction: company.syncDirection,
      });
      if (decision.action === "accept_google_time") {
        await applyOwnEventAction(db, job.companyId, row, decision, current.etag);
        block = await loadUnavailableForEvent(db, job.companyId, blockId);
        if (!block) return { kind: "skipped", reason: "block deleted meanwhile" };
        row = await findCopy(db, target.calendar.id, { unavailableBlockId: blockId });
      }
    }
    etag = current.etag;
  }
  throw new Error("The event kept changing in Google while FieldSync wrote it; will retry");
}
