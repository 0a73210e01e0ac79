import type { NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import Resend from "next-auth/providers/resend";
import { z } from "zod";
import { env } from "~/env";
import { getDb } from "../db";
import { findUserByEmail, loadSessionIdentity } from "../db/queries/users";
import { getResend } from "../email/resend-client";
import { verifyPassword } from "./password";
import { verificationTokenAdapter } from "./verification-token-adapter";

declare module "next-auth" {
  interface Session {
    user: {
      id: string;
      email: string;
      name: string;
      role: "admin" | "fieldworker";
      companyId: string;
      fieldworkerId: string | null;
    };
  }
}

const credentialsSchema = z.object({
  email: z.string().email(),
  password: z.string().min(1).max(200),
});

const magicLinkProviders = () => {
  const resend = getResend();
  if (!resend) return [];
  return [
    Resend({
      apiKey: env.RESEND_API_KEY,
      from: env.EMAIL_FROM,
      // Send through our Resend client so RESEND_BASE_URL (the emulator in dev and tests) is honoured.
      async sendVerificationRequest({ identifier, url }) {
        const { error } = await resend.emails.send({
          from: env.EMAIL_FROM,
          to: identifier,
          subject: "Your FieldSync sign-in link",
          text: `Sign in to FieldSync:\n${url}\n\nThe link works once and expires in 24 hours. If you did not ask for it, ignore this email.`,
          html: `<p>Sign in to FieldSync:</p><p><a href="${url}">Sign in</a></p><p>The link works once and expires in 24 hours. If you did not ask for it, ignore this email.</p>`,
        });
        if (error) throw new Error(`Could not send the sign-in email: ${error.message}`);
      },
    }),
  ];
};

export const magicLinkEnabled = () => Boolean(env.RESEND_API_KEY);

export const authConfig = (): NextAuthConfig => ({
  secret: env.AUTH_SECRET,
  trustHost: true,
  session: { strategy: "jwt" },
  adapter: verificationTokenAdapter(getDb),
  pages: { signIn: "/login", verifyRequest: "/login?check-email=1", error: "/login" },
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const user = await findUserByEmail(await getDb(), parsed.data.email);
        if (!user?.passwordHash) return null;
        if (!(await verifyPassword(parsed.data.password, user.passwordHash))) return null;
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
    ...magicLinkProviders(),
  ],
  callbacks: {
    async signIn({ user, email }) {
      // Magic links only for people an admin has already added.
      if (email?.verificationRequest) return Boolean(user.email && (await findUserByEmail(await getDb(), user.email)));
      return true;
    },
    async jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      return token;
    },
    async session({ session, token }) {
      // Role and company are re-read on every request so a demotion or deactivation applies at once.
      const identity = token.sub ? await loadSessionIdentity(await getDb(), token.sub) : undefined;
      if (!identity) return { ...session, user: undefined as never };
      return { ...session, user: { ...session.user, ...identity } };
    },
  },
});
