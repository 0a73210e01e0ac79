import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import type { RouterOutputs } from "~/trpc/react";

export type RolloutRow = RouterOutputs["integrations"]["rollout"][number];
export type ConnectionStatusView = RolloutRow["status"];

/**
 * Dates in the company's time zone: the server renders the page and the browser hydrates it, so both must
 * print the same text whatever zone each runs in.
 */
export function formatDate(date: Date, timeZone: string): string {
  return format(new TZDate(date, timeZone), "d MMM yyyy");
}

export function formatDateTime(date: Date, timeZone: string): string {
  return format(new TZDate(date, timeZone), "d MMM yyyy, h:mm a");
}

/** The status column's words, the same for every place that shows a fieldworker's Google connection. */
export function statusText(status: ConnectionStatusView, timeZone: string): string {
  switch (status.kind) {
    case "not_invited":
      return "Not invited";
    case "invited":
      return `Invited on ${formatDate(status.sentAt, timeZone)}`;
    case "invite_failed":
      return `Invitation failed: ${status.error}`;
    case "connected":
      return `Connected as ${status.email}`;
    case "needs_reconnection":
      return "Needs reconnection";
  }
}

export const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
