/** What an admin (roll-out table, profile) or a fieldworker (banner) sees of one fieldworker's Google sync. */
export type ConnectionStatus =
  | { kind: "not_invited" }
  | { kind: "invited"; sentAt: Date; expiresAt: Date }
  | { kind: "invite_failed"; sentAt: Date; error: string }
  | { kind: "connected"; email: string; connectedAt: Date; lastSuccessfulSyncAt: Date | null; lastError: string | null }
  | { kind: "needs_reconnection"; email: string; reason: string | null };

export interface ConnectionStatusInput {
  connection?: {
    connectedAt: Date;
    lastSuccessfulSyncAt: Date | null;
    lastError: string | null;
    account: { email: string; status: "active" | "needs_reconnection"; statusReason: string | null };
  };
  latestInvitation?: { sentAt: Date; expiresAt: Date; error: string | null; usedAt: Date | null };
}

/** Pure: the connection wins over invitations; an expired or used invitation no longer counts as pending. */
export function connectionStatus(input: ConnectionStatusInput, now: Date): ConnectionStatus {
  const { connection, latestInvitation } = input;
  if (connection) {
    if (connection.account.status === "needs_reconnection") {
      return { kind: "needs_reconnection", email: connection.account.email, reason: connection.account.statusReason };
    }
    return {
      kind: "connected",
      email: connection.account.email,
      connectedAt: connection.connectedAt,
      lastSuccessfulSyncAt: connection.lastSuccessfulSyncAt,
      lastError: connection.lastError,
    };
  }
  if (latestInvitation) {
    if (latestInvitation.error) return { kind: "invite_failed", sentAt: latestInvitation.sentAt, error: latestInvitation.error };
    if (!latestInvitation.usedAt && latestInvitation.expiresAt > now) {
      return { kind: "invited", sentAt: latestInvitation.sentAt, expiresAt: latestInvitation.expiresAt };
    }
  }
  return { kind: "not_invited" };
}

export const INVITE_RESEND_COOLDOWN_MS = 24 * 60 * 60 * 1000;

/** Bulk invitations skip fieldworkers invited successfully in the last 24 hours. */
export function invitedRecently(latestInvitation: ConnectionStatusInput["latestInvitation"], now: Date): boolean {
  if (!latestInvitation || latestInvitation.error) return false;
  return now.getTime() - latestInvitation.sentAt.getTime() < INVITE_RESEND_COOLDOWN_MS;
}

/** Accounts outside an Internal app's Workspace domain would be refused by Google's consent screen. */
export function outsideWorkspace(email: string, workspaceDomain: string | null): boolean {
  if (!workspaceDomain) return false;
  const domain = email.split("@")[1]?.toLowerCase();
  return domain !== workspaceDomain.toLowerCase();
}
