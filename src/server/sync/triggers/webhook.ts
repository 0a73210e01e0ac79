import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { resultRows, type Db } from "../../db/client";
import { googleAccounts, googleCalendars, googleChannels } from "../../db/schema";
import { logger } from "../../observability/logger";
import { channelTokenMatches } from "../io/channels";
import { pullJob } from "../enqueue";
import { enqueueJobStatement, type SyncJobOf } from "../outbox";
import { classifyMessageNumber } from "./message-number";

/** Google's push-notification headers (no body). Bounds follow Google's limits; anything else is refused. */
const notificationHeaders = z.object({
  channelId: z.string().min(1).max(64),
  token: z.string().max(256).nullable(),
  resourceId: z.string().min(1).max(256),
  resourceState: z.enum(["sync", "exists", "not_exists"]),
  // Google documents no maximum and says the numbers are not sequential: any run of digits is a number.
  messageNumber: z.string().regex(/^\d+$/).transform((digits) => BigInt(digits)),
});

export type WebhookOutcome =
  | { status: 200; result: "ignored" | "duplicate" | "queued"; calendarRowId?: string }
  | { status: 400 | 401 | 404; result: "bad_request" | "unauthorized" | "unknown_channel"; reason: string };

/**
 * One push notification: only a known, live channel with the right secret token is accepted; repeated
 * message numbers are ignored; a real change marks the calendar dirty and queues its pull. Nothing is
 * written for anything else.
 */
export async function handleGoogleNotification(db: Db, headers: Headers): Promise<WebhookOutcome> {
  const parsed = notificationHeaders.safeParse({
    channelId: headers.get("x-goog-channel-id"),
    token: headers.get("x-goog-channel-token"),
    resourceId: headers.get("x-goog-resource-id"),
    resourceState: headers.get("x-goog-resource-state"),
    messageNumber: headers.get("x-goog-message-number"),
  });
  if (!parsed.success) return { status: 400, result: "bad_request", reason: "Missing or malformed X-Goog-* headers" };
  const n = parsed.data;
  // The channel with its calendar's account and company: everything the write below needs, in one read.
  const [found] = await db
    .select({ channel: googleChannels, accountId: googleCalendars.googleAccountId, companyId: googleAccounts.companyId })
    .from(googleChannels)
    .leftJoin(googleCalendars, eq(googleCalendars.id, googleChannels.calendarRowId))
    .leftJoin(googleAccounts, eq(googleAccounts.id, googleCalendars.googleAccountId))
    .where(eq(googleChannels.id, n.channelId));
  if (!found) return { status: 404, result: "unknown_channel", reason: "Unknown channel" };
  const { channel } = found;
  if (!channelTokenMatches(channel, n.token)) return { status: 401, result: "unauthorized", reason: "Channel token mismatch" };
  if (channel.resourceId && channel.resourceId !== n.resourceId) return { status: 401, result: "unauthorized", reason: "Resource mismatch" };
  if (!channel.active || channel.expiresAt.getTime() < Date.now()) return { status: 200, result: "ignored" };
  if (n.resourceState === "sync") return { status: 200, result: "ignored" };

  const kind = classifyMessageNumber(channel.lastMessageNumber, n.messageNumber);
  if (kind === "duplicate") return { status: 200, result: "duplicate" };
  if (kind === "out_of_range") {
    logger().warn(
      { channelId: channel.id, lastMessageNumber: channel.lastMessageNumber, messageNumber: n.messageNumber.toString().slice(0, 40) },
      "message number far outside the channel's range; channel state left as is",
    );
  }
  if (!found.accountId || !found.companyId) return { status: 200, result: "ignored" };
  const queued = await markDirtyAndQueuePull(db, channel.id, kind === "next" ? Number(n.messageNumber) : null, pullJob(found.companyId, channel.calendarRowId, found.accountId));
  if (queued === "duplicate") return { status: 200, result: "duplicate" };
  if (queued === "calendar_gone") return { status: 200, result: "ignored" };
  return { status: 200, result: "queued", calendarRowId: channel.calendarRowId };
}

/**
 * One statement for a notification's writes (a storm of notifications is a storm of these): store a "next"
 * message number unless another delivery of it got there first (then it is a duplicate and nothing else is
 * written), mark the calendar dirty, and queue its pull (coalescing with a pending one).
 */
async function markDirtyAndQueuePull(
  db: Db,
  channelId: string,
  nextNumber: number | null,
  job: SyncJobOf<"pull_calendar">,
): Promise<"queued" | "duplicate" | "calendar_gone"> {
  const rows = resultRows<{ fresh: boolean; marked: boolean }>(
    await db.execute(sql`
      with advanced as (
        update google_channels set last_message_number = ${nextNumber ?? 0}::bigint, updated_at = now()
        where ${nextNumber !== null}::boolean and id = ${channelId} and last_message_number < ${nextNumber ?? 0}::bigint
        returning id
      ), fresh as (
        select ${nextNumber === null}::boolean or exists (select 1 from advanced)
          or (select last_message_number from google_channels where id = ${channelId}) <> ${nextNumber ?? 0}::bigint as fresh
      ), marked as (
        update google_calendars set dirty = true, updated_at = now()
        where id = ${job.calendarRowId} and (select fresh from fresh)
        returning id
      ), queued as (
        ${enqueueJobStatement(job, sql`marked`)}
      )
      select (select fresh from fresh) as fresh, exists (select 1 from marked) as marked`),
  );
  const row = rows[0];
  if (!row?.fresh) return "duplicate";
  return row.marked ? "queued" : "calendar_gone";
}
