import { AccessDenied, CredentialsSignin } from "@auth/core/errors";
import type { NextAuthConfig } from "next-auth";
import type { JWT } from "next-auth/jwt";
import Credentials from "next-auth/providers/credentials";
import Resend from "next-auth/providers/resend";
import { z } from "zod";
import { env } from "~/env";
import { getDb } from "../db";
import { bumpSessionVersion, findSignInUser, loadSessionCheck, type SessionIdentity } from "../db/queries/users";
import { getResend } from "../email/resend-client";
import { verifyPasswordInConstantTime } from "./password";
import { TooManySignInAttempts } from "./sign-in-errors";
import { sendSignInLink } from "./sign-in-link";
import { clientIp, consumeSignInAttempt, forgivePasswordAttempts } from "./sign-in-throttle";
import { maySignIn, sessionIsCurrent } from "./session-version";
import { verificationTokenAdapter } from "./verification-token-adapter";
import type { Role } from "~/lib/roles";

declare module "next-auth" {
  interface Session {
    user: {
      id: string;
      email: string;
      name: string;
      role: Role;
      companyId: string;
      fieldworkerId: string | null;
    };
  }
}

const credentialsSchema = z.object({
  email: z.string().email().max(320),
  password: z.string().min(1).max(200),
});

/**
 * The identity the jwt callback loaded for this token, handed to the session callback of the same request (Auth.js
 * passes it the same token object), so a request costs one user query.
 */
const identityOfToken = new WeakMap<JWT, SessionIdentity>();

const magicLinkProviders = () => {
  const resend = getResend();
  if (!resend) return [];
  return [
    Resend({
      apiKey: env.RESEND_API_KEY,
      from: env.EMAIL_FROM,
      // Same answer for every address; throttled; an email only for users who may sign in (sign-in-link.ts).
      sendVerificationRequest(params) {
        const sending = sendSignInLink(resend, params);
        // Auth.js awaits this promise only after hashing the token; until then a refusal (throttled) would count
        // as an unhandled rejection. The derived catch marks it handled; Auth.js still receives the rejection.
        sending.catch(() => undefined);
        return sending;
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
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const db = await getDb();
        const ip = clientIp(request.headers);
        const throttle = await consumeSignInAttempt(db, "password", email, ip, new Date());
        if (!throttle.allowed) throw new TooManySignInAttempts(throttle.retryAfterMinutes);
        const user = await findSignInUser(db, email);
        // bcrypt runs for unknown emails too (against a dummy hash): known and unknown take as long.
        const passwordOk = await verifyPasswordInConstantTime(password, user?.passwordHash);
        if (!user || !passwordOk || !maySignIn(user)) return null;
        await forgivePasswordAttempts(db, email, ip);
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
    ...magicLinkProviders(),
  ],
  callbacks: {
    async signIn({ user, email }) {
      // Asking for a link: the same answer for everybody (sendVerificationRequest decides whether one is sent).
      if (email?.verificationRequest) return true;
      // Completing a sign-in (password or link): only users who exist and aren't deactivated.
      const found = user.email ? await findSignInUser(await getDb(), user.email) : undefined;
      return Boolean(found && maySignIn(found));
    },
    async jwt({ token, user }) {
      const userId = user?.id ?? token.sub;
      const check = userId ? await loadSessionCheck(await getDb(), userId) : undefined;
      if (user?.id) {
        // Signing in: the token carries the user's current session version.
        if (!check || !maySignIn(check)) return null;
        token.sub = user.id;
        token.sv = check.sessionVersion;
      } else if (!sessionIsCurrent(token.sv, check)) {
        // Signed out elsewhere, deactivated, password changed or user gone: Auth.js clears the cookie.
        return null;
      }
      identityOfToken.set(token, check.identity);
      return token;
    },
    session({ session, token }) {
      // Role and company are re-read on every request (jwt callback) so a demotion or deactivation applies at once.
      const identity = identityOfToken.get(token);
      if (!identity) return { ...session, user: undefined as never };
      return { ...session, user: { ...session.user, ...identity } };
    },
  },
  logger: {
    // Refused sign-ins are expected traffic (and an attack is hundreds of them): one line each, no stack.
    error(error) {
      if (error instanceof CredentialsSignin || error instanceof AccessDenied) console.warn(`[auth] ${error.name}: ${error.message.split(". Read more")[0]}`);
      else console.error("[auth]", error);
    },
  },
  events: {
    // A JWT can't be recalled: bumping the version makes this one (and the user's other sessions) useless.
    async signOut(message) {
      const userId = "token" in message ? message.token?.sub : undefined;
      if (userId) await bumpSessionVersion(await getDb(), userId);
    },
  },
});
