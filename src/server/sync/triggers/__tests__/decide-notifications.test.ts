import { describe, expect, it } from "vitest";
import { decideNotifications, type ChannelState, type Notification } from "../decide-notifications";

const now = new Date("2026-12-01T10:00:00Z");
const channel = (id: string, overrides: Partial<ChannelState> = {}): ChannelState => ({
  id,
  calendarRowId: `cal-${id}`,
  resourceId: `res-${id}`,
  active: true,
  expiresAt: new Date(now.getTime() + 86_400_000),
  lastMessageNumber: 10,
  accountId: "acc",
  companyId: "co",
  ...overrides,
});
const note = (channelId: string, messageNumber: bigint, overrides: Partial<Notification> = {}): Notification => ({
  channelId,
  token: `token-${channelId}`,
  resourceId: `res-${channelId}`,
  resourceState: "exists",
  messageNumber,
  ...overrides,
});
const decide = (notifications: Notification[], channels: ChannelState[]) =>
  decideNotifications(notifications, new Map(channels.map((c) => [c.id, c])), (id, token) => token === `token-${id}`, now);

describe("deciding a batch of notifications", () => {
  it("decides each as if it came alone, in arrival order: a number repeated within the batch is a duplicate", () => {
    const { decisions, changes } = decide([note("a", 11n), note("a", 12n), note("a", 12n), note("b", 10n), note("a", 11n)], [channel("a"), channel("b")]);
    expect(decisions.map((d) => d.result)).toEqual(["change", "change", "duplicate", "duplicate", "change"]);
    // The highest plausible number is stored; the late 11 is pulled for, not stored.
    expect(changes.get("a")).toMatchObject({ nextNumber: 12, calendarRowId: "cal-a", accountId: "acc", companyId: "co" });
    expect(changes.has("b")).toBe(false);
  });

  it("refuses unknown channels, forged tokens and foreign resources; ignores sync messages, stopped or expired channels", () => {
    const { decisions, changes } = decide(
      [
        note("zz", 11n),
        note("a", 11n, { token: "forged" }),
        note("a", 11n, { token: null }),
        note("a", 11n, { resourceId: "res-other" }),
        note("a", 1n, { resourceState: "sync" }),
        note("stopped", 11n),
        note("expired", 11n),
        note("orphan", 11n),
      ],
      [channel("a"), channel("stopped", { active: false }), channel("expired", { expiresAt: new Date(now.getTime() - 1) }), channel("orphan", { accountId: null })],
    );
    expect(decisions.map((d) => [d.status, d.result])).toEqual([
      [404, "unknown_channel"],
      [401, "unauthorized"],
      [401, "unauthorized"],
      [401, "unauthorized"],
      [200, "ignored"],
      [200, "ignored"],
      [200, "ignored"],
      [200, "ignored"],
    ]);
    expect(changes.size).toBe(0);
  });

  it("pulls for an implausible jump without storing it, so later real numbers still count", () => {
    const { decisions, changes } = decide([note("a", 999_999_999n), note("a", 11n)], [channel("a")]);
    expect(decisions).toEqual([
      { status: 200, result: "change", channelId: "a", outOfRange: true },
      { status: 200, result: "change", channelId: "a", outOfRange: false },
    ]);
    expect(changes.get("a")?.nextNumber).toBe(11);
  });
});
