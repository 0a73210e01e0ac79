import { describe, expect, it } from "vitest";
import { googleInvitationOffer, loginOffers, type GoogleOfferInput, type LoginOfferInput } from "../profile-offers";

describe("googleInvitationOffer", () => {
  const base: GoogleOfferInput = { googleSetUp: true, active: true, status: { kind: "not_invited" } };
  it.each<[string, GoogleOfferInput, ReturnType<typeof googleInvitationOffer>]>([
    ["not connected: invite", base, { label: "Send Google Calendar authorization email", enabled: true }],
    ["invited before: invite again", { ...base, status: { kind: "invited" } }, { label: "Send Google Calendar authorization email", enabled: true }],
    ["failed invitation: invite again", { ...base, status: { kind: "invite_failed" } }, { label: "Send Google Calendar authorization email", enabled: true }],
    ["needs reconnection: reconnect link", { ...base, status: { kind: "needs_reconnection", email: "m@gmail.com" } }, { label: "Send reconnect link", enabled: true }],
    [
      "connected: nothing to send, says why",
      { ...base, status: { kind: "connected", email: "maria@gmail.com" } },
      { label: "Send Google Calendar authorization email", enabled: false, reason: "Already connected as maria@gmail.com" },
    ],
    [
      "inactive",
      { ...base, active: false },
      { label: "Send Google Calendar authorization email", enabled: false, reason: "Activate the profile first" },
    ],
    [
      "Google not set up",
      { ...base, googleSetUp: false, status: { kind: "connected", email: "x@y" } },
      { label: "Send Google Calendar authorization email", enabled: false, reason: "Set up Google sync in Settings › Integrations first" },
    ],
  ])("%s", (_name, input, expected) => {
    expect(googleInvitationOffer(input)).toEqual(expected);
  });
});

describe("loginOffers", () => {
  const base: LoginOfferInput = { displayName: "Nora Quinn", email: "nora@acme.test", active: true, isGeneral: false, loginState: "none" };
  it.each<[string, LoginOfferInput, ReturnType<typeof loginOffers>]>([
    ["no login: give one", base, { give: { label: "Give FieldSync login", enabled: true }, revoke: null }],
    [
      "invited: send again or revoke",
      { ...base, loginState: "invited" },
      { give: { label: "Send FieldSync login invitation again", enabled: true }, revoke: { label: "Revoke FieldSync login", enabled: true } },
    ],
    ["working login: revoke only", { ...base, loginState: "active" }, { give: null, revoke: { label: "Revoke FieldSync login", enabled: true } }],
    [
      "no email: says what is missing",
      { ...base, email: "" },
      { give: { label: "Give FieldSync login", enabled: false, reason: "Nora Quinn has no email address: add one with Edit profile first." }, revoke: null },
    ],
    [
      "inactive",
      { ...base, active: false },
      { give: { label: "Give FieldSync login", enabled: false, reason: "Nora Quinn is inactive: activate the profile first." }, revoke: null },
    ],
    [
      "business calendar",
      { ...base, isGeneral: true },
      { give: { label: "Give FieldSync login", enabled: false, reason: "The business calendar is not a person: it has no login of its own." }, revoke: null },
    ],
  ])("%s", (_name, input, expected) => {
    expect(loginOffers(input)).toEqual(expected);
  });
});
