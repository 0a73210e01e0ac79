import { classifyMessageNumber } from "./message-number";

/** One push notification as Google's headers carry it (validated). */
export interface Notification {
  channelId: string;
  token: string | null;
  resourceId: string;
  resourceState: "sync" | "exists" | "not_exists";
  messageNumber: bigint;
}

/** What the decision needs of a channel: its own row, and its calendar's account and company. */
export interface ChannelState {
  id: string;
  calendarRowId: string;
  resourceId: string | null;
  active: boolean;
  expiresAt: Date;
  lastMessageNumber: number;
  accountId: string | null;
  companyId: string | null;
}

export type Refusal = { status: 400 | 401 | 404; result: "bad_request" | "unauthorized" | "unknown_channel"; reason: string };

export type NotificationDecision =
  | Refusal
  | { status: 200; result: "ignored" | "duplicate" }
  /** A change to look at: settled by the write (queued, or a duplicate another delivery stored first). */
  | { status: 200; result: "change"; channelId: string; outOfRange: boolean };

/** Per channel with a change in the batch: the calendar to mark dirty and pull, and the number to store. */
export interface ChannelChange {
  channelId: string;
  calendarRowId: string;
  accountId: string;
  companyId: string;
  /** The highest plausible next message number seen, to store; null when only older or implausible ones came. */
  nextNumber: number | null;
}

/**
 * Decides a batch of notifications in arrival order, as if each had been handled alone: only a known, live
 * channel with the right token and resource is listened to; a repeated message number (also one repeated
 * within the batch) is a duplicate; every other change marks its calendar for a pull. Pure: the token check
 * is passed in (it hashes), and so is the time.
 */
export function decideNotifications(
  notifications: Notification[],
  channels: Map<string, ChannelState>,
  tokenMatches: (channelId: string, token: string | null) => boolean,
  now: Date,
): { decisions: NotificationDecision[]; changes: Map<string, ChannelChange> } {
  const latest = new Map<string, number>();
  const changes = new Map<string, ChannelChange>();
  const decisions = notifications.map((n): NotificationDecision => {
    const channel = channels.get(n.channelId);
    if (!channel) return { status: 404, result: "unknown_channel", reason: "Unknown channel" };
    if (!tokenMatches(channel.id, n.token)) return { status: 401, result: "unauthorized", reason: "Channel token mismatch" };
    if (channel.resourceId && channel.resourceId !== n.resourceId) return { status: 401, result: "unauthorized", reason: "Resource mismatch" };
    if (!channel.active || channel.expiresAt.getTime() < now.getTime()) return { status: 200, result: "ignored" };
    if (n.resourceState === "sync") return { status: 200, result: "ignored" };
    const last = latest.get(channel.id) ?? channel.lastMessageNumber;
    const kind = classifyMessageNumber(last, n.messageNumber);
    if (kind === "duplicate") return { status: 200, result: "duplicate" };
    if (!channel.accountId || !channel.companyId) return { status: 200, result: "ignored" };
    const change = changes.get(channel.id) ?? { channelId: channel.id, calendarRowId: channel.calendarRowId, accountId: channel.accountId, companyId: channel.companyId, nextNumber: null };
    if (kind === "next") {
      latest.set(channel.id, Number(n.messageNumber));
      change.nextNumber = Number(n.messageNumber);
    }
    changes.set(channel.id, change);
    return { status: 200, result: "change", channelId: channel.id, outOfRange: kind === "out_of_range" };
  });
  return { decisions, changes };
}
