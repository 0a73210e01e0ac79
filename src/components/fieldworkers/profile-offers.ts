import { loginAccessBlocker, type LoginState } from "~/server/auth/login-state";

/*
 * What the profile's Actions menu (and the calendar's bar) offers. Pure, so each action is offered only
 * when it can succeed, and otherwise shown disabled with the reason — never offered and failing after Send.
 */

export type MenuOffer = { label: string; enabled: true } | { label: string; enabled: false; reason: string };

export interface GoogleOfferInput {
  googleSetUp: boolean;
  active: boolean;
  status: { kind: "not_invited" | "invited" | "invite_failed" | "needs_reconnection" | "connected"; email?: string };
}

export const INVITE_LABEL = "Send Google Calendar authorization email";
export const RECONNECT_LABEL = "Send reconnect link";

/** The Google invitation item: an invitation, a reconnect link when Google stopped accepting the connection, or why neither. */
export function googleInvitationOffer(input: GoogleOfferInput): MenuOffer {
  if (!input.googleSetUp) return { label: INVITE_LABEL, enabled: false, reason: "Set up Google sync in Settings › Integrations first" };
  if (!input.active) return { label: INVITE_LABEL, enabled: false, reason: "Activate the profile first" };
  if (input.status.kind === "connected") return { label: INVITE_LABEL, enabled: false, reason: `Already connected as ${input.status.email ?? "a Google account"}` };
  if (input.status.kind === "needs_reconnection") return { label: RECONNECT_LABEL, enabled: true };
  return { label: INVITE_LABEL, enabled: true };
}

export interface LoginOfferInput {
  displayName: string;
  email: string;
  active: boolean;
  isGeneral: boolean;
  loginState: LoginState;
}

/** The login items: give access (or send the unused invitation again), and revoke when a login exists. */
export function loginOffers(fieldworker: LoginOfferInput): { give: MenuOffer | null; revoke: MenuOffer | null } {
  const revoke: MenuOffer | null = fieldworker.loginState === "none" ? null : { label: "Revoke FieldSync login", enabled: true };
  if (fieldworker.loginState === "active") return { give: null, revoke };
  const label = fieldworker.loginState === "invited" ? "Send FieldSync login invitation again" : "Give FieldSync login";
  const blocker = loginAccessBlocker(fieldworker);
  return { give: blocker ? { label, enabled: false, reason: blocker } : { label, enabled: true }, revoke };
}

export const LOGIN_STATE_TEXT: Record<LoginState, string> = {
  none: "No FieldSync login",
  invited: "Invited — has not set a password or signed in yet",
  active: "Has a FieldSync login",
};
