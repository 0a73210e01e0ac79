import type { ChannelRecord } from "./entities";
import { triggeredFaults } from "./faults";
import type { Store } from "./store";

const DELIVERY_TIMEOUT_MS = 5_000;

/**
 * Delivers push notifications the way Google does: a POST with X-Goog-* headers and no body, sent after the
 * API response, message numbers increasing per channel, retried with backoff on 5xx or network errors,
 * and nothing at all once the channel is stopped or expired.
 */
export class Notifier {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private pendingImmediates = 0;
  private closed = false;

  constructor(private readonly store: Store) {
    store.onCalendarChanged((calendarId) => this.calendarChanged(calendarId));
  }

  private calendarChanged(calendarId: string): void {
    for (const channel of this.store.channels.values()) {
      if (channel.calendarId === calendarId && this.isLive(channel)) this.enqueue(channel, "exists");
    }
  }

  isLive(channel: ChannelRecord): boolean {
    return !channel.stopped && channel.expiration > this.store.now();
  }

  /** The `sync` message Google sends right after a watch is created. */
  sync(channel: ChannelRecord): void {
    this.enqueue(channel, "sync");
  }

  private enqueue(channel: ChannelRecord, state: "sync" | "exists"): void {
    channel.messageNumber += 1;
    const messageNumber = channel.messageNumber;
    const owner = this.store.calendars.get(channel.calendarId)?.ownerEmail;
    const drop = triggeredFaults(
      this.store,
      { surface: "push", method: "POST", path: channel.address, account: owner, calendarId: channel.calendarId },
      "dropNotifications",
    );
    if (drop.length > 0) {
      this.store.logDelivery({ channelId: channel.id, messageNumber, state, attempt: 0, outcome: "dropped", at: this.store.now() });
      this.store.count("push.dropped");
      return;
    }
    // setImmediate: the API response is written before the first delivery attempt starts.
    this.schedule(() => this.attempt(channel, state, messageNumber, 1), 0);
  }

  private schedule(fn: () => Promise<void>, delayMs: number): void {
    if (this.closed) return;
    const run = () => {
      const p = fn().finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
    };
    if (delayMs <= 0) {
      this.pendingImmediates += 1;
      setImmediate(() => {
        this.pendingImmediates -= 1;
        run();
      });
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, delayMs);
    this.timers.add(timer);
  }

  private async attempt(channel: ChannelRecord, state: "sync" | "exists", messageNumber: number, attempt: number): Promise<void> {
    const log = (outcome: "delivered" | "failed" | "retrying" | "silenced", status?: number) =>
      this.store.logDelivery({ channelId: channel.id, messageNumber, state, attempt, outcome, status, at: this.store.now() });
    if (this.closed) return;
    if (!this.isLive(channel)) {
      log("silenced");
      return;
    }
    const headers: Record<string, string> = {
      "X-Goog-Channel-ID": channel.id,
      "X-Goog-Message-Number": String(messageNumber),
      "X-Goog-Resource-ID": channel.resourceId,
      "X-Goog-Resource-State": state,
      "X-Goog-Resource-URI": channel.resourceUri,
      "X-Goog-Channel-Expiration": new Date(channel.expiration).toUTCString(),
      "Content-Length": "0",
    };
    if (channel.token !== undefined) headers["X-Goog-Channel-Token"] = channel.token;
    let status: number | undefined;
    try {
      const res = await fetch(channel.address, { method: "POST", headers, signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS) });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch {
      status = undefined;
    }
    if (status !== undefined && status < 500) {
      log(status < 300 ? "delivered" : "failed", status);
      this.store.count(status < 300 ? "push.delivered" : "push.rejected");
      return;
    }
    const delay = this.store.config.notificationRetryDelaysMs[attempt - 1];
    if (delay === undefined) {
      log("failed", status);
      this.store.count("push.failed");
      return;
    }
    log("retrying", status);
    this.store.count("push.retried");
    this.schedule(() => this.attempt(channel, state, messageNumber, attempt + 1), delay);
  }

  /** Resolves once no delivery is running or waiting for a retry. */
  async drain(): Promise<void> {
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.inFlight.size === 0 && this.timers.size === 0 && this.pendingImmediates === 0) return;
      await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((resolve) => setTimeout(resolve, 10))]);
    }
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
