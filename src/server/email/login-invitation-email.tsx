import { Body, Button, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text, render } from "@react-email/components";
import type { RenderedEmail } from "./google-invitation-email";

export interface LoginInvitationEmailInput {
  companyName: string;
  fieldworkerName: string;
  senderName: string;
  email: string;
  setPasswordUrl: string;
  loginUrl: string;
  expiresOn: string;
}

export function loginInvitationSubject(companyName: string): string {
  return `${companyName} invited you to FieldSync`;
}

function LoginInvitationEmail(props: LoginInvitationEmailInput) {
  const firstName = props.fieldworkerName.split(" ")[0] ?? props.fieldworkerName;
  return (
    <Html lang="en">
      <Head />
      <Preview>{`Your FieldSync login for ${props.companyName}`}</Preview>
      <Body style={{ backgroundColor: "#f8fafc", fontFamily: "Helvetica, Arial, sans-serif", color: "#0f172a" }}>
        <Container style={{ backgroundColor: "#ffffff", padding: "24px", maxWidth: "560px", borderRadius: "8px" }}>
          <Heading as="h1" style={{ fontSize: "20px" }}>
            Welcome to FieldSync
          </Heading>
          <Text>Hi {firstName},</Text>
          <Text>
            {props.senderName} gave you a login to {props.companyName}&apos;s schedule on FieldSync: your bookings, your unavailable
            time, and your Google Calendar sync.
          </Text>
          <Section style={{ textAlign: "center", margin: "24px 0" }}>
            <Button href={props.setPasswordUrl} style={{ backgroundColor: "#1d5fd1", color: "#ffffff", padding: "12px 20px", borderRadius: "6px" }}>
              Set your password
            </Button>
          </Section>
          <Text style={{ fontSize: "13px", color: "#475569" }}>
            This link works once and expires on {props.expiresOn}. You can also skip the password: on{" "}
            <Link href={props.loginUrl}>the sign-in page</Link> choose “Email me a link” with {props.email}.
          </Text>
          <Hr />
          <Text style={{ fontSize: "12px", color: "#64748b" }}>
            You received this because {props.senderName} added you to {props.companyName} on FieldSync. If you weren&apos;t
            expecting this email, you can ignore it.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

export async function renderLoginInvitationEmail(input: LoginInvitationEmailInput): Promise<RenderedEmail> {
  const element = <LoginInvitationEmail {...input} />;
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: loginInvitationSubject(input.companyName), html, text };
}
