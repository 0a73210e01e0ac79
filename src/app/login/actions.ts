"use server";

import { AuthError } from "next-auth";
import { signIn } from "~/server/auth";
import { TooManySignInAttempts, TooManySignInLinks, tooManyAttemptsMessage } from "~/server/auth/sign-in-errors";

export interface LoginState {
  error?: string;
  sent?: boolean;
}

export async function passwordLogin(_prev: LoginState, form: FormData): Promise<LoginState> {
  try {
    await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirectTo: "/calendar",
    });
    return {};
  } catch (error) {
    if (error instanceof TooManySignInAttempts) return { error: tooManyAttemptsMessage(error.retryAfterMinutes) };
    if (error instanceof AuthError) return { error: "Wrong email or password." };
    throw error;
  }
}

export async function magicLinkLogin(_prev: LoginState, form: FormData): Promise<LoginState> {
  try {
    await signIn("resend", { email: String(form.get("email") ?? ""), redirect: false, redirectTo: "/calendar" });
    return { sent: true };
  } catch (error) {
    if (error instanceof TooManySignInLinks) return { error: tooManyAttemptsMessage(error.retryAfterMinutes) };
    if (error instanceof AuthError) return { error: "We couldn't send a sign-in link to that address." };
    throw error;
  }
}
