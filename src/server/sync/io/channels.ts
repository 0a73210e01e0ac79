import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import { env } from "~/env";
import type { Db } from "../../db/client";
import { googleCalendars, googleChannels } from "../../db/schema";
import { SyncError } from "../../google/sync-error";
import { webhookAddressFor } from "~/lib/webhook-address";
import type { GoogleSession } from "./google-session";

/**
 * We ask for a month; Google grants at most its own cap (a week by default) and we store the expiration it
 * returns. Renewal starts two days ahead, so a daily cron (Vercel Hobby) always renews before expiry.
 */
export const CHANNEL_TTL_SECONDS = 30 * 24 * 3600;
export const CHANNEL_RENEW_BEFORE_MS = 48 * 3_600_000;

type CalendarRow = typeof googleCalendars.$inferSelect;
type ChannelRow = typeof googleChannels.$inferSelect;

export const hashChannelToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Constant-time check of the token Google echoes in X-Goog-Channel-Token. */
export function channelTokenMatches(channel: Pick<ChannelRow, "tokenHash">, token: string | null): boolean {
  if (!token) return false;
  const given = Buffer.from(hashChannelToken(token), "hex");
  const stored = Buffer.from(channel.tokenHash, "hex");
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** Refuses (BAD_REQUEST, a readable reason on the sync log) to watch with an http address in production. */
export function webhookAddress(): string {
  try {
    return webhookAddressFor(env.APP_URL, { production: env.NODE_ENV === "production", localRun: env.FIELDSYNC_LOCAL_PRODUCTION });
  } catch (error) {
    throw new SyncError("BAD_REQUEST", error instanceof Error ? error.message : String(error));
  }
}

/**
 * Starts an events.watch channel. The row is written before asking Google, because Google's first "sync"
 * message may arrive before the watch call returns.
 */
export async function startChannel(db: Db, session: GoogleSession, calendar: CalendarRow, now: Date): Promise<ChannelRow> {
  const id = randomUUID();
  const token = randomBytes(32).toString("base64url");
  const [row] = await db
    .insert(googleChannels)
    .values({ id, calendarRowId: calendar.id, tokenHash: hashChannelToken(token), expiresAt: new Date(now.getTime() + CHANNEL_TTL_SECONDS * 1000) })
    .returning();
  try {
    const { data } = await session.call((api) =>
      api.events.watch({
        calendarId: calendar.googleCalendarId,
        requestBody: { id, type: "web_hook", address: webhookAddress(), token, params: { ttl: String(CHANNEL_TTL_SECONDS) } },
      }),
    );
    // Store what Google granted, not what we asked for.
    const expiresAt = data.expiration ? new Date(Number(data.expiration)) : row!.expiresAt;
    const [updated] = await db
      .update(googleChannels)
      .set({ resourceId: data.resourceId ?? null, expiresAt })
      .where(eq(googleChannels.id, id))
      .returning();
    return updated!;
  } catch (error) {
    await db.delete(googleChannels).where(eq(googleChannels.id, id));
    throw error;
  }
}

/** channels.stop; a channel Google no longer knows (404) is already stopped. */
export async function stopChannel(db: Db, session: GoogleSession, channel: ChannelRow): Promise<void> {
  if (channel.resourceId) {
    try {
      await session.call((api) => api.channels.stop({ requestBody: { id: channel.id, resourceId: channel.resourceId } }));
    } catch (error) {
      if (!(error instanceof SyncError && error.code === "NOT_FOUND")) throw error;
    }
  }
  await db.update(googleChannels).set({ active: false }).where(eq(googleChannels.id, channel.id));
}

export async function activeChannelsOf(db: Db, calendarRowId: string): Promise<ChannelRow[]> {
  return db.select().from(googleChannels).where(and(eq(googleChannels.calendarRowId, calendarRowId), eq(googleChannels.active, true)));
}

/** A calendar should have exactly one live channel: start one unless a healthy one exists. */
export async function ensureChannel(db: Db, session: GoogleSession, calendar: CalendarRow, now: Date): Promise<void> {
  const live = (await activeChannelsOf(db, calendar.id)).filter((c) => c.expiresAt.getTime() - now.getTime() > CHANNEL_RENEW_BEFORE_MS);
  if (live.length === 0) await startChannel(db, session, calendar, now);
}

export async function stopChannelsOf(db: Db, session: GoogleSession, calendarRowId: string): Promise<void> {
  for (const channel of await activeChannelsOf(db, calendarRowId)) await stopChannel(db, session, channel);
}

/** Channels never renew themselves: open the new one first, then stop the old, so no change goes unseen. */
export async function channelsExpiringBefore(db: Db, cutoff: Date): Promise<ChannelRow[]> {
  return db.select().from(googleChannels).where(and(eq(googleChannels.active, true), lt(googleChannels.expiresAt, cutoff)));
}
