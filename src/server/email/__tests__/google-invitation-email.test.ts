import { describe, expect, it } from "vitest";
import { renderAccountChangedEmail } from "../google-account-changed-email";
import { defaultInvitationMessage, renderInvitationEmail } from "../google-invitation-email";

const input = {
  companyName: "Acme Plumbing",
  fieldworkerName: "Maria Garcia",
  senderName: "Alex Admin",
  grantUrl: "https://app.example.com/connect/google?invite=abc.def",
  expiresOn: "4 December 2026",
};

describe("the Google Calendar invitation email", () => {
  it("says who asks, what is shared, has the Grant permission link and the expiry, in HTML and text", async () => {
    const email = await renderInvitationEmail({ ...input, message: defaultInvitationMessage(input) });
    expect(email.subject).toBe("Acme Plumbing: connect your Google Calendar to FieldSync");
    for (const body of [email.html, email.text]) {
      expect(body).toContain("Hi Maria");
      expect(body).toContain("Alex Admin at Acme Plumbing");
      expect(body).toContain("View events on your calendars");
      expect(body).toContain("never reads your email");
      expect(body).toContain("4 December 2026");
    }
    expect(email.html).toContain(`href="${input.grantUrl}"`);
    expect(email.html).toContain("Grant permission");
    expect(email.text).toContain(input.grantUrl);
  });

  it("keeps the admin's edited message as text, never as markup", async () => {
    const email = await renderInvitationEmail({ ...input, message: "Hello <script>alert(1)</script>\n\nSecond paragraph" });
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("&lt;script&gt;");
    expect(email.text).toContain("Second paragraph");
  });
});

describe("the connection-changed notice", () => {
  it("names both Google accounts, who changed it and what to do, for the fieldworker and for admins", async () => {
    const base = {
      companyName: "Acme Plumbing",
      fieldworkerName: "Ben O'Connor",
      previousEmail: "ben@gmail.com",
      newEmail: "stranger@gmail.com",
      changedBy: "an admin",
      changedAt: "1 December 2026, 9:00 AM",
    };
    const forFieldworker = await renderAccountChangedEmail({ ...base, audience: "fieldworker" });
    const forAdmin = await renderAccountChangedEmail({ ...base, audience: "admin" });
    expect(forFieldworker.subject).toBe("Acme Plumbing: Ben O'Connor's FieldSync calendar now syncs with another Google account");
    for (const body of [forFieldworker.text, forAdmin.text]) {
      expect(body).toContain("ben@gmail.com");
      expect(body).toContain("stranger@gmail.com");
      expect(body).toContain("an admin connected");
    }
    expect(forFieldworker.text).toContain("If you did not do this, tell your admin");
    expect(forAdmin.text).toContain("choose Disconnect syncing");
  });
});
