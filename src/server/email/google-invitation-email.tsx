import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Section, Text, render } from "@react-email/components";

export interface InvitationEmailInput {
  companyName: string;
  fieldworkerName: string;
  /** The admin who sends it, named so the fieldworker knows who to ask. */
  senderName: string;
  grantUrl: string;
  expiresOn: string;
  /** The editable part the admin sees in the modal; plain text, blank lines separate paragraphs. */
  message: string;
}

export function defaultInvitationMessage(input: Pick<InvitationEmailInput, "companyName" | "fieldworkerName" | "senderName">): string {
  const firstName = input.fieldworkerName.split(" ")[0] ?? input.fieldworkerName;
  return `Hi ${firstName},\n\n${input.senderName} at ${input.companyName} would like your FieldSync bookings to appear in your Google Calendar, and your Google events to show in FieldSync so nobody books you when you're busy.`;
}

export function invitationSubject(companyName: string): string {
  return `${companyName}: connect your Google Calendar to FieldSync`;
}

const SHARED_ITEMS = [
  "See the list of your Google calendars, so you can choose which ones FieldSync shows",
  "Create one calendar named after the company and manage the job events in it",
  "View events on your calendars, so your busy times show up in FieldSync",
];

function InvitationEmail(props: InvitationEmailInput) {
  const paragraphs = props.message.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  return (
    <Html lang="en">
      <Head />
      <Preview>{`Connect your Google Calendar to ${props.companyName}'s FieldSync schedule`}</Preview>
      <Body style={{ backgroundColor: "#f8fafc", fontFamily: "Helvetica, Arial, sans-serif", color: "#0f172a" }}>
        <Container style={{ backgroundColor: "#ffffff", padding: "24px", maxWidth: "560px", borderRadius: "8px" }}>
          <Heading as="h1" style={{ fontSize: "20px" }}>
            Connect your Google Calendar
          </Heading>
          {paragraphs.map((paragraph, i) => (
            <Text key={i} style={{ whiteSpace: "pre-line" }}>
              {paragraph}
            </Text>
          ))}
          <Text>Granting permission lets FieldSync:</Text>
          <ul>
            {SHARED_ITEMS.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
          <Text>FieldSync never reads your email and never changes or deletes events in your other calendars.</Text>
          <Section style={{ textAlign: "center", margin: "24px 0" }}>
            <Button href={props.grantUrl} style={{ backgroundColor: "#1d5fd1", color: "#ffffff", padding: "12px 20px", borderRadius: "6px" }}>
              Grant permission
            </Button>
          </Section>
          <Text style={{ fontSize: "13px", color: "#475569" }}>
            This link works once and expires on {props.expiresOn}. If it has expired, ask {props.senderName} for a new one.
          </Text>
          <Hr />
          <Text style={{ fontSize: "12px", color: "#64748b" }}>
            You received this because {props.senderName} added you to {props.companyName} on FieldSync. Google will show you
            exactly what you are sharing before you agree. If you weren&apos;t expecting this email, you can ignore it.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export async function renderInvitationEmail(input: InvitationEmailInput): Promise<RenderedEmail> {
  const element = <InvitationEmail {...input} />;
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: invitationSubject(input.companyName), html, text };
}
