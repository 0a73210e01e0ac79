"use server";

import { AuthError } from "next-auth";
import { signIn } from "~/server/auth";
import { newPasswordSchema, PASSWORD_LINK_PROBLEMS, setPasswordWithLink } from "~/server/auth/fieldworker-login";
import { getDb } from "~/server/db";

export interface SetPasswordState {
  error?: string;
}

/** Spends the invitation link, sets the password, and signs the fieldworker straight in. */
export async function setPassword(_prev: SetPasswordState, form: FormData): Promise<SetPasswordState> {
  const token = String(form.get("token") ?? "");
  const password = String(form.get("password") ?? "");
  if (password !== String(form.get("confirm") ?? "")) return { error: "The two passwords are not the same." };
  const parsed = newPasswordSchema.safeParse(password);
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Choose another password." };
  const result = await setPasswordWithLink(await getDb(), { token, password: parsed.data, now: new Date() });
  if (!result.ok) return { error: PASSWORD_LINK_PROBLEMS[result.problem] };
  try {
    await signIn("credentials", { email: result.email, password: parsed.data, redirectTo: "/calendar" });
    return {};
  } catch (error) {
    if (error instanceof AuthError) return { error: "Your password is set, but signing in failed: sign in on the login page." };
    throw error;
  }
}
