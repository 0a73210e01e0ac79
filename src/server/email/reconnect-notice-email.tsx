import { Body, Button, Container, Head, Heading, Html, Preview, Text, render } from "@react-email/components";
import type { RenderedEmail } from "./google-invitation-email";

export interface ReconnectNoticeInput {
  companyName: string;
  /** The fieldworkers who use the Google account (one account may serve several). */
  fieldworkerNames: string[];
  googleEmail: string;
  reason: string;
  /** What happened to the reconnect emails, one line per fieldworker. */
  outcomes: string[];
  profileUrl: string;
}

/** The message added to the fieldworker's reconnect email (the invitation email with a fresh link). */
export function reconnectInvitationMessage(input: { fieldworkerName: string; companyName: string; googleEmail: string }): string {
  const firstName = input.fieldworkerName.split(" ")[0] ?? input.fieldworkerName;
  return `Hi ${firstName},\n\nGoogle stopped accepting FieldSync's access to your Google Calendar (${input.googleEmail}), so your ${input.companyName} bookings are no longer reaching it. Nothing is lost: once you grant permission again, everything that waited is sent to your calendar.`;
}

function ReconnectNotice(props: ReconnectNoticeInput) {
  const who = props.fieldworkerNames.join(", ");
  return (
    <Html lang="en">
      <Head />
      <Preview>{`${who} must reconnect Google Calendar`}</Preview>
      <Body style={{ backgroundColor: "#f8fafc", fontFamily: "Helvetica, Arial, sans-serif", color: "#0f172a" }}>
        <Container style={{ backgroundColor: "#ffffff", padding: "24px", maxWidth: "560px", borderRadius: "8px" }}>
          <Heading as="h1" style={{ fontSize: "20px" }}>
            Google Calendar sync paused for {who}
          </Heading>
          <Text>
            Google no longer accepts FieldSync&apos;s access to {props.googleEmail}: {props.reason}
          </Text>
          <Text>Bookings for {who} wait in FieldSync and reach Google as soon as the account is reconnected.</Text>
          {props.outcomes.map((line) => (
            <Text key={line}>{line}</Text>
          ))}
          <Button href={props.profileUrl} style={{ backgroundColor: "#1d5fd1", color: "#ffffff", padding: "12px 20px", borderRadius: "6px" }}>
            Open the profile
          </Button>
        </Container>
      </Body>
    </Html>
  );
}

export function reconnectNoticeSubject(input: Pick<ReconnectNoticeInput, "companyName" | "fieldworkerNames">): string {
  return `${input.companyName}: ${input.fieldworkerNames.join(", ")} must reconnect Google Calendar`;
}

export async function renderReconnectNotice(input: ReconnectNoticeInput): Promise<RenderedEmail> {
  const element = <ReconnectNotice {...input} />;
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: reconnectNoticeSubject(input), html, text };
}
