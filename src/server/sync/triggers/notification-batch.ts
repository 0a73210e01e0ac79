import { eq, inArray, sql } from "drizzle-orm";
import { resultRows, type Db } from "../../db/client";
import { googleAccounts, googleCalendars, googleChannels } from "../../db/schema";
import { logger } from "../../observability/logger";
import { pullJob } from "../enqueue";
import { channelTokenMatches } from "../io/channels";
import { enqueueJobsStatement } from "../outbox";
import { decideNotifications, type ChannelChange, type Notification } from "./decide-notifications";

export type WebhookOutcome =
  | { status: 200; result: "ignored" | "duplicate" | "queued"; calendarRowId?: string }
  | { status: 400 | 401 | 404; result: "bad_request" | "unauthorized" | "unknown_channel"; reason: string };

/**
 * A batch of notifications in two statements, whatever its size: one read of their channels (with each
 * calendar's account and company), then, for the channels with a change, one write (see `writeChanges`).
 */
export async function handleNotificationBatch(db: Db, notifications: Notification[]): Promise<WebhookOutcome[]> {
  const channelIds = [...new Set(notifications.map((n) => n.channelId))];
  const rows = await db
    .select({ channel: googleChannels, accountId: googleCalendars.googleAccountId, companyId: googleAccounts.companyId })
    .from(googleChannels)
    .leftJoin(googleCalendars, eq(googleCalendars.id, googleChannels.calendarRowId))
    .leftJoin(googleAccounts, eq(googleAccounts.id, googleCalendars.googleAccountId))
    .where(inArray(googleChannels.id, channelIds));
  const byId = new Map(rows.map((r) => [r.channel.id, { ...r.channel, accountId: r.accountId, companyId: r.companyId }]));
  const { decisions, changes } = decideNotifications(notifications, byId, (id, token) => channelTokenMatches(byId.get(id)!, token), new Date());
  decisions.forEach((decision, i) => {
    if (decision.result !== "change" || !decision.outOfRange) return;
    logger().warn(
      { channelId: decision.channelId, lastMessageNumber: byId.get(decision.channelId)?.lastMessageNumber, messageNumber: notifications[i]!.messageNumber.toString().slice(0, 40) },
      "message number far outside the channel's range; channel state left as is",
    );
  });
  const written = await writeChanges(db, [...changes.values()]);
  return decisions.map((decision): WebhookOutcome => {
    if (decision.result !== "change") return decision;
    const change = changes.get(decision.channelId)!;
    const state = written.get(change.channelId);
    if (state === "duplicate") return { status: 200, result: "duplicate" };
    if (state === "calendar_gone") return { status: 200, result: "ignored" };
    return { status: 200, result: "queued", calendarRowId: change.calendarRowId };
  });
}

/**
 * One statement for every channel's writes: store each channel's new latest message number unless another
 * delivery of it got there first (then its change is a duplicate and nothing else is written for it), mark
 * the changed calendars dirty, and queue their pulls (coalescing with pending ones).
 */
async function writeChanges(db: Db, changes: ChannelChange[]): Promise<Map<string, "queued" | "duplicate" | "calendar_gone">> {
  const states = new Map<string, "queued" | "duplicate" | "calendar_gone">();
  if (changes.length === 0) return states;
  const input = sql.join(
    changes.map((c) => sql`(${c.channelId}::text, ${c.nextNumber}::bigint, ${c.calendarRowId}::uuid)`),
    sql`, `,
  );
  const rows = resultRows<{ channel_id: string; fresh: boolean; marked: boolean }>(
    await db.execute(sql`
      with input (channel_id, next_number, calendar_row_id) as (values ${input}),
      advanced as (
        update google_channels c set last_message_number = i.next_number, updated_at = now()
        from input i
        where c.id = i.channel_id and i.next_number is not null and c.last_message_number < i.next_number
        returning c.id
      ), fresh as (
        select i.channel_id, i.calendar_row_id from input i
        where i.next_number is null
          or exists (select 1 from advanced a where a.id = i.channel_id)
          or (select c.last_message_number from google_channels c where c.id = i.channel_id) <> i.next_number
      ), marked as (
        update google_calendars set dirty = true, updated_at = now()
        where id in (select calendar_row_id from fresh)
        returning id
      ), queued as (
        ${enqueueJobsStatement(
          changes.map((c) => pullJob(c.companyId, c.calendarRowId, c.accountId)),
          sql`j.calendar_row_id in (select id from marked)`,
        )}
      )
      select i.channel_id,
        exists (select 1 from fresh f where f.channel_id = i.channel_id) as fresh,
        exists (select 1 from marked m where m.id = i.calendar_row_id) as marked
      from input i`),
  );
  for (const row of rows) states.set(row.channel_id, !row.fresh ? "duplicate" : row.marked ? "queued" : "calendar_gone");
  return states;
}
