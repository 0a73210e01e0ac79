import { and, eq, lt } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { googleAccounts, googleCalendars, googleChannels } from "../../db/schema";
import { logger } from "../../observability/logger";
import { channelTokenMatches } from "../io/channels";
import { pullJob } from "../enqueue";
import { outbox } from "../outbox";
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
  const [channel] = await db.select().from(googleChannels).where(eq(googleChannels.id, n.channelId));
  if (!channel) return { status: 404, result: "unknown_channel", reason: "Unknown channel" };
  if (!channelTokenMatches(channel, n.token)) return { status: 401, result: "unauthorized", reason: "Channel token mismatch" };
  if (channel.resourceId && channel.resourceId !== n.resourceId) return { status: 401, result: "unauthorized", reason: "Resource mismatch" };
  // A stopped or expired channel we still know of: acknowledge so Google stops retrying, change nothing.
  if (!channel.active || channel.expiresAt.getTime() < Date.now()) return { status: 200, result: "ignored" };
  if (n.resourceState === "sync") return { status: 200, result: "ignored" };

  return db.transaction(async (tx) => {
    // Message numbers only de-duplicate: the latest one seen again is a retry. They never silence a
    // channel (an older one may be a late retry, a wild one a bug or a replay): anything else queues a
    // pull, which coalesces with any pending one and costs one incremental events.list at most.
    const kind = classifyMessageNumber(channel.lastMessageNumber, n.messageNumber);
    if (kind === "duplicate") return { status: 200 as const, result: "duplicate" as const };
    if (kind === "next") {
      const next = Number(n.messageNumber);
      // Conditional, so two deliveries of the same new message race to one winner; the loser is the duplicate.
      const advanced = await tx
        .update(googleChannels)
        .set({ lastMessageNumber: next })
        .where(and(eq(googleChannels.id, channel.id), lt(googleChannels.lastMessageNumber, next)))
        .returning({ id: googleChannels.id });
      if (advanced.length === 0) {
        const [current] = await tx.select({ last: googleChannels.lastMessageNumber }).from(googleChannels).where(eq(googleChannels.id, channel.id));
        if (current?.last === next) return { status: 200 as const, result: "duplicate" as const };
      }
    } else if (kind === "out_of_range") {
      logger().warn(
        { channelId: channel.id, lastMessageNumber: channel.lastMessageNumber, messageNumber: n.messageNumber.toString().slice(0, 40) },
        "message number far outside the channel's range; channel state left as is",
      );
    }
    const [calendar] = await tx
      .update(googleCalendars)
      .set({ dirty: true })
      .where(eq(googleCalendars.id, channel.calendarRowId))
      .returning({ id: googleCalendars.id, accountId: googleCalendars.googleAccountId });
    if (!calendar) return { status: 200 as const, result: "ignored" as const };
    const [account] = await tx.select({ companyId: googleAccounts.companyId }).from(googleAccounts).where(eq(googleAccounts.id, calendar.accountId));
    if (account) await outbox.enqueue(tx, [pullJob(account.companyId, calendar.id, calendar.accountId)]);
    return { status: 200 as const, result: "queued" as const, calendarRowId: calendar.id };
  });
}
