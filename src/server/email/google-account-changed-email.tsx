import { Body, Container, Head, Heading, Hr, Html, Preview, Text, render } from "@react-email/components";
import type { RenderedEmail } from "./google-invitation-email";

export interface AccountChangedEmailInput {
  companyName: string;
  fieldworkerName: string;
  previousEmail: string;
  newEmail: string;
  /** "the fieldworker" or "an admin": who completed the change, as far as FieldSync knows. */
  changedBy: string;
  changedAt: string;
  /** Whom this copy goes to, so the closing line fits: the fieldworker or an admin. */
  audience: "fieldworker" | "admin";
}

export function accountChangedSubject(input: Pick<AccountChangedEmailInput, "companyName" | "fieldworkerName">): string {
  return `${input.companyName}: ${input.fieldworkerName}'s FieldSync calendar now syncs with another Google account`;
}

function AccountChangedEmail(props: AccountChangedEmailInput) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{`${props.fieldworkerName}'s bookings now go to ${props.newEmail}`}</Preview>
      <Body style={{ backgroundColor: "#f8fafc", fontFamily: "Helvetica, Arial, sans-serif", color: "#0f172a" }}>
        <Container style={{ backgroundColor: "#ffffff", padding: "24px", maxWidth: "560px", borderRadius: "8px" }}>
          <Heading as="h1" style={{ fontSize: "20px" }}>
            Google Calendar connection changed
          </Heading>
          <Text>
            On {props.changedAt}, {props.changedBy} connected {props.fieldworkerName}&apos;s FieldSync schedule at {props.companyName} to the
            Google account <strong>{props.newEmail}</strong>. Until then it synced with <strong>{props.previousEmail}</strong>, which FieldSync no
            longer uses.
          </Text>
          <Text>From now on, {props.fieldworkerName}&apos;s bookings, with their customer details, appear in that account&apos;s calendar.</Text>
          <Text style={{ fontWeight: "bold" }}>
            {props.audience === "fieldworker"
              ? "If you did not do this, tell your admin at once: they can disconnect the account from your profile in FieldSync."
              : `If ${props.fieldworkerName} did not expect this, open their profile in FieldSync and choose Disconnect syncing.`}
          </Text>
          <Hr />
          <Text style={{ fontSize: "12px", color: "#64748b" }}>
            FieldSync sends this notice to the fieldworker and every admin of {props.companyName} whenever a calendar connection moves to
            another Google account.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

export async function renderAccountChangedEmail(input: AccountChangedEmailInput): Promise<RenderedEmail> {
  const element = <AccountChangedEmail {...input} />;
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: accountChangedSubject(input), html, text };
}
