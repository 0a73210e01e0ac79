import { z } from "zod";
import type { Db } from "../../db/client";
import type { WebhookOutcome } from "./notification-batch";
import { handleNotification } from "./notification-queue";

/** Google's push-notification headers (no body). Bounds follow Google's limits; anything else is refused. */
const notificationHeaders = z.object({
  channelId: z.string().min(1).max(64),
  token: z.string().max(256).nullable(),
  resourceId: z.string().min(1).max(256),
  resourceState: z.enum(["sync", "exists", "not_exists"]),
  // Google documents no maximum and says the numbers are not sequential: any run of digits is a number.
  messageNumber: z.string().regex(/^\d+$/).transform((digits) => BigInt(digits)),
});

export type { WebhookOutcome } from "./notification-batch";

/**
 * One push notification: only a known, live channel with the right secret token is accepted; repeated
 * message numbers are ignored; a real change marks the calendar dirty and queues its pull. Nothing is
 * written for anything else. Notifications arriving together are written together (notification-queue.ts).
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
  return handleNotification(db, parsed.data);
}
