import { eq } from "drizzle-orm";
import { googleEvents } from "../../db/schema";
import { unavailableEventId } from "../core/event-ids";
import { formatUnavailableEvent } from "../core/format-unavailable-event";
import { openGoogleSession } from "../io/google-session";
import { saveWrittenCopy } from "../io/save-copy";
import { loadCompany } from "../../db/queries/company";
import { findCopy, loadPushTarget, loadUnavailableForEvent } from "../io/sync-queries";
import { deleteEventCopy } from "../io/write-event-copy";
import { writeOwnCopy } from "../io/write-own-copy";
import { writeSyncLog } from "../sync-log";
import type { JobHandler } from "./job-result";

/** An unavailable block as an opaque "Unavailable" event in its fieldworker's company calendar (or its removal). */
export const runPushUnavailableJob: JobHandler<"push_unavailable"> = async (db, job) => {
  const fieldworkerId = job.fieldworkerId;
  const blockId = job.unavailableBlockId;
  const company = await loadCompany(db, job.companyId);
  if (!company || company.syncDirection === "google_to_app") return { kind: "skipped", reason: "FieldSync does not write to Google in this direction" };
  const target = await loadPushTarget(db, job.companyId, fieldworkerId);
  if (!target) return { kind: "skipped", reason: "fieldworker not connected" };

  const block = await loadUnavailableForEvent(db, job.companyId, blockId);
  const row = await findCopy(db, target.calendar.id, { unavailableBlockId: blockId });
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

  const result = await writeOwnCopy(db, {
    session,
    companyId: job.companyId,
    calendarId,
    eventId,
    timeZone: company.timeZone,
    direction: company.syncDirection,
    row,
    reloadRow: () => findCopy(db, target.calendar.id, { unavailableBlockId: blockId }),
    build: async () => {
      const current = await loadUnavailableForEvent(db, job.companyId, blockId);
      if (!current || current.fieldworkerId !== fieldworkerId) return null;
      return { event: formatUnavailableEvent(current, company, current.fieldworkerName), times: current };
    },
  });
  if (result.kind === "unchanged") return { kind: "skipped", reason: "unchanged" };
  if (result.kind === "gone") return { kind: "skipped", reason: "block deleted meanwhile" };
  await db.transaction(async (tx) => {
    await saveWrittenCopy(tx, { calendarRowId: target.calendar.id, kind: "unavailable", unavailableBlockId: blockId, fieldworkerId }, result.event, result.hash, result.desired.times, company.timeZone, {
      cancelledInApp: false,
    });
    await writeSyncLog(tx, { ...log, action: row ? "unavailable_updated" : "unavailable_created", outcome: "ok", message: result.desired.event.summary ?? "Unavailable" });
  });
  return { kind: "done", logged: true };
};
