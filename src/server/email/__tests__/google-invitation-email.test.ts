import { describe, expect, it } from "vitest";
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
