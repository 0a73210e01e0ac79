"use client";

import { useActionState } from "react";
import { magicLinkLogin, passwordLogin, type LoginState } from "./actions";

export function LoginForms({ magicLink }: { magicLink: boolean }) {
  const [passwordState, passwordAction, passwordPending] = useActionState<LoginState, FormData>(passwordLogin, {});
  const [linkState, linkAction, linkPending] = useActionState<LoginState, FormData>(magicLinkLogin, {});

  return (
    <div className="space-y-6">
      <form action={passwordAction} className="space-y-3" aria-label="Sign in with password">
        <div>
          <label className="label" htmlFor="email">
            Email
          </label>
          <input className="input" id="email" name="email" type="email" autoComplete="email" required />
        </div>
        <div>
          <label className="label" htmlFor="password">
            Password
          </label>
          <input className="input" id="password" name="password" type="password" autoComplete="current-password" required />
        </div>
        {passwordState.error && (
          <p role="alert" className="field-error">
            {passwordState.error}
          </p>
        )}
        <button className="btn btn-primary w-full" type="submit" disabled={passwordPending}>
          {passwordPending ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {magicLink && (
        <form action={linkAction} className="space-y-3 border-t border-slate-200 pt-4" aria-label="Email me a sign-in link">
          <div>
            <label className="label" htmlFor="link-email">
              Or get a sign-in link by email
            </label>
            <input className="input" id="link-email" name="email" type="email" autoComplete="email" required />
          </div>
          {linkState.error && (
            <p role="alert" className="field-error">
              {linkState.error}
            </p>
          )}
          {linkState.sent && <p role="status">Check your inbox for a sign-in link.</p>}
          <button className="btn w-full" type="submit" disabled={linkPending}>
            Email me a link
          </button>
        </form>
      )}
    </div>
  );
}
