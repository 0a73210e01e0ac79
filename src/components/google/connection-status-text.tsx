import type { RouterOutputs } from "~/trpc/react";

export type ConnectionStatusView = RouterOutputs["googleSync"]["status"]["status"];

const dateFormat = new Intl.DateTimeFormat("en-AU", { dateStyle: "medium" });

export const formatDate = (date: Date) => dateFormat.format(date);
/** Profile times are in the company's zone, labelled (the calendar and the rest of the app use that zone too). */
export { formatZonedDateTime as formatDateTime } from "~/lib/zoned-format";

/** One line describing a connection status, as the roll-out table, profile and banner say it. */
export function connectionStatusLabel(status: ConnectionStatusView): string {
  switch (status.kind) {
    case "not_invited":
      return "Not connected";
    case "invited":
      return `Invited on ${formatDate(status.sentAt)}`;
    case "invite_failed":
      return `Invitation failed: ${status.error}`;
    case "connected":
      return `Connected as ${status.email}`;
    case "needs_reconnection":
      return `Needs reconnection (${status.email})`;
  }
}

const DOT: Record<ConnectionStatusView["kind"], string> = {
  not_invited: "bg-slate-400",
  invited: "bg-amber-400",
  invite_failed: "bg-red-500",
  connected: "bg-green-500",
  needs_reconnection: "bg-red-500",
};

export function ConnectionStatusBadge({ status }: { status: ConnectionStatusView }) {
  return (
    <span className="inline-flex items-center gap-2">
      <span className={`inline-block h-2.5 w-2.5 rounded-full ${DOT[status.kind]}`} aria-hidden="true" />
      <span data-testid="google-sync-status">{connectionStatusLabel(status)}</span>
    </span>
  );
}
