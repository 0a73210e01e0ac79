import { unavailableEventId } from "../core/event-ids";
import { formatUnavailableEvent } from "../core/format-unavailable-event";
import { findCopy, loadPushTarget, loadUnavailableForEvent } from "../io/sync-queries";
import { writeSyncLog } from "../sync-log";
import type { JobHandler } from "./job-result";
import { companyPushingToGoogle, NOT_PUSHING, ownCopyPush } from "./own-copy-push";

/** An unavailable block as an opaque "Unavailable" event in its fieldworker's company calendar (or its removal). */
export const runPushUnavailableJob: JobHandler<"push_unavailable"> = async (db, job) => {
  const { fieldworkerId, unavailableBlockId: blockId } = job;
  const company = await companyPushingToGoogle(db, job.companyId);
  if (!company) return NOT_PUSHING;
  const target = await loadPushTarget(db, job.companyId, fieldworkerId);
  if (!target) return { kind: "skipped", reason: "fieldworker not connected" };
  const push = ownCopyPush(db, company, target);

  const load = async () => {
    const block = await loadUnavailableForEvent(db, job.companyId, blockId);
    return block && block.fieldworkerId === fieldworkerId ? block : undefined;
  };
  const block = await load();
  const row = await findCopy(db, target.calendar.id, { unavailableBlockId: blockId });
  const eventId = unavailableEventId(blockId);
  const log = { companyId: job.companyId, fieldworkerId, googleEventId: eventId, direction: "push" as const };

  if (!block) {
    if (!row) return { kind: "skipped", reason: "nothing in Google to remove" };
    await push.remove([row]);
    await writeSyncLog(db, { ...log, action: "unavailable_removed", outcome: "ok", message: "Deleted from Google Calendar" });
    return { kind: "done", logged: true };
  }

  const format = (current: NonNullable<typeof block>) => ({ event: formatUnavailableEvent(current, company, current.fieldworkerName), times: current });
  const result = await push.write({
    eventId,
    identity: { calendarRowId: target.calendar.id, kind: "unavailable", unavailableBlockId: blockId, fieldworkerId },
    row,
    desired: format(block),
    rebuild: async () => {
      const current = await load();
      return current ? format(current) : null;
    },
    reloadRow: () => findCopy(db, target.calendar.id, { unavailableBlockId: blockId }),
    andThen: (tx, written) =>
      writeSyncLog(tx, { ...log, action: row ? "unavailable_updated" : "unavailable_created", outcome: "ok", message: written.desired.event.summary ?? "Unavailable" }),
  });
  if (result.kind === "unchanged") return { kind: "skipped", reason: "unchanged" };
  if (result.kind === "gone") return { kind: "skipped", reason: "block deleted meanwhile" };
  return { kind: "done", logged: true };
};
